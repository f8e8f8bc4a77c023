//! The policy graph as node-link JSON, the form D3's force layout and networkx's
//! `node_link_graph` read and Cytoscape.js maps in one line:
//! `{"directed": true, "multigraph": false, "graph": {…}, "nodes": [{"id", "label", "kind",
//! "region", …attributes}], "links": [{"source", "target", "label"}]}`. Node ids are the IRIs.

use super::graph::{PolicyGraph, Value};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use serde_json::{Map, Number};
use std::io::Write;

#[derive(Serialize)]
struct NodeLink<'a> {
    directed: bool,
    multigraph: bool,
    graph: Map<String, serde_json::Value>,
    nodes: Vec<Map<String, serde_json::Value>>,
    links: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct Link<'a> {
    source: &'a str,
    target: &'a str,
    label: &'a str,
}

fn json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Number(s) => s
            .parse::<i64>()
            .ok()
            .map(Number::from)
            .or_else(|| s.parse::<f64>().ok().and_then(Number::from_f64))
            .map_or_else(
                || serde_json::Value::String(s.clone()),
                serde_json::Value::Number,
            ),
        Value::Text(s) => serde_json::Value::String(s.clone()),
    }
}

/// Writes `graph` as node-link JSON, with `title` in the graph's attributes.
pub fn write_json(graph: &PolicyGraph, title: &str, out: &mut impl Write) -> std::io::Result<()> {
    let g = &graph.graph;
    let mut attrs = Map::new();
    attrs.insert("title".into(), title.into());
    attrs.insert("lang".into(), graph.lang.tag().into());
    let nodes = g
        .node_weights()
        .map(|n| {
            let mut m = Map::new();
            m.insert("id".into(), n.id.clone().into());
            m.insert("label".into(), n.label.clone().into());
            m.insert("kind".into(), n.kind.name().into());
            if let Some(c) = &n.cluster {
                m.insert("region".into(), c.clone().into());
            }
            for (k, v) in &n.props {
                m.entry(k.clone()).or_insert_with(|| json_value(v));
            }
            m
        })
        .collect();
    let links = g
        .edge_references()
        .map(|e| Link {
            source: &g[e.source()].id,
            target: &g[e.target()].id,
            label: &e.weight().label,
        })
        .collect();
    let doc = NodeLink {
        directed: true,
        multigraph: false,
        graph: attrs,
        nodes,
        links,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
