//! The rules' examples (ontology/rules.toml): every rule has at least one, and each holds when
//! its text goes through the whole extractor.

use govkg::extract::{examples, Extractor, Rules};

#[test]
fn every_rule_has_examples_and_every_example_holds() {
    let rules = Rules::bundled().expect("the shipped rules parse");
    let extractor = Extractor::bundled().expect("the shipped extractor builds");
    let failures = examples::check(extractor, &rules);
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} example(s) fail:\n{}",
        failures.len(),
        report.join("\n")
    );
}
