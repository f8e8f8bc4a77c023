//! End-to-end tests of the pictures `govkg export` makes from the bundled corpus: the SVG of a
//! region shows its platforms and targets, English labels fall back as they should, GraphML
//! and JSON hold as many nodes of each kind as SPARQL counts, every format parses with a real
//! parser (XML for SVG and GraphML, JSON, CSV; PNG and PDF by their headers), filters and
//! CONSTRUCT queries draw what they say, and a missing GraphViz or a slow layout fails with a
//! message that says what to do.
//!
//! Each test works in its own temporary directory and passes `--store`. They need GraphViz and
//! a CJK font (`.ci/setup --test` installs both).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// Runs govkg in `dir`, with `path` as $PATH when given. Asserts that it did not panic.
fn run(dir: &Path, args: &[&str], path: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_govkg"));
    command
        .args(args)
        .current_dir(dir)
        .env("GOVKG_STORE", dir.join("env-store"));
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let out = command.output().expect("cannot run the govkg binary");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "govkg {args:?} panicked:\n{stderr}"
    );
    out
}

/// Runs govkg, asserts success and returns its standard output.
fn succeeds(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = run(dir, args, None);
    assert!(
        out.status.success(),
        "govkg {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs govkg, asserts success and returns its standard output as text.
fn text(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(succeeds(dir, args)).expect("govkg printed invalid UTF-8")
}

/// Runs govkg, asserts it failed with status 1 and one `error:` message containing each of
/// `words`; returns the message.
fn fails(dir: &Path, args: &[&str], path: Option<&Path>, words: &[&str]) -> String {
    let out = run(dir, args, path);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "govkg {args:?} should fail; stderr:\n{stderr}"
    );
    assert!(out.stdout.is_empty(), "govkg {args:?} failed but printed");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for word in words {
        assert!(
            stderr.contains(word),
            "govkg {args:?}: message should contain {word:?}:\n{stderr}"
        );
    }
    stderr
}

/// A temporary directory with the bundled corpus built into `store`.
fn built() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("cannot create a temporary directory");
    succeeds(tmp.path(), &["build", "--store", "store"]);
    tmp
}

/// The number a one-cell `SELECT (COUNT(..) AS ?n)` query returns.
fn count(dir: &Path, sparql: &str) -> usize {
    let csv = text(
        dir,
        &["query", "--store", "store", "--format", "csv", sparql],
    );
    let cell = csv.lines().nth(1).unwrap_or_default().trim().to_string();
    cell.parse()
        .unwrap_or_else(|_| panic!("{sparql}: not a count: {csv}"))
}

/// The first column of a SELECT query's rows.
fn column(dir: &Path, sparql: &str) -> Vec<String> {
    let csv = text(
        dir,
        &["query", "--store", "store", "--format", "csv", sparql],
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.expect("CSV row")[0].to_string())
        .collect()
}

/// Counts, per kind, of what the graph should draw: regions with facts, platforms and
/// initiatives they run and adopt, targets and goals; `within` is a SPARQL pattern on ?r.
fn sparql_counts(dir: &Path, within: &str) -> BTreeMap<String, usize> {
    let queries = [
        // Goals not about digital government are not drawn.
        ("region", format!("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {{ ?r gk:operatesPlatform|gk:adoptsInitiative ?x }} UNION {{ ?f gk:region ?r . ?f a ?c FILTER(?c IN (gk:Target, gk:Goal)) FILTER NOT EXISTS {{ ?f gk:digitalGovernment false }} }} {within} }}")),
        ("platform", format!("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?r gk:operatesPlatform ?x {within} }}")),
        ("initiative", format!("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?r gk:adoptsInitiative ?x {within} }}")),
        ("target", format!("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a gk:Target ; gk:region ?r {within} }}")),
        ("goal", format!("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a gk:Goal ; gk:region ?r FILTER NOT EXISTS {{ ?t gk:digitalGovernment false }} {within} }}")),
    ];
    queries
        .into_iter()
        .map(|(kind, q)| (kind.to_string(), count(dir, &q)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

const IN_GUANGDONG: &str = ". ?r gk:partOf* ?p . ?p gk:adminCode \"440000\"";

fn xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}"))
}

/// The text of each node of a GraphViz SVG, its wrapped lines joined.
fn svg_node_texts(svg: &str) -> Vec<String> {
    let doc = xml(svg);
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "g" && n.attribute("class") == Some("node"))
        .map(|g| {
            g.descendants()
                .filter(|t| t.tag_name().name() == "text")
                .filter_map(|t| t.text())
                .collect::<Vec<_>>()
                .join("")
        })
        .collect()
}

