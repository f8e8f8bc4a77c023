//! The policy graph as GraphViz DOT: one cluster per region (a city's inside its province's),
//! shapes and colours per kind with a legend, labels wrapped by display width, initiatives
//! shared by several regions drawn once outside the clusters, and a CJK font named so that
//! PNG and PDF show Chinese rather than boxes. The layout engine is named in the file, so that
//! `dot -Tsvg` on it draws what `govkg export --format svg` draws.

use super::graph::{PolicyGraph, ADOPTS, OPERATES, PART_OF, REGION};
use super::graphviz::Layout;
use super::label::{text_width, wrap, WRAP_COLUMNS};
use super::style::{NodeKind, CJK_FONT};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How to write the DOT.
#[derive(Debug, Clone)]
pub struct DotOptions {
    /// Title over the drawing.
    pub title: String,
    /// Layout engine named in the file.
    pub layout: Layout,
    /// Draw a legend of the kinds shown.
    pub legend: bool,
}

/// DOT's quoted string: backslashes and quotes escaped, newlines as centred line breaks.
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn id(i: NodeIndex) -> String {
    format!("n{}", i.index())
}

/// Writes `graph` as DOT.
pub fn to_dot(graph: &PolicyGraph, options: &DotOptions) -> String {
    let g = &graph.graph;
    let mut dot = String::new();
    let layout = options.layout;
    let _ = writeln!(dot, "digraph govkg {{");
    let _ = writeln!(
        dot,
        "  graph [layout={layout}, fontname=\"{CJK_FONT}\", fontsize=20, label=\"{}\", labelloc=t, labeljust=l, bgcolor=white, pad=0.3, tooltip=\"{}\"];",
        escape(&options.title),
        escape(&options.title)
    );
    match layout {
        Layout::Dot => {
            let _ = writeln!(
                dot,
                "  graph [rankdir=LR, newrank=true, nodesep=0.12, ranksep=0.45, remincross=true];"
            );
        }
        Layout::Sfdp | Layout::Fdp | Layout::Neato => {
            let _ = writeln!(
                dot,
                "  graph [overlap=prism, overlap_scaling=-4, sep=\"+6\", splines=false, outputorder=edgesfirst];"
            );
        }
        _ => {
            let _ = writeln!(dot, "  graph [overlap=false, outputorder=edgesfirst];");
        }
    }
    let _ = writeln!(
        dot,
        "  node [fontname=\"{CJK_FONT}\", fontsize=12, margin=\"0.08,0.03\", penwidth=0.8];"
    );
    let _ = writeln!(
        dot,
        "  edge [fontname=\"{CJK_FONT}\", fontsize=8, color=\"#8c8c8c\", arrowsize=0.6, penwidth=0.7];"
    );

    // Clusters: the nodes of each region, and the regions drawn inside it.
    let mut members: BTreeMap<&str, Vec<NodeIndex>> = BTreeMap::new();
    let mut outside = Vec::new();
    for i in g.node_indices() {
        match &g[i].cluster {
            Some(c) => members.entry(c.as_str()).or_default().push(i),
            None => outside.push(i),
        }
    }
    let parents = graph.parent_clusters();
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut roots = Vec::new();
    for &code in members.keys() {
        match parents.get(code) {
            Some(p) if members.contains_key(p.as_str()) => {
                children.entry(p.as_str()).or_default().push(code)
            }
            _ => roots.push(code),
        }
    }
    // dot with rankdir=LR stacks a rank's nodes bottom-up in the order written: write them
    // backwards so that platforms come out on top, goals at the bottom.
    let backwards = layout == Layout::Dot;
    for code in roots {
        write_cluster(&mut dot, graph, code, &members, &children, 1, backwards);
    }
    for &i in &outside {
        node_line(&mut dot, graph, i, "  ");
    }

    for e in g.edge_references() {
        let (s, t) = (e.source(), e.target());
        let label = e.weight().label.as_str();
        let attrs = match label {
            OPERATES => format!("color=\"{}\"", NodeKind::Platform.style().border),
            ADOPTS => format!(
                "color=\"{}\", penwidth=0.6",
                NodeKind::Initiative.style().border
            ),
            PART_OF => "style=dashed, color=\"#3d5a98\"".to_string(),
            _ => format!("label=\"{}\"", escape(label)),
        };
        // Facts point at their region in RDF; drawn from the region, without an arrow.
        if label == REGION && g[t].kind == NodeKind::Region {
            let _ = writeln!(
                dot,
                "  {} -> {} [dir=none, tooltip=\"{}\"];",
                id(t),
                id(s),
                escape(label)
            );
        } else {
            let _ = writeln!(
                dot,
                "  {} -> {} [{attrs}, tooltip=\"{}\"];",
                id(s),
                id(t),
                escape(label)
            );
        }
    }

    if options.legend {
        let present: Vec<NodeKind> = NodeKind::ALL
            .into_iter()
            .filter(|k| g.node_weights().any(|n| n.kind == *k))
            .collect();
        if !present.is_empty() {
            let _ = writeln!(dot, "  subgraph cluster_legend {{");
            let _ = writeln!(
                dot,
                "    label=\"{}\"; fontsize=12; style=\"rounded,dashed\"; color=\"#bbbbbb\";",
                graph.lang.pick("图例 Legend", "Legend")
            );
            for kind in &present {
                let s = kind.style();
                let _ = writeln!(
                    dot,
                    "    legend_{} [label=\"{}\", shape={}, style=\"{}\", fillcolor=\"{}\", color=\"{}\", fontsize=11];",
                    kind.name(),
                    escape(&kind.legend(graph.lang)),
                    s.shape,
                    s.style,
                    s.fill,
                    s.border
                );
            }
            let mut chain: Vec<String> = present
                .iter()
                .map(|k| format!("legend_{}", k.name()))
                .collect();
            if g.node_weights().any(is_planned) {
                let s = NodeKind::Target.style();
                let _ = writeln!(
                    dot,
                    "    legend_target_planned [label=\"{}\", shape={}, style=\"{},dashed\", fillcolor=\"{}\", color=\"{}\", fontsize=11];",
                    escape(graph.lang.pick("计划指标 Planned (dashed)", "Target, planned (dashed)")),
                    s.shape,
                    s.style,
                    s.fill,
                    s.border
                );
                chain.push("legend_target_planned".into());
            }
            if chain.len() > 1 {
                let _ = writeln!(dot, "    {} [style=invis];", chain.join(" -> "));
            }
            let _ = writeln!(dot, "  }}");
        }
    }
    let _ = writeln!(dot, "}}");
    dot
}

