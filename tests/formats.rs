//! Documents in the formats people have — web pages saved from government sites, PDFs printed
//! from them, Word and OFD files — read as their text: the fixtures in tests/fixtures/formats
//! were made by the tools that make such files (scripts/make-fixtures.sh: Chromium, pandoc,
//! LibreOffice, easyofd, img2pdf).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::{govkg, succeeds};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn bundled_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/digital-government-2025-goals.txt"),
    )
    .unwrap()
}

/// Builds `file` alone into a new store in `dir`.
fn build(dir: &Path, file: &Path) -> String {
    let store = dir.join(format!(
        "store-{}",
        file.file_name().unwrap().to_string_lossy()
    ));
    let store = store.to_str().unwrap().to_string();
    succeeds(&["build", "--store", &store, file.to_str().unwrap()]);
    store
}

/// Rows of a SELECT as CSV lines (header left out).
fn rows(store: &str, query: &str) -> Vec<String> {
    let out = succeeds(&["query", "--store", store, "--format", "csv", query]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().collect::<Vec<_>>().join(" | "))
        .collect()
}

/// Every fact of a store, as the scorer compares them: platforms and initiatives by region,
/// targets by region, figure, year and quote, goals by region and year.
fn facts(store: &str) -> BTreeSet<String> {
    let query = r#"PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?kind ?code ?what ?year ?quote WHERE {
  { ?r gk:adminCode ?code ; gk:operatesPlatform/rdfs:label ?what . FILTER(lang(?what) = "zh")
    BIND("platform" AS ?kind) }
  UNION
  { ?r gk:adminCode ?code ; gk:adoptsInitiative/rdfs:label ?what . FILTER(lang(?what) = "zh")
    BIND("initiative" AS ?kind) }
  UNION
  { ?t a gk:Target ; gk:region/gk:adminCode ?code ; gk:value ?v ; gk:unit ?u ; gk:comparator ?c ;
       prov:wasDerivedFrom/gk:quote ?quote .
    OPTIONAL { ?t gk:targetYear ?year }
    BIND(CONCAT(STR(?c), " ", STR(?v), STR(?u)) AS ?what) BIND("target" AS ?kind) }
  UNION
  { ?g a gk:Goal ; gk:region/gk:adminCode ?code ; gk:targetYear ?year . BIND("goal" AS ?kind) }
}"#;
    rows(store, query).into_iter().collect()
}

/// The solutions of a SELECT, as SPARQL JSON bindings.
fn bindings(store: &str, query: &str) -> Vec<serde_json::Value> {
    let out = succeeds(&["query", "--store", store, "--format", "json", query]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["results"]["bindings"].as_array().unwrap().clone()
}

/// The text govkg read from the one document of a store.
fn stored_text(store: &str) -> String {
    let bindings = bindings(
        store,
        "PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT ?t WHERE { ?d a gk:Document ; gk:text ?t }",
    );
    assert_eq!(bindings.len(), 1, "one document");
    bindings[0]["t"]["value"].as_str().unwrap().to_string()
}

/// Every mention's quote is the text at its offsets (code points).
fn assert_quotes_at_offsets(store: &str) {
    let text: Vec<char> = stored_text(store).chars().collect();
    let bindings = bindings(
        store,
        "PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT ?q ?s ?e WHERE { ?m a gk:Mention ; gk:quote ?q ; gk:start ?s ; gk:end ?e }",
    );
    assert!(bindings.len() > 10, "{} mentions", bindings.len());
    for b in &bindings {
        let n = |v: &str| b[v]["value"].as_str().unwrap().parse::<usize>().unwrap();
        let at: String = text[n("s")..n("e")].iter().collect();
        assert_eq!(at, b["q"]["value"].as_str().unwrap());
    }
}

#[test]
fn every_format_of_the_bundled_article_yields_the_facts_of_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let txt = build(
        dir.path(),
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/corpus/digital-government-2025-goals.txt"),
    );
    let expected = facts(&txt);
    assert!(expected.len() > 150, "{} facts", expected.len());
    for name in [
        "article.gbk.html",
        "article.utf8.html",
        "article.pdf",
        "article.docx",
        "article.ofd",
    ] {
        let store = build(dir.path(), &fixture(name));
        let got = facts(&store);
        let missed: Vec<_> = expected.difference(&got).collect();
        let extra: Vec<_> = got.difference(&expected).collect();
        assert!(
            missed.is_empty() && extra.is_empty(),
            "{name}: missed {missed:#?}\nextra {extra:#?}"
        );
        assert_quotes_at_offsets(&store);
    }
}

#[test]
fn each_paragraph_of_the_source_is_a_line_of_the_text_read_from_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let source = bundled_text();
    for name in [
        "article.gbk.html",
        "article.utf8.html",
        "article.pdf",
        "article.docx",
        "article.ofd",
    ] {
        let text = stored_text(&build(dir.path(), &fixture(name)));
        let lines: BTreeSet<&str> = text.lines().collect();
        for paragraph in source.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                lines.contains(paragraph),
                "{name}: the paragraph {paragraph:?} is not a line of the text read"
            );
        }
        // The title opens the text, as the page shows it.
        assert_eq!(
            text.lines().next(),
            Some("31省份数字政府建设2025年目标汇总")
        );
    }
}

