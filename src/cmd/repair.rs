//! `govkg repair`: a store whose marker or pointer was lost, recovered from its generations.

use crate::cli::RepairArgs;
use govkg::store::{self, GraphStore};

pub fn run(args: RepairArgs) -> anyhow::Result<()> {
    let path = args.store.path();
    let repaired = store::repair(&path)?;
    let store = GraphStore::open_read_only(&path)?;
    let quads = store.len()?;
    if repaired.rewritten.is_empty() {
        println!(
            "{}: nothing to repair; the current generation is {} ({quads} quads)",
            path.display(),
            repaired.generation
        );
    } else {
        println!(
            "{}: recovered generation {} ({quads} quads); rewrote {}",
            path.display(),
            repaired.generation,
            repaired.rewritten.join(", ")
        );
    }
    Ok(())
}
