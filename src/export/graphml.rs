//! The policy graph as GraphML, for Gephi, yEd, Cytoscape and networkx: one `<node>` per node
//! with its label, kind, IRI, region code and attributes as `<data>`, one `<edge>` per edge
//! with the RDF property it stands for. yEd's shape-node graphics carry the same colours and
//! shapes as the DOT drawing; other readers skip them.

use super::graph::{PolicyGraph, Value};
use super::label::{text_width, wrap, WRAP_COLUMNS};
use petgraph::visit::EdgeRef;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::collections::BTreeMap;
use std::io::Write;

const GRAPHML_NS: &str = "http://graphml.graphdrawing.org/xmlns";
const YED_NS: &str = "http://www.yworks.com/xml/graphml";

/// Writes `graph` as GraphML.
pub fn write_graphml(graph: &PolicyGraph, out: &mut impl Write) -> std::io::Result<()> {
    let g = &graph.graph;
    // Attribute keys: the fixed ones, then every attribute some node has; "double" when every
    // value is a number.
    let mut keys: BTreeMap<&str, bool> = BTreeMap::new();
    for n in g.node_weights() {
        for (k, v) in &n.props {
            let number = matches!(v, Value::Number(s) if s.parse::<f64>().is_ok());
            keys.entry(k.as_str())
                .and_modify(|all| *all &= number)
                .or_insert(number);
        }
    }
    for fixed in ["label", "kind", "iri", "region"] {
        keys.remove(fixed);
    }

    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attribute(("xmlns", GRAPHML_NS))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .with_attribute(("xmlns:y", YED_NS))
        .with_attribute((
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd",
        ))
        .write_inner_content(|w| {
            for (id, name) in [("label", "label"), ("kind", "kind"), ("iri", "iri"), ("region", "region")] {
                key(w, id, "node", name, "string")?;
            }
            for (&name, &number) in &keys {
                key(w, &format!("p_{name}"), "node", name, if number { "double" } else { "string" })?;
            }
            key(w, "edge_label", "edge", "label", "string")?;
            w.create_element("key")
                .with_attribute(("id", "yed_node"))
                .with_attribute(("for", "node"))
                .with_attribute(("yfiles.type", "nodegraphics"))
                .write_empty()?;
            w.create_element("graph")
                .with_attribute(("id", "govkg"))
                .with_attribute(("edgedefault", "directed"))
                .write_inner_content(|w| {
                    for i in g.node_indices() {
                        let n = &g[i];
                        w.create_element("node")
                            .with_attribute(("id", format!("n{}", i.index()).as_str()))
                            .write_inner_content(|w| {
                                data(w, "label", &n.label)?;
                                data(w, "kind", n.kind.name())?;
                                data(w, "iri", &n.id)?;
                                if let Some(c) = &n.cluster {
                                    data(w, "region", c)?;
                                }
                                for (k, v) in &n.props {
                                    if keys.contains_key(k.as_str()) {
                                        data(w, &format!("p_{k}"), v.as_str())?;
                                    }
                                }
                                yed_node(w, graph, i)
                            })?;
                    }
                    for e in g.edge_references() {
                        w.create_element("edge")
                            .with_attribute(("id", format!("e{}", e.id().index()).as_str()))
                            .with_attribute(("source", format!("n{}", e.source().index()).as_str()))
                            .with_attribute(("target", format!("n{}", e.target().index()).as_str()))
                            .write_inner_content(|w| data(w, "edge_label", &e.weight().label))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    w.get_mut().write_all(b"\n")
}

fn key<W: Write>(
    w: &mut Writer<W>,
    id: &str,
    domain: &str,
    name: &str,
    ty: &str,
) -> std::io::Result<()> {
    w.create_element("key")
        .with_attribute(("id", id))
        .with_attribute(("for", domain))
        .with_attribute(("attr.name", name))
        .with_attribute(("attr.type", ty))
        .write_empty()?;
    Ok(())
}

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> std::io::Result<()> {
    w.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

/// yEd's graphics of a node: its shape, fill, border and a wrapped label, sized to the text.
fn yed_node<W: Write>(
    w: &mut Writer<W>,
    graph: &PolicyGraph,
    i: petgraph::graph::NodeIndex,
) -> std::io::Result<()> {
    let n = &graph.graph[i];
    let s = n.kind.style();
    let text = wrap(&n.label, WRAP_COLUMNS);
    let columns = text.lines().map(text_width).max().unwrap_or(1);
    let lines = text.lines().count().max(1);
    let width = (columns as f64 * 7.0 + 16.0).max(40.0);
    let height = lines as f64 * 16.0 + 10.0;
    w.create_element("data")
        .with_attribute(("key", "yed_node"))
        .write_inner_content(|w| {
            w.create_element("y:ShapeNode").write_inner_content(|w| {
                w.create_element("y:Geometry")
                    .with_attribute(("width", format!("{width:.1}").as_str()))
                    .with_attribute(("height", format!("{height:.1}").as_str()))
                    .write_empty()?;
                w.create_element("y:Fill")
                    .with_attribute(("color", s.fill.to_uppercase().as_str()))
                    .with_attribute(("transparent", "false"))
                    .write_empty()?;
                w.create_element("y:BorderStyle")
                    .with_attribute(("color", s.border.to_uppercase().as_str()))
                    .with_attribute(("type", "line"))
                    .with_attribute(("width", "1.0"))
                    .write_empty()?;
                w.create_element("y:NodeLabel")
                    .with_attribute(("fontFamily", super::style::CJK_FONT))
                    .with_attribute(("fontSize", s.font_size.to_string().as_str()))
                    .write_text_content(BytesText::new(&text))?;
                w.create_element("y:Shape")
                    .with_attribute(("type", s.yed_shape))
                    .write_empty()?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}
