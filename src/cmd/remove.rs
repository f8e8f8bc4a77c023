//! `govkg remove`: documents taken out of the store, all in one write (a store killed meanwhile
//! holds all of them or none; a name that finds no document removes nothing).

use super::shown;
use crate::cli::RemoveArgs;
use govkg::catalog;
use govkg::store::GraphStore;
use std::io::Write;

pub fn run(args: RemoveArgs) -> anyhow::Result<()> {
    let path = args.store.path();
    let mut store = GraphStore::open(&path)?;
    let removed = catalog::remove(&mut store, &args.documents)?;
    let left = catalog::documents(&store)?.len();
    let mut out = std::io::stdout().lock();
    for d in &removed {
        match &d.source {
            Some(source) => writeln!(out, "removed {} (built from {})", d.key, shown(source))?,
            None => writeln!(out, "removed {}", d.key)?,
        }
    }
    writeln!(
        out,
        "removed {} document{} from {}; {left} left, {} quads in the store",
        removed.len(),
        if removed.len() == 1 { "" } else { "s" },
        path.display(),
        store.len()?
    )?;
    Ok(())
}