/// Node kinds counted in a GraphML document.
fn graphml_counts(graphml: &str) -> BTreeMap<String, usize> {
    let doc = xml(graphml);
    assert_eq!(doc.root_element().tag_name().name(), "graphml");
    let mut counts = BTreeMap::new();
    for node in doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://graphml.graphdrawing.org/xmlns", "node")))
    {
        let kind = node
            .children()
            .find(|d| d.tag_name().name() == "data" && d.attribute("key") == Some("kind"))
            .and_then(|d| d.text())
            .unwrap_or_else(|| panic!("node {:?} has no kind", node.attribute("id")));
        *counts.entry(kind.to_string()).or_insert(0) += 1;
    }
    counts
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON: {e}"))
}

/// Node kinds counted in node-link JSON, after checking every link joins two nodes.
fn json_counts(doc: &serde_json::Value) -> BTreeMap<String, usize> {
    let nodes = doc["nodes"].as_array().expect("nodes");
    let ids: std::collections::HashSet<&str> = nodes
        .iter()
        .map(|n| n["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), nodes.len(), "node ids are not unique");
    for link in doc["links"].as_array().expect("links") {
        for end in ["source", "target"] {
            let id = link[end].as_str().expect("link end");
            assert!(ids.contains(id), "link to a missing node {id}");
        }
        assert!(link["label"].as_str().is_some_and(|l| l.starts_with("gk:")));
    }
    let mut counts = BTreeMap::new();
    for n in nodes {
        assert!(n["label"].as_str().is_some_and(|l| !l.is_empty()), "{n}");
        *counts
            .entry(n["kind"].as_str().expect("kind").to_string())
            .or_insert(0) += 1;
    }
    counts
}

#[test]
fn region_svg_shows_its_platforms_and_targets() {
    let tmp = built();
    let dir = tmp.path();
    let svg = text(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--region",
            "广东省",
            "--format",
            "svg",
        ],
    );
    let nodes = svg_node_texts(&svg);
    for platform in ["粤治慧", "粤政易"] {
        assert!(
            nodes.iter().any(|n| n == platform),
            "no {platform}: {nodes:?}"
        );
    }
    let metrics = column(
        dir,
        &format!("SELECT ?metric WHERE {{ ?t a gk:Target ; gk:region ?r ; gk:metric ?metric {IN_GUANGDONG} }}"),
    );
    assert!(metrics.len() >= 5, "{metrics:?}");
    for metric in &metrics {
        assert!(
            nodes.iter().any(|n| n.contains(metric.as_str())),
            "target {metric} is not drawn: {nodes:?}"
        );
    }
    // Targets read "≥99% · 2025 · 政府数据共享需求满足率".
    assert!(
        nodes.iter().any(|n| n.starts_with("≥99% · 2025")),
        "{nodes:?}"
    );
    // Only Guangdong: no other province, one region cluster.
    assert!(!nodes.iter().any(|n| n == "江苏省"));
    assert_eq!(
        svg.matches("<title>cluster_").count(),
        2,
        "Guangdong's and the legend's"
    );
    assert!(svg.contains("font-family=\"Noto Sans CJK SC\""));
}

#[test]
fn english_labels_with_fallback() {
    let tmp = built();
    let dir = tmp.path();
    let svg = text(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--region",
            "Guangdong",
            "--lang",
            "en",
            "--format",
            "svg",
        ],
    );
    let nodes = svg_node_texts(&svg);
    assert!(nodes.iter().any(|n| n == "Guangdong"), "{nodes:?}");
    assert!(
        nodes.iter().any(|n| n.starts_with("Yue Zhi Hui")),
        "{nodes:?}"
    );
    assert!(
        nodes.iter().any(|n| n.contains("Inter-Provincial")),
        "{nodes:?}"
    );
    assert!(
        !nodes.iter().any(|n| n == "广东省" || n == "粤治慧"),
        "{nodes:?}"
    );
    // A target's metric is English when every term of it is known (data/metric-terms.csv),
    // else Chinese as the text says it.
    assert!(nodes.iter().any(|n| n.contains("extranet")), "{nodes:?}");
    assert!(nodes.iter().any(|n| n.contains("与内部系统")), "{nodes:?}");
    assert!(svg.contains("Legend") && !svg.contains("图例"));
    // Their units are English where English exists (data/units.csv): no 个, 项 or 天 after a
    // number.
    let units = regex::Regex::new(r"\d(个|项|天|户|件)").unwrap();
    assert!(
        !nodes.iter().any(|n| units.is_match(n)),
        "{:?}",
        nodes
            .iter()
            .filter(|n| units.is_match(n))
            .collect::<Vec<_>>()
    );
    let zh = text(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--region",
            "Guangdong",
            "--format",
            "svg",
        ],
    );
    assert!(
        svg_node_texts(&zh).iter().any(|n| units.is_match(n)),
        "the Chinese drawing keeps its units"
    );
}

