//! Diagrams: the policy graph — regions, platforms, initiatives, targets — held as a petgraph
//! graph and written as GraphViz DOT, one cluster per region, Chinese labels, a CJK font named
//! so that rendered PNG/PDF show Chinese rather than boxes.

use super::ExportError;
use crate::query::{self, QuerySource};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use petgraph::graph::{Graph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Font named in the DOT; fontconfig falls back to another CJK font when it is missing.
pub const CJK_FONT: &str = "Noto Sans CJK SC";
/// Target labels are wrapped at this many characters.
const WRAP: usize = 14;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Region,
    Platform,
    Initiative,
    Target,
}

impl NodeKind {
    fn style(self) -> &'static str {
        match self {
            Self::Region => "shape=box, style=\"filled,bold\", fillcolor=\"#cfe2ff\"",
            Self::Platform => "shape=component, style=filled, fillcolor=\"#ffe5b4\"",
            Self::Initiative => "shape=ellipse, style=filled, fillcolor=\"#d1f2d9\"",
            Self::Target => "shape=note, style=filled, fillcolor=\"#fff8c4\", fontsize=10",
        }
    }
}

/// A node of the policy graph.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// The IRI it stands for.
    pub iri: String,
    pub label: String,
    /// Code of the region whose cluster holds it, if any.
    pub cluster: Option<String>,
}

/// The policy graph as petgraph holds it.
#[derive(Debug, Default)]
pub struct PolicyGraph {
    pub graph: Graph<Node, &'static str>,
    index: HashMap<String, NodeIndex>,
}

fn text(term: Option<&Term>) -> String {
    term.map(query::display_term).unwrap_or_default()
}

fn iri(term: Option<&Term>) -> String {
    match term {
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        other => text(other),
    }
}

fn select(
    store: &Store,
    sparql: &str,
) -> Result<Vec<oxigraph::sparql::QuerySolution>, ExportError> {
    let source = QuerySource {
        label: "diagram query".to_string(),
        text: sparql.to_string(),
    };
    match query::run(store, &source)? {
        QueryResults::Solutions(s) => Ok(s
            .collect::<Result<Vec<_>, _>>()
            .map_err(query::QueryError::from)?),
        _ => Ok(Vec::new()),
    }
}

const PREFIXES: &str = "PREFIX gk: <https://w3id.org/govkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";

impl PolicyGraph {
    fn node(&mut self, kind: NodeKind, iri: String, label: String) -> NodeIndex {
        if let Some(&i) = self.index.get(&iri) {
            return i;
        }
        let i = self.graph.add_node(Node {
            kind,
            iri: iri.clone(),
            label,
            cluster: None,
        });
        self.index.insert(iri, i);
        i
    }

    /// Reads regions, platforms, initiatives and targets from the store.
    pub fn from_store(store: &Store) -> Result<Self, ExportError> {
        let mut g = Self::default();
        let mut labels = HashMap::new();
        for s in select(store, &format!("{PREFIXES}SELECT ?r ?code ?label WHERE {{ ?r gk:adminCode ?code ; rdfs:label ?label FILTER(lang(?label) = \"zh\") }}"))? {
            labels.insert(iri(s.get("r")), (text(s.get("code")), text(s.get("label"))));
        }
        let region = |g: &mut Self, r: String| {
            let (code, label) = labels
                .get(&r)
                .cloned()
                .unwrap_or_else(|| (r.clone(), r.clone()));
            let i = g.node(NodeKind::Region, r, label);
            g.graph[i].cluster = Some(code);
            i
        };
        for (link, kind, edge) in [
            ("gk:operatesPlatform", NodeKind::Platform, "operates"),
            ("gk:adoptsInitiative", NodeKind::Initiative, "adopts"),
        ] {
            let rows = select(store, &format!("{PREFIXES}SELECT DISTINCT ?r ?x ?label WHERE {{ ?r {link} ?x . ?x rdfs:label ?label FILTER(lang(?label) = \"zh\") }} ORDER BY ?r ?label"))?;
            for s in rows {
                let r = region(&mut g, iri(s.get("r")));
                let x = g.node(kind, iri(s.get("x")), text(s.get("label")));
                g.graph.update_edge(r, x, edge);
            }
        }
        let rows = select(store, &format!("{PREFIXES}SELECT ?t ?r ?metric ?value ?unit ?cmp ?year WHERE {{ ?t a gk:Target ; gk:region ?r ; gk:value ?value ; gk:unit ?unit ; gk:comparator ?cmp . OPTIONAL {{ ?t gk:metric ?metric }} OPTIONAL {{ ?t gk:targetYear ?year }} }} ORDER BY ?r ?t"))?;
        for s in rows {
            let r = region(&mut g, iri(s.get("r")));
            let label = target_label(
                &text(s.get("cmp")),
                &text(s.get("value")),
                &text(s.get("unit")),
                &text(s.get("year")),
                &text(s.get("metric")),
            );
            let t = g.node(NodeKind::Target, iri(s.get("t")), label);
            g.graph.update_edge(r, t, "target");
        }
        g.assign_clusters();
        Ok(g)
    }

