//! `govkg push` against real triple stores started in the test: oxigraph's server (from the
//! PyPI package `oxigraph`, which `.ci/setup --test` installs) and govkg's own writable server.
//! The pushed graphs answer the named queries with the same rows; pushing twice leaves the same
//! data; failures are reported per graph.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::Duration;
use support::{
    bundled_store, curl, free_port, govkg, serve, succeeds, venv_program, wait_for_port,
};

/// `oxigraph serve` on a free port, stopped when dropped.
struct Oxigraph(Child, String);

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn oxigraph(dir: &std::path::Path) -> Oxigraph {
    let port = free_port();
    let child = Command::new(venv_program("oxigraph"))
        .args(["serve", "--location"])
        .arg(dir.join("oxigraph"))
        .args([
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--union-default-graph",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("oxigraph serve starts (run .ci/setup --test)");
    wait_for_port(port, Duration::from_secs(30));
    Oxigraph(child, format!("http://127.0.0.1:{port}"))
}

/// The rows a named query answers at a SPARQL endpoint, as CSV.
fn remote_csv(endpoint: &str, name: &str) -> String {
    let text = govkg::query::named(name).unwrap();
    let (status, _, body) = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        &format!("query={text}"),
        endpoint,
    ]);
    assert_eq!(status, 200, "{body}");
    body
}

const QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

fn remote_quads(endpoint: &str) -> usize {
    let (_, _, body) = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        &format!("query={QUADS}"),
        endpoint,
    ]);
    body.lines().nth(1).unwrap().trim().parse().unwrap()
}

fn local_quads(store: &str) -> usize {
    succeeds(&["query", "--store", store, "--format", "csv", QUADS])
        .lines()
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A query's rows as JSON results give them: each row's values in the order of the variables,
/// the rows sorted (a remote store may order ties otherwise), and the items of a list made with
/// GROUP_CONCAT (separated by ", ": Virtuoso turns a separator beyond ASCII into `?`) sorted
/// (their order is the store's to choose).
fn rows(json: &str) -> Vec<Vec<String>> {
    let data: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let vars: Vec<&str> = data["head"]["vars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut rows: Vec<Vec<String>> = data["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            vars.iter()
                .map(|v| {
                    let value = b[*v]["value"].as_str().unwrap_or_default();
                    let mut items: Vec<&str> = value.split(", ").collect();
                    items.sort();
                    items.join(", ")
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// Every named query answers the same rows at `endpoint` (a SPARQL endpoint the store was
/// pushed to) as on the store itself.
fn every_named_query_answers_the_same_rows(store: &str, endpoint: &str) {
    let mut answered = 0;
    for (name, text) in govkg::query::NAMED_QUERIES {
        let local = succeeds(&["query", "--store", store, "--format", "json", name]);
        let (status, _, remote) = curl(&[
            "-H",
            "Accept: application/sparql-results+json",
            "--data-urlencode",
            &format!("query={text}"),
            endpoint,
        ]);
        assert_eq!(status, 200, "{name}: {remote}");
        let (local, remote) = (rows(&local), rows(&remote));
        answered += usize::from(!local.is_empty());
        assert_eq!(remote, local, "{name}: the rows differ at {endpoint}");
    }
    // (Queries over imported open data answer nothing on the bundled store alone.)
    assert!(
        answered >= 10,
        "only {answered} named queries answered rows"
    );
}

/// Virtuoso (Debian's virtuoso-opensource) on free ports with a database of its own, stopped
/// when dropped.
struct Virtuoso(Child, String);

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn virtuoso(dir: &std::path::Path) -> Virtuoso {
    let (sql, http) = (free_port(), free_port());
    let d = dir.join("virtuoso");
    std::fs::create_dir_all(&d).unwrap();
    let ini = format!(
        "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\nLockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\nxa_persistent_file = {d}/virtuoso.pxa\nMaxCheckpointRemap = 2000\n\n[TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\n[Parameters]\nServerPort = {sql}\nNumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nDirsAllowed = ., {d}\n\n[HTTPServer]\nServerPort = {http}\nServerRoot = /var/lib/virtuoso-opensource-7/vsp\nMaxClientConnections = 10\nServerThreads = 10\n\n[SPARQL]\nResultSetMaxRows = 100000\nMaxQueryExecutionTime = 120\n",
        d = d.display()
    );
    std::fs::write(d.join("virtuoso.ini"), ini).unwrap();
    let child = Command::new("virtuoso-t")
        .args(["+foreground", "+configfile"])
        .arg(d.join("virtuoso.ini"))
        .current_dir(&d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("virtuoso-t starts (Debian package virtuoso-opensource: run .ci/setup --test)");
    wait_for_port(http, Duration::from_secs(60));
    let base = format!("http://127.0.0.1:{http}");
    // The HTTP port opens before SPARQL answers.
    let started = std::time::Instant::now();
    while curl(&[&format!("{base}/sparql?query=ASK%7B%7D")]).0 != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "Virtuoso does not answer"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    Virtuoso(child, base)
}

#[test]
fn pushed_to_virtuoso_through_its_digest_endpoint_every_named_query_answers_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = virtuoso(dir.path());
    let endpoint = format!("{}/sparql-graph-crud-auth", server.1);
    // Virtuoso's authenticated endpoint asks for HTTP Digest.
    let out = govkg(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &endpoint,
        "--user",
        "dba",
        "--password",
        "dba",
    ]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.starts_with("pushed 5 of 5 graphs ("), "{stdout}");
    let query = format!("{}/sparql", server.1);
    let quads = local_quads(&store);
    assert_eq!(remote_quads_of(&query, &store), quads);
    every_named_query_answers_the_same_rows(&store, &query);
    // A wrong password is refused, and said so.
    let out = govkg(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &endpoint,
        "--user",
        "dba",
        "--password",
        "wrong",
    ]);
    assert_eq!(out.status.code(), Some(1));
    // Virtuoso answers 401, or closes the connection before reading the graph.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("401") && stderr.contains("--password"),
        "{stderr}"
    );
}

/// The quads of the store's own graphs at a remote endpoint (Virtuoso keeps graphs of its own).
fn remote_quads_of(endpoint: &str, _store: &str) -> usize {
    let query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/govkg/\")) }";
    let (_, _, body) = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        &format!("query={query}"),
        endpoint,
    ]);
    body.lines()
        .nth(1)
        .unwrap()
        .trim()
        .trim_matches('"')
        .parse()
        .unwrap()
}

