//! Warm latency of every named query (`queries/*.rq`), for `scripts/bench.py`: opens a store
//! read-only, runs each query once to warm it, then ten times, and prints the median and the
//! maximum of the ten in milliseconds.
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/query_latency STORE_DIR [RUNS] [FILE.rq...]
//! ```
//!
//! With files, runs those queries instead of the named ones.
//!
//! Prints one JSON object per line: `{"query": NAME, "rows": N, "median_ms": M, "max_ms": X}`.

use govkg::query::{self, QuerySource, NAMED_QUERIES};
use govkg::store::GraphStore;
use oxigraph::sparql::QueryResults;
use std::path::PathBuf;
use std::time::Instant;

/// Runs a query to the end; the number of rows (or triples) it gives.
fn run(store: &GraphStore, source: &QuerySource) -> anyhow::Result<usize> {
    Ok(match query::run(store.store(), source)? {
        QueryResults::Solutions(rows) => {
            let mut n = 0;
            for row in rows {
                row?;
                n += 1;
            }
            n
        }
        QueryResults::Graph(triples) => {
            let mut n = 0;
            for t in triples {
                t?;
                n += 1;
            }
            n
        }
        QueryResults::Boolean(_) => 1,
    })
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        anyhow::bail!("usage: query_latency STORE_DIR [RUNS] [FILE.rq...]");
    };
    let runs: usize = args.next().map_or(Ok(10), |r| r.parse())?;
    let files: Vec<String> = args.collect();
    let queries: Vec<(String, String)> = if files.is_empty() {
        NAMED_QUERIES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect()
    } else {
        files
            .into_iter()
            .map(|f| Ok((f.clone(), std::fs::read_to_string(&f)?)))
            .collect::<std::io::Result<_>>()?
    };
    let store = GraphStore::open_read_only(&PathBuf::from(dir))?;
    for (name, text) in queries {
        let source = QuerySource {
            label: format!("query {name}"),
            text,
        };
        let rows = run(&store, &source)?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let started = Instant::now();
            run(&store, &source)?;
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        let median = if times.is_empty() {
            0.0
        } else if times.len() % 2 == 1 {
            times[times.len() / 2]
        } else {
            (times[times.len() / 2 - 1] + times[times.len() / 2]) / 2.0
        };
        let max = times.last().copied().unwrap_or(0.0);
        println!(
            "{{\"query\": \"{name}\", \"rows\": {rows}, \"median_ms\": {median:.2}, \"max_ms\": {max:.2}}}"
        );
    }
    Ok(())
}
