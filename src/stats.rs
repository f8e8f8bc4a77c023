//! Statistics of a store: how many facts of each class, and per region.

use crate::query::{self, QueryError, QuerySource};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;

/// Counts of the facts in a store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// (class, count): documents, regions with facts, platforms, initiatives, targets, goals,
    /// mentions, quads.
    pub classes: Vec<(&'static str, u64)>,
    /// Per region with facts: code, name, platforms, initiatives, targets, goals.
    pub regions: Vec<RegionStats>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionStats {
    pub code: String,
    pub name: String,
    pub platforms: u64,
    pub initiatives: u64,
    pub targets: u64,
    pub goals: u64,
}

const PREFIXES: &str = "PREFIX gk: <https://w3id.org/govkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";

const CLASS_QUERIES: &[(&str, &str)] = &[
    ("documents", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a gk:Document }"),
    ("regions", "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { { ?r gk:operatesPlatform|gk:adoptsInitiative ?x } UNION { ?f gk:region ?r . ?f a ?c FILTER(?c IN (gk:Target, gk:Goal)) } }"),
    ("platforms", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?r gk:operatesPlatform ?x }"),
    ("initiatives", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?r gk:adoptsInitiative ?x }"),
    ("targets", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a gk:Target }"),
    ("goals", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a gk:Goal }"),
    ("mentions", "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a gk:Mention }"),
];

const REGION_QUERY: &str = "SELECT ?code ?name
  (COUNT(DISTINCT ?p) AS ?platforms) (COUNT(DISTINCT ?i) AS ?initiatives)
  (COUNT(DISTINCT ?t) AS ?targets) (COUNT(DISTINCT ?g) AS ?goals)
WHERE {
  ?r gk:adminCode ?code ; rdfs:label ?name FILTER(lang(?name) = \"zh\")
  { ?r gk:operatesPlatform ?p } UNION { ?r gk:adoptsInitiative ?i }
  UNION { ?t a gk:Target ; gk:region ?r } UNION { ?g a gk:Goal ; gk:region ?r }
} GROUP BY ?code ?name ORDER BY ?code";

fn rows(store: &Store, sparql: &str) -> Result<Vec<oxigraph::sparql::QuerySolution>, QueryError> {
    let source = QuerySource {
        label: "stats query".to_string(),
        text: format!("{PREFIXES}{sparql}"),
    };
    match query::run(store, &source)? {
        QueryResults::Solutions(s) => Ok(s.collect::<Result<Vec<_>, _>>()?),
        _ => Ok(Vec::new()),
    }
}

fn number(s: &oxigraph::sparql::QuerySolution, var: &str) -> u64 {
    match s.get(var) {
        Some(oxigraph::model::Term::Literal(l)) => l.value().parse().unwrap_or(0),
        _ => 0,
    }
}

/// Counts the facts of `store`.
pub fn stats(store: &Store) -> Result<Stats, QueryError> {
    let mut out = Stats::default();
    for (name, sparql) in CLASS_QUERIES {
        let n = rows(store, sparql)?.first().map_or(0, |s| number(s, "n"));
        out.classes.push((name, n));
    }
    out.classes
        .push(("quads", crate::store::named_quads(store)? as u64));
    for s in rows(store, REGION_QUERY)? {
        out.regions.push(RegionStats {
            code: s.get("code").map(query::display_term).unwrap_or_default(),
            name: s.get("name").map(query::display_term).unwrap_or_default(),
            platforms: number(&s, "platforms"),
            initiatives: number(&s, "initiatives"),
            targets: number(&s, "targets"),
            goals: number(&s, "goals"),
        });
    }
    Ok(out)
}
