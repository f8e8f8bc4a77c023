//! The facts that drawings are made of, read from the store with SPARQL: regions with their
//! names, codes and the region each is part of; the platforms and initiatives regions run and
//! adopt (with how many passages say so); targets and goals. The graph, the matrix and the
//! timeline are all drawn from these, after a [`Selection`](super::select::Selection) picks
//! what to show.

use super::ExportError;
use crate::query::{self, QuerySource};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Code of the whole country.
pub const COUNTRY_CODE: &str = "100000";

/// Names of something, by language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// `rdfs:label` in Chinese (or without a language tag).
    pub zh: Option<String>,
    /// `rdfs:label` in English.
    pub en: Option<String>,
    /// `skos:altLabel`s: short names and variants.
    pub alt: Vec<String>,
}

impl Names {
    /// The label in `lang`, else in the other language, else `fallback`.
    pub fn label(&self, lang: super::Lang, fallback: &str) -> String {
        let (first, second) = match lang {
            super::Lang::Zh => (&self.zh, &self.en),
            super::Lang::En => (&self.en, &self.zh),
        };
        first
            .as_ref()
            .or(second.as_ref())
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }

    /// Does `name` name it (labels and variants; case does not matter)?
    pub fn matches(&self, name: &str) -> bool {
        let name = name.trim().to_lowercase();
        self.zh
            .iter()
            .chain(self.en.iter())
            .chain(self.alt.iter())
            .any(|n| n.to_lowercase() == name)
    }
}

/// A region of the reference graph.
#[derive(Debug, Clone, Default)]
pub struct Region {
    pub iri: String,
    /// GB/T 2260 code.
    pub code: String,
    pub names: Names,
    /// The region it is part of (`gk:partOf`).
    pub parent: Option<String>,
}

/// A quantitative target.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub iri: String,
    pub region: String,
    pub metric: String,
    /// As written in the store (a decimal).
    pub value: String,
    pub unit: String,
    pub comparator: String,
    pub year: Option<i32>,
    /// "planned" or "achieved".
    pub status: String,
}

/// A dated goal.
#[derive(Debug, Clone, Default)]
pub struct Goal {
    pub iri: String,
    pub region: String,
    pub year: Option<i32>,
    pub statement: String,
}

/// A region's link to a platform or initiative.
#[derive(Debug, Clone)]
pub struct Link {
    pub region: String,
    pub object: String,
    /// Passages that say so (`gk:Mention`s of it in that region); at least 1.
    pub mentions: u32,
}

/// Everything a drawing may show.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Every region of the reference graph, by IRI.
    pub regions: HashMap<String, Region>,
    /// Names of platforms and initiatives, by IRI.
    pub names: HashMap<String, Names>,
    /// The IRIs typed `gk:Initiative`.
    pub initiatives: HashSet<String>,
    pub operates: Vec<Link>,
    pub adopts: Vec<Link>,
    pub targets: Vec<Target>,
    pub goals: Vec<Goal>,
}

const PREFIXES: &str = "PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
";

/// Runs a SELECT query (with govkg's prefixes) and returns its rows.
pub(crate) fn select(store: &Store, sparql: &str) -> Result<Vec<QuerySolution>, ExportError> {
    let source = QuerySource {
        label: "diagram query".to_string(),
        text: format!("{PREFIXES}{sparql}"),
    };
    match query::run(store, &source)? {
        QueryResults::Solutions(s) => Ok(s
            .collect::<Result<Vec<_>, _>>()
            .map_err(query::QueryError::from)?),
        _ => Ok(Vec::new()),
    }
}

/// The text of a term: a literal's value, an IRI as it is.
pub(crate) fn text(term: Option<&Term>) -> String {
    match term {
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(other) => query::display_term(other),
        None => String::new(),
    }
}

/// The language tag of a literal, `""` for anything else.
pub(crate) fn language(term: Option<&Term>) -> &str {
    match term {
        Some(Term::Literal(l)) => l.language().unwrap_or(""),
        _ => "",
    }
}

/// A year from "2025" or "2025"^^xsd:gYear.
pub(crate) fn year(term: Option<&Term>) -> Option<i32> {
    let t = text(term);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|_| digits.len() == 4)
}

/// Adds a label or variant to `names`: the first Chinese and the first English label win.
pub(crate) fn add_name(names: &mut Names, alt: bool, label: Option<&Term>) {
    let value = text(label);
    if value.is_empty() {
        return;
    }
    let lang = language(label).to_ascii_lowercase();
    if alt {
        names.alt.push(value);
    } else if lang.starts_with("en") {
        names.en.get_or_insert(value);
    } else {
        names.zh.get_or_insert(value);
    }
}

/// The last segment of an IRI, for things that have no label.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

