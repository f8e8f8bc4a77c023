//! End-to-end tests of the `govkg` command: bad input fails with a message naming what is
//! wrong and leaves the store as it was, GB18030 input reads like UTF-8, builds are repeatable,
//! and every output (query results, RDF exports, the DOT diagram, stats) is well formed.
//!
//! Each test works in its own temporary directory, passes `--store` explicitly and points
//! `$GOVKG_STORE` inside that directory, so nothing touches the user's store. The RDF and
//! diagram tests need `rapper` (raptor2-utils) and `dot` (graphviz).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/corpus/digital-government-2025-goals.txt"
);
const CORPUS_GRAPH: &str = "https://w3id.org/govkg/id/document/digital-government-2025-goals.txt";

const QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
const DISTINCT_TRIPLES: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }";
const NAMED_GRAPHS: &str = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
const TARGETS: &str = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a gk:Target }";

/// A short document, different from the corpus, with one target and one platform.
const SMALL_DOCUMENT: &str = "广东省数字政府建设要点\n到2026年，广东省政务服务事项网上可办率达到98%以上，“粤省事”实名用户超过2亿。\n";

/// Runs govkg in `dir` with `$GOVKG_STORE` inside it. Asserts that it did not panic and, as
/// every call passes `--store`, that the default store was never created.
fn govkg(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args(args)
        .current_dir(dir)
        .env("GOVKG_STORE", dir.join("env-store"))
        .output()
        .expect("cannot run the govkg binary");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "govkg {args:?} panicked:\n{stderr}"
    );
    assert!(
        !dir.join("env-store").exists(),
        "govkg {args:?} wrote to $GOVKG_STORE although --store was given"
    );
    out
}

/// Runs govkg, asserts success and returns its standard output.
fn succeeds(dir: &Path, args: &[&str]) -> String {
    let out = govkg(dir, args);
    assert!(
        out.status.success(),
        "govkg {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("govkg printed invalid UTF-8")
}

/// Runs govkg, asserts it failed with exit status 1, printed nothing on standard output and
/// one `error:` message containing each of `words`; returns the message.
fn fails(dir: &Path, args: &[&str], words: &[&str]) -> String {
    let out = govkg(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "govkg {args:?} should fail with status 1; stderr:\n{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "govkg {args:?} failed but printed on stdout:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.starts_with("error: "),
        "govkg {args:?}: message should start with `error: `:\n{stderr}"
    );
    for word in words {
        assert!(
            stderr.contains(word),
            "govkg {args:?}: message should contain {word:?}:\n{stderr}"
        );
    }
    stderr
}

/// The number a one-cell `SELECT (COUNT(..) AS ?n)` query returns.
fn count(dir: &Path, store: &str, sparql: &str) -> u64 {
    let csv = succeeds(dir, &["query", "--store", store, "--format", "csv", sparql]);
    let mut lines = csv.lines();
    assert_eq!(lines.next().map(str::trim), Some("n"), "{sparql}:\n{csv}");
    let cell = lines.next().unwrap_or_default().trim();
    cell.parse()
        .unwrap_or_else(|_| panic!("{sparql}: not a count: {cell:?}"))
}

/// Quads per named graph.
fn graph_sizes(dir: &Path, store: &str) -> BTreeMap<String, u64> {
    let csv = succeeds(
        dir,
        &[
            "query",
            "--store",
            store,
            "--format",
            "csv",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        ],
    );
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (g, n) = l.trim().rsplit_once(',').expect("two columns");
            (g.to_string(), n.parse().expect("a count"))
        })
        .collect()
}