    /// Targets, and platforms of a single region, sit in their region's cluster; initiatives
    /// and shared platforms are drawn once, outside.
    fn assign_clusters(&mut self) {
        for i in self.graph.node_indices() {
            let kind = self.graph[i].kind;
            if !matches!(kind, NodeKind::Target | NodeKind::Platform) {
                continue;
            }
            let owners: Vec<_> = self
                .graph
                .neighbors_directed(i, petgraph::Direction::Incoming)
                .filter_map(|r| self.graph[r].cluster.clone())
                .collect();
            if let [only] = owners.as_slice() {
                self.graph[i].cluster = Some(only.clone());
            }
        }
    }

    /// Number of nodes of each kind.
    pub fn counts(&self) -> BTreeMap<NodeKind, usize> {
        let mut out = BTreeMap::new();
        for n in self.graph.node_weights() {
            *out.entry(n.kind).or_insert(0) += 1;
        }
        out
    }

    /// The graph as GraphViz DOT.
    pub fn to_dot(&self) -> String {
        let mut dot = String::new();
        let _ = writeln!(dot, "digraph govkg {{");
        let _ = writeln!(dot, "  graph [rankdir=LR, fontname=\"{CJK_FONT}\", fontsize=16, nodesep=0.15, ranksep=0.6, newrank=true, label=\"govkg — 数字政府政策知识图谱\", labelloc=t];");
        let _ = writeln!(dot, "  node [fontname=\"{CJK_FONT}\", fontsize=12];");
        let _ = writeln!(
            dot,
            "  edge [fontname=\"{CJK_FONT}\", fontsize=9, color=\"#777777\"];"
        );
        let id = |i: NodeIndex| format!("n{}", i.index());
        let mut clusters: BTreeMap<&str, Vec<NodeIndex>> = BTreeMap::new();
        let mut outside = Vec::new();
        for i in self.graph.node_indices() {
            match &self.graph[i].cluster {
                Some(c) => clusters.entry(c).or_default().push(i),
                None => outside.push(i),
            }
        }
        let node_line = |dot: &mut String, i: NodeIndex, indent: &str| {
            let n = &self.graph[i];
            let _ = writeln!(
                dot,
                "{indent}{} [label=\"{}\", {}, tooltip=\"{}\"];",
                id(i),
                escape(&n.label),
                n.kind.style(),
                escape(&n.iri)
            );
        };
        for (code, members) in &clusters {
            let label = members
                .iter()
                .find(|&&i| self.graph[i].kind == NodeKind::Region)
                .map(|&i| self.graph[i].label.clone())
                .unwrap_or_else(|| code.to_string());
            let _ = writeln!(dot, "  subgraph cluster_{code} {{");
            let _ = writeln!(dot, "    label=\"{}\"; style=\"rounded,filled\"; fillcolor=\"#f5f7fb\"; color=\"#9fb3d9\";", escape(&label));
            for &i in members {
                node_line(&mut dot, i, "    ");
            }
            let _ = writeln!(dot, "  }}");
        }
        for &i in &outside {
            node_line(&mut dot, i, "  ");
        }
        for e in self.graph.edge_references() {
            let _ = writeln!(
                dot,
                "  {} -> {} [tooltip=\"{}\"];",
                id(e.source()),
                id(e.target()),
                e.weight()
            );
        }
        let _ = writeln!(dot, "  subgraph cluster_legend {{");
        let _ = writeln!(
            dot,
            "    label=\"图例 Legend\"; style=dashed; color=\"#bbbbbb\";"
        );
        for (kind, name) in [
            (NodeKind::Region, "地区 Region"),
            (NodeKind::Platform, "平台 Platform"),
            (NodeKind::Initiative, "举措 Initiative"),
            (NodeKind::Target, "指标 Target"),
        ] {
            let _ = writeln!(
                dot,
                "    legend_{kind:?} [label=\"{name}\", {}];",
                kind.style()
            );
        }
        let _ = writeln!(dot, "  }}");
        let _ = writeln!(dot, "}}");
        dot
    }
}

/// "≥90% · 2025 · 高频事项网办率", wrapped.
fn target_label(cmp: &str, value: &str, unit: &str, year: &str, metric: &str) -> String {
    let symbol = match cmp {
        ">=" => "≥",
        "<=" => "≤",
        ">" => ">",
        "<" => "<",
        _ => "",
    };
    let mut head = format!("{symbol}{value}{unit}");
    if !year.is_empty() {
        head.push_str(" · ");
        head.extend(year.chars().take(4));
    }
    if metric.is_empty() {
        head
    } else {
        format!("{head} ·\n{}", wrap(metric, WRAP))
    }
}

/// Breaks `s` into lines of at most `width` characters.
pub fn wrap(s: &str, width: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .chunks(width.max(1))
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_labels_are_short_and_wrapped() {
        assert_eq!(
            target_label(">=", "90", "%", "2025", "网办率"),
            "≥90% · 2025 ·\n网办率"
        );
        assert_eq!(
            target_label("=", "16", "个", "", "市级政务云节点"),
            "16个 ·\n市级政务云节点"
        );
        assert_eq!(wrap("一二三四五", 2), "一二\n三四\n五");
        assert_eq!(escape("a\"b\nc"), "a\\\"b\\nc");
    }
}
