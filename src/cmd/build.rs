//! `govkg build`: documents (or the bundled corpus) into the store, then a summary and what
//! the build wrote that breaks the SHACL shapes.

use crate::cli::BuildArgs;
use govkg::ingest;
use govkg::store::GraphStore;
use std::io::Write;

pub fn run(args: BuildArgs) -> anyhow::Result<()> {
    let encoding = args.encoding.as_deref();
    // Every input is checked before the store is opened: bad input leaves no trace.
    let files = if args.inputs.is_empty() {
        Vec::new()
    } else {
        ingest::check_inputs(&args.inputs, encoding)?
    };
    let mut loaded = None;
    let extractor = args.rules.extractor(&mut loaded)?;
    // Manifests given and beside the inputs, every row checked before the store is opened.
    let mut manifest_paths = args.manifest.clone();
    for beside in govkg::manifest::Manifest::beside(&args.inputs) {
        if !manifest_paths.contains(&beside) {
            manifest_paths.push(beside);
        }
    }
    let manifests = manifest_paths
        .iter()
        .map(|p| govkg::manifest::Manifest::read(p, govkg::reference::Regions::bundled()))
        .collect::<Result<Vec<_>, _>>()?;
    let path = args.store.path();
    let mut store = GraphStore::open_or_create(&path)?;
    let check = if args.no_validate {
        ingest::Check::Nothing
    } else {
        ingest::Check::Shapes
    };
    let options = ingest::BuildOptions {
        extractor,
        check,
        manifests: &manifests,
    };
    let s = if args.inputs.is_empty() {
        ingest::build(&mut store, &ingest::bundled_documents(), options)?
    } else {
        ingest::build_files(&mut store, &files, encoding, options)?
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "built {} document{} into {} in {:.2} s",
        s.documents,
        if s.documents == 1 { "" } else { "s" },
        path.display(),
        s.elapsed.as_secs_f64()
    )?;
    for m in &manifests {
        writeln!(
            out,
            "  {:<12}{} ({} document{})",
            "manifest",
            m.path.display(),
            m.len(),
            if m.len() == 1 { "" } else { "s" }
        )?;
    }
    for (name, n) in [
        ("documents", s.documents),
        ("regions", s.regions),
        ("platforms", s.platforms),
        ("initiatives", s.initiatives),
        ("targets", s.targets),
        ("goals", s.goals),
    ] {
        writeln!(out, "  {name:<12}{n:>8}")?;
    }
    writeln!(
        out,
        "  {:<12}{:>8}  ({} in the store with ontology, gazetteer and regions)",
        "triples", s.document_quads, s.store_quads
    )?;
    // The build stands whatever the shapes say; what it wrote that does not conform is reported.
    match s.shapes {
        None => {}
        Some(Ok(report)) => {
            for v in &report.violations {
                eprintln!("warning: {}", super::validate::one_line(v));
            }
            writeln!(
                out,
                "  {:<12}{}",
                "shapes",
                super::validate::summary(&report)
            )?;
        }
        Some(Err(e)) => eprintln!("warning: what the build wrote could not be validated: {e}"),
    }
    Ok(())
}
