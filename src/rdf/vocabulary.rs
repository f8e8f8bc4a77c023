//! The vocabulary documented from the ontology: `docs/vocabulary.md` is this module's output
//! for `ontology/govkg.ttl`, and a test keeps it current.

use super::ONTOLOGY_TTL;
use crate::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::fmt::Write;

/// One term of the ontology, as the document lists it.
struct Entry {
    term: String,
    kind: String,
    zh: String,
    en: String,
    domain: String,
    range: String,
    comment: String,
}

const TERMS: &str = r#"
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term
       (GROUP_CONCAT(DISTINCT STR(?k); separator=" ") AS ?kind) (SAMPLE(?z) AS ?zh) (SAMPLE(?e) AS ?en)
       (GROUP_CONCAT(DISTINCT STR(?d); separator=" ") AS ?domain)
       (GROUP_CONCAT(DISTINCT STR(?r); separator=" ") AS ?range)
       (GROUP_CONCAT(DISTINCT STR(?s); separator=" ") AS ?super)
       (SAMPLE(?c) AS ?comment)
WHERE {
  ?term a ?k .
  VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty
              owl:NamedIndividual skos:Concept skos:ConceptScheme }
  FILTER(STRSTARTS(STR(?term), "https://w3id.org/govkg/ontology#"))
  OPTIONAL { ?term rdfs:label ?z FILTER(lang(?z) = "zh") }
  OPTIONAL { ?term rdfs:label ?e FILTER(lang(?e) = "en") }
  OPTIONAL { ?term rdfs:domain ?d }
  OPTIONAL { ?term rdfs:range ?r }
  OPTIONAL { ?term rdfs:subClassOf|rdfs:subPropertyOf ?s }
  OPTIONAL { ?term rdfs:comment ?c FILTER(lang(?c) = "en") }
}
GROUP BY ?term
ORDER BY ?term
"#;

/// The Markdown document of every class and property `ontology/govkg.ttl` declares.
pub fn markdown() -> String {
    let entries = entries().unwrap_or_default();
    let mut out = String::new();
    out.push_str(
        "# The govkg vocabulary\n\n\
         Generated from `ontology/govkg.ttl` (`gk:` = `https://w3id.org/govkg/ontology#`); do not\n\
         edit by hand: `GOVKG_BLESS=1 cargo test --release --test ontology` writes it again, and\n\
         the test fails when it is out of date.\n",
    );
    for (kind, title) in [
        ("Class", "Classes"),
        ("ObjectProperty", "Properties linking resources"),
        ("DatatypeProperty", "Properties with values"),
        ("AnnotationProperty", "Annotation properties"),
        ("Individual", "Named individuals (concept schemes, genres)"),
    ] {
        let rows: Vec<&Entry> = entries.iter().filter(|e| e.kind == kind).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = write!(out, "\n## {title}\n\n");
        out.push_str("| term | 中文 | English | domain → range | meaning |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for e in rows {
            let span = match (e.domain.as_str(), e.range.as_str()) {
                ("", "") => String::new(),
                (d, "") => d.to_string(),
                ("", r) => format!("→ {r}"),
                (d, r) => format!("{d} → {r}"),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                e.term,
                cell(&e.zh),
                cell(&e.en),
                cell(&span),
                cell(&e.comment)
            );
        }
    }
    out
}

fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn entries() -> Option<Vec<Entry>> {
    let store = Store::new().ok()?;
    store
        .load_from_reader(RdfFormat::Turtle, ONTOLOGY_TTL.as_bytes())
        .ok()?;
    let results = SparqlEvaluator::new()
        .parse_query(TERMS)
        .ok()?
        .on_store(&store)
        .execute()
        .ok()?;
    let QueryResults::Solutions(rows) = results else {
        return None;
    };
    let mut out = Vec::new();
    for row in rows {
        let row = row.ok()?;
        let text = |name: &str| match row.get(name) {
            Some(Term::Literal(l)) => l.value().to_string(),
            Some(Term::NamedNode(n)) => compact(n.as_str()),
            _ => String::new(),
        };
        let compact_all = |name: &str| {
            text(name)
                .split_whitespace()
                .map(compact)
                .collect::<Vec<_>>()
                .join(", ")
        };
        // Its kind, by the first of its types in this order.
        let types = compact_all("kind");
        let kind = [
            "Class",
            "ObjectProperty",
            "DatatypeProperty",
            "AnnotationProperty",
        ]
        .into_iter()
        .find(|k| types.split(", ").any(|t| t == format!("owl:{k}")))
        .unwrap_or("Individual")
        .to_string();
        let mut comment = text("comment");
        let supers = compact_all("super");
        if !supers.is_empty() {
            comment = format!("(a kind of {supers}) {comment}");
        }
        out.push(Entry {
            term: text("term"),
            kind,
            zh: text("zh"),
            en: text("en"),
            domain: compact_all("domain"),
            range: compact_all("range"),
            comment,
        });
    }
    Some(out)
}

/// An IRI with a predeclared prefix where one fits.
fn compact(iri: &str) -> String {
    vocab::PREFIXES
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns))
        .max_by_key(|(_, ns)| ns.len())
        .map(|(p, ns)| format!("{p}:{}", &iri[ns.len()..]))
        .unwrap_or_else(|| iri.to_string())
}
