//! The rules' own examples, run through the whole extractor: each example's text must yield
//! exactly the facts it lists (of the kinds its rule is about), and a rule that makes facts
//! must have made one of them. `tests/rules.rs` runs them all; a rules file given with
//! `--rules` can be checked the same way.

use super::rules::{ids, Example, RuleRecord, Rules};
use super::{Decimal, Extraction, Extractor};
use crate::read::Document;
use crate::reference::EntryKind;

/// An example that does not hold, or a rule without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: String,
    pub text: String,
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rule {}: {:?}: {}", self.rule, self.text, self.message)
    }
}

/// A fact as examples write it, or as it was read.
#[derive(Debug, Clone, PartialEq)]
struct Fact {
    kind: &'static str,
    /// Name, "value unit comparator year", year, or "key=value" pairs, by kind.
    fields: Vec<String>,
    /// Optional fields of an expected fact: status and region.
    status: Option<String>,
    region: Option<String>,
    /// The rule that read it (read facts only).
    rule: Option<&'static str>,
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind, self.fields.join(" "))?;
        if let Some(s) = &self.status {
            write!(f, " {s}")?;
        }
        if let Some(r) = &self.region {
            write!(f, " @{r}")?;
        }
        if let Some(rule) = self.rule {
            write!(f, " (by {rule})")?;
        }
        Ok(())
    }
}

const FACT_KINDS: &[&str] = &["platform", "initiative", "target", "goal", "document"];

/// Parses "target 95 % >= 2025 planned @440000" and the like.
fn parse_fact(s: &str) -> Result<Fact, String> {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    let region = match words.last() {
        Some(w) if w.starts_with('@') => {
            let r = w[1..].to_string();
            words.pop();
            Some(r)
        }
        _ => None,
    };
    let Some((&kind, rest)) = words.split_first() else {
        return Err("an empty fact".into());
    };
    let kind = *FACT_KINDS
        .iter()
        .find(|k| **k == kind)
        .ok_or_else(|| format!("fact {s:?}: unknown kind {kind:?}"))?;
    let mut fields: Vec<String> = rest.iter().map(|w| w.to_string()).collect();
    let mut status = None;
    match kind {
        "platform" | "initiative" if fields.len() == 1 => {}
        "goal" if fields.len() == 1 => {}
        "target" if fields.len() == 4 || fields.len() == 5 => {
            if fields.len() == 5 {
                status = fields.pop();
            }
            let value = Decimal::parse(&fields[0])
                .ok_or_else(|| format!("fact {s:?}: {:?} is not a number", fields[0]))?;
            fields[0] = value.to_string();
        }
        "document" if fields.iter().all(|f| f.contains('=')) => {}
        _ => return Err(format!("fact {s:?} is not written as its kind needs")),
    }
    Ok(Fact {
        kind,
        fields,
        status,
        region,
        rule: None,
    })
}

/// The facts of an extraction, in the examples' terms.
fn read_facts(x: &Extraction) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    for n in &x.names {
        // A name counts once per region, however often it is named.
        let seen = out
            .iter()
            .any(|f| f.fields[0] == n.name && f.region.as_deref() == Some(n.region.as_str()));
        if seen {
            continue;
        }
        out.push(Fact {
            kind: match n.kind {
                EntryKind::Platform => "platform",
                EntryKind::Initiative => "initiative",
            },
            fields: vec![n.name.clone()],
            status: None,
            region: Some(n.region.clone()),
            rule: Some(n.rule),
        });
    }
    for t in &x.targets {
        out.push(Fact {
            kind: "target",
            fields: vec![
                t.value.to_string(),
                t.unit.clone(),
                t.comparator.as_str().to_string(),
                t.year.map_or("-".to_string(), |y| y.to_string()),
            ],
            status: Some(t.status.as_str().to_string()),
            region: Some(t.region.clone()),
            rule: Some(t.rule),
        });
    }
    for g in &x.goals {
        out.push(Fact {
            kind: "goal",
            fields: vec![g.year.to_string()],
            status: None,
            region: Some(g.region.clone()),
            rule: Some(g.rule),
        });
    }
    out.push(Fact {
        kind: "document",
        fields: x.document.fields(),
        status: None,
        region: None,
        rule: None,
    });
    out
}

