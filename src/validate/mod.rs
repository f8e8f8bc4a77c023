//! Validation: the store checked against the SHACL shapes of `ontology/shapes.ttl`, which say
//! what a well-formed govkg graph is (every target has one value, unit, comparator and region
//! and a quoted mention; every region one six-digit code; every link points to the right class).
//! The checking is done by rudof's `shacl_validation` crate on an in-memory copy of the graphs;
//! this module turns its report into [`Report`]: each [`Violation`] with its focus node, path,
//! the shape's `sh:message`, and — for targets, goals and mentions — the quote the focus node
//! was read from, looked up with SPARQL.

use crate::query::{self, QueryError, QuerySource};
use crate::rdf::{self, SHAPES_TTL};
use crate::store::GraphStore;
use crate::vocab::graph;
use oxigraph::model::{
    BlankNode, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::sparql::QueryResults;
use oxigraph::store::StorageError;
use rudof_rdf::rdf_core::term::Object;
use rudof_rdf::rdf_core::{RDFFormat, SHACLPath};
use rudof_rdf::rdf_impl::InMemoryGraph;
use shacl_validation::shacl_processor::{GraphValidation, ShaclProcessor, ShaclValidationMode};
use shacl_validation::store::{Graph, ShaclDataManager};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// Namespace of the shapes in `ontology/shapes.ttl`.
pub const SHAPES_NS: &str = "https://w3id.org/govkg/shapes#";

const SH: &str = "http://www.w3.org/ns/shacl#";

/// Why the store could not be validated (not: why it does not conform — that is a [`Report`]).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("ontology/shapes.ttl: the shapes cannot be loaded: {0}")]
    Shapes(String),
    #[error("cannot read the store: {0}")]
    Storage(#[from] StorageError),
    #[error("cannot copy the store for validation: {0}")]
    Data(String),
    #[error("SHACL validation failed: {0}")]
    Shacl(String),
    #[error("cannot look up the quotes of the violations: {0}")]
    Query(#[from] QueryError),
}

/// How serious a result is (`sh:severity`; the shapes shipped use only violations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Violation,
    Warning,
    Info,
    /// sh:Trace, sh:Debug or a severity of the shapes' own.
    Other,
}

/// One way in which a node does not conform to a shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The node that does not conform (a target, a mention, a region, …).
    pub focus: Term,
    /// The property path concerned, in SPARQL syntax with the known prefixes
    /// (`gk:value`, `prov:wasDerivedFrom/gk:quote`); None for a constraint on the node itself.
    pub path: Option<String>,
    /// The offending value, when the constraint is about one.
    pub value: Option<Term>,
    /// What the shape requires: its `sh:message`, else the validator's text.
    pub message: String,
    /// The validator's own account (`MinCount(1) not satisfied`).
    pub detail: String,
    /// The shape that was broken, when known.
    pub shape: Option<NamedNode>,
    /// The SHACL constraint component, as a local name of `sh:` (`MinCountConstraintComponent`).
    pub component: String,
    pub severity: Severity,
    /// The quote the focus node was read from: a mention's own `gk:quote`, or that of the
    /// mention a target or goal is derived from.
    pub quote: Option<String>,
}

/// The outcome of a validation.
#[derive(Debug, Clone)]
pub struct Report {
    /// True when no node breaks any shape.
    pub conforms: bool,
    /// Sorted by focus node, then path.
    pub violations: Vec<Violation>,
    /// Triples validated (the union of the graphs checked, each triple once).
    pub triples: usize,
    /// Named graphs validated.
    pub graphs: usize,
    pub elapsed: Duration,
}

impl Report {
    /// Number of results of severity sh:Violation.
    pub fn violation_count(&self) -> usize {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Violation)
            .count()
    }
}

/// Validates the union of every graph in the store except the shapes graph.
pub fn validate(store: &GraphStore) -> Result<Report, ValidateError> {
    let mut graphs = Vec::new();
    for g in store.store().named_graphs() {
        if let NamedOrBlankNode::NamedNode(g) = g? {
            if g.as_ref() != graph::SHAPES {
                graphs.push(g);
            }
        }
    }
    run(store, &graphs)
}

/// Validates the union of `graphs` only (for a build: the graphs it wrote). Links to classes
/// declared elsewhere (regions in the reference graph, known platforms in the gazetteer) are
/// checked only when those graphs are among `graphs`.
pub fn validate_graphs(store: &GraphStore, graphs: &[NamedNode]) -> Result<Report, ValidateError> {
    run(store, graphs)
}

