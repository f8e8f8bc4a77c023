//! `govkg eval`: precision, recall and F1 per kind against gold files, as the project's scorer
//! computes them.

use crate::cli::EvalArgs;
use anyhow::Context;
use govkg::catalog;
use govkg::eval::{self, Gold, Report};
use govkg::ingest;
use govkg::read::Document;
use govkg::store::GraphStore;
use govkg::vocab::graph;
use oxigraph::model::{GraphNameRef, NamedNodeRef};
use std::io::Write;

pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    let shared = match &args.store {
        Some(path) => Some(GraphStore::open_read_only(path)?),
        None => None,
    };
    let mut loaded = None;
    let extractor = args.rules.extractor(&mut loaded)?;
    let mut total = Report::default();
    for gold_path in &args.gold {
        let gold = Gold::read(gold_path)?;
        let doc_path = eval::document_path(gold_path, &gold, args.docs.as_deref());
        let document = Document::read(&doc_path, gold.encoding.as_deref())?;
        let store = match &shared {
            None => {
                let mut store = GraphStore::in_memory()?;
                ingest::build(
                    &mut store,
                    std::slice::from_ref(&document),
                    ingest::BuildOptions {
                        extractor,
                        check: ingest::Check::Nothing,
                        manifests: &[],
                        sync: &[],
                        progress: None,
                    },
                )?;
                store
            }
            Some(shared) => document_only(shared, &document)?,
        };
        let report = eval::score(store.store(), &gold, &document.text, &document.name)?;
        total.add(report);
    }
    print(&mut std::io::stdout().lock(), &total, args.details)?;
    Ok(())
}

/// A store holding only one document's graph from `shared`, with the reference graphs. The
/// document is the one built from the same file, else the one keyed by its file name, else the
/// one document with its file name.
fn document_only(shared: &GraphStore, document: &Document) -> anyhow::Result<GraphStore> {
    let documents = catalog::documents(shared)?;
    let built_from = document
        .path
        .as_deref()
        .and_then(catalog::absolute_file)
        .and_then(|file| documents.iter().find(|d| d.source.as_ref() == Some(&file)));
    let doc = match built_from {
        Some(d) => d.iri.clone(),
        None => match catalog::find(&documents, &document.name) {
            catalog::Found::One(d) => d.iri.clone(),
            catalog::Found::Several(many) => anyhow::bail!(
                "{}: {} documents have the file name {:?} ({}) and none was built from {}; build it again or leave out --store",
                shared.path().display(),
                many.len(),
                document.name,
                many.iter().map(|d| d.key.as_str()).collect::<Vec<_>>().join(", "),
                document.path.as_deref().unwrap_or(std::path::Path::new("?")).display()
            ),
            catalog::Found::None => anyhow::bail!(
                "{}: the store has no document {:?}; build it first or leave out --store",
                shared.path().display(),
                document.name
            ),
        },
    };
    let s = shared.store();
    let mut store = GraphStore::in_memory()?;
    let graphs: [NamedNodeRef<'_>; 3] = [doc.as_ref(), graph::REFERENCE, graph::GAZETTEER];
    for g in graphs {
        let quads = s
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g)))
            .collect::<Result<Vec<_>, _>>()
            .context("cannot read the store")?;
        store.replace_graphs(vec![(g.into_owned(), quads)])?;
    }
    Ok(store)
}

fn print(out: &mut impl Write, report: &Report, details: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<12}{:>5}{:>5}{:>5}{:>11}{:>8}{:>7}",
        "kind", "tp", "fp", "fn", "precision", "recall", "f1"
    )?;
    let kinds = report.ordered();
    for (k, t) in &kinds {
        let (p, r, f) = t.prf();
        writeln!(
            out,
            "{k:<12}{:>5}{:>5}{:>5}{p:>11.3}{r:>8.3}{f:>7.3}",
            t.tp, t.fp, t.fn_
        )?;
    }
    writeln!(
        out,
        "mentions: {}, of which {} do not quote their source at their offsets",
        report.mentions,
        report.misplaced.len()
    )?;
    if details {
        for (k, t) in &kinds {
            for e in &t.errors {
                writeln!(out, "  {k}: {e}")?;
            }
        }
        for m in report.misplaced.iter().take(50) {
            writeln!(out, "  mention: {m}")?;
        }
    }
    let figures: Vec<String> = kinds
        .iter()
        .map(|(k, t)| format!("{k}={:.3}", t.prf().2))
        .collect();
    writeln!(
        out,
        "F1 {} macro={:.3}",
        figures.join(" "),
        report.macro_f1()
    )?;
    Ok(())
}
