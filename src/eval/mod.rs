//! Evaluation: scores the facts govkg extracts from a document against a gold file, by the
//! rules of the project's scorer (`score.py`): platforms and initiatives as (region, name)
//! pairs, targets by (region, value, percentage or count, comparator, year) with a mention that
//! overlaps the gold evidence, goals as (region, year) pairs, and every mention checked against
//! the text at its offsets.

mod gold;

pub use gold::{Gold, GoldItem};

use crate::query::{self, QueryError, QuerySource};
use crate::read::ReadError;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: cannot read the gold file: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: line {line}, column {column}: not a gold file: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: the gold names region {name:?} without a region_code, and its regions list does not give one")]
    UnknownRegion { path: PathBuf, name: String },
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// The kinds of facts scored, in the order they are reported.
pub const KINDS: [&str; 4] = ["platforms", "initiatives", "targets", "goals"];
const NATIONAL: &str = "100000";
const QUOTES: &[char] = &[
    '“', '”', '"', '\'', '‘', '’', '「', '」', '『', '』', '《', '》', '〈', '〉', ' ', '\t', '\r',
    '\n',
];

/// True positives, false positives, false negatives and the facts behind them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// "missed …" and "extra …" lines.
    pub errors: Vec<String>,
}

impl Tally {
    /// Precision, recall and F1, as the scorer computes them.
    pub fn prf(&self) -> (f64, f64, f64) {
        let (tp, fp, fn_) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        let p = if tp + fp > 0.0 {
            tp / (tp + fp)
        } else if self.fn_ == 0 {
            1.0
        } else {
            0.0
        };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 1.0 };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    fn add(&mut self, other: Tally) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.errors.extend(other.errors);
    }
}

/// The scores of one or more documents.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Per kind, for the kinds some gold file scores.
    pub kinds: BTreeMap<&'static str, Tally>,
    pub mentions: usize,
    /// Mentions whose quote is not the text at their offsets.
    pub misplaced: Vec<String>,
}

impl Report {
    pub fn add(&mut self, other: Report) {
        for (k, t) in other.kinds {
            self.kinds.entry(k).or_default().add(t);
        }
        self.mentions += other.mentions;
        self.misplaced.extend(other.misplaced);
    }

    /// Mean F1 over the scored kinds.
    pub fn macro_f1(&self) -> f64 {
        if self.kinds.is_empty() {
            return 0.0;
        }
        self.kinds.values().map(|t| t.prf().2).sum::<f64>() / self.kinds.len() as f64
    }

    /// The scored kinds in report order.
    pub fn ordered(&self) -> Vec<(&'static str, &Tally)> {
        KINDS
            .iter()
            .filter_map(|k| self.kinds.get(k).map(|t| (*k, t)))
            .collect()
    }
}

/// A name as the scorer compares it: NFKC, quotes and spaces stripped at both ends.
pub fn norm(s: &str) -> String {
    s.nfkc()
        .collect::<String>()
        .trim_matches(QUOTES)
        .to_string()
}

fn comparator(s: &str) -> String {
    let n = norm(s);
    match n.as_str() {
        "≥" => ">=".into(),
        "≤" => "<=".into(),
        "==" | "＝" => "=".into(),
        _ => n,
    }
}

fn unit_class(unit: &str) -> &'static str {
    match norm(unit).as_str() {
        "%" | "百分比" => "%",
        _ => "count",
    }
}

fn year(s: &str) -> Option<i32> {
    let s = s.trim();
    s.get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse().ok())
}

const PREFIXES: &str = "PREFIX gk: <https://w3id.org/govkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n";