#[test]
fn graphml_and_json_count_what_sparql_counts() {
    let tmp = built();
    let dir = tmp.path();
    for (filter, within) in [(None, ""), (Some("广东省"), IN_GUANGDONG)] {
        let mut args = vec!["export", "--store", "store"];
        if let Some(region) = filter {
            args.extend(["--region", region]);
        }
        let expected = sparql_counts(dir, within);
        let graphml = text(dir, &[args.as_slice(), &["--format", "graphml"]].concat());
        assert_eq!(graphml_counts(&graphml), expected, "GraphML, {filter:?}");
        let doc = json(&succeeds(
            dir,
            &[args.as_slice(), &["--format", "json"]].concat(),
        ));
        assert_eq!(json_counts(&doc), expected, "JSON, {filter:?}");
        assert_eq!(doc["directed"], true);
    }
    // The whole bundled graph: every kind is there.
    let all = sparql_counts(dir, "");
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all["region"] >= 25 && all["target"] >= 25, "{all:?}");
}

#[test]
fn every_format_parses() {
    let tmp = built();
    let dir = tmp.path();
    let export = |format: &str, extra: &[&str]| -> Vec<u8> {
        let file = format!("out-{format}-{}.{format}", extra.len());
        let mut args = vec!["export", "--store", "store", "--output", file.as_str()];
        args.extend(extra);
        succeeds(dir, &args);
        std::fs::read(dir.join(&file)).expect("output file")
    };
    let region = ["--region", "广东省"];

    let dot = String::from_utf8(export("dot", &region)).unwrap();
    assert!(dot.starts_with("digraph govkg {") && dot.contains("fontname=\"Noto Sans CJK SC\""));
    let svg = String::from_utf8(export("svg", &region)).unwrap();
    assert!(!svg_node_texts(&svg).is_empty());
    let png = export("png", &region);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert!(width > 300 && height > 300, "{width}×{height}");
    let pdf = export("pdf", &region);
    assert!(pdf.starts_with(b"%PDF-"), "not PDF");
    let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(64)..]).into_owned();
    assert!(tail.contains("%%EOF"), "PDF is cut short");
    // The CJK font is embedded, so Chinese shows as text rather than boxes.
    assert!(
        pdf.windows(11).any(|w| w == b"NotoSansCJK"),
        "the PDF embeds no Noto Sans CJK font"
    );
    let graphml = String::from_utf8(export("graphml", &region)).unwrap();
    assert!(!graphml_counts(&graphml).is_empty());
    let doc = json(&export("json", &region));
    assert!(!json_counts(&doc).is_empty());
    // The whole graph, laid out by each engine that draws it by default.
    for layout in ["dot", "fdp", "sfdp"] {
        let svg = String::from_utf8(export("svg", &["--layout", layout])).unwrap();
        assert!(svg_node_texts(&svg).len() > 100, "{layout}");
    }

    let csv = String::from_utf8(export("csv", &["--view", "matrix"])).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "code");
    assert!(header.iter().any(|h| h == "一网通办"), "{header:?}");
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), header.len());
        assert!(record.iter().skip(2).all(|c| c.parse::<u32>().is_ok()));
    }
    for view in ["matrix", "timeline"] {
        let svg = String::from_utf8(export("svg", &["--view", view])).unwrap();
        let doc = xml(&svg);
        assert_eq!(doc.root_element().tag_name().name(), "svg");
    }
}

