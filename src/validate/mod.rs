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

/// Validates the union of `graphs` (the store's default graph, their union, is not read: it
/// would bring the shapes in as data).
fn run(store: &GraphStore, graphs: &[NamedNode]) -> Result<Report, ValidateError> {
    let mut checker = Checker::new()?;
    let s = store.store();
    let mut quads = Vec::new();
    for g in graphs {
        // Only the properties the shapes speak of: a document's full text is never read.
        for p in &checker.properties {
            for quad in s.quads_for_pattern(
                None,
                Some(p.as_ref()),
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            ) {
                quads.push(quad?);
            }
        }
    }
    checker.check(&[], &quads)?;
    checker.graphs = graphs.len();
    checker.finish(store)
}

/// Quads that checked quads may link to; see [`Checker::context`].
#[derive(Default)]
pub struct Context {
    by_subject: HashMap<NamedOrBlankNode, Vec<Quad>>,
    /// The class hierarchy, which every check needs.
    always: Vec<Quad>,
}

/// Checks quads against the shapes, a batch at a time (a build checks what it writes as it
/// writes it, without reading the store back), and reports at the end.
pub struct Checker {
    /// Time spent checking so far.
    spent: Duration,
    shapes: ShapeIndex,
    schema: shacl_ir::compiled::schema_ir::SchemaIR,
    /// The properties the shapes speak of (with rdf:type and rdfs:subClassOf): only triples
    /// with these are checked.
    properties: Vec<NamedNode>,
    conforms: bool,
    violations: Vec<Violation>,
    triples: usize,
    /// Named graphs checked, as the caller counts them.
    pub graphs: usize,
}

impl Checker {
    pub fn new() -> Result<Self, ValidateError> {
        let schema = ShaclDataManager::load(
            &mut SHAPES_TTL.as_bytes(),
            "ontology/shapes.ttl",
            RDFFormat::Turtle,
            None,
        )
        .map_err(|e| ValidateError::Shapes(e.to_string()))?;
        let shapes = ShapeIndex::bundled()?;
        let properties = shapes.properties.iter().cloned().collect();
        Ok(Self {
            spent: Duration::ZERO,
            shapes,
            schema,
            properties,
            conforms: true,
            violations: Vec::new(),
            triples: 0,
            graphs: 0,
        })
    }

    /// What the quads of later checks may link to (the regions, the ontology's classes, the
    /// gazetteer's names), indexed so that each check takes only what its quads reach.
    pub fn context(&self, quads: &[Quad]) -> Context {
        let mut context = Context::default();
        for quad in quads {
            if !self.shapes.properties.contains(&quad.predicate) {
                continue;
            }
            if quad.predicate.as_ref() == oxigraph::model::vocab::rdfs::SUB_CLASS_OF {
                context.always.push(quad.clone());
            } else {
                context
                    .by_subject
                    .entry(quad.subject.clone())
                    .or_default()
                    .push(quad.clone());
            }
        }
        context
    }

    /// Checks `quads` as one graph, with what they reach of `context`: the nodes they link to,
    /// the nodes those link to (a city's province), and the class hierarchy. The violations
    /// found are kept for [`Checker::finish`].
    pub fn check_with(&mut self, context: &Context, quads: &[Quad]) -> Result<(), ValidateError> {
        self.check_parts(context, &[quads])
    }

    /// [`Checker::check_with`] of the quads of all `parts`, as one graph.
    pub fn check_parts(
        &mut self,
        context: &Context,
        parts: &[&[Quad]],
    ) -> Result<(), ValidateError> {
        let mut reached: Vec<Quad> = context.always.clone();
        let mut seen: std::collections::HashSet<NamedOrBlankNode> = Default::default();
        let mut next: Vec<NamedOrBlankNode> = parts
            .iter()
            .flat_map(|quads| quads.iter())
            .filter_map(|q| match &q.object {
                Term::NamedNode(n) => Some(n.clone().into()),
                Term::BlankNode(b) => Some(b.clone().into()),
                _ => None,
            })
            .collect();
        while let Some(node) = next.pop() {
            if !seen.insert(node.clone()) {
                continue;
            }
            for quad in context.by_subject.get(&node).into_iter().flatten() {
                reached.push(quad.clone());
                match &quad.object {
                    Term::NamedNode(n) => next.push(n.clone().into()),
                    Term::BlankNode(b) => next.push(b.clone().into()),
                    _ => {}
                }
            }
        }
        self.check_graph(&reached, parts)
    }

    /// Checks `quads` as one graph with `context`; the violations found are kept for
    /// [`Checker::finish`].
    pub fn check(&mut self, context: &[Quad], quads: &[Quad]) -> Result<(), ValidateError> {
        self.check_graph(context, &[quads])
    }