/// The contract queries, as the scorer runs them.
const NAMES_QUERY: &str = "SELECT DISTINCT ?code ?name WHERE { ?region gk:adminCode ?code ; LINK ?x . ?x rdfs:label ?name . FILTER(langMatches(lang(?name), \"zh\")) }";
const TARGETS_QUERY: &str = "SELECT ?target ?code ?value ?unit ?comparator ?year ?quote ?start ?end ?rule WHERE { ?target a gk:Target ; gk:region/gk:adminCode ?code ; gk:value ?value ; gk:unit ?unit ; gk:comparator ?comparator . OPTIONAL { ?target gk:targetYear ?year } OPTIONAL { ?target prov:wasDerivedFrom ?m . ?m gk:quote ?quote ; gk:start ?start ; gk:end ?end . OPTIONAL { ?m gk:rule ?rule } } }";
/// The rules behind the names and goals, for the details of extra facts.
const NAME_RULES_QUERY: &str = "SELECT DISTINCT ?code ?name ?rule WHERE { ?m gk:refersTo ?x ; gk:region/gk:adminCode ?code ; gk:rule ?rule . ?x rdfs:label ?name . FILTER(langMatches(lang(?name), \"zh\")) }";
const GOAL_RULES_QUERY: &str = "SELECT DISTINCT ?code ?year ?rule WHERE { ?goal a gk:Goal ; gk:region/gk:adminCode ?code ; gk:targetYear ?year ; prov:wasDerivedFrom/gk:rule ?rule . }";
const GOALS_QUERY: &str = "SELECT DISTINCT ?code ?year WHERE { ?goal a gk:Goal ; gk:region/gk:adminCode ?code ; gk:targetYear ?year . }";
const MENTIONS_QUERY: &str = "SELECT ?mention ?file ?quote ?start ?end WHERE { ?mention a gk:Mention ; gk:document/gk:fileName ?file ; gk:quote ?quote ; gk:start ?start ; gk:end ?end . }";

type Row = HashMap<String, String>;

fn rows(store: &Store, sparql: &str) -> Result<Vec<Row>, QueryError> {
    let source = QuerySource {
        label: "evaluation query".into(),
        text: format!("{PREFIXES}{sparql}"),
    };
    let QueryResults::Solutions(solutions) = query::run(store, &source)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for s in solutions {
        let s = s?;
        out.push(
            s.iter()
                .map(|(v, t)| {
                    let value = match t {
                        Term::Literal(l) => l.value().to_string(),
                        Term::NamedNode(n) => n.as_str().to_string(),
                        other => other.to_string(),
                    };
                    (v.as_str().to_string(), value)
                })
                .collect(),
        );
    }
    Ok(out)
}

/// Scores the facts in `store` (built from the gold's document, whose text is `text`) against
/// `gold`. `doc` names the document in error lines.
pub fn score(store: &Store, gold: &Gold, text: &str, doc: &str) -> Result<Report, EvalError> {
    let mut report = Report::default();
    let names = |link: &str| rows(store, &NAMES_QUERY.replace("LINK", link));
    let platforms = names("gk:operatesPlatform")?;
    let initiatives = names("gk:adoptsInitiative")?;
    let name_rules = rule_map(rows(store, NAME_RULES_QUERY)?, |r| {
        (
            r.get("code").cloned().unwrap_or_default(),
            norm(r.get("name").map(String::as_str).unwrap_or_default()),
        )
    });
    if let Some(items) = &gold.platforms {
        let other = gold.initiatives.as_deref().unwrap_or_default();
        report.kinds.insert(
            "platforms",
            score_names(
                gold,
                &platforms,
                &initiatives,
                items,
                other,
                doc,
                &name_rules,
            )?,
        );
    }
    if let Some(items) = &gold.initiatives {
        let other = gold.platforms.as_deref().unwrap_or_default();
        report.kinds.insert(
            "initiatives",
            score_names(
                gold,
                &initiatives,
                &platforms,
                items,
                other,
                doc,
                &name_rules,
            )?,
        );
    }
    if let Some(items) = &gold.targets {
        let found = rows(store, TARGETS_QUERY)?;
        report
            .kinds
            .insert("targets", score_targets(gold, &found, items, text, doc)?);
    }
    if let Some(items) = &gold.goals {
        let found = rows(store, GOALS_QUERY)?;
        let goal_rules = rule_map(rows(store, GOAL_RULES_QUERY)?, |r| {
            (
                r.get("code").cloned().unwrap_or_default(),
                r.get("year").and_then(|y| year(y)).unwrap_or_default(),
            )
        });
        report
            .kinds
            .insert("goals", score_goals(gold, &found, items, doc, &goal_rules)?);
    }
    let chars: Vec<char> = text.chars().collect();
    for m in rows(store, MENTIONS_QUERY)? {
        report.mentions += 1;
        let get = |k: &str| m.get(k).map(String::as_str).unwrap_or_default();
        let (s, e) = (get("start").parse::<usize>(), get("end").parse::<usize>());
        let at = match (s, e) {
            (Ok(s), Ok(e)) if s <= e && e <= chars.len() => {
                Some(chars[s..e].iter().collect::<String>())
            }
            _ => None,
        };
        if at.as_deref() != Some(get("quote")) {
            report.misplaced.push(format!(
                "{}[{}:{}] != {:?}",
                get("file"),
                get("start"),
                get("end"),
                get("quote")
            ));
        }
    }
    Ok(report)
}