/// Runs an external tool, failing with an install hint when it is missing.
fn tool(dir: &Path, program: &str, package: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{program}` ({e}); these tests need it: install {package}")
        })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("cannot create a temporary directory")
}

/// Paths and contents of the files under `dir`, to check it is left untouched. A govkg store
/// counts as one entry: its RocksDB files are its own business.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.join("govkg-store.json").exists() {
            entries.push((path.display().to_string(), Vec::new()));
            entries.extend(snapshot(&path));
        } else {
            let content = std::fs::read(&path).unwrap_or_default();
            entries.push((path.display().to_string(), content));
        }
    }
    entries.sort();
    entries
}

/// Files to create: path relative to the case directory, and content.
type Files = Vec<(&'static str, Vec<u8>)>;

#[test]
fn bad_build_inputs_fail_naming_the_file_and_leave_the_store_unchanged() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let quads = count(dir, "store", QUADS);
    let graphs = graph_sizes(dir, "store");

    let text = "到2025年，政务服务“一网通办”。\n".as_bytes();
    let damaged_utf8 = [
        "到2025年，政务服务\n第二行".as_bytes(),
        b"\xFF",
        "后面的文字".as_bytes(),
    ]
    .concat();
    let (gb, _, _) = encoding_rs::GB18030.encode("到2025年，政务服务事项\n全面实现一网通办\n");
    let gb = gb.into_owned();
    let cut = gb.iter().position(|&b| b == b'\n').unwrap() + 1 + 6;
    let damaged_gb18030 = [&gb[..cut], b"\xFF", &gb[cut..]].concat();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10".to_vec();

    // (what, files to create, inputs, words the message must contain)
    let cases: Vec<(&str, Files, Vec<&str>, Vec<&str>)> = vec![
        (
            "missing file",
            vec![],
            vec!["missing.txt"],
            vec!["missing.txt", "no such file"],
        ),
        (
            "missing file after a good one",
            vec![("good.txt", text.to_vec())],
            vec!["good.txt", "missing.txt"],
            vec!["missing.txt", "no such file"],
        ),
        (
            "directory without *.txt",
            vec![("notes/readme.md", text.to_vec())],
            vec!["notes"],
            vec!["notes", "no documents", ".txt"],
        ),
        (
            "binary file",
            vec![("picture.png", png)],
            vec!["picture.png"],
            vec!["picture.png", "binary"],
        ),
        (
            "empty file",
            vec![("empty.txt", vec![])],
            vec!["empty.txt"],
            vec!["empty.txt", "empty"],
        ),
        (
            "file of blank lines",
            vec![("blank.txt", b"  \n\n\t\n".to_vec())],
            vec!["blank.txt"],
            vec!["blank.txt", "empty"],
        ),
        (
            "invalid UTF-8 inside UTF-8 Chinese text",
            vec![("damaged.txt", damaged_utf8)],
            vec!["damaged.txt"],
            vec!["damaged.txt", "line 2", "column 4", "UTF-8"],
        ),
        (
            "invalid byte inside GB18030 text",
            vec![("damaged-gb.txt", damaged_gb18030)],
            vec!["damaged-gb.txt"],
            vec!["damaged-gb.txt", "line 2", "column 4"],
        ),
        (
            "two inputs with the same file name",
            vec![("a/plan.txt", text.to_vec()), ("b/plan.txt", text.to_vec())],
            vec!["a", "b"],
            vec!["plan.txt", "a/plan.txt", "b/plan.txt"],
        ),
        (
            "unknown encoding label",
            vec![("good.txt", text.to_vec())],
            vec!["--encoding", "klingon", "good.txt"],
            vec!["klingon", "encoding"],
        ),
    ];

    for (i, (what, files, inputs, words)) in cases.iter().enumerate() {
        let case = tmp.path().join(format!("case{i}"));
        std::fs::create_dir(&case).unwrap();
        for (name, bytes) in files {
            write(&case, name, bytes);
        }
        let store = dir.join("store");
        let store = store.to_str().unwrap();
        let mut args = vec!["build", "--store", store];
        args.extend(inputs);
        let message = fails(&case, &args, words);
        assert_eq!(
            count(dir, "store", QUADS),
            quads,
            "{what}: the failed build changed the store ({message})"
        );
        assert_eq!(graph_sizes(dir, "store"), graphs, "{what}: graphs changed");

        let mut args = vec!["build", "--store", "new-store"];
        args.extend(inputs);
        fails(&case, &args, words);
        assert!(
            !case.join("new-store").exists(),
            "{what}: the failed build created the store directory"
        );
    }
}

#[test]
fn bad_store_paths_fail_naming_the_path_and_are_left_untouched() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "plain-file", b"not a store\n");
    write(dir, "foreign/notes.txt", "我的笔记\n".as_bytes());
    std::fs::create_dir(dir.join("empty-dir")).unwrap();
    let select = "SELECT * WHERE { ?s ?p ?o } LIMIT 1";

    // (command, store, words the message must contain)
    let cases: &[(&[&str], &str, &[&str])] = &[
        (&["build"], "plain-file", &["plain-file", "is a file"]),
        (
            &["query", select],
            "plain-file",
            &["plain-file", "is a file"],
        ),
        (&["stats"], "plain-file", &["plain-file", "is a file"]),
        (
            &["build"],
            "foreign",
            &["foreign", "not a govkg store", "not empty"],
        ),
        (
            &["query", select],
            "foreign",
            &["foreign", "not a govkg store", "not empty"],
        ),
        (
            &["export", "--format", "nquads"],
            "foreign",
            &["foreign", "not a govkg store"],
        ),
        (&["query", select], "nowhere", &["nowhere", "no store"]),
        (&["stats"], "nowhere", &["nowhere", "no store"]),
        (
            &["export", "--format", "turtle"],
            "nowhere",
            &["nowhere", "no store"],
        ),
        (&["query", select], "empty-dir", &["empty-dir", "no store"]),
    ];
    for (command, store, words) in cases {
        let before = snapshot(dir);
        let mut args = vec![command[0], "--store", store];
        args.extend(&command[1..]);
        fails(dir, &args, words);
        assert_eq!(
            snapshot(dir),
            before,
            "govkg {args:?} changed the directory"
        );
    }
    assert!(!dir.join("nowhere").exists());
}

#[test]
fn bad_queries_fail_with_a_position_or_the_known_names() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    write(dir, "bad.rq", b"SELECT ?x\nWHERE { ?x ?p ?o }\nLIMT 1\n");
    let list = succeeds(dir, &["query", "--list"]);
    let names: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() >= 10, "{list}");

    let mut unknown = vec!["no-such-query", "named queries"];
    unknown.extend(&names);
    // (query and format, words the message must contain)
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["SELECT ?x WHERE { ?x ?p }"],
            vec!["query text", "syntax", "1:"],
        ),
        (vec!["bad.rq"], vec!["bad.rq", "syntax", "3:"]),
        (vec!["no-such-query"], unknown),
        (
            vec!["--format", "turtle", "SELECT ?s WHERE { ?s a gk:Region }"],
            vec!["SELECT", "csv"],
        ),
        (
            vec![
                "--format",
                "csv",
                "CONSTRUCT { ?s a gk:Region } WHERE { ?s a gk:Region }",
            ],
            vec!["CONSTRUCT", "turtle"],
        ),
    ];
    for (query, words) in cases {
        let mut args = vec!["query", "--store", "store"];
        args.extend(&query);
        fails(dir, &args, &words);
    }
}

#[test]
fn gb18030_input_gives_the_same_facts_as_utf8() {
    let tmp = tempdir();
    let dir = tmp.path();
    let text = std::fs::read_to_string(CORPUS).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the GB18030 bytes should not be UTF-8"
    );
    write(dir, "corpus-gb18030.txt", &bytes);

    succeeds(dir, &["build", "--store", "utf8", CORPUS]);
    succeeds(dir, &["build", "--store", "detected", "corpus-gb18030.txt"]);
    succeeds(
        dir,
        &[
            "build",
            "--store",
            "labelled",
            "--encoding",
            "gbk",
            "corpus-gb18030.txt",
        ],
    );
    let mentions = "SELECT ?quote ?start ?end WHERE { ?m a gk:Mention ; gk:quote ?quote ; gk:start ?start ; gk:end ?end } ORDER BY ?start ?end ?quote";
    let utf8_targets = count(dir, "utf8", TARGETS);
    assert!(utf8_targets > 0);
    let utf8_mentions = succeeds(
        dir,
        &["query", "--store", "utf8", "--format", "csv", mentions],
    );
    for store in ["detected", "labelled"] {
        assert_eq!(count(dir, store, TARGETS), utf8_targets, "{store}");
        let gb_mentions = succeeds(
            dir,
            &["query", "--store", store, "--format", "csv", mentions],
        );
        assert_eq!(gb_mentions, utf8_mentions, "{store}: mentions differ");
        let encoding = succeeds(
            dir,
            &[
                "query",
                "--store",
                store,
                "--format",
                "csv",
                "SELECT ?e WHERE { ?d a gk:Document ; gk:encoding ?e }",
            ],
        );
        let encoding = encoding.lines().nth(1).unwrap_or_default().to_lowercase();
        assert!(encoding.contains("gb"), "{store}: gk:encoding {encoding:?}");
    }
}

/// The store as sorted N-Quads lines; with `mask_blank_nodes`, every blank node label is `_:b`.
fn sorted_nquads(dir: &Path, store: &str, mask_blank_nodes: bool) -> Vec<String> {
    let nquads = succeeds(dir, &["export", "--store", store, "--format", "nquads"]);
    let mut lines: Vec<String> = nquads
        .lines()
        .map(|line| {
            if !mask_blank_nodes {
                return line.to_string();
            }
            line.split(' ')
                .map(|term| if term.starts_with("_:") { "_:b" } else { term })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn rebuilding_a_document_gives_the_same_graph() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let first = sorted_nquads(dir, "store", true);
    assert!(!first.is_empty());
    succeeds(dir, &["build", "--store", "store", CORPUS]);
    // Built from its file, the document also says which file, its size and digest (the
    // bundled copy has none), and that its text was decoded from it.
    let mut first = first;
    let mut second = sorted_nquads(dir, "store", true);
    let of_file = |p: &str| format!("<{CORPUS_GRAPH}> <https://w3id.org/govkg/ontology#{p}> ");
    for p in ["sourceFile", "byteSize", "sha256"] {
        assert_eq!(
            second.iter().filter(|l| l.starts_with(&of_file(p))).count(),
            1
        );
        second.retain(|l| !l.starts_with(&of_file(p)));
    }
    for lines in [&mut first, &mut second] {
        lines.retain(|l| !l.starts_with(&of_file("textFrom")));
    }
    assert!(first == second, "the second build changed the graph");
    assert_eq!(count(dir, "store", NAMED_GRAPHS), 5);
    let document = |lines: &[String]| -> Vec<String> {
        let graph = format!("<{CORPUS_GRAPH}> .");
        lines
            .iter()
            .filter(|l| l.ends_with(&graph))
            .cloned()
            .collect()
    };
    let unmasked = sorted_nquads(dir, "store", false);
    assert!(!document(&unmasked).is_empty());
    assert!(
        document(&unmasked).iter().all(|l| !l.contains("_:")),
        "a document graph holds blank nodes: builds cannot be identical"
    );
}

#[test]
fn rebuilding_gives_a_byte_identical_export() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let first = sorted_nquads(dir, "store", false);
    succeeds(dir, &["build", "--store", "store"]);
    let second = sorted_nquads(dir, "store", false);
    let differ: Vec<_> = first.iter().filter(|l| !second.contains(l)).collect();
    assert!(
        differ.is_empty(),
        "lines gone after rebuilding: {differ:#?}"
    );
}

#[test]
fn building_another_document_keeps_the_first_documents_graph() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "guangdong-2026.txt", SMALL_DOCUMENT.as_bytes());
    succeeds(dir, &["build", "--store", "store"]);
    let before = graph_sizes(dir, "store");
    assert!(before.contains_key(CORPUS_GRAPH), "{before:?}");
    let graphs = count(dir, "store", NAMED_GRAPHS);

    succeeds(dir, &["build", "--store", "store", "guangdong-2026.txt"]);
    assert_eq!(count(dir, "store", NAMED_GRAPHS), graphs + 1);
    let after = graph_sizes(dir, "store");
    for (graph, n) in &before {
        assert_eq!(after.get(graph), Some(n), "graph {graph} changed");
    }
    let documents = succeeds(
        dir,
        &[
            "query",
            "--store",
            "store",
            "--format",
            "csv",
            "SELECT ?name WHERE { ?d a gk:Document ; gk:fileName ?name } ORDER BY ?name",
        ],
    );
    assert_eq!(
        documents.lines().skip(1).map(str::trim).collect::<Vec<_>>(),
        ["digital-government-2025-goals.txt", "guangdong-2026.txt"]
    );
}

/// Regression: the default graph was oxigraph's union of the named graphs, which repeats a
/// triple once per graph holding it, so a platform named by N documents came back N times
/// (and joins over such links grew as N², seconds per query on a 100 MB store).
#[test]
fn a_link_stated_by_many_documents_is_one_row() {
    let tmp = tempdir();
    let dir = tmp.path();
    // Three copies of one text, built together.
    let build_copies = |text: &str| {
        for i in 0..3 {
            write(dir, &format!("copy-{i}.txt"), text.as_bytes());
        }
        let args = [
            "build",
            "--store",
            "store",
            "copy-0.txt",
            "copy-1.txt",
            "copy-2.txt",
        ];
        succeeds(dir, &args);
    };
    build_copies(SMALL_DOCUMENT);
    let links = "SELECT ?r ?p WHERE { ?r gk:operatesPlatform ?p } ORDER BY ?r ?p";
    let csv = succeeds(
        dir,
        &["query", "--store", "store", "--format", "csv", links],
    );
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty(), "no platform found in {SMALL_DOCUMENT}");
    let mut distinct = rows.clone();
    distinct.dedup();
    assert_eq!(rows, distinct, "repeated rows");
    // Once no document states a link, it is gone from the default graph too.
    build_copies("2026年广东省政府工作报告\n全年经济平稳运行。\n");
    let csv = succeeds(
        dir,
        &["query", "--store", "store", "--format", "csv", links],
    );
    assert_eq!(csv.lines().count(), 1, "links left behind:\n{csv}");
}

/// The number rapper reports in "Parsing returned N triples", after checking it printed no
/// error or warning.
fn rapper_count(dir: &Path, syntax: &str, file: &str) -> u64 {
    let out = tool(dir, "rapper", "raptor2-utils", &["-i", syntax, "-c", file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "rapper {syntax} {file}:\n{stderr}");
    assert!(
        !stderr.contains("Error") && !stderr.contains("Warning"),
        "rapper {syntax} {file}:\n{stderr}"
    );
    let n = stderr
        .split("Parsing returned ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("rapper printed no count:\n{stderr}"));
    n.parse().unwrap()
}

/// Loads an RDF file into a fresh in-memory store and returns its number of quads.
fn reload(path: &Path, format: oxigraph::io::RdfFormat) -> usize {
    let store = oxigraph::store::Store::new().unwrap();
    let file = std::fs::File::open(path).unwrap();
    store
        .load_from_reader(format, std::io::BufReader::new(file))
        .unwrap_or_else(|e| panic!("{}: does not parse as {format}: {e}", path.display()));
    store.len().unwrap()
}

#[test]
fn turtle_and_nquads_exports_parse_with_rapper_and_reload_to_the_same_counts() {
    use oxigraph::io::RdfFormat;
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let quads = count(dir, "store", QUADS);
    let triples = count(dir, "store", DISTINCT_TRIPLES);
    assert!(triples > 0 && triples <= quads);

    let printed = succeeds(
        dir,
        &[
            "export", "--store", "store", "--format", "nquads", "--output", "all.nq",
        ],
    );
    assert!(
        printed.is_empty(),
        "--output should print nothing: {printed}"
    );
    let nquads = std::fs::read_to_string(dir.join("all.nq")).unwrap();
    let lines = nquads.lines().filter(|l| !l.trim().is_empty()).count() as u64;
    assert_eq!(lines, quads, "N-Quads lines");
    assert_eq!(rapper_count(dir, "nquads", "all.nq"), quads);
    assert_eq!(reload(&dir.join("all.nq"), RdfFormat::NQuads) as u64, quads);

    succeeds(
        dir,
        &[
            "export", "--store", "store", "--format", "turtle", "--output", "all.ttl",
        ],
    );
    let turtle = std::fs::read_to_string(dir.join("all.ttl")).unwrap();
    assert!(turtle.contains("一网通办"), "Chinese should not be escaped");
    assert!(turtle.contains("@prefix gk:"), "gk: prefix not declared");
    assert_eq!(rapper_count(dir, "turtle", "all.ttl"), triples);
    assert_eq!(
        reload(&dir.join("all.ttl"), RdfFormat::Turtle) as u64,
        triples
    );
}

#[test]
fn every_rdf_export_format_reloads_to_the_same_counts() {
    use oxigraph::io::{JsonLdProfileSet, RdfFormat};
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let quads = count(dir, "store", QUADS);
    let triples = count(dir, "store", DISTINCT_TRIPLES);
    let jsonld = RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    };
    // (--format, parser, whether named graphs are kept)
    let cases = [
        ("turtle", RdfFormat::Turtle, false),
        ("ntriples", RdfFormat::NTriples, false),
        ("nquads", RdfFormat::NQuads, true),
        ("trig", RdfFormat::TriG, true),
        ("rdfxml", RdfFormat::RdfXml, false),
        ("jsonld", jsonld, false),
    ];
    for (name, format, datasets) in cases {
        let file = format!("export.{name}");
        succeeds(
            dir,
            &[
                "export", "--store", "store", "--format", name, "--output", &file,
            ],
        );
        let expected = if datasets { quads } else { triples };
        assert_eq!(reload(&dir.join(&file), format) as u64, expected, "{name}");
    }
}

#[test]
fn dot_export_renders_with_graphviz_without_warnings() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    succeeds(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--format",
            "dot",
            "--output",
            "policy.dot",
        ],
    );
    let dot = std::fs::read_to_string(dir.join("policy.dot")).unwrap();
    assert!(dot.contains("cluster"), "no clusters in the DOT");
    assert!(dot.contains("广东省") && dot.contains("粤治慧"));

    // One cluster per region drawn, i.e. per region with a platform, initiative, target or goal.
    let mut clusters: Vec<&str> = dot
        .split("subgraph cluster_")
        .skip(1)
        .filter_map(|s| s.split_whitespace().next())
        .filter(|name| *name != "legend")
        .collect();
    clusters.sort();
    let codes = succeeds(
        dir,
        &[
            "query",
            "--store",
            "store",
            "--format",
            "csv",
            "SELECT DISTINCT ?code WHERE { ?r gk:adminCode ?code . { ?r gk:operatesPlatform|gk:adoptsInitiative ?x } UNION { ?t a ?c ; gk:region ?r FILTER(?c IN (gk:Target, gk:Goal)) } } ORDER BY ?code",
        ],
    );
    let codes: Vec<&str> = codes.lines().skip(1).map(str::trim).collect();
    assert!(codes.len() >= 25, "only {} regions with facts", codes.len());
    assert_eq!(clusters, codes, "region clusters");

    let out = tool(
        dir,
        "dot",
        "graphviz",
        &["-Tsvg", "policy.dot", "-o", "policy.svg"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed:\n{stderr}");
    assert!(stderr.is_empty(), "dot warned:\n{stderr}");
    let svg = std::fs::read_to_string(dir.join("policy.svg")).unwrap();
    assert!(svg.starts_with("<?xml") || svg.contains("<svg"), "not SVG");
    assert!(svg.contains("</svg>"), "SVG is cut short");
    assert!(svg.contains("广东省") && svg.contains("粤治慧"));
}

#[test]
fn query_output_formats_are_well_formed() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let select = "SELECT ?code ?label WHERE { ?r a gk:Region ; gk:adminCode ?code ; rdfs:label ?label FILTER(lang(?label) = \"zh\") } ORDER BY ?code";
    let query = |format: &str, sparql: &str| {
        succeeds(
            dir,
            &["query", "--store", "store", "--format", format, sparql],
        )
    };

    let json: serde_json::Value = serde_json::from_str(&query("json", select)).expect("JSON");
    assert_eq!(json["head"]["vars"], serde_json::json!(["code", "label"]));
    let bindings = json["results"]["bindings"].as_array().expect("bindings");
    assert!(bindings.iter().any(|b| b["label"]["value"] == "广东省"));

    let xml = query("xml", select);
    assert!(xml.contains("<sparql"), "{xml}");
    assert!(xml.contains("广东省"));

    let csv = query("csv", select);
    assert_eq!(csv.lines().next().map(str::trim), Some("code,label"));
    assert!(csv.contains("440000,广东省"));

    let tsv = query("tsv", select);
    assert_eq!(tsv.lines().next().map(str::trim), Some("?code\t?label"));

    let table = query("table", select);
    assert!(table.contains("广东省"), "{table}");

    // Without --format, a pipe gets CSV for solutions and Turtle for graphs.
    let plain = succeeds(dir, &["query", "--store", "store", select]);
    assert_eq!(plain, csv);
    let construct =
        "CONSTRUCT { ?r rdfs:label ?label } WHERE { ?r a gk:Region ; rdfs:label ?label }";
    let turtle = succeeds(dir, &["query", "--store", "store", construct]);
    assert!(turtle.contains("广东省"));
    let store = oxigraph::store::Store::new().unwrap();
    store
        .load_from_reader(oxigraph::io::RdfFormat::Turtle, turtle.as_bytes())
        .unwrap_or_else(|e| panic!("CONSTRUCT output is not Turtle ({e}):\n{turtle}"));
    assert!(store.len().unwrap() >= 32);

    let ask = query("json", "ASK { ?r gk:adminCode \"440000\" }");
    let ask: serde_json::Value = serde_json::from_str(&ask).expect("JSON");
    assert_eq!(ask["boolean"], serde_json::json!(true));
}

#[test]
fn every_listed_named_query_runs() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let list = succeeds(dir, &["query", "--list"]);
    let names: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() >= 10, "too few named queries:\n{list}");
    for line in list.lines() {
        assert!(
            line.split_whitespace().nth(1).is_some(),
            "named query without a description: {line}"
        );
    }
    for name in names {
        let csv = succeeds(dir, &["query", "--store", "store", "--format", "csv", name]);
        assert!(
            csv.lines().next().is_some_and(|h| !h.trim().is_empty()),
            "{name}: no header"
        );
    }
}

#[test]
fn stats_prints_the_counts_and_a_line_per_region() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let stats = succeeds(dir, &["stats", "--store", "store"]);
    let class = |name: &str| -> u64 {
        stats
            .lines()
            .find_map(|l| {
                let mut words = l.split_whitespace();
                (words.next() == Some(name)).then(|| words.next()?.parse().ok())?
            })
            .unwrap_or_else(|| panic!("no {name} line:\n{stats}"))
    };
    assert_eq!(class("documents"), 1);
    assert_eq!(class("targets"), count(dir, "store", TARGETS));
    assert_eq!(class("quads"), count(dir, "store", QUADS));
    for name in ["regions", "platforms", "initiatives", "goals", "mentions"] {
        assert!(class(name) > 0, "{name} is 0:\n{stats}");
    }
    let guangdong = stats
        .lines()
        .find(|l| l.starts_with("440000"))
        .unwrap_or_else(|| panic!("no line for 440000:\n{stats}"));
    assert!(guangdong.contains("广东省"), "{guangdong}");
    let numbers: Vec<u64> = guangdong
        .split_whitespace()
        .skip(2)
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 4, "{guangdong}");
    assert!(numbers.iter().all(|&n| n > 0), "{guangdong}");
    let region_lines = stats
        .lines()
        .filter(|l| l.len() > 6 && l.as_bytes()[..6].iter().all(u8::is_ascii_digit))
        .count() as u64;
    assert_eq!(region_lines, class("regions"), "{stats}");
}

#[test]
fn build_summary_counts_the_triples_stored() {
    let tmp = tempdir();
    let dir = tmp.path();
    let summary = succeeds(dir, &["build", "--store", "store"]);
    let line = summary
        .lines()
        .find(|l| l.trim_start().starts_with("triples"))
        .unwrap_or_else(|| panic!("no triples line:\n{summary}"));
    let mut numbers = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|n| n.parse::<u64>().unwrap());
    let (document, store) = (numbers.next().unwrap(), numbers.next().unwrap());
    assert_eq!(store, count(dir, "store", QUADS), "{line}");
    let sizes = graph_sizes(dir, "store");
    assert_eq!(Some(&document), sizes.get(CORPUS_GRAPH), "{line}");
}

#[test]
fn export_into_a_missing_directory_fails_and_leaves_no_file() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let before = snapshot(dir);
    for format in ["turtle", "dot"] {
        fails(
            dir,
            &[
                "export",
                "--store",
                "store",
                "--format",
                format,
                "--output",
                "no-such-dir/graph.out",
            ],
            &["no-such-dir", "No such file or directory"],
        );
        assert!(!dir.join("no-such-dir").exists());
        assert_eq!(snapshot(dir), before, "{format}: files left behind");
    }
}

#[test]
fn export_into_a_missing_directory_names_the_output_path() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let message = fails(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--format",
            "turtle",
            "--output",
            "no-such-dir/graph.ttl",
        ],
        &["no-such-dir/graph.ttl"],
    );
    assert!(
        !message.contains(".tmp"),
        "the message names an internal temporary file: {message}"
    );
}

/// A proposal that names no region of its own, only “我市” and a platform.
const UNHEADED_PROPOSAL: &str =
    "关于加强宣传推广的建议\n\n我市政务服务平台实名用户突破800万,“放管服”改革持续深化。\n";

#[test]
fn a_manifest_beside_the_documents_overrides_region_date_and_genre() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "docs/a.txt", UNHEADED_PROPOSAL.as_bytes());
    write(
        dir,
        "docs/manifest.csv",
        "file,title,url,region,date,genre\na.txt,宣传推广建议,https://example.org/a,吉安市,2019-11-02,proposal\n"
            .as_bytes(),
    );
    let out = succeeds(dir, &["build", "--store", "s", "docs"]);
    assert!(
        out.contains("manifest    docs/manifest.csv (1 document)"),
        "{out}"
    );
    let docs = succeeds(
        dir,
        &["query", "--store", "s", "--format", "csv", "documents"],
    );
    assert!(
        docs.contains("a.txt,proposal,吉安市,2019,宣传推广建议"),
        "the document model should be the manifest's:\n{docs}"
    );
    // The facts follow the manifest's region.
    let names = succeeds(
        dir,
        &[
            "query",
            "--store",
            "s",
            "--format",
            "csv",
            "SELECT ?code WHERE { ?r gk:adoptsInitiative ?i ; gk:adminCode ?code }",
        ],
    );
    assert!(names.contains("360800"), "{names}");
    let issued = count(
        dir,
        "s",
        "SELECT (COUNT(*) AS ?n) WHERE { ?d dcterms:issued \"2019-11-02\"^^xsd:date ; dcterms:source \"https://example.org/a\" }",
    );
    assert_eq!(issued, 1);
}

#[test]
fn a_bad_manifest_names_its_line_and_leaves_the_store_unchanged() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "docs/a.txt", UNHEADED_PROPOSAL.as_bytes());
    succeeds(dir, &["build", "--store", "s", "docs/a.txt"]);
    let before = graph_sizes(dir, "s");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "manifest.csv",
            "file,region\na.txt,火星\n",
            &["manifest.csv: line 2", "region \"火星\"", "440000"],
        ),
        (
            "manifest.csv",
            "file,genre\na.txt,memo\n",
            &["line 2", "genre \"memo\"", "work-points"],
        ),
        (
            "manifest.csv",
            "file,date\na.txt,2019-13-01\n",
            &["line 2", "date \"2019-13-01\""],
        ),
        (
            "manifest.csv",
            "file,region\nb.txt,江西\n",
            &["line 2", "\"b.txt\" does not exist"],
        ),
        (
            "manifest.csv",
            "file,colour\na.txt,red\n",
            &["manifest.csv: line", "colour"],
        ),
        (
            "manifest.json",
            "[{\"file\": \"a.txt\",}]",
            &["manifest.json: line 1, column", "not a manifest"],
        ),
    ];
    for (name, content, words) in cases {
        let _ = std::fs::remove_file(dir.join("docs/manifest.csv"));
        let _ = std::fs::remove_file(dir.join("docs/manifest.json"));
        write(dir, &format!("docs/{name}"), content.as_bytes());
        fails(dir, &["build", "--store", "s", "docs"], words);
        assert_eq!(graph_sizes(dir, "s"), before, "{content}");
    }
}

#[test]
fn rules_from_a_file_change_what_is_read_and_their_examples_are_checked() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.txt", SMALL_DOCUMENT.as_bytes());
    let shipped =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/rules.toml"))
            .unwrap();
    // Without 以上 as a suffix, “98%以上” is a plain value, and the rule's example fails.
    let changed = shipped.replacen("cues = [\"及以上\", \"以上\"]", "cues = [\"及以上\"]", 1);
    assert_ne!(changed, shipped);
    write(dir, "rules.toml", changed.as_bytes());
    let comparators = "SELECT ?c WHERE { ?t gk:value 98 ; gk:comparator ?c }";
    succeeds(dir, &["build", "--store", "s", "a.txt"]);
    let shipped_out = succeeds(
        dir,
        &["query", "--store", "s", "--format", "csv", comparators],
    );
    assert!(shipped_out.contains(">="), "{shipped_out}");
    let out = govkg(
        dir,
        &["build", "--store", "s", "--rules", "rules.toml", "a.txt"],
    );
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("comparator-suffix-ge") && stderr.contains("do not hold"),
        "the failing example should be named:\n{stderr}"
    );
    let changed_out = succeeds(
        dir,
        &["query", "--store", "s", "--format", "csv", comparators],
    );
    assert!(
        changed_out.contains("\n=") || changed_out.contains("\r\n="),
        "{changed_out}"
    );
    // Every fact names its rule.
    let unnamed = count(
        dir,
        "s",
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a gk:Mention FILTER NOT EXISTS { ?m gk:rule ?r } }",
    );
    assert_eq!(unnamed, 0);
    // A misspelt id is an error naming it.
    write(
        dir,
        "bad.toml",
        shipped
            .replacen("id = \"comparator-gt\"", "id = \"comparator-gtt\"", 1)
            .as_bytes(),
    );
    fails(
        dir,
        &["build", "--store", "s", "--rules", "bad.toml", "a.txt"],
        &["comparator-gt"],
    );
}

#[test]
fn query_timeout_stops_a_runaway_query_with_a_message() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let started = std::time::Instant::now();
    fails(
        dir,
        &[
            "query",
            "--store",
            "store",
            "--timeout",
            "1",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        ],
        &["stopped after 1 s", "--timeout"],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the query ran {:?}",
        started.elapsed()
    );
    // A quick query is unaffected.
    succeeds(
        dir,
        &["query", "--store", "store", "--timeout", "30", "ASK {}"],
    );
    fails(
        dir,
        &["query", "--store", "store", "--timeout", "0", "ASK {}"],
        &["--timeout", "positive"],
    );
}

#[test]
fn small_query_mistakes_get_a_warning_instead_of_silence() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let cases: &[(&str, &str)] = &[
        (
            "SELECT ?p WHERE { ?r gk:operatePlatform ?p }",
            "gk:operatePlatform is not in the vocabulary (ontology/govkg.ttl); did you mean gk:operatesPlatform?",
        ),
        (
            "SELECT ?t WHERE { ?t a gk:Targets }",
            "did you mean gk:Target?",
        ),
        (
            "SELECT ?p WHERE { ?r gk:operatesPlatform ?p ; rdfs:label \"广东省\" }",
            "write \"广东省\"@zh",
        ),
        (
            "SELECT ?p WHERE { ?r gk:operatesPlatform ?p ; rdfs:label \"广东\"@zh }",
            "did you mean \"广东省\"@zh?",
        ),
    ];
    for (query, words) in cases {
        let out = govkg(
            dir,
            &["query", "--store", "store", "--format", "csv", query],
        );
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning: ") && stderr.contains(words),
            "{query}: {stderr}"
        );
    }
    // A query that is right gets none.
    let out = govkg(
        dir,
        &[
            "query",
            "--store",
            "store",
            "SELECT ?p WHERE { ?r gk:operatesPlatform ?p ; rdfs:label \"广东省\"@zh }",
        ],
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_says_what_it_wrote_and_csv_can_open_in_excel() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let out = govkg(
        dir,
        &[
            "export", "--store", "store", "--format", "dot", "--output", "g.dot",
        ],
    );
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    let size = std::fs::metadata(dir.join("g.dot")).unwrap().len();
    assert!(
        said.starts_with("wrote g.dot (dot, ") && said.contains(&format!("{size} bytes")),
        "{said}"
    );
    let nodes: usize = said
        .split(", ")
        .find_map(|p| p.strip_suffix(" nodes"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(nodes > 10, "{said}");

    let csv = govkg(
        dir,
        &[
            "query",
            "--store",
            "store",
            "--format",
            "csv",
            "--bom",
            "platforms-by-region",
        ],
    );
    assert!(csv.status.success());
    assert!(csv
        .stdout
        .starts_with("\u{feff}code,region,platform".as_bytes()));
    fails(
        dir,
        &[
            "query",
            "--store",
            "store",
            "--format",
            "json",
            "--bom",
            "platforms-by-region",
        ],
        &["--bom", "csv"],
    );
}

// ---------------------------------------------------------------------------------------------
// Document identity: a document is keyed by its path below the folder built (its file name
// when given itself, or its manifest id); `govkg remove` and `govkg build --sync`.

/// Two texts under one file name, for two years.
const GUANGDONG_2025: &str = "广东省数字政府建设要点\n到2025年，广东省政务服务事项网上可办率达到95%以上，“粤省事”实名用户超过1亿。\n";
const GUANGDONG_2026: &str =
    "广东省数字政府建设要点\n到2026年，广东省政务服务事项网上可办率达到98%以上。\n";

/// The keys of the documents in `store`, as `govkg query documents` lists them.
fn document_keys(dir: &Path, store: &str) -> Vec<String> {
    let csv = succeeds(
        dir,
        &["query", "--store", store, "--format", "csv", "documents"],
    );
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// `c/2025/440000_guangdong.txt` and `c/2026/440000_guangdong.txt` in `dir`.
fn two_years(dir: &Path) {
    write(
        dir,
        "c/2025/440000_guangdong.txt",
        GUANGDONG_2025.as_bytes(),
    );
    write(
        dir,
        "c/2026/440000_guangdong.txt",
        GUANGDONG_2026.as_bytes(),
    );
}

/// The triples of the union default graph.
const UNION_TRIPLES: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

#[test]
fn two_files_of_the_same_name_in_two_folders_are_two_documents() {
    let tmp = tempdir();
    let dir = tmp.path();
    two_years(dir);
    let out = govkg(dir, &["build", "--store", "s", "c"]);
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("replaced"),
        "a first build replaces nothing:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        document_keys(dir, "s"),
        ["2025/440000_guangdong.txt", "2026/440000_guangdong.txt"]
    );
    // Each keeps its own facts: the 2025 and the 2026 target.
    let years = succeeds(
        dir,
        &[
            "query",
            "--store",
            "s",
            "--format",
            "csv",
            "SELECT ?key ?year WHERE { ?t a gk:Target ; gk:targetYear ?year ; gk:document/gk:documentKey ?key } ORDER BY ?key",
        ],
    );
    assert!(years.contains("2025/440000_guangdong.txt,2025"), "{years}");
    assert!(years.contains("2026/440000_guangdong.txt,2026"), "{years}");
    // Both have the file name the contract queries join on.
    let named = count(
        dir,
        "s",
        "SELECT (COUNT(?d) AS ?n) WHERE { ?d gk:fileName \"440000_guangdong.txt\" }",
    );
    assert_eq!(named, 2);

    // A manifest's id keys the document instead of its path.
    write(
        dir,
        "m/2025/440000_guangdong.txt",
        GUANGDONG_2025.as_bytes(),
    );
    write(
        dir,
        "m/manifest.csv",
        "file,id\n2025/440000_guangdong.txt,gd-2025-plan\n".as_bytes(),
    );
    succeeds(dir, &["build", "--store", "m-store", "m"]);
    assert_eq!(document_keys(dir, "m-store"), ["gd-2025-plan"]);
    assert_eq!(
        count(
            dir,
            "m-store",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govkg/id/document/gd-2025-plan> { ?d a gk:Document } }"
        ),
        1
    );
    // Two ids alike are refused before the store is touched.
    write(
        dir,
        "m/2026/440000_guangdong.txt",
        GUANGDONG_2026.as_bytes(),
    );
    write(
        dir,
        "m/manifest.csv",
        "file,id\n2025/440000_guangdong.txt,gd\n2026/440000_guangdong.txt,gd\n".as_bytes(),
    );
    fails(
        dir,
        &["build", "--store", "m-store", "m"],
        &["manifest.csv", "line 3", "id \"gd\"", "twice"],
    );
    assert_eq!(document_keys(dir, "m-store"), ["gd-2025-plan"]);
}

#[test]
fn building_the_same_key_again_replaces_it_and_says_which_document() {
    let tmp = tempdir();
    let dir = tmp.path();
    two_years(dir);
    // Given themselves, both files are keyed by their file name: the second replaces the first,
    // and says so, naming the file each came from.
    succeeds(
        dir,
        &["build", "--store", "s", "c/2025/440000_guangdong.txt"],
    );
    let out = govkg(
        dir,
        &["build", "--store", "s", "c/2026/440000_guangdong.txt"],
    );
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("replaced 440000_guangdong.txt (built before from c/2025/440000_guangdong.txt, now from c/2026/440000_guangdong.txt)"),
        "{stderr}"
    );
    assert_eq!(document_keys(dir, "s"), ["440000_guangdong.txt"]);
    let year = succeeds(
        dir,
        &[
            "query",
            "--store",
            "s",
            "--format",
            "csv",
            "SELECT ?y WHERE { ?t a gk:Target ; gk:targetYear ?y }",
        ],
    );
    assert_eq!(year.lines().nth(1).map(str::trim), Some("2026"), "{year}");

    // Built again from its folder, each document is replaced by its own file.
    succeeds(dir, &["build", "--store", "t", "c"]);
    let out = govkg(dir, &["build", "--store", "t", "c"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for year in ["2025", "2026"] {
        assert!(
            stderr.contains(&format!(
                "replaced {year}/440000_guangdong.txt (built again from c/{year}/440000_guangdong.txt)"
            )),
            "{stderr}"
        );
    }
    assert_eq!(document_keys(dir, "t").len(), 2);
}

#[test]
fn remove_takes_documents_out_and_the_store_still_validates() {
    let tmp = tempdir();
    let dir = tmp.path();
    two_years(dir);
    succeeds(dir, &["build", "--store", "s"]);
    succeeds(dir, &["build", "--store", "s", "c"]);
    let before = graph_sizes(dir, "s");
    let removed_graph = "https://w3id.org/govkg/id/document/2025%2F440000_guangdong.txt";
    assert!(before.contains_key(removed_graph), "{before:?}");

    let out = succeeds(
        dir,
        &["remove", "--store", "s", "2025/440000_guangdong.txt"],
    );
    assert!(
        out.contains("removed 2025/440000_guangdong.txt (built from c/2025/440000_guangdong.txt)"),
        "{out}"
    );
    assert!(out.contains("removed 1 document from s; 2 left"), "{out}");
    assert_eq!(
        document_keys(dir, "s"),
        [
            "2026/440000_guangdong.txt",
            "digital-government-2025-goals.txt"
        ]
    );
    // Its graph is gone, every other graph as it was.
    let after = graph_sizes(dir, "s");
    let mut expected = before.clone();
    expected.remove(removed_graph);
    assert_eq!(after, expected);
    succeeds(dir, &["validate", "--store", "s"]);

    // The store is what a build of the documents left gives, union default graph included:
    // no triple only the removed document stated is left behind.
    std::fs::remove_file(dir.join("c/2025/440000_guangdong.txt")).unwrap();
    succeeds(dir, &["build", "--store", "fresh"]);
    succeeds(dir, &["build", "--store", "fresh", "c"]);
    assert_eq!(
        sorted_nquads(dir, "s", true),
        sorted_nquads(dir, "fresh", true)
    );
    assert_eq!(
        count(dir, "s", UNION_TRIPLES),
        count(dir, "fresh", UNION_TRIPLES)
    );

    // By the path of the file it was built from, and by a file name only one document has.
    let out = succeeds(
        dir,
        &[
            "remove",
            "--store",
            "s",
            "c/2026/440000_guangdong.txt",
            "digital-government-2025-goals.txt",
        ],
    );
    assert!(out.contains("removed 2026/440000_guangdong.txt"), "{out}");
    assert!(out.contains("removed 2 documents from s; 0 left"), "{out}");
    assert!(document_keys(dir, "s").is_empty());
    succeeds(dir, &["validate", "--store", "s"]);
}

#[test]
fn a_store_built_before_documents_had_keys_still_opens_queries_and_removes() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "old/a.txt", GUANGDONG_2025.as_bytes());
    write(dir, "old/b.txt", SMALL_DOCUMENT.as_bytes());
    write(dir, "old/c.txt", GUANGDONG_2026.as_bytes());
    succeeds(dir, &["build", "--store", "s", "old"]);
    // What the previous govkg wrote: the same graphs, without gk:documentKey and gk:sourceFile.
    {
        let current = std::fs::read_to_string(dir.join("s/current")).unwrap();
        let store = oxigraph::store::Store::open(dir.join("s").join(current.trim())).unwrap();
        for property in ["documentKey", "sourceFile"] {
            let p = oxigraph::model::NamedNode::new(format!(
                "https://w3id.org/govkg/ontology#{property}"
            ))
            .unwrap();
            let quads: Vec<_> = store
                .quads_for_pattern(None, Some(p.as_ref()), None, None)
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(!quads.is_empty());
            for q in &quads {
                store.remove(q).unwrap();
            }
        }
        store.flush().unwrap();
    }
    assert_eq!(
        count(
            dir,
            "s",
            "SELECT (COUNT(*) AS ?n) WHERE { ?d gk:documentKey ?k }"
        ),
        0
    );
    assert_eq!(document_keys(dir, "s"), ["a.txt", "b.txt", "c.txt"]);
    succeeds(dir, &["validate", "--store", "s"]);
    // Building a file again replaces its document (same IRI), saying its file was not recorded.
    let out = govkg(dir, &["build", "--store", "s", "old/a.txt"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "replaced a.txt (its file before is not recorded in the store; now from old/a.txt)"
        ),
        "{stderr}"
    );
    assert_eq!(document_keys(dir, "s"), ["a.txt", "b.txt", "c.txt"]);
    // --sync leaves alone what it cannot tell came from the folder; remove takes it by name.
    std::fs::remove_file(dir.join("old/c.txt")).unwrap();
    succeeds(dir, &["build", "--store", "s", "--sync", "old"]);
    assert_eq!(document_keys(dir, "s"), ["a.txt", "b.txt", "c.txt"]);
    let out = succeeds(dir, &["remove", "--store", "s", "c.txt"]);
    assert!(out.contains("removed c.txt\n"), "{out}");
    assert_eq!(document_keys(dir, "s"), ["a.txt", "b.txt"]);
    succeeds(dir, &["validate", "--store", "s"]);
}

#[test]
fn remove_of_an_unknown_or_ambiguous_document_fails_and_changes_nothing() {
    let tmp = tempdir();
    let dir = tmp.path();
    two_years(dir);
    succeeds(dir, &["build", "--store", "s", "c"]);
    let before = graph_sizes(dir, "s");
    let union = count(dir, "s", UNION_TRIPLES);
    let cases: &[(&[&str], &[&str])] = &[
        // A known document beside an unknown one: neither goes.
        (
            &["2025/440000_guangdong.txt", "nope.txt"],
            &["\"nope.txt\"", "no document", "nothing was removed"],
        ),
        (
            &["nope.txt", "gone/x.txt"],
            &["\"nope.txt\", \"gone/x.txt\"", "nothing was removed"],
        ),
        // Two documents have this file name: which one is meant is not guessed.
        (
            &["440000_guangdong.txt"],
            &[
                "440000_guangdong.txt",
                "2 documents",
                "2025/440000_guangdong.txt, 2026/440000_guangdong.txt",
                "nothing was removed",
            ],
        ),
    ];
    for (names, words) in cases {
        let mut args = vec!["remove", "--store", "s"];
        args.extend(names.iter());
        fails(dir, &args, words);
        assert_eq!(graph_sizes(dir, "s"), before, "{names:?}");
        assert_eq!(count(dir, "s", UNION_TRIPLES), union, "{names:?}");
    }
    // No store: an error, and none is made.
    fails(
        dir,
        &["remove", "--store", "nowhere", "a.txt"],
        &["nowhere", "no store here yet"],
    );
    assert!(!dir.join("nowhere").exists());
}

#[test]
fn build_sync_removes_the_documents_of_files_gone_from_the_folder() {
    let tmp = tempdir();
    let dir = tmp.path();
    two_years(dir);
    write(dir, "elsewhere/other.txt", SMALL_DOCUMENT.as_bytes());
    succeeds(dir, &["build", "--store", "s"]);
    succeeds(dir, &["build", "--store", "s", "c", "elsewhere/other.txt"]);
    assert_eq!(document_keys(dir, "s").len(), 4);

    std::fs::remove_file(dir.join("c/2026/440000_guangdong.txt")).unwrap();
    // Without --sync, the document of the deleted file stays.
    succeeds(dir, &["build", "--store", "s", "c"]);
    assert_eq!(document_keys(dir, "s").len(), 4);
    let out = govkg(dir, &["build", "--store", "s", "--sync", "c"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "removed 2026/440000_guangdong.txt (c/2026/440000_guangdong.txt is no longer there)"
        ),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("removed            1"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Documents from elsewhere, and the bundled corpus, stay.
    assert_eq!(
        document_keys(dir, "s"),
        [
            "2025/440000_guangdong.txt",
            "digital-government-2025-goals.txt",
            "other.txt"
        ]
    );
    succeeds(dir, &["validate", "--store", "s"]);
    // The union default graph holds nothing of the removed document.
    succeeds(dir, &["build", "--store", "fresh"]);
    succeeds(
        dir,
        &["build", "--store", "fresh", "c", "elsewhere/other.txt"],
    );
    assert_eq!(
        count(dir, "s", UNION_TRIPLES),
        count(dir, "fresh", UNION_TRIPLES)
    );

    // --sync takes folders only, and checks that before the store is touched.
    let before = graph_sizes(dir, "s");
    fails(
        dir,
        &["build", "--store", "s", "--sync", "elsewhere/other.txt"],
        &["elsewhere/other.txt", "--sync", "not a folder"],
    );
    assert_eq!(graph_sizes(dir, "s"), before);
}
