//! `govkg import`: a table (CSV, TSV or a spreadsheet's sheet) linked to regions, or an RDF
//! file, into a graph of its own.

use crate::cli::ImportArgs;
use anyhow::Context;
use govkg::import::{self, spreadsheet_text, ImportError, Mapping, ReviewRow};
use govkg::reference::Regions;
use govkg::store::GraphStore;
use oxigraph::model::{NamedNode, Quad};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: ImportArgs) -> anyhow::Result<()> {
    let file = &args.file;
    if !file.is_file() {
        anyhow::bail!("{}: no such file", file.display());
    }
    if let Some(format) = import::rdf_format_of(file) {
        if args.encoding.is_some() || args.sheet.is_some() {
            anyhow::bail!(
                "{}: --encoding and --sheet are for tables; an RDF file is read as its format says",
                file.display()
            );
        }
        let (graph, quads) = import::import_rdf(file, format)?;
        let mut store = GraphStore::open_or_create(&args.store.path())?;
        let count = quads.len();
        write(&mut store, graph.clone(), quads)?;
        writeln!(
            std::io::stdout(),
            "imported {}: {count} triples into <{}>",
            file.display(),
            graph.as_str()
        )?;
        return Ok(());
    }
    let mapping_path = args.mapping.clone().or_else(|| {
        let beside = PathBuf::from(format!("{}-metadata.json", file.display()));
        beside.is_file().then_some(beside)
    });
    let mapping = mapping_path.as_deref().map(Mapping::read).transpose()?;
    let now = oxsdatatypes::DateTime::now().to_string();
    let options = import::TableOptions {
        encoding: args.encoding.as_deref(),
        sheet: args.sheet.as_deref(),
    };
    let table = import::import_table(file, mapping.as_ref(), Regions::bundled(), &now, options)?;
    let review_path = args
        .review
        .clone()
        .unwrap_or_else(|| with_suffix(file, ".review.csv"));
    if !table.review.is_empty() {
        write_review(&review_path, &table.review)?;
    }
    if args.strict && !table.review.is_empty() {
        let rows: Vec<String> = table
            .review
            .iter()
            .map(|r| format!("line {} ({:?}: {})", r.line, r.value, r.reason))
            .collect();
        return Err(ImportError::Strict {
            path: file.clone(),
            count: table.review.len(),
            rows: rows.join(", "),
            review: review_path,
        }
        .into());
    }
    let mut store = GraphStore::open_or_create(&args.store.path())?;
    let triples = table.quads.len();
    write(&mut store, table.graph.clone(), table.quads)?;
    // Where the rows came from, when it is not plain UTF-8 text.
    let read_as = match (&table.sheet, table.encoding) {
        (Some(sheet), _) => format!(" (sheet {sheet:?})"),
        (None, Some(encoding)) if encoding != "UTF-8" => format!(" ({encoding})"),
        _ => String::new(),
    };
    writeln!(
        std::io::stdout(),
        "imported {}{read_as}: {} rows, {} linked to regions{}, {} triples into <{}>",
        file.display(),
        table.rows,
        table.matched,
        table
            .region_column
            .as_deref()
            .map(|c| format!(" by column {c:?}"))
            .unwrap_or_default(),
        triples,
        table.graph.as_str()
    )?;
    if !table.review.is_empty() {
        eprintln!(
            "{} row(s) name no region or several and were left out; see {}",
            table.review.len(),
            review_path.display()
        );
        for r in &table.review {
            eprintln!("  line {}: {:?} {}", r.line, r.value, r.reason);
        }
    }
    Ok(())
}

/// Writes an import's graph; a new store gets the reference graphs too, so that imported rows
/// find their regions' codes and names.
fn write(store: &mut GraphStore, graph: NamedNode, quads: Vec<Quad>) -> anyhow::Result<()> {
    let mut graphs = Vec::new();
    if !store
        .store()
        .contains_named_graph(govkg::vocab::graph::REFERENCE)?
    {
        graphs = govkg::ingest::reference_graphs()?;
    }
    graphs.push((graph, quads));
    store.replace_graphs(graphs)?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    s.into()
}

fn write_review(path: &Path, rows: &[ReviewRow]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)
        .with_context(|| format!("{}: cannot write the review file", path.display()))?;
    w.write_record(["line", "value", "reason", "candidates"])?;
    for r in rows {
        // People open this file in a spreadsheet: no cell of the input becomes a formula.
        w.write_record([
            r.line.to_string(),
            spreadsheet_text(&r.value),
            r.reason.clone(),
            spreadsheet_text(&r.candidates.join("; ")),
        ])?;
    }
    w.flush()
        .with_context(|| format!("{}: cannot write the review file", path.display()))?;
    Ok(())
}
