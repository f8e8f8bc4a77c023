//! `govkg serve`: the store over HTTP with the SPARQL 1.1 Protocol.

use crate::cli::ServeArgs;
use govkg::serve::{self, ServerConfig};
use govkg::store::GraphStore;

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let store = GraphStore::open_read_only(&args.store.path())?;
    let config = ServerConfig {
        bind: args.bind,
        services: args.services.policy(),
        ..ServerConfig::default()
    };
    let server = serve::serve(store.store().clone(), config)?;
    eprintln!(
        "serving {} at http://{}/query (SPARQL 1.1 Protocol, read-only); Ctrl-C stops",
        args.store.path().display(),
        args.bind
    );
    server.join()?;
    Ok(())
}