#[test]
fn a_saved_page_is_read_without_its_site_chrome_and_with_its_meta_tags() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &fixture("article.gbk.html"));
    let text = stored_text(&store);
    for chrome in [
        "ICP备",
        "分享到",
        "【打印】",
        "【关闭】",
        "网站标识码",
        "首页",
        "主办单位",
    ] {
        assert!(
            !text.contains(chrome),
            "the page's chrome {chrome:?} is in the text"
        );
    }
    assert!(text
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("发布时间：2022-04-25 10:00"));
    let document = rows(
        &store,
        "PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT ?format ?encoding ?title ?date ?site ?year WHERE { ?d gk:sourceFormat ?format ; gk:encoding ?encoding ; gk:fileTitle ?title ; gk:fileDate ?date ; gk:siteName ?site ; gk:documentYear ?year }",
    );
    assert_eq!(
        document,
        ["html | gb18030 | 31省份数字政府建设2025年目标汇总 | 2022-04-25 10:00 | 示范省政务服务数据管理局 | 2022"]
    );
}

#[test]
fn a_document_records_its_file_size_and_sha256_and_how_its_text_was_read() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [
        ("article.pdf", "pdf"),
        ("article.ofd", "ofd"),
        ("article.docx", "docx"),
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let store = build(dir.path(), &fixture(name));
        let got = rows(
            &store,
            "PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT ?f ?n ?h ?how WHERE { ?d gk:sourceFormat ?f ; gk:byteSize ?n ; gk:sha256 ?h ; gk:textFrom ?how }",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        let fields: Vec<&str> = got[0].split(" | ").collect();
        assert_eq!(fields[..3], [format, &bytes.len().to_string(), &digest]);
        assert!(!fields[3].is_empty());
    }
}

#[test]
fn the_document_page_shows_the_text_read_and_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &fixture("article.ofd"));
    let server = support::serve(&store, &[]);
    let (status, _, body) = support::curl(&[&format!(
        "{}/browse/document?file=article.ofd&format=json",
        server.base
    )]);
    assert_eq!(status, 200, "{body}");
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["format"], "ofd");
    assert_eq!(
        page["bytes"],
        std::fs::metadata(fixture("article.ofd"))
            .unwrap()
            .len()
            .to_string()
    );
    assert_eq!(page["sha256"].as_str().unwrap().len(), 64);
    // Its marks are on the text read from the OFD, at the offsets the store holds.
    let text: Vec<char> = stored_text(&store).chars().collect();
    let mentions = page["mentions"].as_array().unwrap();
    assert!(mentions.len() > 100);
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text[s..e].iter().collect::<String>(), m["quote"]);
    }
}

#[test]
fn a_word_table_is_read_a_row_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = stored_text(&build(dir.path(), &fixture("table.docx")));
    assert!(
        text.lines()
            .any(|l| l == "广东省\t粤省事\t2025年政务服务事项网上可办率达到95%"),
        "{text}"
    );
}

#[test]
fn a_scan_and_a_legacy_word_file_are_refused_with_what_to_do_and_the_store_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &fixture("article.docx"));
    let before = facts(&store);
    for (name, says) in [
        ("scan.pdf", "without a text layer"),
        ("article.doc", "save it as .docx"),
    ] {
        let out = govkg(&["build", "--store", &store, fixture(name).to_str().unwrap()]);
        assert!(!out.status.success(), "{name} was built");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(name) && stderr.contains(says),
            "{name}: {stderr}"
        );
        assert_eq!(facts(&store), before, "{name} changed the store");
    }
}

#[test]
fn a_folder_of_mixed_formats_is_built_by_content_and_counted_by_format() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("2022")).unwrap();
    std::fs::copy(fixture("article.pdf"), docs.join("2022/article.pdf")).unwrap();
    std::fs::copy(fixture("article.doc"), docs.join("2022/article.doc")).unwrap();
    // A page saved under a name that does not say so is still a page.
    std::fs::copy(fixture("dev-page.gbk.html"), docs.join("guangdong.htm")).unwrap();
    std::fs::copy(fixture("table.docx"), docs.join("table.docx")).unwrap();
    std::fs::write(docs.join("note.txt"), "今天天气很好。\n").unwrap();
    let store = dir.path().join("store");
    let out = govkg(&[
        "build",
        "--store",
        store.to_str().unwrap(),
        docs.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("formats     1 docx, 1 html, 1 pdf, 1 text"),
        "{stdout}"
    );
    assert!(
        stderr.contains("passed over") && stderr.contains("article.doc"),
        "{stderr}"
    );
    assert!(stderr.contains("note.txt: no facts found"), "{stderr}");
    // Nothing on a pipe but the warnings: no progress bar.
    assert!(!stderr.contains(" written, "), "{stderr}");
}

#[test]
fn a_file_is_read_by_what_it_holds_not_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture_name, saved_as, format) in [
        ("article.pdf", "report.txt", "pdf"),
        ("article.gbk.html", "page.txt", "html"),
        ("article.ofd", "document.zip", "ofd"),
    ] {
        let path = dir.path().join(saved_as);
        std::fs::copy(fixture(fixture_name), &path).unwrap();
        let store = build(dir.path(), &path);
        let got = rows(
            &store,
            "PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT ?f WHERE { ?d gk:sourceFormat ?f }",
        );
        assert_eq!(got, [format], "{fixture_name} saved as {saved_as}");
    }
}
