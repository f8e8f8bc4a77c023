//! `govkg serve` started on a free loopback port and used by real clients: curl, Python's
//! SPARQLWrapper and requests, and the load script. The SPARQL 1.1 Protocol (GET and POST,
//! content negotiation, CORS), the Graph Store Protocol, the limits (time, rows, request size),
//! updates refused when read-only and taken with the token when writable.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};
use support::{bundled_store, curl, govkg, header_value, python, serve, succeeds};

const PLATFORMS: &str = "platforms-by-region";
const REFERENCE: &str = "https://w3id.org/govkg/graph/reference";
const CORPUS_GRAPH: &str = "https://w3id.org/govkg/id/document/digital-government-2025-goals.txt";

fn named(name: &str) -> String {
    govkg::query::named(name).unwrap().to_string()
}

#[test]
fn curl_speaks_the_sparql_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &["--max-rows", "5", "--max-request", "4096"]);
    let query = format!("{}/query", server.base);
    let expected = succeeds(&["query", "--store", &store, "--format", "csv", PLATFORMS]);

    // GET, and POST as a form and as application/sparql-query, answer the same rows as
    // `govkg query` (within the row cap, which the response announces).
    let get = curl(&[
        "-G",
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        &format!("query={}", named(PLATFORMS)),
        &query,
    ]);
    assert_eq!(get.0, 200, "{}", get.2);
    assert_eq!(
        header_value(&get.1, "content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        header_value(&get.1, "govkg-truncated").as_deref(),
        Some("5")
    );
    let first_six: Vec<&str> = expected.split_inclusive('\n').take(6).collect();
    assert_eq!(get.2, first_six.concat());
    let form = curl(&[
        "-H",
        "Accept: text/tab-separated-values",
        "--data-urlencode",
        "query=SELECT ?code WHERE { ?r gk:adminCode ?code FILTER(?code = \"440000\") }",
        &query,
    ]);
    assert_eq!((form.0, form.2.as_str()), (200, "?code\n\"440000\"\n"));
    let direct = curl(&[
        "-H",
        "Content-Type: application/sparql-query",
        "-H",
        "Accept: application/sparql-results+xml",
        "--data-binary",
        "ASK { ?p a gk:Platform }",
        &query,
    ]);
    assert_eq!(direct.0, 200);
    assert!(direct.2.contains("<boolean>true</boolean>"), "{}", direct.2);
    let json = curl(&[
        "-G",
        "--data-urlencode",
        "query=ASK { ?p a gk:Nothing }",
        &query,
    ]);
    assert_eq!(json.2, "{\"head\":{},\"boolean\":false}");

    // CONSTRUCT as N-Triples and as Turtle.
    let construct = "query=CONSTRUCT { ?r gk:operatesPlatform ?p } WHERE { ?r gk:operatesPlatform ?p ; gk:adminCode \"440000\" }";
    let nt = curl(&[
        "-H",
        "Accept: application/n-triples",
        "--data-urlencode",
        construct,
        &query,
    ]);
    assert_eq!(nt.0, 200);
    assert_eq!(nt.2.lines().count(), 2, "{}", nt.2);
    assert!(nt.2.lines().all(|l| l.starts_with("<https://w3id.org/govkg/id/region/440000> <https://w3id.org/govkg/ontology#operatesPlatform> <") && l.ends_with(" .")));
    let ttl = curl(&[
        "-H",
        "Accept: text/turtle",
        "--data-urlencode",
        construct,
        &query,
    ]);
    assert!(
        ttl.2.contains("@prefix gk:") && ttl.2.contains("粤政易"),
        "{}",
        ttl.2
    );
    let refused = curl(&[
        "-H",
        "Accept: image/png",
        "--data-urlencode",
        construct,
        &query,
    ]);
    assert_eq!(refused.0, 406);

    // CORS: a browser's preflight and the answer itself.
    let preflight = curl(&[
        "-X",
        "OPTIONS",
        "-H",
        "Origin: http://example.org",
        "-H",
        "Access-Control-Request-Method: POST",
        &query,
    ]);
    assert_eq!(preflight.0, 204);
    assert_eq!(
        header_value(&preflight.1, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        header_value(&get.1, "access-control-allow-origin").as_deref(),
        Some("*")
    );

    // Errors say what is wrong.
    let syntax = curl(&["--data-urlencode", "query=SELECT WHERE {", &query]);
    assert_eq!(syntax.0, 400);
    assert!(syntax.2.contains("syntax error"), "{}", syntax.2);
    let service = curl(&[
        "--data-urlencode",
        "query=SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        &query,
    ]);
    assert_eq!(service.0, 403);
    assert!(service.2.contains("is not allowed"), "{}", service.2);
    // A remote client is not told the allowed endpoints or the server's flags.
    assert!(
        !service.2.contains("--allow-service") && !service.2.contains("allowed now"),
        "{}",
        service.2
    );
    let big = format!("query=SELECT * WHERE {{ ?s ?p \"{}\" }}", "x".repeat(5000));
    let too_large = curl(&["--data-urlencode", &big, &query]);
    assert_eq!(too_large.0, 413, "{}", too_large.2);

    // Read-only: updates and graph writes are refused.
    let update = curl(&[
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        "INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> \"o\" } }",
        &format!("{}/update", server.base),
    ]);
    assert_eq!(update.0, 403);
    assert!(update.2.contains("read-only"), "{}", update.2);
    let put = curl(&[
        "-X",
        "PUT",
        "-H",
        "Content-Type: text/turtle",
        "--data-binary",
        "<urn:s> <urn:p> \"o\" .",
        &format!("{}/store?graph=urn:g", server.base),
    ]);
    assert_eq!(put.0, 403);

    // The Graph Store Protocol reads a graph, and the whole store as N-Quads.
    let graph = curl(&[
        "-G",
        "-H",
        "Accept: application/n-triples",
        "--data-urlencode",
        &format!("graph={CORPUS_GRAPH}"),
        &format!("{}/store", server.base),
    ]);
    assert_eq!(graph.0, 200);
    let count = succeeds(&[
        "query",
        "--store",
        &store,
        "--format",
        "csv",
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CORPUS_GRAPH}> {{ ?s ?p ?o }} }}"),
    ]);
    let n: usize = count.lines().nth(1).unwrap().trim().parse().unwrap();
    assert_eq!(graph.2.lines().count(), n);
    let everything = curl(&[&format!("{}/store", server.base)]);
    assert_eq!(
        header_value(&everything.1, "content-type").as_deref(),
        Some("application/n-quads; charset=utf-8")
    );
    assert!(everything.2.contains(&format!("<{REFERENCE}> .")));
    let missing = curl(&[&format!("{}/store?graph=urn:nothing", server.base)]);
    assert_eq!(missing.0, 404);
}