    fn check_graph(&mut self, context: &[Quad], parts: &[&[Quad]]) -> Result<(), ValidateError> {
        let started = Instant::now();
        let mut data = InMemoryGraph::new();
        for quad in context
            .iter()
            .chain(parts.iter().flat_map(|quads| quads.iter()))
        {
            // Only what the shapes speak of; RDF 1.2 triple terms are left out (the validator
            // cannot show them).
            if self.shapes.properties.contains(&quad.predicate)
                && matches!(
                    quad.object,
                    Term::Literal(_) | Term::NamedNode(_) | Term::BlankNode(_)
                )
            {
                data.add_triple_ref(&quad.subject, &quad.predicate, &quad.object)
                    .map_err(|e| ValidateError::Data(e.to_string()))?;
            }
        }
        self.triples += data.len();
        let graph = Graph::from_graph(data).map_err(|e| ValidateError::Data(e.to_string()))?;
        let report = GraphValidation::from_graph(graph, ShaclValidationMode::Native)
            .validate(&self.schema)
            .map_err(|e| ValidateError::Shacl(e.to_string()))?;
        self.conforms &= report.conforms();
        self.violations.extend(report.results().iter().map(|r| {
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
        }));
        self.spent += started.elapsed();
        Ok(())
    }

    /// The report: each violation with its shape's message and the quote its focus node was
    /// read from, looked up in `store`.
    pub fn finish(self, store: &GraphStore) -> Result<Report, ValidateError> {
        let started = Instant::now();
        let Self {
            spent,
            shapes,
            conforms,
            mut violations,
            triples,
            graphs,
            ..
        } = self;
        let facts = describe(store, &violations)?;
        for v in &mut violations {
            let fact = facts.get(&v.focus);
            if v.shape.is_none() {
                // The crate names no source shape for some results (sh:node): the shape is the
                // one with a node-level sh:node that targets a class of the focus node.
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
            (a.focus.to_string(), &a.path, &a.message).cmp(&(
                b.focus.to_string(),
                &b.path,
                &b.message,
            ))
        });
        violations.dedup();
        Ok(Report {
            conforms,
            violations,
            triples,
            graphs,
            elapsed: spent + started.elapsed(),
        })
    }
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
    /// Every IRI the shapes name as an object (paths, classes, …), with rdf:type and
    /// rdfs:subClassOf: the properties a data triple needs to matter to them.
    properties: BTreeSet<NamedNode>,
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
        let mut properties: BTreeSet<NamedNode> = [
            oxigraph::model::vocab::rdf::TYPE,
            oxigraph::model::vocab::rdfs::SUB_CLASS_OF,
        ]
        .into_iter()
        .map(NamedNodeRef::into_owned)
        .collect();
        for q in &quads {
            if let Term::NamedNode(o) = &q.object {
                properties.insert(o.clone());
            }
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
            properties,
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

    /// The shape components the checker finds for `quads` checked with the bundled reference
    /// graphs as context.
    fn broken(quads: &str) -> Vec<(String, String)> {
        let mut checker = Checker::new().unwrap();
        let reference: Vec<Quad> = crate::ingest::reference_graphs()
            .unwrap()
            .into_iter()
            .filter(|(g, _)| g.as_ref() != graph::SHAPES)
            .flat_map(|(_, q)| q)
            .collect();
        let context = checker.context(&reference);
        let g = NamedNode::new_unchecked("http://example.org/doc");
        let quads: Vec<Quad> =
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
                .with_default_graph(g)
                .for_reader(
                    format!(
                        "@prefix gk: <https://w3id.org/govkg/ontology#> .
                     @prefix prov: <http://www.w3.org/ns/prov#> .\n{quads}"
                    )
                    .as_bytes(),
                )
                .collect::<Result<_, _>>()
                .unwrap();
        checker.check_with(&context, &quads).unwrap();
        let mut out: Vec<(String, String)> = checker
            .violations
            .iter()
            .map(|v| (v.focus.to_string(), v.component.clone()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn a_check_takes_what_its_quads_link_to_from_the_context() {
        let region = "<https://w3id.org/govkg/id/region/440300>"; // 深圳市, part of 广东省
        let good = format!(
            "<http://example.org/d> a gk:Document .
             <http://example.org/m> a gk:Mention ; gk:document <http://example.org/d> ;
                gk:quote \"q\" ; gk:start 0 ; gk:end 1 ; gk:rule \"target-value\" .
             <http://example.org/t> a gk:Target ; gk:region {region} ; gk:value 95 ;
                gk:unit \"%\" ; gk:comparator \">=\" ; prov:wasDerivedFrom <http://example.org/m> ."
        );
        // The city and its province come from the context, typed and coded: nothing broken.
        assert_eq!(broken(&good), []);
        // A link to a region the context does not know is one.
        let unknown = good.replace(region, "<https://w3id.org/govkg/id/region/999999>");
        assert_eq!(
            broken(&unknown),
            [(
                "<http://example.org/t>".to_string(),
                "ClassConstraintComponent".to_string()
            )]
        );
        // And so is a missing value.
        let no_value = good.replace("gk:value 95 ;", "");
        assert_eq!(
            broken(&no_value),
            [(
                "<http://example.org/t>".to_string(),
                "MinCountConstraintComponent".to_string()
            )]
        );
    }

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