fn write_cluster(
    dot: &mut String,
    graph: &PolicyGraph,
    code: &str,
    members: &BTreeMap<&str, Vec<NodeIndex>>,
    children: &BTreeMap<&str, Vec<&str>>,
    depth: usize,
    backwards: bool,
) {
    let g = &graph.graph;
    let indent = "  ".repeat(depth);
    let nodes = members.get(code).map(Vec::as_slice).unwrap_or(&[]);
    let name = nodes
        .iter()
        .find(|&&i| g[i].kind == NodeKind::Region)
        .map(|&i| g[i].label.clone())
        .unwrap_or_else(|| code.to_string());
    let fill = if depth % 2 == 1 { "#f5f7fb" } else { "#ffffff" };
    let _ = writeln!(dot, "{indent}subgraph cluster_{code} {{");
    let _ = writeln!(
        dot,
        "{indent}  label=\"\"; tooltip=\"{}\"; style=\"rounded,filled\"; fillcolor=\"{fill}\"; color=\"#9fb3d9\"; penwidth=1;",
        escape(&name)
    );
    let mut order: Vec<NodeIndex> = nodes.to_vec();
    if backwards {
        order.reverse();
    }
    for i in order {
        node_line(dot, graph, i, &format!("{indent}  "));
    }
    for child in children.get(code).map(Vec::as_slice).unwrap_or(&[]) {
        write_cluster(dot, graph, child, members, children, depth + 1, backwards);
    }
    let _ = writeln!(dot, "{indent}}}");
}

fn node_line(dot: &mut String, graph: &PolicyGraph, i: NodeIndex, indent: &str) {
    let n = &graph.graph[i];
    let s = n.kind.style();
    let columns = match n.kind {
        NodeKind::Region | NodeKind::Platform | NodeKind::Initiative => WRAP_COLUMNS - 6,
        _ => WRAP_COLUMNS,
    };
    // A target that does not fit on one line: its figure and year, then its metric.
    let label = match (n.kind, n.props.get("metric")) {
        (NodeKind::Target, Some(metric)) if text_width(&n.label) > columns => {
            match n.label.strip_suffix(metric.as_str()) {
                Some(head) => format!(
                    "{}\n{}",
                    head.trim_end_matches([' ', '·']),
                    wrap(metric.as_str(), columns)
                ),
                None => wrap(&n.label, columns),
            }
        }
        _ => wrap(&n.label, columns),
    };
    let tooltip = match n.props.get("statement") {
        Some(statement) => format!("{}\n{}", statement.as_str(), n.id),
        None => format!("{}\n{}", n.label, n.id),
    };
    // A planned figure is drawn dashed, a reported achievement solid (the legend says so).
    let style = if is_planned(n) {
        format!("{},dashed", s.style)
    } else {
        s.style.to_string()
    };
    let _ = writeln!(
        dot,
        "{indent}{} [label=\"{}\", shape={}, style=\"{}\", fillcolor=\"{}\", color=\"{}\", fontsize={}, tooltip=\"{}\"];",
        id(i),
        escape(&label),
        s.shape,
        style,
        s.fill,
        s.border,
        s.font_size,
        escape(&tooltip)
    );
}

/// Whether a node is a target the text plans (not one it reports as achieved).
fn is_planned(n: &super::graph::Node) -> bool {
    n.kind == NodeKind::Target
        && n.props
            .get("status")
            .is_some_and(|s| s.as_str() == "planned")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_are_escaped() {
        assert_eq!(escape("a\"b\nc\\"), "a\\\"b\\nc\\\\");
    }
}
