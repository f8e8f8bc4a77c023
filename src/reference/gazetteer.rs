//! The gazetteer: known initiatives and platforms with their canonical names, variants and
//! English names, read from the SKOS Turtle file `ontology/gazetteer.ttl`.

use super::ReferenceError;
use crate::vocab::{dcterms, gk, skos};

/// Where region IRIs start; a platform's `dcterms:spatial` is one.
const REGION_BASE: &str = "https://w3id.org/govkg/id/region/";
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{vocab::rdf, Term};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The gazetteer as shipped, also loaded into the store as its own graph.
pub const GAZETTEER_TTL: &str = include_str!("../../ontology/gazetteer.ttl");

/// Whether a name is a platform or an initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    Platform,
    Initiative,
}

/// A known name.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The IRI of the concept.
    pub iri: String,
    pub kind: EntryKind,
    /// Canonical Chinese name (`skos:prefLabel @zh`).
    pub name: String,
    /// English name (`skos:prefLabel @en`), when given.
    pub name_en: Option<String>,
    /// Variants (`skos:altLabel @zh`).
    pub aliases: Vec<String>,
    /// The name is also an everyday phrase and counts only where quoted (`gk:quotedOnly`).
    pub quoted_only: bool,
    /// GB/T 2260 code of the region that runs a platform (`dcterms:spatial`).
    pub region: Option<String>,
}

/// All known names.
#[derive(Debug, Default)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
}

impl Gazetteer {
    /// The bundled gazetteer, parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| Self::from_turtle(GAZETTEER_TTL).unwrap_or_default())
    }

    /// Reads entries from SKOS Turtle: every subject typed `gk:Initiative` or `gk:Platform`.
    pub fn from_turtle(ttl: &str) -> Result<Self, ReferenceError> {
        #[derive(Default)]
        struct Partial {
            kind: Option<EntryKind>,
            name: Option<String>,
            name_en: Option<String>,
            aliases: Vec<String>,
            quoted_only: bool,
            region: Option<String>,
        }
        let mut partial: BTreeMap<String, Partial> = BTreeMap::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
            let quad = quad.map_err(|e| ReferenceError::Rdf {
                file: "ontology/gazetteer.ttl",
                message: e.to_string(),
            })?;
            let oxigraph::model::NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                continue;
            };
            let entry = partial.entry(subject.as_str().to_string()).or_default();
            let p = quad.predicate.as_ref();
            match &quad.object {
                Term::NamedNode(o) if p == rdf::TYPE => {
                    if o.as_ref() == gk::INITIATIVE {
                        entry.kind = Some(EntryKind::Initiative);
                    } else if o.as_ref() == gk::PLATFORM {
                        entry.kind = Some(EntryKind::Platform);
                    }
                }
                Term::Literal(l) if p == skos::PREF_LABEL => match l.language() {
                    Some("zh") => entry.name = Some(l.value().to_string()),
                    Some("en") => entry.name_en = Some(l.value().to_string()),
                    _ => {}
                },
                Term::Literal(l) if p == skos::ALT_LABEL && l.language() == Some("zh") => {
                    entry.aliases.push(l.value().to_string())
                }
                Term::Literal(l) if p == gk::QUOTED_ONLY => entry.quoted_only = l.value() == "true",
                Term::NamedNode(o) if p == dcterms::SPATIAL => {
                    let Some(code) = o.as_str().strip_prefix(REGION_BASE) else {
                        return Err(ReferenceError::Rdf {
                            file: "ontology/gazetteer.ttl",
                            message: format!(
                                "<{}>: dcterms:spatial <{}> is not a region ({REGION_BASE}CODE)",
                                subject.as_str(),
                                o.as_str()
                            ),
                        });
                    };
                    entry.region = Some(code.to_string());
                }
                _ => {}
            }
        }
        let mut entries = Vec::new();
        for (iri, p) in partial {
            let Some(kind) = p.kind else { continue };
            let Some(name) = p.name else {
                return Err(ReferenceError::Rdf {
                    file: "ontology/gazetteer.ttl",
                    message: format!("<{iri}> has no skos:prefLabel in Chinese (@zh)"),
                });
            };
            entries.push(Entry {
                iri,
                kind,
                name,
                name_en: p.name_en,
                aliases: p.aliases,
                quoted_only: p.quoted_only,
                region: p.region,
            });
        }
        Ok(Self { entries })
    }

    /// The entry whose canonical name or variant is `name`.
    pub fn lookup(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.name == name || e.aliases.iter().any(|a| a == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_gazetteer_parses_and_resolves_variants() {
        let g = Gazetteer::from_turtle(GAZETTEER_TTL).unwrap();
        assert!(g.entries.len() > 100);
        let e = g.lookup("件事一次办").unwrap();
        assert_eq!(e.name, "一件事一次办");
        assert_eq!(e.kind, EntryKind::Initiative);
        let e = g.lookup("一网通办").unwrap();
        assert_eq!(
            e.name_en.as_deref(),
            Some("One-Network Government Services")
        );
        assert!(g.lookup("网上办").unwrap().quoted_only);
        assert_eq!(g.lookup("粤省事").unwrap().kind, EntryKind::Platform);
        assert_eq!(
            g.lookup("赣服通").unwrap().region.as_deref(),
            Some("360000")
        );
    }

    #[test]
    fn every_entry_iri_is_minted_from_its_canonical_name() {
        for e in &Gazetteer::bundled().entries {
            assert_eq!(e.iri, crate::rdf::entity_iri(e.kind, &e.name), "{}", e.name);
        }
    }

    #[test]
    fn every_platform_region_is_a_known_region() {
        let regions = crate::reference::Regions::bundled();
        for e in &Gazetteer::bundled().entries {
            if let Some(code) = &e.region {
                assert!(regions.get(code).is_some(), "{}: {code}", e.name);
            }
        }
    }

    #[test]
    fn no_variant_names_two_entries() {
        let mut seen = std::collections::HashMap::new();
        for e in &Gazetteer::bundled().entries {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                if let Some(other) = seen.insert(n.clone(), e.name.clone()) {
                    panic!("{n} names both {other} and {}", e.name);
                }
            }
        }
    }
}