impl Facts {
    /// Reads the facts of the store.
    pub fn load(store: &Store) -> Result<Self, ExportError> {
        let mut facts = Self::default();
        for s in select(
            store,
            "SELECT ?r ?code ?parent WHERE { ?r gk:adminCode ?code OPTIONAL { ?r gk:partOf ?parent } } ORDER BY ?r ?parent",
        )? {
            let iri = text(s.get("r"));
            let entry = facts.regions.entry(iri.clone()).or_insert_with(|| Region {
                iri,
                code: text(s.get("code")),
                ..Region::default()
            });
            if entry.parent.is_none() && s.get("parent").is_some() {
                entry.parent = Some(text(s.get("parent")));
            }
        }
        for s in select(
            store,
            "SELECT ?r ?alt ?l WHERE { ?r gk:adminCode ?code .
               { ?r rdfs:label ?l BIND(false AS ?alt) } UNION { ?r skos:altLabel ?l BIND(true AS ?alt) } }
             ORDER BY ?r ?alt ?l",
        )? {
            if let Some(region) = facts.regions.get_mut(&text(s.get("r"))) {
                add_name(&mut region.names, text(s.get("alt")) == "true", s.get("l"));
            }
        }
        for s in select(
            store,
            "SELECT ?x ?c ?alt ?l WHERE { ?x a ?c FILTER(?c IN (gk:Platform, gk:Initiative))
               { ?x rdfs:label ?l BIND(false AS ?alt) } UNION { ?x skos:altLabel ?l BIND(true AS ?alt) } }
             ORDER BY ?x ?alt ?l",
        )? {
            let iri = text(s.get("x"));
            if text(s.get("c")) == crate::vocab::gk::INITIATIVE.as_str() {
                facts.initiatives.insert(iri.clone());
            }
            let names = facts.names.entry(iri).or_default();
            add_name(names, text(s.get("alt")) == "true", s.get("l"));
        }
        for (property, links) in [
            ("gk:operatesPlatform", &mut facts.operates),
            ("gk:adoptsInitiative", &mut facts.adopts),
        ] {
            for s in select(
                store,
                &format!(
                    "SELECT ?r ?x (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?r {property} ?x
                       OPTIONAL {{ ?m gk:refersTo ?x ; gk:region ?r }} }}
                     GROUP BY ?r ?x ORDER BY ?r ?x"
                ),
            )? {
                links.push(Link {
                    region: text(s.get("r")),
                    object: text(s.get("x")),
                    mentions: text(s.get("n")).parse::<u32>().unwrap_or(0).max(1),
                });
            }
        }
        let mut seen = BTreeMap::new();
        for s in select(
            store,
            "SELECT ?t ?r ?metric ?value ?unit ?cmp ?year ?status WHERE { ?t a gk:Target ; gk:region ?r
               OPTIONAL { ?t gk:metric ?metric } OPTIONAL { ?t gk:value ?value }
               OPTIONAL { ?t gk:unit ?unit } OPTIONAL { ?t gk:comparator ?cmp }
               OPTIONAL { ?t gk:targetYear ?year } OPTIONAL { ?t gk:status ?status } }
             ORDER BY ?r ?t",
        )? {
            let iri = text(s.get("t"));
            if seen.insert(iri.clone(), ()).is_some() {
                continue;
            }
            facts.targets.push(Target {
                iri,
                region: text(s.get("r")),
                metric: text(s.get("metric")),
                value: text(s.get("value")),
                unit: text(s.get("unit")),
                comparator: text(s.get("cmp")),
                year: year(s.get("year")),
                status: text(s.get("status")),
            });
        }
        for s in select(
            store,
            "SELECT ?g ?r ?year ?statement WHERE { ?g a gk:Goal ; gk:region ?r
               FILTER NOT EXISTS { ?g gk:digitalGovernment false }
               OPTIONAL { ?g gk:targetYear ?year } OPTIONAL { ?g gk:statement ?statement } }
             ORDER BY ?r ?g",
        )? {
            let iri = text(s.get("g"));
            if seen.insert(iri.clone(), ()).is_some() {
                continue;
            }
            facts.goals.push(Goal {
                iri,
                region: text(s.get("r")),
                year: year(s.get("year")),
                statement: text(s.get("statement")),
            });
        }
        Ok(facts)
    }

    /// The region's code, or its IRI's last segment when it has none.
    pub fn code<'a>(&'a self, region: &'a str) -> &'a str {
        self.regions
            .get(region)
            .map_or_else(|| local_name(region), |r| r.code.as_str())
    }

    /// The region's name in `lang`, with fallback to the other language and to its code.
    pub fn region_label(&self, region: &str, lang: super::Lang) -> String {
        match self.regions.get(region) {
            Some(r) => r.names.label(lang, &r.code),
            None => local_name(region).to_string(),
        }
    }

    /// The name of a platform or initiative in `lang`, with fallback.
    pub fn label(&self, iri: &str, lang: super::Lang) -> String {
        match self.names.get(iri) {
            Some(n) => n.label(lang, local_name(iri)),
            None => local_name(iri).to_string(),
        }
    }

    /// `region` and the regions it is part of, nearest first.
    pub fn ancestry<'a>(&'a self, region: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut next = Some(region);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let current = next?;
            steps += 1;
            next = self
                .regions
                .get(current)
                .and_then(|r| r.parent.as_deref())
                .filter(|_| steps < 16);
            Some(current)
        })
    }

    /// Regions whose labels, variants or code are `name` (a region and its short name, or the
    /// several regions a short name stands for).
    pub fn find_regions(&self, name: &str) -> Vec<&Region> {
        let name = name.trim();
        let mut found: Vec<&Region> = self
            .regions
            .values()
            .filter(|r| r.code == name || r.names.matches(name))
            .collect();
        found.sort_by(|a, b| a.code.cmp(&b.code));
        found
    }

    /// Initiatives named `name` (labels and variants, either language).
    pub fn find_initiatives(&self, name: &str) -> Vec<&str> {
        let mut found: Vec<&str> = self
            .names
            .iter()
            .filter(|(iri, _)| self.initiatives.contains(*iri))
            .filter(|(iri, n)| n.matches(name) || local_name(iri) == name.trim())
            .map(|(iri, _)| iri.as_str())
            .collect();
        found.sort();
        found
    }
}
