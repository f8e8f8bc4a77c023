//! The storage reference point of `scripts/bench.py`: loads an N-Quads file into a fresh
//! oxigraph store with oxigraph's own bulk loader (its defaults: every core, atomic), and
//! prints how long it took.
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/bulk_load store.nq /tmp/fresh-store
//! ```
//!
//! Prints one JSON object: `{"quads": N, "seconds": S, "quads_per_second": R}`.

use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use std::io::BufReader;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(dir)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: bulk_load FILE.nq NEW_STORE_DIR");
    };
    let started = Instant::now();
    let store = Store::open(&dir)?;
    let file = BufReader::with_capacity(1 << 20, std::fs::File::open(&input)?);
    let mut loader = store.bulk_loader();
    loader.load_from_reader(RdfFormat::NQuads, file)?;
    loader.commit()?;
    store.flush()?;
    let seconds = started.elapsed().as_secs_f64();
    let quads = store.len()?;
    println!(
        "{{\"quads\": {quads}, \"seconds\": {seconds:.3}, \"quads_per_second\": {:.0}}}",
        quads as f64 / seconds
    );
    Ok(())
}
