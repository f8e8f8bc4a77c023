//! The policy graph as petgraph holds it: nodes typed by kind (region, platform, initiative,
//! target, goal, or other), with a label in the chosen language and their attributes; edges
//! named by the RDF property they stand for, in the RDF direction. It is built from the store's
//! facts under a [`Scope`], or from the triples of a SPARQL CONSTRUCT query, and then written
//! as DOT, GraphML or node-link JSON by the sibling modules.

use super::facts::{self, add_name, local_name, text, year, Facts, Names, COUNTRY_CODE};
use super::label::{goal_label, target_label, GOAL_COLUMNS};
use super::select::Scope;
use super::style::{Lang, NodeKind};
use super::ExportError;
use crate::query::{self, QuerySource};
use crate::vocab;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{Literal, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use petgraph::graph::{Graph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An attribute value: text, or a number (JSON writes it unquoted, GraphML as a double).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(String),
}

impl Value {
    /// The value as text.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text(s) | Self::Number(s) => s,
        }
    }
}

/// A node of the policy graph.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// The IRI it stands for (or `_:id` for a blank node).
    pub id: String,
    /// Its label in the drawing's language, unwrapped.
    pub label: String,
    /// Code of the region whose cluster holds it: a region's own code; a platform, target,
    /// goal or initiative of a single region, that region's; none for shared ones.
    pub cluster: Option<String>,
    /// Attributes: code, names in each language, metric, value, unit, comparator, year,
    /// status, statement, … as the kind has them.
    pub props: BTreeMap<String, Value>,
}

/// An edge: the RDF property it stands for, compacted (`gk:adoptsInitiative`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub label: String,
}

/// Edge labels of the store's facts.
pub const OPERATES: &str = "gk:operatesPlatform";
pub const ADOPTS: &str = "gk:adoptsInitiative";
pub const REGION: &str = "gk:region";
pub const PART_OF: &str = "gk:partOf";

/// The graph to draw.
#[derive(Debug, Clone, Default)]
pub struct PolicyGraph {
    pub graph: Graph<Node, Edge>,
    /// Language of the labels.
    pub lang: Lang,
    index: HashMap<String, NodeIndex>,
}

fn text_prop(props: &mut BTreeMap<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        props.insert(key.to_string(), Value::Text(value.to_string()));
    }
}

fn names_props(props: &mut BTreeMap<String, Value>, names: &Names) {
    if let Some(zh) = &names.zh {
        text_prop(props, "label_zh", zh);
    }
    if let Some(en) = &names.en {
        text_prop(props, "label_en", en);
    }
}

impl PolicyGraph {
    fn new(lang: Lang) -> Self {
        Self {
            lang,
            ..Self::default()
        }
    }

    /// The node for `id`, added with `make` when new.
    fn node(&mut self, id: &str, make: impl FnOnce() -> Node) -> NodeIndex {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.graph.add_node(make());
        self.index.insert(id.to_string(), i);
        i
    }