/// The rules behind each key, joined for a details line (" [by rule-a, rule-b]").
fn rule_map<K: Ord>(rows: Vec<Row>, key: impl Fn(&Row) -> K) -> BTreeMap<K, String> {
    let mut map: BTreeMap<K, BTreeSet<String>> = BTreeMap::new();
    for r in &rows {
        if let Some(rule) = r.get("rule") {
            map.entry(key(r)).or_default().insert(rule.clone());
        }
    }
    map.into_iter()
        .map(|(k, rules)| {
            let rules: Vec<String> = rules.into_iter().collect();
            (k, format!(" [by {}]", rules.join(", ")))
        })
        .collect()
}

fn name_keys(gold: &Gold, item: &GoldItem) -> Result<BTreeSet<(String, String)>, EvalError> {
    let code = gold.region_code(item)?;
    Ok(std::iter::once(&item.name)
        .chain(&item.aliases)
        .map(|n| (code.clone(), norm(n)))
        .collect())
}

fn score_names(
    gold: &Gold,
    rows: &[Row],
    other_rows: &[Row],
    items: &[GoldItem],
    other_items: &[GoldItem],
    doc: &str,
    rules: &BTreeMap<(String, String), String>,
) -> Result<Tally, EvalError> {
    let key = |r: &Row| {
        (
            r.get("code").cloned().unwrap_or_default(),
            norm(r.get("name").map(String::as_str).unwrap_or_default()),
        )
    };
    let found: BTreeSet<_> = rows.iter().map(key).collect();
    let found_other: BTreeSet<_> = other_rows.iter().map(key).collect();
    let mut allowed = BTreeSet::new();
    for g in items {
        allowed.extend(name_keys(gold, g)?);
    }
    for g in other_items.iter().filter(|g| g.either) {
        allowed.extend(name_keys(gold, g)?);
    }
    let mut t = Tally::default();
    for g in items {
        let keys = name_keys(gold, g)?;
        let hit = keys.iter().any(|k| found.contains(k))
            || g.either && keys.iter().any(|k| found_other.contains(k));
        if g.optional {
            continue;
        }
        if hit {
            t.tp += 1;
        } else {
            t.fn_ += 1;
            t.errors.push(format!(
                "{doc}: missed ('{}', '{}')",
                gold.region_code(g)?,
                g.name
            ));
        }
    }
    for k in &found {
        if !allowed.contains(k) {
            t.fp += 1;
            let by = rules.get(k).map(String::as_str).unwrap_or_default();
            t.errors
                .push(format!("{doc}: extra ('{}', '{}'){by}", k.0, k.1));
        }
    }
    Ok(t)
}