#[test]
fn the_matrix_holds_every_adoption() {
    let tmp = built();
    let dir = tmp.path();
    let csv = text(dir, &["export", "--store", "store", "--view", "matrix"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut adopted = 0;
    let mut regions = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        regions.push(record[0].to_string());
        adopted += record.iter().skip(2).filter(|c| *c != "0").count();
    }
    let pairs = count(
        dir,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?r ?i WHERE { ?r gk:adoptsInitiative ?i } }",
    );
    assert_eq!(adopted, pairs);
    let mut sorted = regions.clone();
    sorted.sort();
    assert_eq!(regions, sorted, "rows in code order");

    // The heat map has a cell with a tooltip per region and initiative.
    let columns = csv.lines().next().unwrap().split(',').count() - 2;
    let svg = text(
        dir,
        &[
            "export", "--store", "store", "--view", "matrix", "--format", "svg",
        ],
    );
    let doc = xml(&svg);
    let cells = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.children().any(|c| c.has_tag_name("title")))
        .count();
    assert_eq!(cells, regions.len() * columns);
    assert!(svg.contains("广东省") && svg.contains("一网通办"));
}

#[test]
fn the_timeline_puts_each_target_under_its_year() {
    let tmp = built();
    let dir = tmp.path();
    let svg = text(dir, &["export", "--store", "store", "--view", "timeline"]);
    let doc = xml(&svg);
    let chips: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    let targets = count(
        dir,
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a gk:Target ; gk:region ?r }",
    );
    assert_eq!(chips.len(), targets, "{chips:?}");
    let years = column(
        dir,
        "SELECT DISTINCT ?y WHERE { ?t a gk:Target ; gk:targetYear ?y } ORDER BY ?y",
    );
    for year in &years {
        assert!(
            svg.contains(&format!(">{year}</text>")),
            "no column for {year}"
        );
    }
    // With goals and one year.
    let svg = text(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--view",
            "timeline",
            "--kind",
            "target,goal",
            "--year",
            "2025",
            "--lang",
            "en",
        ],
    );
    assert!(xml(&svg).root_element().has_tag_name("svg"));
    assert!(svg.contains(">2025</text>") && !svg.contains(">2023</text>"));
    assert!(svg.contains("Guangdong") && svg.contains(">goal</text>"));
}