    /// The node of `id`, if drawn.
    pub fn find(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    fn edge(&mut self, from: NodeIndex, to: NodeIndex, label: &str) {
        let exists = self
            .graph
            .edges_connecting(from, to)
            .any(|e| e.weight().label == label);
        if !exists {
            self.graph.add_edge(
                from,
                to,
                Edge {
                    label: label.to_string(),
                },
            );
        }
    }

    fn region(&mut self, facts: &Facts, iri: &str) -> NodeIndex {
        let lang = self.lang;
        self.node(iri, || {
            let code = facts.code(iri).to_string();
            let mut props = BTreeMap::new();
            text_prop(&mut props, "code", &code);
            if let Some(r) = facts.regions.get(iri) {
                names_props(&mut props, &r.names);
            }
            Node {
                kind: NodeKind::Region,
                id: iri.to_string(),
                label: facts.region_label(iri, lang),
                cluster: Some(code),
                props,
            }
        })
    }

    fn named(&mut self, facts: &Facts, kind: NodeKind, iri: &str) -> NodeIndex {
        let lang = self.lang;
        self.node(iri, || {
            let mut props = BTreeMap::new();
            if let Some(names) = facts.names.get(iri) {
                names_props(&mut props, names);
            }
            Node {
                kind,
                id: iri.to_string(),
                label: facts.label(iri, lang),
                cluster: None,
                props,
            }
        })
    }

    /// The facts that `scope` lets through: regions (one node each, linked to the nearest
    /// region drawn that they are part of, the country aside), their platforms and
    /// initiatives (each drawn once however many regions share it), targets and goals.
    pub fn from_facts(scope: &Scope<'_>, lang: Lang) -> Self {
        let facts = scope.facts;
        let mut g = Self::new(lang);
        let platforms: Vec<_> = facts
            .operates
            .iter()
            .filter(|l| scope.kind(NodeKind::Platform) && scope.region(&l.region))
            .collect();
        let initiatives: Vec<_> = facts
            .adopts
            .iter()
            .filter(|l| {
                scope.kind(NodeKind::Initiative)
                    && scope.region(&l.region)
                    && scope.initiative(&l.object)
            })
            .collect();
        let targets: Vec<_> = facts
            .targets
            .iter()
            .filter(|t| {
                scope.kind(NodeKind::Target) && scope.region(&t.region) && scope.year(t.year)
            })
            .collect();
        let goals: Vec<_> = facts
            .goals
            .iter()
            .filter(|t| scope.kind(NodeKind::Goal) && scope.region(&t.region) && scope.year(t.year))
            .collect();

        // Regions first, in code order, so that the drawing does not depend on query order.
        let regions: BTreeSet<(&str, &str)> = platforms
            .iter()
            .chain(initiatives.iter())
            .map(|l| l.region.as_str())
            .chain(targets.iter().map(|t| t.region.as_str()))
            .chain(goals.iter().map(|t| t.region.as_str()))
            .map(|r| (facts.code(r), r))
            .collect();
        for &(_, r) in &regions {
            g.region(facts, r);
        }
        for l in platforms {
            let r = g.region(facts, &l.region);
            let x = g.named(facts, NodeKind::Platform, &l.object);
            g.edge(r, x, OPERATES);
        }
        for l in initiatives {
            let r = g.region(facts, &l.region);
            let x = g.named(facts, NodeKind::Initiative, &l.object);
            g.edge(r, x, ADOPTS);
        }
        for t in targets {
            let r = g.region(facts, &t.region);
            let year = t.year.map(|y| y.to_string()).unwrap_or_default();
            let x = g.node(&t.iri, || {
                let mut props = BTreeMap::new();
                text_prop(&mut props, "metric", &t.metric);
                if !t.value.is_empty() {
                    props.insert("value".into(), Value::Number(t.value.clone()));
                }
                text_prop(&mut props, "unit", &t.unit);
                text_prop(&mut props, "comparator", &t.comparator);
                if !year.is_empty() {
                    props.insert("year".into(), Value::Number(year.clone()));
                }
                text_prop(&mut props, "status", &t.status);
                Node {
                    kind: NodeKind::Target,
                    id: t.iri.clone(),
                    label: target_label(&t.comparator, &t.value, &t.unit, &year, &t.metric, lang),
                    cluster: None,
                    props,
                }
            });
            g.edge(x, r, REGION);
        }
        for goal in goals {
            let r = g.region(facts, &goal.region);
            let year = goal.year.map(|y| y.to_string()).unwrap_or_default();
            let x = g.node(&goal.iri, || {
                let mut props = BTreeMap::new();
                if !year.is_empty() {
                    props.insert("year".into(), Value::Number(year.clone()));
                }
                text_prop(&mut props, "statement", &goal.statement);
                Node {
                    kind: NodeKind::Goal,
                    id: goal.iri.clone(),
                    label: goal_label(&year, &goal.statement, GOAL_COLUMNS),
                    cluster: None,
                    props,
                }
            });
            g.edge(x, r, REGION);
        }
        // A region drawn inside the nearest drawn region it is part of (a city in its
        // province); everything is part of the country, which holds no one.
        for &(_, r) in &regions {
            let parent = facts
                .ancestry(r)
                .skip(1)
                .find(|a| facts.code(a) != COUNTRY_CODE && g.find(a).is_some());
            if let (Some(parent), Some(child)) = (parent.and_then(|p| g.find(p)), g.find(r)) {
                g.edge(child, parent, PART_OF);
            }
        }
        g.assign_clusters();
        g
    }

    /// The graph of a CONSTRUCT or DESCRIBE query: each subject and IRI object a node, each
    /// triple between them an edge named by its property; literals become attributes. Types,
    /// labels, codes and the attributes of targets and goals that the query leaves out are
    /// looked up in the store, so nodes are typed by the gk classes whenever the store knows.
    pub fn from_query(
        store: &Store,
        source: &QuerySource,
        lang: Lang,
    ) -> Result<Self, ExportError> {
        let triples: Vec<Triple> = match query::run(store, source)? {
            QueryResults::Graph(triples) => triples
                .collect::<Result<Vec<_>, _>>()
                .map_err(query::QueryError::from)?,
            _ => return Err(ExportError::NotAGraphQuery(source.label.clone())),
        };
        Self::from_triples(store, &triples, lang)
    }

    /// See [`PolicyGraph::from_query`].
    pub fn from_triples(
        store: &Store,
        triples: &[Triple],
        lang: Lang,
    ) -> Result<Self, ExportError> {
        #[derive(Default)]
        struct About {
            types: Vec<String>,
            literals: Vec<(String, Literal)>,
        }
        let mut order: Vec<String> = Vec::new();
        let mut about: HashMap<String, About> = HashMap::new();
        let mut links: Vec<(String, String, String)> = Vec::new();
        let mut see = |id: String, order: &mut Vec<String>| {
            if !about.contains_key(&id) {
                order.push(id.clone());
                about.insert(id.clone(), About::default());
            }
            id
        };
        let mut typed = Vec::new();
        let mut literal = Vec::new();
        for t in triples {
            let s = see(subject_id(&t.subject), &mut order);
            let p = t.predicate.as_str();
            match &t.object {
                Term::Literal(l) => literal.push((s, p.to_string(), l.clone())),
                Term::NamedNode(o) if p == rdf::TYPE.as_str() => {
                    typed.push((s, o.as_str().to_string()));
                }
                object => {
                    let o = see(term_id(object), &mut order);
                    links.push((s, o, query::compact_iri(p)));
                }
            }
        }
        for (s, ty) in typed {
            about.entry(s).or_default().types.push(ty);
        }
        for (s, p, l) in literal {
            about.entry(s).or_default().literals.push((p, l));
        }

        // What the store says about the IRIs drawn.
        let iris: Vec<&String> = order.iter().filter(|id| !id.starts_with("_:")).collect();
        let mut known: HashMap<String, About> = HashMap::new();
        for chunk in iris.chunks(400) {
            let values: String = chunk.iter().map(|i| format!("<{i}> ")).collect();
            let rows = facts::select(
                store,
                &format!(
                    "SELECT ?x ?p ?o WHERE {{ VALUES ?x {{ {values}}}
                       VALUES ?p {{ rdf:type rdfs:label skos:prefLabel gk:adminCode gk:metric gk:value
                                   gk:unit gk:comparator gk:targetYear gk:statement gk:status gk:fileName }}
                       ?x ?p ?o }} ORDER BY ?x ?p ?o"
                ),
            )?;
            for s in rows {
                let entry = known.entry(text(s.get("x"))).or_default();
                match s.get("o") {
                    Some(Term::NamedNode(o)) => entry.types.push(o.as_str().to_string()),
                    Some(Term::Literal(l)) => entry.literals.push((text(s.get("p")), l.clone())),
                    _ => {}
                }
            }
        }

