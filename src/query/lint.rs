//! Help instead of silence: the small mistakes that make a query answer nothing, found before it
//! runs — a `gk:` term the ontology does not declare (`gk:operatePlatform`, `gk:Targets`), a
//! plain string where the store holds only language-tagged labels (`"广东省"` for `"广东省"@zh`),
//! and a name that is no label at all but begins one (`"广东"@zh` for 广东省).

use super::QuerySource;
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Most label suggestions given for one name.
const SUGGESTIONS: usize = 3;

/// The warnings for `query` on `store`, in the order of the query text; none when it cannot be
/// parsed (the syntax error says enough).
pub fn warnings(store: &Store, query: &QuerySource) -> Vec<String> {
    // A query too deep to parse safely is refused when it runs; parsing it here would overflow
    // the stack first.
    if super::check_complexity(&query.label, &query.text).is_err() {
        return Vec::new();
    }
    let Ok(algebra) = super::algebra(query).map(|q| q.to_sse()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let known = vocabulary();
    let mut seen = BTreeSet::new();
    for m in iri_pattern().captures_iter(&algebra) {
        let local = &m[1];
        if known.contains(local) || !seen.insert(local.to_string()) {
            continue;
        }
        let mut warning = format!("gk:{local} is not in the vocabulary (ontology/govkg.ttl)");
        if let Some(near) = nearest(local, known) {
            warning.push_str(&format!("; did you mean gk:{near}?"));
        }
        out.push(warning);
    }
    for m in literal_pattern().captures_iter(&algebra) {
        // Only a literal matched against labels: the object of a label property, or one side
        // of an equality (`FILTER(?name = "广东省")`).
        let before = &algebra[..m.get(0).map_or(0, |w| w.start())];
        let as_label: Vec<&str> = LABELS
            .iter()
            .copied()
            .filter(|p| before.ends_with(&format!("<{p}> ")))
            .collect();
        let compared = before.rsplit_once("(= ").is_some_and(|(_, rest)| {
            !rest.contains(['(', ')']) && rest.split_whitespace().count() <= 1
        });
        // The properties it is matched with: the one of its pattern, or any name.
        let properties: &[&str] = if !as_label.is_empty() {
            &as_label
        } else if compared {
            &LABELS
        } else {
            continue;
        };
        let value = unescape(&m[1]);
        let suffix = m.get(2).map_or("", |s| s.as_str());
        if suffix.starts_with("^^") || !seen.insert(format!("\"{value}\"{suffix}")) {
            continue;
        }
        let literal = match suffix.strip_prefix('@') {
            Some(lang) => Literal::new_language_tagged_literal(value.clone(), lang).ok(),
            None => Some(Literal::new_simple_literal(value.clone())),
        };
        let Some(literal) = literal else { continue };
        if is_label(store, &literal, properties) {
            continue;
        }
        if suffix.is_empty() {
            let tagged = ["zh", "en"]
                .into_iter()
                .filter_map(|l| Literal::new_language_tagged_literal(value.clone(), l).ok())
                .find(|l| is_label(store, l, properties));
            if let Some(tagged) = tagged {
                out.push(format!(
                    "\"{value}\" matches nothing: the store holds it only with a language tag; write {tagged}"
                ));
                continue;
            }
        }
        let labels = labels_beginning(store, &value);
        if !labels.is_empty() {
            let lang = suffix.strip_prefix('@').unwrap_or("zh");
            let list: Vec<String> = labels.iter().map(|l| format!("\"{l}\"@{lang}")).collect();
            out.push(format!(
                "\"{value}\"{suffix} is no label in the store; did you mean {}?",
                list.join(" or ")
            ));
        }
    }
    out
}

fn iri_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(&format!("<{}([^>]*)>", regex::escape(vocab::GK))).expect("a valid pattern")
    })
}

fn literal_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r#""((?:[^"\\]|\\.)*)"(@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^<[^>]*>)?"#)
            .expect("a valid pattern")
    })
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The local names of every term `ontology/govkg.ttl` declares.
fn vocabulary() -> &'static BTreeSet<String> {
    static TERMS: OnceLock<BTreeSet<String>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let mut terms = BTreeSet::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(crate::rdf::ONTOLOGY_TTL.as_bytes())
            .flatten()
        {
            if let NamedOrBlankNode::NamedNode(n) = &quad.subject {
                if let Some(local) = n.as_str().strip_prefix(vocab::GK) {
                    terms.insert(local.to_string());
                }
            }
        }
        terms
    })
}

/// The declared term nearest to `local` (by edit distance, case ignored), if near enough.
fn nearest<'a>(local: &str, known: &'a BTreeSet<String>) -> Option<&'a str> {
    let lower = local.to_lowercase();
    known
        .iter()
        .map(|k| (distance(&lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= 3.max(k.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(row[j + 1])
            };
            previous = current;
        }
    }
    row[b.len()]
}

/// The properties that hold names.
const LABELS: [&str; 3] = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
];

/// Whether anything has `literal` as a name by one of `properties`.
fn is_label(store: &Store, literal: &Literal, properties: &[&str]) -> bool {
    let term = Term::from(literal.clone());
    properties.iter().any(|p| {
        let p = oxigraph::model::NamedNodeRef::new_unchecked(p);
        store
            .quads_for_pattern(None, Some(p), Some(term.as_ref()), None)
            .next()
            .is_some()
    })
}

/// Labels of the reference graph (regions) that begin with `prefix` and are a little longer:
/// 广东 → 广东省.
fn labels_beginning(store: &Store, prefix: &str) -> Vec<String> {
    if prefix.is_empty() {
        return Vec::new();
    }
    let longest = prefix.chars().count() + 4;
    let mut found = BTreeSet::new();
    for quad in store
        .quads_for_pattern(
            None,
            Some(oxigraph::model::vocab::rdfs::LABEL),
            None,
            Some(vocab::graph::REFERENCE.into()),
        )
        .flatten()
    {
        if let Term::Literal(l) = &quad.object {
            let v = l.value();
            if v.starts_with(prefix) && v != prefix && v.chars().count() <= longest {
                found.insert(v.to_string());
            }
        }
    }
    // The shortest first: 广东省 before 广东省某某.
    let mut list: Vec<String> = found.into_iter().collect();
    list.sort_by_key(|l| (l.chars().count(), l.clone()));
    list.truncate(SUGGESTIONS);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_the_vocabulary_are_named() {
        let known = vocabulary();
        assert!(known.contains("operatesPlatform") && known.contains("Target"));
        assert_eq!(nearest("operatePlatform", known), Some("operatesPlatform"));
        assert_eq!(nearest("Targets", known), Some("Target"));
        assert_eq!(nearest("entirelyUnrelatedWord", known), None);
    }
}
