//! Parameters of named queries. A named query declares each in its header,
//!
//! ```text
//! # param region (region, default 广东省): the region asked about
//! ```
//!
//! and binds it in a `VALUES ?region { … }` clause, whose value is the default. Asked for another
//! value (`govkg query region-profile --param region=粤`), the value is resolved by its kind — a
//! region in any form the importer accepts (广东省, 广东, 粤, Guangdong, CN-GD, 440000, a city),
//! an initiative or platform by any of its labels in the store, a year — into an RDF term, and
//! the VALUES clause of the parsed query is given that term. The query is then written back
//! from its algebra: no text is ever spliced into SPARQL.

use super::QueryError;
use crate::reference::{Reconciled, Reconciler, Regions};
use crate::vocab::{gk, skos};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term, Variable};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use spargebra::Query;

/// What a parameter's value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Region,
    Initiative,
    Platform,
    Year,
    Text,
}

impl Kind {
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "region" => Self::Region,
            "initiative" => Self::Initiative,
            "platform" => Self::Platform,
            "year" => Self::Year,
            "text" => Self::Text,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Region => "region",
            Self::Initiative => "initiative",
            Self::Platform => "platform",
            Self::Year => "year",
            Self::Text => "text",
        }
    }
}

/// A parameter a named query declares.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Param {
    /// Its name, also the variable its VALUES clause binds.
    pub name: String,
    pub kind: Kind,
    /// The default, as a user would write it (the query's VALUES clause holds its term).
    pub default: String,
    pub help: String,
}

/// The parameters declared in a query's header (`# param NAME (KIND, default VALUE): HELP`).
pub fn declared(text: &str) -> Result<Vec<Param>, QueryError> {
    let mut params = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .take_while(|l| l.starts_with('#'))
    {
        let Some(rest) = line.trim_start_matches('#').trim().strip_prefix("param ") else {
            continue;
        };
        let bad = || {
            QueryError::BadParam {
            param: rest.to_string(),
            problem: "a parameter is declared as `# param NAME (KIND, default VALUE): HELP`, KIND one of region, initiative, platform, year, text".into(),
        }
        };
        let (name, rest) = rest.split_once('(').ok_or_else(bad)?;
        let (inside, help) = rest.split_once("):").ok_or_else(bad)?;
        let (kind, default) = inside.split_once(',').ok_or_else(bad)?;
        let default = default.trim().strip_prefix("default").ok_or_else(bad)?;
        params.push(Param {
            name: name.trim().to_string(),
            kind: Kind::parse(kind.trim()).ok_or_else(bad)?,
            default: default.trim().to_string(),
            help: help.trim().to_string(),
        });
    }
    Ok(params)
}