#[test]
fn filters_draw_what_they_say() {
    let tmp = built();
    let dir = tmp.path();
    let nodes = |args: &[&str]| -> Vec<serde_json::Value> {
        let args = [&["export", "--store", "store", "--format", "json"], args].concat();
        json(&succeeds(dir, &args))["nodes"]
            .as_array()
            .unwrap()
            .clone()
    };
    let kinds = |nodes: &[serde_json::Value]| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for n in nodes {
            *m.entry(n["kind"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
        m
    };

    // Who adopts 一网通办: its adopters and it.
    let adopters = count(
        dir,
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r gk:adoptsInitiative ?i . ?i rdfs:label \"一网通办\"@zh }",
    );
    let drawn = nodes(&["--initiative", "一网通办"]);
    assert_eq!(
        kinds(&drawn),
        BTreeMap::from([
            ("initiative".to_string(), 1),
            ("region".to_string(), adopters)
        ])
    );

    // Targets and goals due in 2023, and nothing undated.
    let dated = count(
        dir,
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t gk:region ?r ; gk:targetYear ?y FILTER(str(?y) = \"2023\") }",
    );
    let drawn = nodes(&["--year", "2023"]);
    let facts: Vec<_> = drawn.iter().filter(|n| n["kind"] != "region").collect();
    assert_eq!(facts.len(), dated);
    assert!(facts.iter().all(|n| n["year"] == 2023), "{facts:?}");

    // Kinds.
    let drawn = nodes(&["--kind", "platform"]);
    let k = kinds(&drawn);
    assert_eq!(k.keys().collect::<Vec<_>>(), ["platform", "region"]);
    assert_eq!(k["platform"], sparql_counts(dir, "")["platform"]);

    // A region by its code or short name is the same region.
    assert_eq!(nodes(&["--region", "440000"]), nodes(&["--region", "广东"]));
}

#[test]
fn construct_queries_draw_their_triples_typed_from_the_store() {
    let tmp = built();
    let dir = tmp.path();
    let query = "# Who adopts 跨省通办?\nCONSTRUCT { ?r gk:adoptsInitiative ?i } WHERE { ?r gk:adoptsInitiative ?i . ?i rdfs:label \"跨省通办\"@zh }";
    let doc = json(&succeeds(
        dir,
        &[
            "export", "--store", "store", "--query", query, "--format", "json",
        ],
    ));
    let adopters = count(
        dir,
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r gk:adoptsInitiative ?i . ?i rdfs:label \"跨省通办\"@zh }",
    );
    assert_eq!(
        json_counts(&doc),
        BTreeMap::from([
            ("initiative".to_string(), 1),
            ("region".to_string(), adopters)
        ])
    );
    assert!(doc["graph"]["title"]
        .as_str()
        .unwrap()
        .contains("Who adopts 跨省通办?"));
    let guangdong = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "https://w3id.org/govkg/id/region/440000")
        .expect("Guangdong");
    assert_eq!(guangdong["label"], "广东省");
    assert_eq!(guangdong["region"], "440000");

    // Targets get their short labels from the store.
    let doc = json(&succeeds(
        dir,
        &["export", "--store", "store", "--format", "json", "--query",
          "CONSTRUCT { ?t gk:region ?r } WHERE { ?t a gk:Target ; gk:region ?r . ?r gk:adminCode \"440000\" }"],
    ));
    let labels: Vec<&str> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "target")
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"≥99% · 2025 · 政府数据共享需求满足率"),
        "{labels:?}"
    );

    fails(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--format",
            "svg",
            "--query",
            "SELECT * WHERE { ?s ?p ?o }",
        ],
        None,
        &["not a CONSTRUCT"],
    );
}

#[test]
fn without_graphviz_the_message_says_how_to_install_it() {
    let tmp = built();
    let dir = tmp.path();
    let empty = dir.join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    for format in ["svg", "png", "pdf"] {
        let output = format!("graph.{format}");
        fails(
            dir,
            &[
                "export", "--store", "store", "--format", format, "--output", &output,
            ],
            Some(&empty),
            &["GraphViz", "apt-get install graphviz", "--format dot"],
        );
        assert!(!dir.join(&output).exists());
    }
    // What needs no GraphViz still works without it.
    for format in ["dot", "graphml", "json"] {
        let out = run(
            dir,
            &["export", "--store", "store", "--format", format],
            Some(&empty),
        );
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(
        dir,
        &[
            "export", "--store", "store", "--view", "matrix", "--format", "svg",
        ],
        Some(&empty),
    );
    assert!(out.status.success());
}

#[test]
fn a_layout_that_takes_too_long_suggests_a_filter() {
    let tmp = built();
    let dir = tmp.path();
    fails(
        dir,
        &[
            "export",
            "--store",
            "store",
            "--format",
            "svg",
            "--layout",
            "sfdp",
            "--timeout",
            "0",
        ],
        None,
        &["did not finish within 0 s", "--region", "--kind"],
    );
}

#[test]
fn bad_filters_and_formats_are_refused() {
    let tmp = built();
    let dir = tmp.path();
    fn export<'a>(args: &[&'a str]) -> Vec<&'a str> {
        [&["export", "--store", "store"], args].concat()
    }
    fails(
        dir,
        &export(&["--region", "广东市", "--format", "svg"]),
        None,
        &["no region is named \"广东市\""],
    );
    fails(
        dir,
        &export(&["--initiative", "一网不通", "--format", "json"]),
        None,
        &["一网不通"],
    );
    fails(
        dir,
        &export(&["--year", "25", "--format", "json"]),
        None,
        &["\"25\" is not a year"],
    );
    fails(
        dir,
        &export(&["--year", "2099", "--format", "json"]),
        None,
        &["nothing to draw"],
    );
    fails(
        dir,
        &export(&["--region", "广东省", "--format", "turtle"]),
        None,
        &["whole store as RDF"],
    );
    fails(dir, &export(&["--format", "csv"]), None, &["--view matrix"]);
    fails(
        dir,
        &export(&["--view", "timeline", "--format", "graphml"]),
        None,
        &["svg, png or pdf"],
    );
    fails(dir, &export(&[]), None, &["--format"]);
}

