//! `govkg query`: SPARQL over the store, printed in the W3C formats or as a table.

use crate::cli::QueryArgs;
use anyhow::Context;
use govkg::query::{self, params, OutputFormat};
use govkg::store::GraphStore;
use std::io::{IsTerminal, Write};

pub fn run(args: QueryArgs) -> anyhow::Result<()> {
    if args.help {
        return help(args.query.as_deref());
    }
    if args.list {
        let mut out = std::io::stdout().lock();
        // One line per query; its parameters, with their defaults, at the end.
        for (name, text) in query::NAMED_QUERIES {
            let params: Vec<String> = params::declared(text)?
                .iter()
                .map(|p| format!("--param {}={}", p.name, p.default))
                .collect();
            let params = if params.is_empty() {
                String::new()
            } else {
                format!(" [{}]", params.join(" "))
            };
            writeln!(out, "{name:<34}{}{params}", query::question(text))?;
        }
        return Ok(());
    }
    if let Some(kind) = &args.suggest {
        let kind = params::Kind::parse(kind).with_context(|| {
            format!("--suggest {kind}: expected region, initiative, platform or year")
        })?;
        let store = GraphStore::open_read_only(&args.store.path())?;
        let mut out = std::io::stdout().lock();
        for value in params::suggestions(kind, store.store())? {
            writeln!(out, "{value}")?;
        }
        return Ok(());
    }
    let mut source = query::resolve(args.query.as_deref().unwrap_or_default())?;
    let format_name = match (&args.format, &args.output) {
        (Some(f), _) => Some(f.clone()),
        (None, Some(path)) => Some(format_of(path)?.to_string()),
        (None, None) => None,
    };
    let format = format_name
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
    let terminal = args.output.is_none() && std::io::stdout().is_terminal();
    if terminal && matches!(format, Some(OutputFormat::Xlsx)) {
        anyhow::bail!(
            "an xlsx workbook is binary and would garble the terminal: add --output answers.xlsx (or redirect: > answers.xlsx)"
        );
    }
    if args.bom {
        let spreadsheet = matches!(format_name.as_deref(), Some("csv" | "tsv"))
            || (args.format.is_none() && !terminal);
        if !spreadsheet {
            anyhow::bail!("--bom is for CSV and TSV output: add --format csv");
        }
    }
    let store = GraphStore::open_read_only(&args.store.path())?;
    source.text = params::bind(&source.text, &args.params, store.store(), &source.label)?;
    for warning in query::warnings(store.store(), &source) {
        eprintln!("warning: {warning}");
    }
    let results = query::run_with(store.store(), &source, &args.services.policy())?;
    super::write_output(args.output.as_deref(), |out| {
        let mut out = out;
        if args.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        query::write_results(results, format, terminal, table_width(args.wide), &mut out)?;
        Ok(())
    })
}

/// The output format a file's extension names: answers.xlsx → xlsx, .ttl → turtle, ….
fn format_of(path: &std::path::Path) -> anyhow::Result<&'static str> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "xlsx" => "xlsx",
        "csv" => "csv",
        "tsv" | "tab" => "tsv",
        "json" | "srj" => "json",
        "xml" | "srx" => "xml",
        "txt" => "table",
        "ttl" => "turtle",
        "nt" => "ntriples",
        "nq" => "nquads",
        "trig" => "trig",
        "rdf" | "owl" => "rdfxml",
        "jsonld" => "jsonld",
        _ => anyhow::bail!(
            "{}: cannot tell the format from the extension; name it (.xlsx, .csv, .tsv, .json, .xml, .txt, .ttl, .nt, .nq, .trig, .rdf, .jsonld) or add --format",
            path.display()
        ),
    })
}

/// `govkg query --help`; with a named query, the question it answers and its parameters.
fn help(name: Option<&str>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if let Some(text) = name.and_then(query::named) {
        let name = name.unwrap_or_default();
        writeln!(out, "{name}: {}", query::question(text))?;
        let declared = params::declared(text)?;
        if declared.is_empty() {
            writeln!(out, "\nIt takes no parameters.")?;
        } else {
            writeln!(out, "\nParameters:")?;
            for p in &declared {
                writeln!(
                    out,
                    "  --param {}=VALUE  {} ({}; default {})",
                    p.name,
                    p.help,
                    p.kind.as_str(),
                    p.default
                )?;
            }
            let example: Vec<String> = declared
                .iter()
                .map(|p| format!("--param {}={}", p.name, p.default))
                .collect();
            writeln!(
                out,
                "\nExample:\n  govkg query {name} {}",
                example.join(" ")
            )?;
        }
        writeln!(out, "\n`govkg query --help` lists the options.")?;
        return Ok(());
    }
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    if let Some(query) = command.find_subcommand_mut("query") {
        write!(out, "{}", query.render_help())?;
    }
    Ok(())
}

/// The width a table is fitted to: $COLUMNS, else the terminal's; none with --wide or when
/// the output is not a terminal.
fn table_width(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 20)
    {
        return Some(columns);
    }
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
}