/// The query `text` with each `(name, value)` bound: its VALUES clause for `?name` given the
/// term `value` names. Unknown parameters and values that name nothing are errors that say
/// what would do.
pub fn bind(
    text: &str,
    values: &[(String, String)],
    store: &Store,
    origin: &str,
) -> Result<String, QueryError> {
    if values.is_empty() {
        return Ok(text.to_string());
    }
    let params = declared(text)?;
    let mut query = super::parser(origin)?
        .parse_query(text)
        .map_err(|e| QueryError::Syntax {
            origin: origin.to_string(),
            message: super::syntax_message(&e.to_string(), text),
        })?;
    for (name, value) in values {
        let Some(param) = params.iter().find(|p| &p.name == name) else {
            return Err(QueryError::BadParam {
                param: name.clone(),
                problem: if params.is_empty() {
                    format!("{origin} takes no parameters")
                } else {
                    format!(
                        "{origin} takes {}",
                        params
                            .iter()
                            .map(|p| format!("{} ({})", p.name, p.kind.as_str()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            });
        };
        let term = resolve(param, value, store)?;
        let variable = Variable::new_unchecked(param.name.clone());
        if !set_values(pattern_of(&mut query), &variable, &term) {
            return Err(QueryError::BadParam {
                param: name.clone(),
                problem: format!("{origin} declares it but has no VALUES ?{name} clause to bind"),
            });
        }
    }
    Ok(query.to_string())
}

/// The term `value` names, as `param`'s kind reads it.
pub fn resolve(param: &Param, value: &str, store: &Store) -> Result<GroundTerm, QueryError> {
    let problem = |problem: String| QueryError::BadParam {
        param: format!("{}={value}", param.name),
        problem,
    };
    match param.kind {
        Kind::Region => match Reconciler::new(Regions::bundled()).reconcile(value) {
            Reconciled::One(region) => Ok(crate::rdf::region_iri(&region.code).into()),
            Reconciled::Ambiguous(many) => Err(problem(format!(
                "several regions go by this name: {}; give the code",
                many.iter()
                    .map(|r| format!("{} {}", r.code, r.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            Reconciled::None => Err(problem(
                "no region goes by this name (write it as 广东省, 广东, 粤, Guangdong, CN-GD or 440000)".into(),
            )),
        },
        Kind::Initiative | Kind::Platform => {
            let class = if param.kind == Kind::Initiative {
                gk::INITIATIVE
            } else {
                gk::PLATFORM
            };
            let (found, known) = by_label(store, class, value).map_err(QueryError::Storage)?;
            found.map(GroundTerm::from).ok_or_else(|| {
                let near: Vec<&String> = known
                    .iter()
                    .filter(|k| k.contains(value.trim()) || value.contains(k.as_str()))
                    .take(8)
                    .collect();
                problem(if near.is_empty() {
                    format!(
                        "no {} in the store has this name ({} known; `govkg query --suggest {}` lists them)",
                        param.kind.as_str(),
                        known.len(),
                        param.kind.as_str()
                    )
                } else {
                    format!(
                        "no {} in the store has this name; did you mean {}?",
                        param.kind.as_str(),
                        near.iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            })
        }
        Kind::Year => {
            let year: i64 = value
                .trim()
                .trim_end_matches('年')
                .parse()
                .ok()
                .filter(|y| (1000..=9999).contains(y))
                .ok_or_else(|| problem("a year is four digits, such as 2025".into()))?;
            Ok(Literal::from(year).into())
        }
        Kind::Text => Ok(Literal::from(value).into()),
    }
}

/// Values a user may give for a kind (labels in the store, or region names).
pub fn suggestions(kind: Kind, store: &Store) -> Result<Vec<String>, QueryError> {
    Ok(match kind {
        Kind::Region => Regions::bundled()
            .iter()
            .filter(|r| {
                matches!(
                    r.level,
                    crate::reference::RegionLevel::Province
                        | crate::reference::RegionLevel::Country
                )
            })
            .map(|r| r.name.clone())
            .collect(),
        Kind::Initiative => by_label(store, gk::INITIATIVE, "")?.1,
        Kind::Platform => by_label(store, gk::PLATFORM, "")?.1,
        Kind::Year => (2020..=2035).map(|y| y.to_string()).collect(),
        Kind::Text => Vec::new(),
    })
}

/// The member of `class` one of whose labels is `value` (case and spaces aside), and every
/// Chinese label of the class's members, sorted.
fn by_label(
    store: &Store,
    class: NamedNodeRef<'_>,
    value: &str,
) -> Result<(Option<NamedNode>, Vec<String>), oxigraph::store::StorageError> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = key(value);
    let mut found = None;
    let mut known = Vec::new();
    for quad in store.quads_for_pattern(None, Some(rdf::TYPE), Some(class.into()), None) {
        let quad = quad?;
        let oxigraph::model::NamedOrBlankNode::NamedNode(member) = quad.subject else {
            continue;
        };
        for predicate in [rdfs::LABEL, skos::PREF_LABEL, skos::ALT_LABEL] {
            for label in
                store.quads_for_pattern(Some(member.as_ref().into()), Some(predicate), None, None)
            {
                let Term::Literal(label) = label?.object else {
                    continue;
                };
                if !wanted.is_empty() && key(label.value()) == wanted {
                    found = Some(member.clone());
                }
                if predicate == rdfs::LABEL && label.language() == Some("zh") {
                    known.push(label.value().to_string());
                }
            }
        }
    }
    known.sort();
    known.dedup();
    Ok((found, known))
}

fn pattern_of(query: &mut Query) -> &mut GraphPattern {
    match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    }
}

/// Gives every VALUES clause that binds `variable` the one row `term` (the other variables of
/// a clause keep their first row). Whether any did.
fn set_values(pattern: &mut GraphPattern, variable: &Variable, term: &GroundTerm) -> bool {
    match pattern {
        GraphPattern::Values {
            variables,
            bindings,
        } => {
            let Some(i) = variables.iter().position(|v| v == variable) else {
                return false;
            };
            let mut row = bindings.first().cloned().unwrap_or_default();
            row.resize(variables.len(), None);
            row[i] = Some(term.clone());
            *bindings = vec![row];
            true
        }
        GraphPattern::Join { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::LeftJoin { left, right, .. } => {
            // Both sides: a parameter may be bound in each branch of a union.
            let l = set_values(left, variable, term);
            let r = set_values(right, variable, term);
            l || r
        }
        GraphPattern::Filter { inner, .. }
        | GraphPattern::Graph { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Service { inner, .. } => set_values(inner, variable, term),
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "# Targets of one region\n# param region (region, default 广东省): the region asked about\n# param year (year, default 2025): the deadline\nSELECT ?t WHERE { VALUES ?region { region:440000 } VALUES ?year { 2025 } ?t gk:region ?region ; gk:targetYear ?year }";

    #[test]
    fn parameters_are_read_from_the_header() {
        let params = declared(QUERY).unwrap();
        assert_eq!(params.len(), 2);
        assert_eq!(params[0].name, "region");
        assert_eq!(params[0].kind, Kind::Region);
        assert_eq!(params[0].default, "广东省");
        assert_eq!(params[1].kind, Kind::Year);
        assert!(declared("# param x: no kind\nASK {}").is_err());
    }

    #[test]
    fn a_value_is_bound_as_a_term_never_as_text() {
        let store = Store::new().unwrap();
        for form in ["浙江", "浙江省", "浙", "Zhejiang", "330000"] {
            let bound = bind(QUERY, &[("region".into(), form.into())], &store, "test").unwrap();
            assert!(
                bound.contains("<https://w3id.org/govkg/id/region/330000>"),
                "{form}: {bound}"
            );
        }
        let bound = bind(QUERY, &[("year".into(), "2030".into())], &store, "test").unwrap();
        assert!(bound.contains("2030"), "{bound}");
        // A value that tries to leave its place is only a value that names nothing.
        let hostile = "广东省 } ?s ?p ?o { ";
        assert!(bind(QUERY, &[("region".into(), hostile.into())], &store, "test").is_err());
        let text = bind(
            "# param q (text, default x): a word\nSELECT ?q WHERE { VALUES ?q { \"x\" } }",
            &[("q".into(), "\" } ?s ?p ?o { \"".into())],
            &store,
            "test",
        )
        .unwrap();
        assert!(text.contains(r#""\" } ?s ?p ?o { \"""#), "{text}");
        // Unknown parameters say which there are.
        let e = bind(QUERY, &[("province".into(), "粤".into())], &store, "test").unwrap_err();
        assert!(
            e.to_string().contains("region (region), year (year)"),
            "{e}"
        );
    }
}