/// The CPU time a process has used, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn a_query_past_the_timeout_is_stopped_while_others_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &["--timeout", "1.5"]);
    let query = format!("{}/query", server.base);

    // Every triple against every triple: hundreds of millions of rows to count.
    let slow = "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }";
    let started = Instant::now();
    let waiting = {
        let query = query.clone();
        std::thread::spawn(move || {
            let answer = curl(&["--data-urlencode", slow, &query]);
            (answer, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    // Meanwhile other queries are answered, quickly.
    let mut answered = 0;
    while !waiting.is_finished() {
        let t = Instant::now();
        let quick = curl(&[
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT ?code WHERE { region:440000 gk:adminCode ?code }",
            &query,
        ]);
        assert_eq!((quick.0, quick.2.as_str()), (200, "code\r\n440000\r\n"));
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
        answered += 1;
    }
    let ((status, _, body), elapsed) = waiting.join().unwrap();
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("time limit"), "{body}");
    assert!(
        elapsed >= Duration::from_millis(1400) && elapsed < Duration::from_secs(4),
        "answered after {elapsed:?}"
    );
    assert!(answered >= 3, "{answered} queries answered meanwhile");

    // The evaluation was really stopped: the server is idle afterwards.
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu_ticks(server.pid());
    std::thread::sleep(Duration::from_millis(1500));
    let used = cpu_ticks(server.pid()) - before;
    assert!(
        used < 20,
        "the server used {used} ticks of CPU after the query was stopped"
    );

    // A query that loops in memory without reading the store is answered at the limit too.
    let t = Instant::now();
    let runaway = curl(&[
        "--data-urlencode",
        "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        &query,
    ]);
    assert_eq!(runaway.0, 503);
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
}

#[test]
fn python_clients_query_the_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &["--timeout", "1"]);
    let expected = succeeds(&["query", "--store", &store, "--format", "csv", PLATFORMS]);
    let expected_file = dir.path().join("expected.csv");
    std::fs::write(&expected_file, &expected).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/clients.py");
    let out = Command::new(python())
        .args([script, &server.base, expected_file.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn a_writable_server_takes_updates_with_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    // Writable needs a token.
    let refused = govkg(&[
        "serve",
        "--store",
        &store,
        "--writable",
        "--bind",
        "127.0.0.1:0",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("token"));

    let server = serve(&store, &["--writable", "--token", "s3cret"]);
    let update = format!("{}/update", server.base);
    let insert = "INSERT DATA { GRAPH <urn:notes> { region:440000 rdfs:comment \"checked\" } }";
    let send = |auth: &[&str], body: &str| {
        let mut args = vec!["-H", "Content-Type: application/sparql-update"];
        args.extend_from_slice(auth);
        args.extend(["--data-binary", body, update.as_str()]);
        curl(&args)
    };
    let anonymous = send(&[], insert);
    assert_eq!(anonymous.0, 401);
    assert!(header_value(&anonymous.1, "www-authenticate").is_some());
    assert_eq!(send(&["-H", "Authorization: Bearer wrong"], insert).0, 401);
    let quads = || {
        let (_, _, csv) = curl(&[
            "-G",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            &format!("{}/query", server.base),
        ]);
        csv.lines().nth(1).unwrap().trim().parse::<usize>().unwrap()
    };
    let before = quads();
    let done = send(&["-H", "Authorization: Bearer s3cret"], insert);
    assert_eq!(done.0, 200, "{}", done.2);
    // Only the graph written changed.
    assert_eq!(done.2, "updated: 1 graph(s) changed\n");
    assert_eq!(quads(), before + 1);
    // Basic authentication with the token as password, for clients that know only Basic.
    let basic = send(
        &["-u", "anyone:s3cret"],
        "DELETE { GRAPH ?g { ?r rdfs:comment \"checked\" } } INSERT { GRAPH ?g { ?r rdfs:comment \"checked twice\" } } WHERE { GRAPH ?g { ?r rdfs:comment \"checked\" } }",
    );
    assert_eq!(basic.0, 200, "{}", basic.2);
    let ask = |q: &str| {
        curl(&[
            "-G",
            "--data-urlencode",
            &format!("query={q}"),
            &format!("{}/query", server.base),
        ])
        .2
    };
    assert!(ask("ASK { region:440000 rdfs:comment \"checked twice\" }").contains("true"));
    // The default graph and LOAD are refused.
    let default = send(
        &["-H", "Authorization: Bearer s3cret"],
        "INSERT DATA { <urn:s> <urn:p> \"o\" }",
    );
    assert_eq!(default.0, 400);
    assert!(default.2.contains("named graph"), "{}", default.2);
    let load = send(
        &["-H", "Authorization: Bearer s3cret"],
        "LOAD <http://127.0.0.1:9/data.ttl>",
    );
    assert_eq!(load.0, 403);

    // The Graph Store Protocol: PUT creates, PUT again replaces, POST adds, DELETE removes.
    let graph_url = format!("{}/store?graph=urn:extra", server.base);
    let put = |method: &str, body: &str| {
        curl(&[
            "-X",
            method,
            "-H",
            "Authorization: Bearer s3cret",
            "-H",
            "Content-Type: text/turtle",
            "--data-binary",
            body,
            &graph_url,
        ])
    };
    assert_eq!(put("PUT", "<urn:a> <urn:p> 1 .").0, 201);
    assert_eq!(put("PUT", "<urn:a> <urn:p> 2 .").0, 204);
    assert_eq!(put("POST", "<urn:b> <urn:p> 3 .").0, 204);
    let read = curl(&["-H", "Accept: application/n-triples", &graph_url]);
    let mut lines: Vec<&str> = read.2.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "<urn:a> <urn:p> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
            "<urn:b> <urn:p> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
        ]
    );
    assert_eq!(put("PUT", "not turtle").0, 400);
    let delete = curl(&[
        "-X",
        "DELETE",
        "-H",
        "Authorization: Bearer s3cret",
        &graph_url,
    ]);
    assert_eq!(delete.0, 204);
    assert_eq!(curl(&[&graph_url]).0, 404);

    // What was written is in the store on disk.
    drop(server);
    let csv = succeeds(&[
        "query",
        "--store",
        &store,
        "--format",
        "csv",
        "SELECT ?c WHERE { GRAPH <urn:notes> { region:440000 rdfs:comment ?c } }",
    ]);
    assert_eq!(csv.replace('\r', ""), "c\nchecked twice\n");
}

#[test]
fn a_build_made_while_serving_is_answered_from() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &[]);
    let count = || {
        curl(&[
            "-G",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT (COUNT(?d) AS ?n) WHERE { ?d a gk:Document }",
            &format!("{}/query", server.base),
        ])
        .2
    };
    assert_eq!(count().replace('\r', ""), "n\n1\n");
    let doc = dir.path().join("plan.txt");
    std::fs::write(
        &doc,
        "广东省数字政府建设方案\n到2025年，政务服务事项网上可办率达到95%以上。\n",
    )
    .unwrap();
    succeeds(&["build", "--store", &store, doc.to_str().unwrap()]);
    let started = Instant::now();
    while count().replace('\r', "") != "n\n2\n" {
        assert!(started.elapsed() < Duration::from_secs(5), "{}", count());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_load_script_runs_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &["--timeout", "2", "--header-timeout", "2"]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/load.py");
    let out = Command::new(python())
        .args([script, &server.base, "--clients", "8", "--seconds", "3"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("errors 0"), "{stdout}");

    // With the hostile mix beside: the normal clients still see no error, and the hostile
    // ones get the answers they should (408, 503, 400).
    let out = Command::new(python())
        .args([script, &server.base, "--clients", "8", "--seconds", "4"])
        .args(["--hostile", "--slow", "100", "--runaway", "2"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("errors 0"), "{stdout}");
    let hostile = stdout.lines().find(|l| l.starts_with("hostile:")).unwrap();
    assert!(!hostile.contains("runaway queries 0 "), "{hostile}");
    assert!(!hostile.contains(" 0 answered 408"), "{hostile}");
}

#[test]
fn the_page_and_its_endpoints_are_served_from_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &[]);
    let base = &server.base;
    let (status, headers, page) = curl(&[&format!("{base}/")]);
    assert_eq!(status, 200);
    assert_eq!(
        header_value(&headers, "content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(page.contains("<textarea") && page.contains("src=\"/app.js\""));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "the page loads nothing from elsewhere"
    );
    let (_, headers, _) = curl(&[&format!("{base}/app.js")]);
    assert_eq!(
        header_value(&headers, "content-type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );

    // The named queries, with the question each answers.
    let (_, _, queries) = curl(&[&format!("{base}/queries")]);
    let queries: serde_json::Value = serde_json::from_str(&queries).unwrap();
    let list = queries.as_array().unwrap();
    assert_eq!(list.len(), govkg::query::NAMED_QUERIES.len());
    let platforms = list.iter().find(|q| q["name"] == PLATFORMS).unwrap();
    assert_eq!(
        platforms["question"],
        "Which regions name a government-service platform, and which ones?"
    );

    // A target's source: its mention, and the document with the passage highlighted.
    let (_, _, json) = curl(&[
        "-G",
        "--data-urlencode",
        "query=SELECT ?t ?quote WHERE { ?t a gk:Target ; prov:wasDerivedFrom/gk:quote ?quote } ORDER BY ?t LIMIT 1",
        &format!("{base}/query"),
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = &json["results"]["bindings"][0];
    let (target, quote) = (
        row["t"]["value"].as_str().unwrap(),
        row["quote"]["value"].as_str().unwrap(),
    );
    let asked = serde_json::json!({"iris": [target], "quotes": [quote]}).to_string();
    let (status, _, found) = curl(&[
        "-H",
        "Content-Type: application/json",
        "--data-binary",
        &asked,
        &format!("{base}/sources"),
    ]);
    assert_eq!(status, 200, "{found}");
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    let source = &found["iris"][target][0];
    assert_eq!(source["quote"], quote);
    assert_eq!(found["quotes"][quote][0], *source);
    let (status, _, html) = curl(&[
        "-G",
        "--data-urlencode",
        &format!("file={}", source["file"].as_str().unwrap()),
        "--data-urlencode",
        &format!("start={}", source["start"]),
        "--data-urlencode",
        &format!("end={}", source["end"]),
        &format!("{base}/document"),
    ]);
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("<mark id=\"quote\">{quote}</mark>")),
        "{html}"
    );
    // Offsets count code points: the text before the mark is `start` characters long.
    let before =
        &html[html.find("<article class=\"text\">").unwrap() + 22..html.find("<mark").unwrap()];
    let start = source["start"].as_u64().unwrap() as usize;
    assert_eq!(
        before
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .chars()
            .count(),
        start
    );
    let (status, _, _) = curl(&[&format!("{base}/document?file=nothing.txt")]);
    assert_eq!(status, 404);

    // A CONSTRUCT query drawn as SVG; a SELECT query is not a drawing.
    let (status, headers, svg) = curl(&[
        "-G",
        "--data-urlencode",
        "query=CONSTRUCT { ?r gk:operatesPlatform ?p } WHERE { ?r gk:operatesPlatform ?p ; gk:adminCode \"440000\" }",
        &format!("{base}/diagram"),
    ]);
    assert_eq!(status, 200, "{svg}");
    assert_eq!(
        header_value(&headers, "content-type").as_deref(),
        Some("image/svg+xml")
    );
    assert!(svg.contains("<svg") && svg.contains("粤政易"), "{svg}");
    let (status, _, message) = curl(&[
        "-G",
        "--data-urlencode",
        "query=SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        &format!("{base}/diagram"),
    ]);
    assert_eq!(status, 400);
    assert!(message.contains("CONSTRUCT"), "{message}");
}

#[test]
fn cors_only_on_read_routes_and_security_headers_on_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &["--writable", "--token", "t0ken"]);
    let origin = ["-H", "Origin: http://example.org"];
    let allowed = |h: &str| header_value(h, "access-control-allow-origin");

    let read = curl(&[
        origin[0],
        origin[1],
        &format!("{}/query?query=ASK%7B%7D", server.base),
    ]);
    assert_eq!(read.0, 200, "{}", read.2);
    assert_eq!(allowed(&read.1).as_deref(), Some("*"));
    // Writes: no CORS, so a page on another site cannot make a browser send them.
    for (method, path, preflight) in [
        ("OPTIONS", "/update", "POST"),
        ("OPTIONS", "/store?default", "PUT"),
        ("POST", "/update", ""),
    ] {
        let mut args = vec!["-X", method, origin[0], origin[1]];
        let ask = format!("Access-Control-Request-Method: {preflight}");
        if !preflight.is_empty() {
            args.extend(["-H", &ask]);
        }
        let url = format!("{}{path}", server.base);
        args.push(&url);
        let answer = curl(&args);
        assert_eq!(allowed(&answer.1), None, "{method} {path}: {}", answer.1);
    }
    for path in [
        "/",
        "/query?query=ASK%7B%7D",
        "/document?file=none",
        "/nowhere",
    ] {
        let answer = curl(&[&format!("{}{path}", server.base)]);
        assert_eq!(
            header_value(&answer.1, "x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            header_value(&answer.1, "x-frame-options").as_deref(),
            Some("SAMEORIGIN"),
            "{path}"
        );
    }
    let page = curl(&[&format!("{}/", server.base)]);
    let csp = header_value(&page.1, "content-security-policy").unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(
        !page.2.contains("<script>"),
        "an inline script the policy would block"
    );
    drop(server);

    // --cors-origin: one origin, or none.
    let server = serve(&store, &["--cors-origin", "https://data.example.org"]);
    let read = curl(&[
        origin[0],
        origin[1],
        &format!("{}/query?query=ASK%7B%7D", server.base),
    ]);
    assert_eq!(
        allowed(&read.1).as_deref(),
        Some("https://data.example.org")
    );
    drop(server);
    let server = serve(&store, &["--cors-origin", "none"]);
    let read = curl(&[
        origin[0],
        origin[1],
        &format!("{}/query?query=ASK%7B%7D", server.base),
    ]);
    assert_eq!(read.0, 200);
    assert_eq!(allowed(&read.1), None);
}