/// The whole shared corpus (77 documents) draws every node with the default layout for its
/// size (sfdp). How long it takes is measured and reported in the README, not asserted here.
/// Skipped when ../shared/corpus is not there.
#[test]
fn the_shared_corpus_draws_every_node_with_sfdp() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: no {}", corpus.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    succeeds(
        dir,
        &["build", "--store", "store", corpus.to_str().unwrap()],
    );
    let dot = text(dir, &["export", "--store", "store", "--format", "dot"]);
    assert!(
        dot.contains("layout=sfdp"),
        "large graphs are laid out with sfdp"
    );
    let svg = text(dir, &["export", "--store", "store", "--format", "svg"]);
    let nodes = svg_node_texts(&svg);
    let expected: usize = sparql_counts(dir, "").values().sum();
    // Every node, and the legend's six: five kinds and the planned targets.
    assert_eq!(nodes.len(), expected + 6);
}

#[test]
fn planned_targets_are_drawn_dashed_with_a_legend_entry() {
    let dir = built();
    let dot = text(
        dir.path(),
        &["export", "--store", "store", "--format", "dot"],
    );
    let planned = count(
        dir.path(),
        "SELECT (COUNT(*) AS ?n) WHERE { ?t a gk:Target ; gk:status \"planned\" }",
    );
    let dashed = dot
        .lines()
        .filter(|l| l.contains("shape=note") && l.contains("dashed") && !l.contains("legend_"))
        .count();
    assert!(planned > 0, "the bundled article plans targets");
    assert_eq!(dashed, planned, "one dashed node per planned target");
    assert!(
        dot.contains("legend_target_planned"),
        "no legend entry for planned targets"
    );
}

#[test]
fn the_matrix_and_the_timeline_are_drawn_as_png_and_pdf_too() {
    let tmp = built();
    let dir = tmp.path();
    for view in ["matrix", "timeline"] {
        let png = dir.join(format!("{view}.png"));
        let pdf = dir.join(format!("{view}.pdf"));
        for file in [&png, &pdf] {
            let out = run(
                dir,
                &[
                    "export",
                    "--store",
                    "store",
                    "--view",
                    view,
                    "--output",
                    file.to_str().unwrap(),
                ],
                None,
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(String::from_utf8_lossy(&out.stderr).starts_with("wrote "));
        }
        let png = std::fs::read(&png).unwrap();
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000,
            "{view}.png"
        );
        let pdf = std::fs::read(&pdf).unwrap();
        assert!(
            pdf.starts_with(b"%PDF-") && pdf.len() > 10_000,
            "{view}.pdf"
        );
    }
    // Without rsvg-convert, a message that says what to install.
    let empty = tempfile::tempdir().unwrap();
    fails(
        dir,
        &[
            "export", "--store", "store", "--view", "timeline", "--format", "png",
        ],
        Some(empty.path()),
        &["rsvg-convert", "librsvg2-bin"],
    );
}
