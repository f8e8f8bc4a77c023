//! Validation against the SHACL shapes: the bundled corpus conforms, hand-broken graphs
//! (fixtures in `tests/data/validate/`, imported into a store) are reported with their focus
//! node, what is wrong and the quote, and `govkg validate` then exits 1; a build checks what it
//! wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn govkg(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args(args)
        .current_dir(dir)
        .env("GOVKG_STORE", "/nonexistent/govkg-test-store")
        .output()
        .expect("govkg runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = govkg(dir, args);
    assert!(
        out.status.success(),
        "govkg {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    out
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/validate")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A fresh store with the bundled corpus, and the fixtures imported into it.
fn store_with(dir: &Path, fixtures: &[&str]) {
    ok(dir, &["build", "--store", "store"]);
    for f in fixtures {
        ok(dir, &["import", "--store", "store", &fixture(f)]);
    }
}

/// Runs `govkg validate`, asserts it failed with status 1 and an `error:` line, and returns
/// what it printed on standard output.
fn validate_fails(dir: &Path) -> String {
    let out = govkg(dir, &["validate", "--store", "store"]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "validate should fail with status 1:\n{}{err}",
        stdout(&out)
    );
    assert!(
        err.starts_with("error: ") && err.contains("does not conform"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    stdout(&out)
}

/// The lines printed under the focus node `focus`, in every block it heads (a node may break
/// several shapes), trimmed and joined.
fn blocks(report: &str, focus: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut inside = false;
    for line in report.lines() {
        if line.starts_with("  ") {
            if inside {
                out.push(line.trim());
            }
        } else {
            inside = line == focus;
        }
    }
    out.join("\n")
}

#[test]
fn the_bundled_corpus_conforms() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let built = ok(dir, &["build", "--store", "store"]);
    let summary = stdout(&built);
    let line = summary
        .lines()
        .find(|l| l.trim_start().starts_with("shapes"))
        .unwrap_or_else(|| panic!("the build summary has no shapes line:\n{summary}"));
    assert!(line.contains("conforms"), "{line}");
    assert!(!stderr(&built).contains("warning"), "{}", stderr(&built));

    let out = ok(dir, &["validate", "--store", "store"]);
    let report = stdout(&out);
    assert!(
        report.starts_with("conforms to ontology/shapes.ttl"),
        "{report}"
    );
}

#[test]
fn a_target_without_a_value_is_reported_and_validate_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    store_with(dir, &["target-without-value.ttl"]);
    let report = validate_fails(dir);
    let target = blocks(&report, "<https://w3id.org/govkg/id/target/x>");
    assert!(
        target.contains("gk:value: missing") && target.contains("[gksh:Target-value]"),
        "the missing gk:value is not reported:\n{report}"
    );
    assert!(
        target.contains("prov:wasDerivedFrom/gk:quote: missing"),
        "the missing quoted mention is not reported:\n{report}"
    );
    assert!(
        report.contains("\n2 violations ("),
        "no count of the violations:\n{report}"
    );
}

#[test]
fn a_region_with_two_codes_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    store_with(dir, &["region-with-two-codes.ttl"]);
    let report = validate_fails(dir);
    let region = blocks(&report, "region:440000");
    assert!(
        region.contains("gk:adminCode: too many values")
            && region.contains("[gksh:Region-adminCode]"),
        "the second code is not reported:\n{report}"
    );
    assert!(report.contains("1 violation ("), "{report}");
}

#[test]
fn a_value_that_is_not_a_number_is_reported_with_its_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    store_with(dir, &["target-with-a-text-value.ttl"]);
    let report = validate_fails(dir);
    let target = blocks(&report, "<https://w3id.org/govkg/id/target/text-value>");
    assert!(
        target.contains("xsd:decimal or xsd:integer") && target.contains("[gksh:TargetValueShape]"),
        "the text value is not reported:\n{report}"
    );
    assert!(
        target.contains("quote: “到2025年，政务服务事项网上可办率达到百分之九十五以上”"),
        "the quote is not printed:\n{report}"
    );
    assert!(report.contains("1 violation ("), "{report}");
}

#[test]
fn a_build_checks_what_it_wrote_and_leaves_the_rest_to_validate() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    store_with(
        dir,
        &["target-without-value.ttl", "region-with-two-codes.ttl"],
    );
    // The build checks its own graphs (which conform) and its summary says so, without
    // reading back the graphs it did not write.
    let built = ok(dir, &["build", "--store", "store"]);
    assert!(!stderr(&built).contains("warning: "), "{}", stderr(&built));
    let summary = stdout(&built);
    assert!(
        summary.lines().any(|l| l.trim_start().starts_with("shapes")
            && l.contains("conforms")
            && l.contains(" in 4 graphs ")),
        "{summary}"
    );
    // The whole store is govkg validate's to check.
    let report = validate_fails(dir);
    assert!(report.contains("3 violations ("), "{report}");
    // --no-validate leaves the check out.
    let built = ok(dir, &["build", "--store", "store", "--no-validate"]);
    assert!(!stdout(&built).contains("shapes"), "{}", stdout(&built));
}

#[test]
fn the_shapes_are_a_graph_of_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["build", "--store", "store"]);
    let out = ok(
        dir,
        &[
            "query",
            "--store",
            "store",
            "--format",
            "csv",
            "SELECT (COUNT(?s) AS ?n) WHERE { GRAPH <https://w3id.org/govkg/graph/shapes> { ?s a <http://www.w3.org/ns/shacl#NodeShape> } }",
        ],
    );
    let n: u32 = stdout(&out)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}", stdout(&out)));
    assert!(n >= 8, "only {n} node shapes in the shapes graph");
}

#[test]
fn validate_without_a_store_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = govkg(dir, &["validate", "--store", "missing"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("no store here yet"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("missing").exists(), "validate created a store");
}
