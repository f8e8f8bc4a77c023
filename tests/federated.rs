//! Federated queries: SERVICE calls only the endpoints it is allowed to, against a real SPARQL
//! endpoint (govkg's own server) started on a free loopback port inside the test.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn govkg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args(args)
        .env("GOVKG_STORE", "/nonexistent/govkg-test-store")
        .env_remove("GOVKG_ALLOW_SERVICE")
        .output()
        .expect("govkg runs")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `govkg serve` process, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(store: &str, port: u16) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args([
            "serve",
            "--store",
            store,
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .expect("govkg serve starts");
    let stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    assert!(line.contains("serving"), "{line}");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "server did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server(child)
}

#[test]
fn service_calls_an_allowed_endpoint_and_refuses_others() {
    let dir = tempfile::tempdir().unwrap();
    // The remote endpoint serves the bundled corpus; the local store holds one imported table.
    let remote = dir.path().join("remote");
    let remote = remote.to_str().unwrap();
    assert!(govkg(&["build", "--store", remote]).status.success());
    let port = free_port();
    let _server = serve(remote, port);
    let endpoint = format!("http://127.0.0.1:{port}/query");

    let local = dir.path().join("local");
    let local = local.to_str().unwrap();
    let table = dir.path().join("budgets.csv");
    std::fs::write(&table, "province,budget\n广东省,100\n湖南省,80\n").unwrap();
    assert!(
        govkg(&["import", "--store", local, table.to_str().unwrap()])
            .status
            .success()
    );

    // Joins the local table with the platforms the remote store knows.
    let query = format!(
        "SELECT ?code ?platform WHERE {{ ?row gk:region ?r . ?r gk:adminCode ?code . SERVICE <{endpoint}> {{ ?r gk:operatesPlatform/rdfs:label ?platform FILTER(lang(?platform) = \"zh\") }} }} ORDER BY ?code ?platform"
    );
    let allowed = govkg(&[
        "query",
        "--store",
        local,
        "--format",
        "csv",
        "--allow-service",
        &endpoint,
        &query,
    ]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let csv = String::from_utf8(allowed.stdout).unwrap().replace('\r', "");
    assert_eq!(
        csv,
        "code,platform\n430000,湘政通\n440000,粤政易\n440000,粤治慧\n"
    );

    // The same query without permission is refused before any request, with a clear message.
    let refused = govkg(&["query", "--store", local, "--format", "csv", &query]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("is not allowed")
            && err.contains(&endpoint)
            && err.contains("--allow-service"),
        "{err}"
    );

    // Another address is refused even when one endpoint is allowed.
    let other = query.replace(&endpoint, "http://127.0.0.1:9/sparql");
    let refused = govkg(&[
        "query",
        "--store",
        local,
        "--allow-service",
        &endpoint,
        &other,
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("http://127.0.0.1:9/sparql"));
}
