//! `govkg serve`: the store over HTTP — the SPARQL 1.1 Protocol, the Graph Store Protocol, and
//! the web page; read-only unless --writable (then with a token).

use crate::cli::ServeArgs;
use anyhow::bail;
use anyhow::Context;
use govkg::serve::{self, ServerConfig, WorkerConfig};
use govkg::store::GraphStore;
use std::time::Duration;

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    if !(args.query_timeout.is_finite() && args.query_timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds");
    }
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("GOVKG_TOKEN").ok())
        .filter(|t| !t.is_empty());
    let path = args.store.path();
    // Updates write the store, so a writable server holds it as its one writer.
    let store = if args.writable {
        if token.is_none() {
            bail!("--writable needs a token that clients send to update the store: pass --token TOKEN or set $GOVKG_TOKEN");
        }
        GraphStore::open_or_create(&path)?
    } else {
        GraphStore::open_read_only(&path)?
    };
    let config = ServerConfig {
        bind: args.bind,
        services: args.services.policy(),
        max_body: args.max_request,
        max_upload: args.max_upload,
        max_connections: args.max_connections,
        max_per_client: args.max_per_client.max(1),
        header_timeout: Duration::from_secs(args.header_timeout.max(1)),
        connection_timeout: Duration::from_secs(args.body_timeout.max(1)),
        workers: Some(WorkerConfig {
            program: std::env::current_exe()
                .context("cannot find the govkg program to run query workers")?,
            count: args.query_workers.max(1),
            max_memory: args.max_query_memory.max(16) << 20,
        }),
        query_timeout: Duration::from_secs_f64(args.query_timeout),
        max_rows: args.max_rows,
        writable: args.writable,
        token,
        cors_origin: (args.cors_origin != "none").then(|| args.cors_origin.clone()),
        ..ServerConfig::default()
    };
    let server = serve::serve(store, config)?;
    let mode = if args.writable {
        "writable with the token"
    } else {
        "read-only"
    };
    eprintln!(
        "serving {} at http://{}/ (web page), /query (SPARQL 1.1 Protocol), /store (Graph Store Protocol), {mode}; Ctrl-C stops",
        path.display(),
        args.bind
    );
    server.join()?;
    Ok(())
}