/// The scorer's key of a target: region, value, percentage or count, comparator, year.
type TargetKey = (String, Option<f64>, &'static str, String, Option<i32>);

fn key_text(k: &TargetKey) -> String {
    let value = k.1.map_or("None".to_string(), |v| format!("{v:?}"));
    let year = k.4.map_or("None".to_string(), |y| y.to_string());
    format!("('{}', {value}, '{}', '{}', {year})", k.0, k.2, k.3)
}

fn score_targets(
    gold: &Gold,
    found: &[Row],
    items: &[GoldItem],
    text: &str,
    doc: &str,
) -> Result<Tally, EvalError> {
    struct Wanted {
        key: TargetKey,
        spans: Vec<(usize, usize)>,
        optional: bool,
        used: bool,
        evidence: String,
    }
    let mut wanted = Vec::new();
    for g in items {
        let key = (
            gold.region_code(g)?,
            g.value,
            unit_class(&g.unit),
            comparator(&g.comparator),
            g.year,
        );
        wanted.push(Wanted {
            key,
            spans: spans(text, &g.evidence),
            optional: g.optional,
            used: false,
            evidence: g.evidence.clone(),
        });
    }
    let mut t = Tally::default();
    let mut seen = BTreeSet::new();
    for r in found {
        let get = |k: &str| r.get(k).map(String::as_str).unwrap_or_default();
        if !seen.insert(get("target").to_string()) {
            continue;
        }
        let key: TargetKey = (
            get("code").to_string(),
            get("value").parse().ok(),
            unit_class(get("unit")),
            comparator(get("comparator")),
            year(get("year")),
        );
        let (start, end) = (
            get("start").parse::<f64>().ok(),
            get("end").parse::<f64>().ok(),
        );
        let hit = wanted.iter_mut().find(|w| {
            !w.used
                && w.key == key
                && match (start, end) {
                    (Some(s), Some(e)) => w
                        .spans
                        .iter()
                        .any(|&(ws, we)| s < we as f64 && (ws as f64) < e),
                    _ => false,
                }
        });
        match hit {
            Some(w) => {
                w.used = true;
                if !w.optional {
                    t.tp += 1;
                }
            }
            None => {
                t.fp += 1;
                let by = match get("rule") {
                    "" => String::new(),
                    rule => format!(" [by {rule}]"),
                };
                t.errors.push(format!(
                    "{doc}: extra target {} quote={:?}{by}",
                    key_text(&key),
                    get("quote")
                ));
            }
        }
    }
    for w in wanted.iter().filter(|w| !w.used && !w.optional) {
        t.fn_ += 1;
        t.errors.push(format!(
            "{doc}: missed target {} evidence={:?}",
            key_text(&w.key),
            w.evidence
        ));
    }
    Ok(t)
}

/// Code-point spans of every occurrence of `needle` in `text`.
fn spans(text: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let len = needle.chars().count();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let byte = from + i;
        let start = text[..byte].chars().count();
        out.push((start, start + len));
        from = byte + text[byte..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn score_goals(
    gold: &Gold,
    found: &[Row],
    items: &[GoldItem],
    doc: &str,
    rules: &BTreeMap<(String, i32), String>,
) -> Result<Tally, EvalError> {
    let mut required = BTreeSet::new();
    let mut allowed = BTreeSet::new();
    for g in items {
        let Some(y) = g.year else { continue };
        let k = (gold.region_code(g)?, y);
        if !g.optional {
            required.insert(k.clone());
        }
        allowed.insert(k);
    }
    let found: BTreeSet<(String, i32)> = found
        .iter()
        .filter_map(|r| {
            let y = year(r.get("year")?)?;
            Some((r.get("code")?.clone(), y))
        })
        .collect();
    let mut t = Tally::default();
    for k in &found {
        if required.contains(k) {
            t.tp += 1;
        } else if !allowed.contains(k) {
            t.fp += 1;
            let by = rules.get(k).map(String::as_str).unwrap_or_default();
            t.errors
                .push(format!("{doc}: extra goal ('{}', {}){by}", k.0, k.1));
        }
    }
    for k in required.difference(&found) {
        t.fn_ += 1;
        t.errors
            .push(format!("{doc}: missed goal ('{}', {})", k.0, k.1));
    }
    Ok(t)
}

/// Where a gold file's document is: `doc` relative to the gold file, or in `docs`.
pub fn document_path(gold_path: &Path, gold: &Gold, docs: Option<&Path>) -> PathBuf {
    let base = docs
        .map(Path::to_path_buf)
        .or_else(|| gold_path.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    base.join(&gold.doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_the_scorer_does() {
        assert_eq!(norm("“一网通办”"), "一网通办");
        assert_eq!(norm("互联网＋监管"), "互联网+监管");
        assert_eq!(comparator("≥"), ">=");
        assert_eq!(unit_class("个"), "count");
        assert_eq!(year("2025"), Some(2025));
        assert_eq!(spans("甲乙甲乙", "甲乙"), [(0, 2), (2, 4)]);
    }

    #[test]
    fn precision_recall_f1() {
        let t = Tally {
            tp: 3,
            fp: 1,
            fn_: 1,
            errors: Vec::new(),
        };
        let (p, r, f) = t.prf();
        assert_eq!((p, r), (0.75, 0.75));
        assert!((f - 0.75).abs() < 1e-9);
        assert_eq!(Tally::default().prf(), (1.0, 1.0, 1.0));
    }
}
