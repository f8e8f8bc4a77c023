//! `govkg query`: SPARQL over the store, printed in the W3C formats or as a table.

use crate::cli::QueryArgs;
use anyhow::Context;
use govkg::query::{self, OutputFormat};
use govkg::store::GraphStore;
use std::io::{IsTerminal, Write};

pub fn run(args: QueryArgs) -> anyhow::Result<()> {
    if args.list {
        let mut out = std::io::stdout().lock();
        for (name, text) in query::NAMED_QUERIES {
            writeln!(out, "{name:<34}{}", query::description(text))?;
        }
        return Ok(());
    }
    let source = query::resolve(args.query.as_deref().unwrap_or_default())?;
    let format = args
        .format
        .as_deref()
        .map(|f| OutputFormat::parse(f).with_context(|| format!("unknown format {f}")))
        .transpose()?;
    let store = GraphStore::open_read_only(&args.store.path())?;
    let results = query::run_with(store.store(), &source, &args.services.policy())?;
    let terminal = std::io::stdout().is_terminal();
    super::write_output(None, |out| {
        let mut out = out;
        query::write_results(results, format, terminal, &mut out)?;
        Ok(())
    })
}
