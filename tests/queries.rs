//! Golden files for the named queries: each `queries/NAME.rq`, run on the bundled corpus with
//! the open datasets of `data/open/` imported, must print `tests/golden/NAME.csv`. After an intended change, regenerate them with
//! `GOVKG_BLESS=1 cargo test --release --test queries` and review the diff.

mod support;

use std::path::{Path, PathBuf};
use support::govkg;

fn named_queries() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("queries/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn named_queries_match_their_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let built = govkg(&["build", "--store", store]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for dataset in ["un-egov-survey-china.csv", "divisions-per-province.csv"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/open")
            .join(dataset);
        let imported = govkg(&["import", "--store", store, path.to_str().unwrap()]);
        assert!(
            imported.status.success(),
            "{}",
            String::from_utf8_lossy(&imported.stderr)
        );
    }
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("GOVKG_BLESS").is_some();
    let names = named_queries();
    assert!(names.len() >= 10, "at least ten named queries");
    let mut failures = Vec::new();
    for name in &names {
        let out = govkg(&["query", "--store", store, "--format", "csv", name]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = String::from_utf8(out.stdout).unwrap();
        let path: PathBuf = golden.join(format!("{name}.csv"));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{}: missing; run with GOVKG_BLESS=1", path.display()));
        if got != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}\n--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_golden_file_has_its_query() {
    let names = named_queries();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for entry in std::fs::read_dir(golden).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(names.contains(&stem), "{} has no query", path.display());
    }
}

#[test]
fn every_named_query_states_its_question() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    for name in named_queries() {
        let text = std::fs::read_to_string(dir.join(format!("{name}.rq"))).unwrap();
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("# ") && first.contains('?'),
            "{name}.rq must open with a comment asking its question, not {first:?}"
        );
    }
}
