//! `govkg export`: the store as RDF, or the policy graph as GraphViz DOT.

use crate::cli::{ExportArgs, ExportFormat};
use anyhow::Context;
use govkg::export::{self, diagram::PolicyGraph};
use govkg::store::GraphStore;

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let store = GraphStore::open_read_only(&args.store.path())?;
    super::write_output(args.output.as_deref(), |out| {
        if args.format == ExportFormat::Dot {
            let graph = PolicyGraph::from_store(store.store())?;
            out.write_all(graph.to_dot().as_bytes())
                .context("cannot write the diagram")?;
            return Ok(());
        }
        let name = format!("{:?}", args.format).to_ascii_lowercase();
        let format = export::rdf_format(&name).with_context(|| format!("unknown format {name}"))?;
        let mut out = out;
        export::write_rdf(store.store(), format, &mut out)?;
        Ok(())
    })
}