#[test]
fn pushed_to_oxigraph_server_the_graph_answers_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = oxigraph(dir.path());
    let endpoint = format!("{}/store", server.1);
    let out = govkg(&["push", "--store", &store, "--endpoint", &endpoint]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // A progress line per graph, reference graphs first, and a summary.
    let progress: Vec<&str> = stderr.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(progress.len(), 5, "{stderr}");
    assert!(
        progress[0].starts_with("[1/5] <https://w3id.org/govkg/graph/ontology>"),
        "{stderr}"
    );
    assert!(progress.iter().all(|l| l.contains(": ok (")), "{stderr}");
    assert!(stdout.starts_with("pushed 5 of 5 graphs ("), "{stdout}");

    let query = format!("{}/query", server.1);
    for name in [
        "platforms-by-region",
        "targets-2025-at-least-90-percent",
        "goals-by-year",
    ] {
        let local = succeeds(&["query", "--store", &store, "--format", "csv", name]);
        assert_eq!(remote_csv(&query, name), local, "{name}");
    }
    // Every named query, on a store whose default graph is the union of all graphs.
    every_named_query_answers_the_same_rows(&store, &query);
    let quads = local_quads(&store);
    assert_eq!(remote_quads(&query), quads);

    // Pushing again replaces each graph: the same data, not twice the data.
    succeeds(&["push", "--store", &store, "--endpoint", &endpoint]);
    assert_eq!(remote_quads(&query), quads);
}

