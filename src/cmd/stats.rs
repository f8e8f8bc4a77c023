//! `govkg stats`: counts per class and per region.

use crate::cli::StatsArgs;
use govkg::store::GraphStore;
use std::io::Write;

pub fn run(args: StatsArgs) -> anyhow::Result<()> {
    let store = GraphStore::open_read_only(&args.store.path())?;
    let stats = govkg::stats::stats(store.store())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:<14}{:>8}", "class", "count")?;
    for (name, n) in &stats.classes {
        writeln!(out, "{name:<14}{n:>8}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<8}{:<18}{:>10}{:>12}{:>9}{:>7}",
        "code", "region", "platforms", "initiatives", "targets", "goals"
    )?;
    for r in &stats.regions {
        let pad = 18usize.saturating_sub(unicode_width::UnicodeWidthStr::width(r.name.as_str()));
        writeln!(
            out,
            "{:<8}{}{}{:>10}{:>12}{:>9}{:>7}",
            r.code,
            r.name,
            " ".repeat(pad),
            r.platforms,
            r.initiatives,
            r.targets,
            r.goals
        )?;
    }
    Ok(())
}