        let mut g = Self::new(lang);
        for id in &order {
            let mut info = about.remove(id).unwrap_or_default();
            if let Some(k) = known.remove(id) {
                info.types.extend(k.types);
                info.literals.extend(k.literals);
            }
            let node = describe(id, &info.types, &info.literals, lang);
            g.node(id, || node);
        }
        for (s, o, p) in links {
            if let (Some(s), Some(o)) = (g.find(&s), g.find(&o)) {
                g.edge(s, o, &p);
            }
        }
        g.assign_clusters();
        Ok(g)
    }

    /// Nodes linked to a single region sit in its cluster; nodes shared by several regions
    /// (initiatives above all) are drawn once, outside.
    fn assign_clusters(&mut self) {
        for i in self.graph.node_indices() {
            if self.graph[i].kind == NodeKind::Region {
                continue;
            }
            let owners: BTreeSet<String> = self
                .graph
                .neighbors_undirected(i)
                .filter(|&n| self.graph[n].kind == NodeKind::Region)
                .filter_map(|n| self.graph[n].cluster.clone())
                .collect();
            if owners.len() == 1 {
                self.graph[i].cluster = owners.into_iter().next();
            }
        }
    }

    /// The region cluster each region cluster is drawn in (a city's in its province's), from
    /// the `gk:partOf` edges between drawn regions.
    pub fn parent_clusters(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for e in self.graph.edge_references() {
            let (child, parent) = (&self.graph[e.source()], &self.graph[e.target()]);
            if e.weight().label == PART_OF
                && child.kind == NodeKind::Region
                && parent.kind == NodeKind::Region
            {
                if let (Some(c), Some(p)) = (&child.cluster, &parent.cluster) {
                    if c != p && p != COUNTRY_CODE {
                        out.entry(c.clone()).or_insert_with(|| p.clone());
                    }
                }
            }
        }
        // No cycles: a cluster whose chain comes back to itself stays at the top.
        let looped: Vec<String> = out
            .keys()
            .filter(|c| {
                let mut seen = BTreeSet::new();
                let mut at = c.as_str();
                while let Some(p) = out.get(at) {
                    if !seen.insert(at) {
                        return true;
                    }
                    at = p;
                }
                false
            })
            .cloned()
            .collect();
        for c in looped {
            out.remove(&c);
        }
        out
    }

    /// Number of region clusters drawn at the top level (not inside another region's).
    pub fn top_clusters(&self) -> usize {
        let parents = self.parent_clusters();
        self.graph
            .node_weights()
            .filter(|n| n.kind == NodeKind::Region)
            .filter_map(|n| n.cluster.as_ref())
            .filter(|c| !parents.contains_key(*c))
            .count()
    }

    /// Number of nodes of each kind.
    pub fn counts(&self) -> BTreeMap<NodeKind, usize> {
        let mut out = BTreeMap::new();
        for n in self.graph.node_weights() {
            *out.entry(n.kind).or_insert(0) += 1;
        }
        out
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Regions a node is linked to.
    pub fn regions_of(&self, i: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .neighbors_directed(i, Direction::Incoming)
            .chain(self.graph.neighbors_directed(i, Direction::Outgoing))
            .filter(|&n| self.graph[n].kind == NodeKind::Region)
    }
}

