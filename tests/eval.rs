//! `govkg eval` scores like the project's scorer: a small gold file with one missed platform
//! and one missed goal, built afresh and from an existing store.

mod support;

use std::path::Path;
use support::govkg;

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/eval")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

const EXPECTED: &str = "\
kind           tp   fp   fn  precision  recall     f1
platforms       1    0    1      1.000   0.500  0.667
initiatives     1    0    0      1.000   1.000  1.000
targets         1    0    0      1.000   1.000  1.000
goals           1    0    1      1.000   0.500  0.667
";

#[test]
fn eval_scores_a_fresh_build() {
    let out = govkg(&["eval", "--details", &data("plan.json")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(EXPECTED), "{text}");
    assert!(
        text.contains("platforms: plan.txt: missed ('440000', '粤商通')"),
        "{text}"
    );
    assert!(
        text.contains("goals: plan.txt: missed goal ('440000', 2030)"),
        "{text}"
    );
    assert!(text.contains("of which 0 do not quote"), "{text}");
    assert!(
        text.trim_end().ends_with(
            "F1 platforms=0.667 initiatives=1.000 targets=1.000 goals=0.667 macro=0.833"
        ),
        "{text}"
    );
}

#[test]
fn eval_scores_a_built_store_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let built = govkg(&["build", "--store", store, &data("plan.txt")]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let out = govkg(&["eval", "--store", store, &data("plan.json")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout).unwrap().starts_with(EXPECTED));
}

#[test]
fn eval_reports_a_broken_gold_file_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("bad.json");
    std::fs::write(&gold, "{\"doc\": \"plan.txt\",\n \"targets\": [ }").unwrap();
    let out = govkg(&["eval", gold.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json: line 2"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn eval_details_name_the_rule_behind_each_extra_fact() {
    let out = govkg(&["eval", "--details", &data("nothing.json")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "platforms: plan.txt: extra ('440000', '粤省事') [by gazetteer]",
        "initiatives: plan.txt: extra ('440000', '一网通办') [by gazetteer]",
        "goals: plan.txt: extra goal ('440000', 2025) [by goal-deadline-before]",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    assert!(
        text.lines()
            .filter(|l| l.contains("extra target"))
            .all(|l| l.ends_with("[by target-value]")),
        "{text}"
    );
}
