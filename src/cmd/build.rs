//! `govkg build`: documents (or the bundled corpus) into the store, then a summary and what
//! the build wrote that breaks the SHACL shapes. The documents it replaced, and with `--sync`
//! those it removed, are said on standard error.

use super::shown;
use crate::cli::BuildArgs;
use govkg::ingest::{self, Replaced};
use govkg::store::GraphStore;
use std::io::Write;

/// The build's progress bar: drawn on standard error when it is a terminal and the build has
/// taken more than a second; never on a pipe or a file.
struct ProgressBar {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl ProgressBar {
    fn new(total: usize) -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total as u64),
            indicatif::ProgressDrawTarget::hidden(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg:>10} [{bar:25}] {pos}/{len} written, {prefix} ({elapsed})",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        Self {
            bar,
            started: std::time::Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn show(&self, p: govkg::ingest::Progress) {
        use std::io::IsTerminal;
        use std::sync::atomic::Ordering;
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() > std::time::Duration::from_secs(1)
            && std::io::stderr().is_terminal()
        {
            self.shown.store(true, Ordering::Relaxed);
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_message(p.phase.as_str());
        self.bar.set_prefix(format!("{} read", p.read));
        self.bar.set_position(p.written as u64);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// How many replaced documents are named one by one (those built before from another file are
/// always named).
const NAMED_REPLACEMENTS: usize = 20;

pub fn run(args: BuildArgs) -> anyhow::Result<()> {
    let encoding = args.encoding.as_deref();
    // Every input and every manifest row is checked before the store is opened: bad input
    // leaves no trace.
    let sync = if args.sync {
        ingest::sync_folders(&args.inputs)?
    } else {
        Vec::new()
    };
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
    let checked = if args.inputs.is_empty() {
        ingest::Checked::default()
    } else {
        ingest::check_inputs(&args.inputs, encoding, &manifests)?
    };
    for e in &checked.passed_over {
        eprintln!("warning: passed over {e}");
    }
    let files = checked.inputs;
    let mut loaded = None;
    let extractor = args.rules.extractor(&mut loaded)?;
    let path = args.store.path();
    let mut store = GraphStore::open_or_create(&path)?;
    let check = if args.no_validate {
        ingest::Check::Nothing
    } else {
        ingest::Check::Shapes
    };
    let bar = ProgressBar::new(files.len());
    let report = |p: ingest::Progress| bar.show(p);
    let options = ingest::BuildOptions {
        extractor,
        check,
        manifests: &manifests,
        sync: &sync,
        progress: Some(&report),
    };
    let s = if args.inputs.is_empty() {
        ingest::build(&mut store, &ingest::bundled_documents(), options)?
    } else {
        ingest::build_files(&mut store, &files, encoding, options)?
    };
    bar.finish();
    say_replaced(&s.replaced);
    for key in &s.without_facts {
        eprintln!(
            "warning: {key}: no facts found (no platform, initiative, target or goal); if it should have some, look at the text govkg read from it (govkg serve, then its page under /browse/document)"
        );
    }
    for d in &s.removed {
        let Some(source) = d.source.as_deref() else {
            continue; // sync removes only documents whose file is known
        };
        let from = shown(source);
        let why = match files.iter().find(|f| f.source.file() == source) {
            Some(now) => format!("{from} is built as {} now", now.key),
            None if source.exists() => format!("{from} is no longer among the folder's documents"),
            None => format!("{from} is no longer there"),
        };
        eprintln!("removed {} ({why})", d.key);
    }
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
    if !args.inputs.is_empty() {
        let formats: Vec<String> = s
            .formats
            .iter()
            .map(|(format, n)| format!("{n} {format}"))
            .collect();
        writeln!(out, "  {:<12}{}", "formats", formats.join(", "))?;
    }
    if !s.removed.is_empty() {
        writeln!(out, "  {:<12}{:>8}", "removed", s.removed.len())?;
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

/// Says on standard error which documents the build wrote over, and from which file each was
/// built before when that was another file.
fn say_replaced(replaced: &[Replaced]) {
    let mut unnamed = 0;
    for (i, r) in replaced.iter().enumerate() {
        let moved = r.before != r.now;
        if i >= NAMED_REPLACEMENTS && !moved {
            unnamed += 1;
            continue;
        }
        let how = match (&r.before, &r.now) {
            (Some(before), Some(now)) if before == now => {
                format!("built again from {}", shown(now))
            }
            (Some(before), Some(now)) => {
                format!(
                    "built before from {}, now from {}",
                    shown(before),
                    shown(now)
                )
            }
            (None, Some(now)) => format!(
                "its file before is not recorded in the store; now from {}",
                shown(now)
            ),
            (Some(before), None) => format!(
                "built before from {}, now from the bundled corpus",
                shown(before)
            ),
            (None, None) => "the bundled corpus, built again".to_string(),
        };
        eprintln!("replaced {} ({how})", r.key);
    }
    if unnamed > 0 {
        eprintln!("replaced {unnamed} more documents, each built again from the same file");
    }
}