#[test]
fn a_nested_query_post_is_refused_and_the_server_keeps_answering() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &[]);
    let query = format!("{}/query", server.base);
    let nested = |open: &str, inner: &str, close: &str, n: usize| {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    };
    let hostile = [
        format!("ASK {{ FILTER({}) }}", nested("(", "1", ")", 4000)),
        format!("ASK {}", nested("{ ", "", "} ", 4000)),
        format!("ASK {{ FILTER(1{} > 0) }}", "+1".repeat(12_000)),
        format!(
            "SELECT * WHERE {{ {} {{ BIND(2 AS ?x) }} }}",
            "{ BIND(1 AS ?x) } UNION ".repeat(10_000)
        ),
    ];
    for q in &hostile {
        let body = dir.path().join("query.rq");
        std::fs::write(&body, q).unwrap();
        let answer = curl(&[
            "-H",
            "Content-Type: application/sparql-query",
            "--data-binary",
            &format!("@{}", body.display()),
            &query,
        ]);
        assert_eq!(answer.0, 400, "{}", answer.2);
        assert!(answer.2.contains("more than the limit of"), "{}", answer.2);
        // The server is still there and answers.
        let ask = curl(&[&format!("{query}?query=ASK%7B%7D")]);
        assert_eq!(ask.0, 200, "the server stopped answering");
    }
    // `govkg query` refuses it the same way, without aborting.
    let out = govkg(&["query", "--store", &store, &hostile[0]]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("levels of brackets"), "{stderr}");
}