#[test]
fn pushed_to_a_writable_govkg_server_with_a_token_or_basic_auth() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let remote = dir.path().join("remote");
    let remote = remote.to_str().unwrap();
    let server = serve(remote, &["--writable", "--token", "s3cret"]);
    let endpoint = format!("{}/store", server.base);

    // A wrong token: every graph is refused, and the report says which and why.
    let out = govkg(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &endpoint,
        "--token",
        "wrong",
    ]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("pushed 0 of 5 graphs"), "{stdout}");
    assert!(stdout.contains("5 graph(s) failed:"), "{stdout}");
    assert!(
        stdout.contains("<https://w3id.org/govkg/id/document/digital-government-2025-goals.txt>: 401 Unauthorized"),
        "{stdout}"
    );
    assert!(stderr.contains("5 of 5 graphs were not pushed"), "{stderr}");

    // The token, then Basic with the token as password.
    succeeds(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &endpoint,
        "--token",
        "s3cret",
    ]);
    let query = format!("{}/query", server.base);
    let local = succeeds(&[
        "query",
        "--store",
        &store,
        "--format",
        "csv",
        "platforms-by-region",
    ]);
    assert_eq!(remote_csv(&query, "platforms-by-region"), local);
    let quads = local_quads(&store);
    assert_eq!(remote_quads(&query), quads);
    let out = Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args([
            "push",
            "--store",
            &store,
            "--endpoint",
            &endpoint,
            "--user",
            "me",
        ])
        .env("GOVKG_PUSH_PASSWORD", "s3cret")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(remote_quads(&query), quads);

    // One graph only, with the token from the environment.
    let out = Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args(["push", "--store", &store, "--endpoint", &endpoint])
        .args(["--graph", "https://w3id.org/govkg/graph/reference"])
        .env("GOVKG_PUSH_TOKEN", "s3cret")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.starts_with("pushed 1 of 1 graphs"), "{out}");
}

#[test]
fn a_store_that_cannot_be_reached_stops_the_push_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let port = free_port();
    let out = govkg(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &format!("http://127.0.0.1:{port}/store"),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot reach http://127.0.0.1:{port}/store")),
        "{stderr}"
    );
    let bad = govkg(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        "ftp://example.org/",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not an http:// or https:// URL"));
}

/// A server on a free port that answers every request with `answer` (None: never answers),
/// counting the connections it was given.
fn fake_server(answer: Option<String>) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let answer = answer.clone();
            std::thread::spawn(move || {
                // Read the head of the request, then answer (or hold the connection).
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                // And its body, so that the client is never cut off while it sends.
                let head = String::from_utf8_lossy(&head).to_lowercase();
                let length: u64 = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                let _ = std::io::copy(&mut (&mut stream).take(length), &mut std::io::sink());
                match answer {
                    Some(a) => {
                        let _ = stream.write_all(a.as_bytes());
                    }
                    None => std::thread::sleep(Duration::from_secs(30)),
                }
            });
        }
    });
    (port, count)
}

#[test]
fn push_to_a_redirecting_endpoint_fails_and_the_credentials_never_reach_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    for status in [
        "302 Found",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let (target, reached) = fake_server(Some(
            "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".into(),
        ));
        let location = format!("http://127.0.0.1:{target}/store");
        let (redirector, _) = fake_server(Some(format!(
            "HTTP/1.1 {status}\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )));
        let out = govkg(&[
            "push",
            "--store",
            &store,
            "--endpoint",
            &format!("http://127.0.0.1:{redirector}/store"),
            "--user",
            "admin",
            "--password",
            "secret",
        ]);
        assert!(
            !out.status.success(),
            "{status}: a redirected push reported success"
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("pushed 0 of"), "{status}: {stdout}");
        assert!(
            stdout.contains(&format!("redirects to {location}")),
            "{status}: {stdout}"
        );
        assert!(stdout.contains("not followed"), "{status}: {stdout}");
        assert_eq!(
            reached.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "{status}: the redirect was followed"
        );
    }
}

#[test]
fn push_timeouts_are_said_in_words_and_the_deadline_lists_what_was_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let (silent, _) = fake_server(None);
    let out = govkg(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &format!("http://127.0.0.1:{silent}/store"),
        "--timeout",
        "1",
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no answer within 1 s"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");

    let (ok, _) = fake_server(Some(
        "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
    ));
    let out = govkg(&[
        "push",
        "--store",
        &store,
        "--endpoint",
        &format!("http://127.0.0.1:{ok}/store"),
        "--deadline",
        "0",
    ]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("not sent: the --deadline of 0 s had passed"),
        "{stdout}"
    );
    assert!(stdout.contains("<https://w3id.org/govkg/"), "{stdout}");
}