/// Validates the union of `graphs` (the store's default graph, their union, is not read: it
/// would bring the shapes in as data).
fn run(store: &GraphStore, graphs: &[NamedNode]) -> Result<Report, ValidateError> {
    let started = Instant::now();
    let shapes = ShapeIndex::bundled()?;
    let schema = ShaclDataManager::load(
        &mut SHAPES_TTL.as_bytes(),
        "ontology/shapes.ttl",
        RDFFormat::Turtle,
        None,
    )
    .map_err(|e| ValidateError::Shapes(e.to_string()))?;

    let mut data = InMemoryGraph::new();
    let mut add = |quad: Quad| -> Result<(), ValidateError> {
        // RDF 1.2 triple terms are left out: the validator cannot show them.
        if matches!(
            quad.object,
            Term::Literal(_) | Term::NamedNode(_) | Term::BlankNode(_)
        ) {
            data.add_triple_ref(&quad.subject, &quad.predicate, &quad.object)
                .map_err(|e| ValidateError::Data(e.to_string()))?;
        }
        Ok(())
    };
    let s = store.store();
    for g in graphs {
        for quad in s.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
        {
            add(quad?)?;
        }
    }
    let triples = data.len();

    let graph = Graph::from_graph(data).map_err(|e| ValidateError::Data(e.to_string()))?;
    let report = GraphValidation::from_graph(graph, ShaclValidationMode::Native)
        .validate(&schema)
        .map_err(|e| ValidateError::Shacl(e.to_string()))?;

    let mut violations: Vec<Violation> = report
        .results()
        .iter()
        .map(|r| {
            // The crate's text may span lines (sh:node prints the whole shape): keep the first.
            let detail = r
                .message()
                .and_then(|m| m.lines().next())
                .unwrap_or_default()
                .trim()
                .to_string();
            let shape = r.source().and_then(|s| match s {
                Object::Iri(iri) => Some(NamedNode::new_unchecked(iri.as_str())),
                _ => None,
            });
            let component = match r.component() {
                Object::Iri(iri) => component_name(iri.as_str()),
                other => other.to_string(),
            };
            let severity = severity(r.severity().to_iri().as_str());
            let focus = term_of(r.focus_node());
            // A constraint on the node itself reports the node as its value: say it once.
            let value = r.value().map(term_of).filter(|v| *v != focus);
            Violation {
                focus,
                path: r.path().map(path_text),
                value,
                message: String::new(),
                detail,
                shape,
                component,
                severity,
                quote: None,
            }
        })
        .collect();

    let facts = describe(store, &violations)?;
    for v in &mut violations {
        let fact = facts.get(&v.focus);
        if v.shape.is_none() {
            // The crate names no source shape for some results (sh:node): the shape is the one
            // with a node-level sh:node that targets a class of the focus node.
            v.shape = fact.and_then(|f| shapes.node_shape_for(&v.component, &f.types));
        }
        v.message = v
            .shape
            .as_ref()
            .and_then(|s| shapes.messages.get(s.as_str()))
            .cloned()
            .unwrap_or_else(|| v.detail.clone());
        v.quote = fact.and_then(|f| f.quote.clone());
    }
    violations.sort_by(|a, b| {
        (a.focus.to_string(), &a.path, &a.message).cmp(&(b.focus.to_string(), &b.path, &b.message))
    });
    violations.dedup();

    Ok(Report {
        conforms: report.conforms(),
        violations,
        triples,
        graphs: graphs.len(),
        elapsed: started.elapsed(),
    })
}

/// The constraint component's local name. The crate reports the constraint's parameter
/// (`sh:minCount`) where SHACL has the component (`sh:MinCountConstraintComponent`).
fn component_name(iri: &str) -> String {
    let local = iri.strip_prefix(SH).unwrap_or(iri);
    if local.ends_with("ConstraintComponent") || !iri.starts_with(SH) {
        return local.to_string();
    }
    let mut chars = local.chars();
    match chars.next() {
        Some(first) => format!(
            "{}{}ConstraintComponent",
            first.to_uppercase(),
            chars.as_str()
        ),
        None => local.to_string(),
    }
}

