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
            writeln!(out, "{name:<34}{}", query::question(text))?;
        }
        return Ok(());
    }
    let source = query::resolve(args.query.as_deref().unwrap_or_default())?;
    let format = args
        .format
        .as_deref()
        .map(|f| OutputFormat::parse(f).with_context(|| format!("unknown format {f}")))
        .transpose()?;
    if let Some(seconds) = args.query_timeout {
        let limit = std::time::Duration::try_from_secs_f64(seconds)
            .ok()
            .filter(|d| !d.is_zero())
            .with_context(|| {
                format!("--timeout {seconds}: expected a positive number of seconds")
            })?;
        // oxigraph's evaluator cannot be stopped everywhere (a sort, a product in memory): the
        // process ends instead, which frees everything at once.
        std::thread::spawn(move || {
            std::thread::sleep(limit);
            let _ = std::io::stdout().flush();
            eprintln!(
                "error: the query was stopped after {seconds} s (--timeout): ask for less (add LIMIT, name the graph or narrow the patterns)"
            );
            std::process::exit(1);
        });
    }
    let terminal = std::io::stdout().is_terminal();
    if args.bom {
        let spreadsheet = matches!(args.format.as_deref(), Some("csv" | "tsv"))
            || (args.format.is_none() && !terminal);
        if !spreadsheet {
            anyhow::bail!("--bom is for CSV and TSV output: add --format csv");
        }
    }
    let store = GraphStore::open_read_only(&args.store.path())?;
    for warning in query::warnings(store.store(), &source) {
        eprintln!("warning: {warning}");
    }
    let results = query::run_with(store.store(), &source, &args.services.policy())?;
    super::write_output(None, |out| {
        let mut out = out;
        if args.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        query::write_results(results, format, terminal, &mut out)?;
        Ok(())
    })
}
