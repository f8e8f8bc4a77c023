//! One module per subcommand, and what they share: where the store is, and writing output.

mod build;
mod eval;
mod export;
mod import;
mod push;
mod query;
mod remove;
mod repair;
mod serve;
mod serve_worker;
mod stats;
mod validate;

use crate::cli::{Cli, Command, RulesArg, StoreArg};
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) => export::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Import(args) => import::run(args),
        Command::Serve(args) => serve::run(args),
        Command::ServeWorker(args) => serve_worker::run(args),
        Command::Push(args) => push::run(args),
        Command::Remove(args) => remove::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Repair(args) => repair::run(args),
    }
}

impl crate::cli::ServiceArgs {
    /// The SERVICE policy: endpoints from the flags and from $GOVKG_ALLOW_SERVICE.
    pub fn policy(&self) -> govkg::query::ServicePolicy {
        let mut allowed = self.allow.clone();
        if let Ok(env) = std::env::var("GOVKG_ALLOW_SERVICE") {
            allowed.extend(
                env.split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        }
        govkg::query::ServicePolicy {
            allowed,
            timeout: std::time::Duration::from_secs(self.timeout),
        }
    }
}

impl RulesArg {
    /// The extractor: of the rules file given with --rules (its examples checked first, each
    /// that fails printed as a warning), else the shipped one. `slot` keeps a loaded one.
    pub fn extractor<'a>(
        &self,
        slot: &'a mut Option<govkg::extract::Extractor>,
    ) -> anyhow::Result<&'a govkg::extract::Extractor> {
        use govkg::extract::{examples, Extractor, Rules};
        use govkg::reference::{Gazetteer, Regions};
        let Some(path) = &self.rules else {
            return Extractor::bundled().map_err(|e| anyhow::anyhow!("{e}"));
        };
        let rules = Rules::from_file(path)?;
        let extractor = slot.insert(Extractor::new(
            Regions::bundled(),
            Gazetteer::bundled(),
            rules.clone(),
        )?);
        let failures = examples::check(extractor, &rules);
        for f in &failures {
            eprintln!("warning: {}: {f}", path.display());
        }
        if !failures.is_empty() {
            eprintln!(
                "warning: {}: {} example(s) of the rules do not hold",
                path.display(),
                failures.len()
            );
        }
        Ok(extractor)
    }
}

impl StoreArg {
    /// The store directory: --store, else $GOVKG_STORE, else the XDG data directory.
    pub fn path(&self) -> PathBuf {
        if let Some(p) = &self.store {
            return p.clone();
        }
        if let Some(p) = std::env::var_os("GOVKG_STORE").filter(|p| !p.is_empty()) {
            return p.into();
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        data.join("govkg").join("store")
    }
}

/// `path` as a user would type it: relative to the working directory when it lies below it.
pub fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
            path.strip_prefix(&cwd).ok().map(Path::to_path_buf)
        })
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// Writes what `write` produces to `output`, or to standard output. A file is written beside
/// its destination and renamed into place, so a failure leaves no half-written file.
pub fn write_output(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write(&mut out)?;
            out.flush().context("cannot write to standard output")?;
            Ok(())
        }
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = dir.join(format!(
                ".{}.tmp",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ));
            let result = (|| {
                let file = std::fs::File::create(&tmp)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                let mut out = std::io::BufWriter::new(file);
                write(&mut out)?;
                out.flush()
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                std::fs::rename(&tmp, path)
                    .with_context(|| format!("{}: cannot write", path.display()))
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result
        }
    }
}