/// Whether a read fact is what an expected one says (fields it leaves out are not compared).
fn matches(expected: &Fact, read: &Fact) -> bool {
    if expected.kind != read.kind {
        return false;
    }
    let fields = if expected.kind == "document" {
        expected.fields.iter().all(|f| read.fields.contains(f))
    } else {
        expected.fields == read.fields
    };
    fields
        && (expected.status.is_none() || expected.status == read.status)
        && (expected.region.is_none() || expected.region == read.region)
}

/// The kinds of fact an example of `rule` checks.
fn checked_kinds(rule: &RuleRecord, example: &Example, expected: &[Fact]) -> Vec<String> {
    if let Some(kinds) = &example.kinds {
        return kinds.clone();
    }
    let of = |ks: &[&str]| ks.iter().map(|k| k.to_string()).collect();
    match rule.kind.as_str() {
        "name" | "platform" | "initiative" => of(&["platform", "initiative"]),
        "target" | "number" | "unit" | "comparator" | "status" | "scope" => of(&["target"]),
        "goal" | "date" => of(&["goal"]),
        _ if expected.is_empty() => of(&["platform", "initiative", "target", "goal"]),
        _ => {
            let mut kinds: Vec<String> = expected.iter().map(|f| f.kind.to_string()).collect();
            kinds.sort();
            kinds.dedup();
            kinds
        }
    }
}

/// Checks one example; `None` when it holds.
fn check_example(extractor: &Extractor, rule: &RuleRecord, example: &Example) -> Option<String> {
    let expected: Vec<Fact> = match example.facts.iter().map(|f| parse_fact(f)).collect() {
        Ok(f) => f,
        Err(e) => return Some(e),
    };
    let kinds = checked_kinds(rule, example, &expected);
    let extraction = extractor.extract(&Document::from_text("example.txt", example.text.as_str()));
    let read: Vec<Fact> = read_facts(&extraction)
        .into_iter()
        .filter(|f| kinds.iter().any(|k| k == f.kind))
        .collect();
    let mut used = vec![false; read.len()];
    let mut problems = Vec::new();
    let mut by_rule = false;
    for e in &expected {
        let hit = (0..read.len()).find(|&i| !used[i] && matches(e, &read[i]));
        match hit {
            Some(i) => {
                used[i] = true;
                by_rule |= read[i].rule == Some(rule.id.as_str());
            }
            None => problems.push(format!("expected {e}")),
        }
    }
    for (i, f) in read.iter().enumerate() {
        if !used[i] && f.kind != "document" {
            problems.push(format!("did not expect {f}"));
        }
    }
    let makes_facts = ids::ALL.contains(&rule.id.as_str()) && rule.id != ids::REGION_NAME;
    let made = expected.iter().any(|f| f.kind != "document");
    if problems.is_empty() && makes_facts && made && !by_rule {
        problems.push(format!("none of the facts was made by rule {}", rule.id));
    }
    (!problems.is_empty()).then(|| {
        let got: Vec<String> = read.iter().map(|f| f.to_string()).collect();
        format!("{}; read: [{}]", problems.join("; "), got.join(", "))
    })
}

/// Runs every example of every rule; a rule without examples is a failure too.
pub fn check(extractor: &Extractor, rules: &Rules) -> Vec<Failure> {
    let mut failures = Vec::new();
    for rule in &rules.records {
        if rule.examples.is_empty() {
            failures.push(Failure {
                rule: rule.id.clone(),
                text: String::new(),
                message: "the rule has no example".into(),
            });
        }
        for example in &rule.examples {
            if let Some(message) = check_example(extractor, rule, example) {
                failures.push(Failure {
                    rule: rule.id.clone(),
                    text: example.text.clone(),
                    message,
                });
            }
        }
    }
    failures
}