#[test]
fn a_graph_store_put_is_bounded_and_its_errors_do_not_echo_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(
        &store,
        &["--writable", "--token", "t0ken", "--max-upload", "100000"],
    );
    let url = format!("{}/store?graph=urn:x", server.base);
    let put = |file: &std::path::Path| {
        curl(&[
            "-X",
            "PUT",
            "-H",
            "Authorization: Bearer t0ken",
            "-H",
            "Content-Type: text/turtle",
            "--data-binary",
            &format!("@{}", file.display()),
            &url,
        ])
    };
    let big = dir.path().join("big.ttl");
    std::fs::write(&big, "<urn:s> <urn:p> \"x\" .\n".repeat(10_000)).unwrap();
    let answer = put(&big);
    assert_eq!(answer.0, 413, "{}", answer.2);
    assert!(answer.2.contains("100000"), "{}", answer.2);

    // One long bad token: the message names the problem without sending the body back.
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, format!("<urn:s> <urn:p> {} .", "x".repeat(90_000))).unwrap();
    let answer = put(&bad);
    assert_eq!(answer.0, 400, "{}", &answer.2[..answer.2.len().min(500)]);
    assert!(answer.2.len() < 1000, "{} bytes of error", answer.2.len());

    let small = dir.path().join("small.ttl");
    std::fs::write(&small, "<urn:s> <urn:p> \"x\" .\n").unwrap();
    let answer = put(&small);
    assert!(matches!(answer.0, 200 | 201 | 204), "{}", answer.2);
}