fn severity(iri: &str) -> Severity {
    match iri.strip_prefix(SH) {
        Some("Violation") => Severity::Violation,
        Some("Warning") => Severity::Warning,
        Some("Info") => Severity::Info,
        _ => Severity::Other,
    }
}

/// The validator's term as an oxigraph term.
fn term_of(object: &Object) -> Term {
    match object {
        Object::Iri(iri) => NamedNode::new_unchecked(iri.as_str()).into(),
        Object::BlankNode(id) => BlankNode::new_unchecked(id.as_str()).into(),
        Object::Literal(literal) => Term::Literal(literal.clone().into()),
        #[allow(unreachable_patterns)]
        other => Literal::from(format!("{other:?}")).into(),
    }
}

/// A SHACL path in SPARQL property-path syntax, IRIs shortened with the known prefixes.
fn path_text(path: &SHACLPath) -> String {
    let join = |paths: &[SHACLPath], sep: &str| {
        paths
            .iter()
            .map(|p| match p {
                SHACLPath::Predicate { .. } => path_text(p),
                _ => format!("({})", path_text(p)),
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    match path {
        SHACLPath::Predicate { pred } => query::compact_iri(pred.as_str()),
        SHACLPath::Sequence { paths } => join(paths, "/"),
        SHACLPath::Alternative { paths } => join(paths, "|"),
        SHACLPath::Inverse { path } => format!("^{}", path_text(path)),
        SHACLPath::ZeroOrMore { path } => format!("({})*", path_text(path)),
        SHACLPath::OneOrMore { path } => format!("({})+", path_text(path)),
        SHACLPath::ZeroOrOne { path } => format!("({})?", path_text(path)),
    }
}

/// What the report needs to know about a focus node: its classes and its quote.
#[derive(Debug, Default)]
struct Facts {
    types: BTreeSet<String>,
    quote: Option<String>,
}

/// Looks up, with one SPARQL query over the whole store, the classes of the focus nodes and the
/// quote each was read from (its own gk:quote, or that of the mention it is derived from).
fn describe(
    store: &GraphStore,
    violations: &[Violation],
) -> Result<HashMap<Term, Facts>, ValidateError> {
    let nodes: BTreeSet<String> = violations
        .iter()
        .filter_map(|v| match &v.focus {
            Term::NamedNode(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    let mut facts: HashMap<Term, Facts> = HashMap::new();
    if nodes.is_empty() {
        return Ok(facts);
    }
    let text = format!(
        "SELECT ?f ?type ?quote WHERE {{\n  VALUES ?f {{ {} }}\n  \
         {{ ?f a ?type }} UNION {{ ?f gk:quote ?quote }} UNION {{ ?f prov:wasDerivedFrom/gk:quote ?quote }}\n}}",
        nodes.into_iter().collect::<Vec<_>>().join(" ")
    );
    let source = QuerySource {
        label: "the quotes of the violations".to_string(),
        text,
    };
    let mut quotes: HashMap<Term, BTreeSet<String>> = HashMap::new();
    if let QueryResults::Solutions(solutions) = query::run(store.store(), &source)? {
        for solution in solutions {
            let solution = solution.map_err(QueryError::from)?;
            let Some(focus) = solution.get("f").cloned() else {
                continue;
            };
            let entry = facts.entry(focus.clone()).or_default();
            if let Some(Term::NamedNode(t)) = solution.get("type") {
                entry.types.insert(t.as_str().to_string());
            }
            if let Some(Term::Literal(q)) = solution.get("quote") {
                quotes
                    .entry(focus)
                    .or_default()
                    .insert(q.value().to_string());
            }
        }
    }
    // One quote per node: the shortest, then the first in code-point order, so that the
    // report is the same from run to run.
    for (focus, qs) in quotes {
        let best = qs
            .into_iter()
            .min_by(|a, b| (a.chars().count(), a.as_str()).cmp(&(b.chars().count(), b.as_str())));
        facts.entry(focus).or_default().quote = best;
    }
    Ok(facts)
}

/// What the report takes from the shapes graph: each shape's message, and the node shapes
/// that hold a node-level sh:node with the classes they target.
struct ShapeIndex {
    messages: HashMap<String, String>,
    /// (shape, its sh:targetClass values) for node shapes with a node-level sh:node.
    node_shapes: Vec<(NamedNode, BTreeSet<String>)>,
}

impl ShapeIndex {
    fn bundled() -> Result<Self, ValidateError> {
        let quads = rdf::shapes_quads().map_err(|e| ValidateError::Shapes(e.to_string()))?;
        let sh = |local: &str| format!("{SH}{local}");
        let (message, node, path, target_class) =
            (sh("message"), sh("node"), sh("path"), sh("targetClass"));
        let mut messages: HashMap<String, (bool, String)> = HashMap::new();
        let mut with_node: BTreeSet<NamedNode> = BTreeSet::new();
        let mut with_path: BTreeSet<NamedNode> = BTreeSet::new();
        let mut classes: BTreeMap<NamedNode, BTreeSet<String>> = BTreeMap::new();
        for q in &quads {
            let NamedOrBlankNode::NamedNode(subject) = &q.subject else {
                continue;
            };
            let p = q.predicate.as_str();
            if p == message {
                if let Term::Literal(l) = &q.object {
                    // English (or untagged) messages win over others.
                    let preferred = matches!(l.language(), None | Some("en"));
                    let entry = messages
                        .entry(subject.as_str().to_string())
                        .or_insert((preferred, l.value().to_string()));
                    if preferred && !entry.0 {
                        *entry = (true, l.value().to_string());
                    }
                }
            } else if p == node {
                with_node.insert(subject.clone());
            } else if p == path {
                with_path.insert(subject.clone());
            } else if p == target_class {
                if let Term::NamedNode(c) = &q.object {
                    classes
                        .entry(subject.clone())
                        .or_default()
                        .insert(c.as_str().to_string());
                }
            }
        }
        let node_shapes = with_node
            .into_iter()
            .filter(|s| !with_path.contains(s))
            .map(|s| {
                let targets = classes.remove(&s).unwrap_or_default();
                (s, targets)
            })
            .collect();
        Ok(Self {
            messages: messages.into_iter().map(|(k, (_, m))| (k, m)).collect(),
            node_shapes,
        })
    }

    /// The node shape a sourceless sh:node result comes from: the one with a node-level
    /// sh:node whose target class the focus node has, if there is exactly one.
    fn node_shape_for(&self, component: &str, types: &BTreeSet<String>) -> Option<NamedNode> {
        if component != "NodeConstraintComponent" {
            return None;
        }
        let mut candidates = self
            .node_shapes
            .iter()
            .filter(|(_, targets)| !targets.is_disjoint(types));
        match (candidates.next(), candidates.next()) {
            (Some((shape, _)), None) => Some(shape.clone()),
            _ => None,
        }
    }
}

/// A shape's IRI as people read it: `gksh:TargetShape`.
pub fn shape_name(shape: NamedNodeRef<'_>) -> String {
    match shape.as_str().strip_prefix(SHAPES_NS) {
        Some(local) => format!("gksh:{local}"),
        None => query::compact_iri(shape.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::rdf as rdf_vocab;

    #[test]
    fn the_shipped_shapes_load() {
        ShaclDataManager::load(
            &mut SHAPES_TTL.as_bytes(),
            "ontology/shapes.ttl",
            RDFFormat::Turtle,
            None,
        )
        .unwrap();
        let index = ShapeIndex::bundled().unwrap();
        assert!(index
            .messages
            .contains_key(&format!("{SHAPES_NS}Target-value")));
        assert_eq!(index.node_shapes.len(), 1, "{:?}", index.node_shapes);
    }

    #[test]
    fn every_shape_says_what_it_requires() {
        let quads = rdf::shapes_quads().unwrap();
        let typed = |class: &str| -> BTreeSet<String> {
            quads
                .iter()
                .filter(|q| {
                    q.predicate.as_ref() == rdf_vocab::TYPE
                        && q.object.to_string() == format!("<{SH}{class}>")
                })
                .map(|q| q.subject.to_string())
                .collect()
        };
        let described = |p: &str| -> BTreeSet<String> {
            quads
                .iter()
                .filter(|q| q.predicate.as_str() == p)
                .map(|q| q.subject.to_string())
                .collect()
        };
        let comments = described("http://www.w3.org/2000/01/rdf-schema#comment");
        let messages = described(&format!("{SH}message"));
        for shape in typed("NodeShape").union(&typed("PropertyShape")) {
            assert!(comments.contains(shape), "{shape} has no rdfs:comment");
        }
        for shape in typed("PropertyShape") {
            assert!(messages.contains(&shape), "{shape} has no sh:message");
        }
    }
}
