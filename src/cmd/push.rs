//! `govkg push`: the store's graphs sent to another triple store with the SPARQL 1.1 Graph
//! Store Protocol, a progress line per graph and a report of what failed.

use crate::cli::PushArgs;
use anyhow::bail;
use govkg::push::{self, Auth, Progress, PushConfig};
use govkg::store::GraphStore;
use std::time::Duration;

pub fn run(args: PushArgs) -> anyhow::Result<()> {
    let auth = match (&args.user, &args.token) {
        (Some(user), _) => {
            let password = args
                .password
                .clone()
                .or_else(|| std::env::var("GOVKG_PUSH_PASSWORD").ok());
            let Some(password) = password else {
                bail!("--user needs a password: pass --password or set $GOVKG_PUSH_PASSWORD");
            };
            Auth::Basic {
                user: user.clone(),
                password,
            }
        }
        (None, Some(token)) => Auth::Bearer(token.clone()),
        // Not $GOVKG_TOKEN, the token of one's own server: it would go to any endpoint.
        (None, None) => match std::env::var("GOVKG_PUSH_TOKEN") {
            Ok(token) if !token.is_empty() => Auth::Bearer(token),
            _ => Auth::None,
        },
    };
    let store = GraphStore::open_read_only(&args.store.path())?;
    let config = PushConfig {
        endpoint: args.endpoint.clone(),
        auth,
        timeout: Duration::from_secs(args.timeout),
        deadline: Duration::from_secs(args.deadline),
        graphs: args.graphs.clone(),
    };
    let report = push::push(store.store(), &config, |event| match event {
        Progress::Sending { .. } => {}
        Progress::Done {
            index,
            total,
            outcome,
        } => {
            let status = match &outcome.result {
                Ok(code) => format!("ok ({code})"),
                Err(why) => format!("FAILED: {why}"),
            };
            eprintln!(
                "[{index}/{total}] <{}> {} triples in {:.2} s: {status}",
                outcome.graph.as_str(),
                outcome.triples,
                outcome.elapsed.as_secs_f64()
            );
        }
    })?;
    let failed: Vec<_> = report.failed().collect();
    let sent = report.outcomes.len() - failed.len();
    println!(
        "pushed {sent} of {} graphs ({} triples) to {} in {:.2} s",
        report.outcomes.len(),
        report.triples_sent(),
        report.endpoint,
        report.elapsed.as_secs_f64()
    );
    if failed.is_empty() && report.not_sent.is_empty() {
        return Ok(());
    }
    if !failed.is_empty() {
        println!("{} graph(s) failed:", failed.len());
    }
    for outcome in &failed {
        if let Err(why) = &outcome.result {
            println!("  <{}>: {why}", outcome.graph.as_str());
        }
    }
    if !report.not_sent.is_empty() {
        println!(
            "{} graph(s) not sent: the --deadline of {} s had passed:",
            report.not_sent.len(),
            args.deadline
        );
        for info in &report.not_sent {
            println!("  <{}>", info.graph.as_str());
        }
    }
    let total = report.outcomes.len() + report.not_sent.len();
    bail!(
        "{} of {total} graphs were not pushed; pushing again replaces each graph, so it is safe to retry",
        failed.len() + report.not_sent.len(),
    )
}