fn subject_id(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn term_id(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        other => other.to_string(),
    }
}

/// Is this literal a number?
fn numeric(l: &Literal) -> bool {
    [
        xsd::INTEGER,
        xsd::DECIMAL,
        xsd::DOUBLE,
        xsd::FLOAT,
        xsd::INT,
        xsd::LONG,
        xsd::NON_NEGATIVE_INTEGER,
        xsd::POSITIVE_INTEGER,
    ]
    .contains(&l.datatype())
}

/// The node of one IRI or blank node, from its types and literals.
fn describe(id: &str, types: &[String], literals: &[(String, Literal)], lang: Lang) -> Node {
    let has = |class: oxigraph::model::NamedNodeRef<'_>| types.iter().any(|t| t == class.as_str());
    let kind = if [
        vocab::gk::REGION,
        vocab::gk::PROVINCE,
        vocab::gk::PREFECTURE,
        vocab::gk::COUNTY,
        vocab::gk::COUNTRY,
    ]
    .into_iter()
    .any(has)
    {
        NodeKind::Region
    } else if has(vocab::gk::PLATFORM) {
        NodeKind::Platform
    } else if has(vocab::gk::INITIATIVE) {
        NodeKind::Initiative
    } else if has(vocab::gk::TARGET) {
        NodeKind::Target
    } else if has(vocab::gk::GOAL) {
        NodeKind::Goal
    } else {
        NodeKind::Other
    };
    let mut names = Names::default();
    let mut props: BTreeMap<String, Value> = BTreeMap::new();
    for (p, l) in literals {
        if p == rdfs::LABEL.as_str() || p == vocab::skos::PREF_LABEL.as_str() {
            add_name(&mut names, false, Some(&Term::Literal(l.clone())));
            continue;
        }
        let key = if p == vocab::gk::TARGET_YEAR.as_str() {
            "year".to_string()
        } else {
            local_name(p).to_string()
        };
        let value = if key == "year" {
            Value::Number(
                year(Some(&Term::Literal(l.clone())))
                    .map_or_else(|| l.value().to_string(), |y| y.to_string()),
            )
        } else if numeric(l) {
            Value::Number(l.value().to_string())
        } else {
            Value::Text(l.value().to_string())
        };
        props.entry(key).or_insert(value);
    }
    names_props(&mut props, &names);
    let get = |k: &str| props.get(k).map(Value::as_str).unwrap_or("").to_string();
    let fallback = match get("fileName") {
        f if !f.is_empty() => f,
        _ => local_name(id).to_string(),
    };
    let label = match kind {
        NodeKind::Region => names.label(lang, &get("adminCode")),
        NodeKind::Target => target_label(
            &get("comparator"),
            &get("value"),
            &get("unit"),
            &get("year"),
            &get("metric"),
            lang,
        ),
        NodeKind::Goal => goal_label(&get("year"), &get("statement"), GOAL_COLUMNS),
        _ => names.label(lang, &fallback),
    };
    let cluster = match kind {
        NodeKind::Region => Some(match get("adminCode") {
            c if c.is_empty() => local_name(id).to_string(),
            c => c,
        }),
        _ => None,
    };
    if kind == NodeKind::Region {
        if let Some(code) = props.remove("adminCode") {
            props.insert("code".into(), code);
        }
    }
    Node {
        kind,
        id: id.to_string(),
        label,
        cluster,
        props,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::dot::{to_dot, DotOptions};
    use crate::export::facts::{Link, Region, Target};
    use crate::export::graphviz::Layout;
    use crate::export::select::Selection;

    fn region(code: &str, zh: &str, en: Option<&str>, parent: Option<&str>) -> Region {
        Region {
            iri: format!("{}region/{code}", vocab::ID),
            code: code.to_string(),
            names: Names {
                zh: Some(zh.to_string()),
                en: en.map(str::to_string),
                alt: Vec::new(),
            },
            parent: parent.map(|p| format!("{}region/{p}", vocab::ID)),
        }
    }

    /// The country, Guangdong, Shenzhen in it, and Jiangsu; a platform in each province and
    /// the city, a target in Shenzhen.
    fn facts() -> Facts {
        let mut facts = Facts::default();
        for r in [
            region("100000", "中国", Some("China"), None),
            region("440000", "广东省", Some("Guangdong"), Some("100000")),
            region("440300", "深圳市", None, Some("440000")),
            region("320000", "江苏省", Some("Jiangsu"), Some("100000")),
        ] {
            facts.regions.insert(r.iri.clone(), r);
        }
        let iri = |code: &str| format!("{}region/{code}", vocab::ID);
        for (code, platform) in [
            ("440000", "粤省事"),
            ("440300", "i深圳"),
            ("320000", "苏服办"),
        ] {
            facts.operates.push(Link {
                region: iri(code),
                object: format!("{}platform/{platform}", vocab::ID),
                mentions: 1,
            });
        }
        facts.targets.push(Target {
            iri: format!("{}target/t1", vocab::ID),
            region: iri("440300"),
            metric: "全程网办率".into(),
            value: "95".into(),
            unit: "%".into(),
            comparator: ">=".into(),
            year: Some(2026),
            status: "planned".into(),
        });
        facts
    }

    #[test]
    fn a_city_is_drawn_inside_its_province_and_selected_with_it() {
        let facts = facts();
        let selection = Selection {
            regions: vec!["Guangdong".into()],
            ..Selection::default()
        };
        let scope = selection
            .resolve(&facts, &[NodeKind::Platform, NodeKind::Target])
            .unwrap();
        let g = PolicyGraph::from_facts(&scope, Lang::En);
        let labels: BTreeSet<&str> = g.graph.node_weights().map(|n| n.label.as_str()).collect();
        assert_eq!(
            labels,
            BTreeSet::from([
                "Guangdong",
                "深圳市",
                "粤省事",
                "i深圳",
                "≥95% · 2026 · fully-online rate"
            ])
        );
        assert_eq!(
            g.parent_clusters(),
            BTreeMap::from([("440300".to_string(), "440000".to_string())])
        );
        assert_eq!(g.top_clusters(), 1);
        let target = g.find(&format!("{}target/t1", vocab::ID)).unwrap();
        assert_eq!(g.graph[target].cluster.as_deref(), Some("440300"));
        let dot = to_dot(
            &g,
            &DotOptions {
                title: String::new(),
                layout: Layout::Dot,
                legend: false,
            },
        );
        let outer = dot.find("subgraph cluster_440000").unwrap();
        let inner = dot.find("subgraph cluster_440300").unwrap();
        assert!(outer < inner, "{dot}");
        assert!(!dot.contains("cluster_320000") && !dot.contains("cluster_legend"));
    }

    #[test]
    fn the_country_holds_no_cluster() {
        let mut facts = facts();
        facts.operates.push(Link {
            region: format!("{}region/100000", vocab::ID),
            object: format!("{}platform/国家政务服务平台", vocab::ID),
            mentions: 1,
        });
        let scope = Selection::default()
            .resolve(&facts, &[NodeKind::Platform])
            .unwrap();
        let g = PolicyGraph::from_facts(&scope, Lang::Zh);
        // China, Guangdong (with Shenzhen inside) and Jiangsu side by side.
        assert_eq!(g.top_clusters(), 3);
        assert_eq!(g.counts()[&NodeKind::Region], 4);
    }
}
