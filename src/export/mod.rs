//! Exports: the store as RDF in the usual formats, and as pictures.
//!
//! Pictures start from the store's [`facts`], narrowed by a [`select::Selection`] (regions,
//! kinds, years, an initiative), or from a SPARQL CONSTRUCT query; they become a petgraph
//! [`graph::PolicyGraph`], written as GraphViz DOT ([`dot`]) and rendered by GraphViz
//! ([`graphviz`]) into SVG, PNG or PDF, or written as GraphML ([`graphml`]) or node-link JSON
//! ([`nodelink`]). Two views are not node-link drawings: the region × initiative
//! [`matrix`] (CSV or an SVG heat map) and the [`timeline`] of targets by deadline year (SVG).
//! [`style`] holds the look of each kind of node, [`label`] the short labels and wrapping.

pub mod dot;
pub mod facts;
pub mod graph;
pub mod graphml;
pub mod graphviz;
pub mod label;
pub mod matrix;
pub mod nodelink;
pub mod raster;
pub mod select;
pub mod style;
mod svg;
pub mod timeline;

pub use facts::Facts;
pub use graph::PolicyGraph;
pub use graphviz::{Image, Layout};
pub use select::{Selection, YearRange};
pub use style::{Lang, NodeKind};

use crate::vocab;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Triple};
use oxigraph::store::{StorageError, Store};
use std::io::Write;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read the store: {0}")]
    Storage(#[from] StorageError),
    #[error("query failed: {0}")]
    Query(#[from] crate::query::QueryError),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    #[error("no region is named {0:?} (give a name such as 广东省, 广东 or Guangdong, or a GB/T 2260 code such as 440000)")]
    UnknownRegion(String),
    #[error("no known initiative is named {0:?}")]
    UnknownInitiative(String),
    #[error("{0} is not a CONSTRUCT or DESCRIBE query; a drawing needs triples")]
    NotAGraphQuery(String),
    #[error("GraphViz is not installed: its `dot` program was not found on PATH (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; macOS: brew install graphviz)")]
    GraphvizMissing,
    #[error("cannot run GraphViz: {0}")]
    GraphvizRun(std::io::Error),
    #[error("rsvg-convert is not installed; it turns the matrix and the timeline into PNG or PDF (Debian/Ubuntu: apt-get install librsvg2-bin; Fedora: dnf install librsvg2-tools; macOS: brew install librsvg)")]
    ConverterMissing,
    #[error("rsvg-convert failed: {0}")]
    ConverterFailed(String),
    #[error("GraphViz ({layout}) failed ({status}): {message}")]
    GraphvizFailed {
        layout: Layout,
        status: String,
        message: String,
    },
    #[error("GraphViz ({layout}) did not finish within {seconds} s laying out {nodes} nodes and {edges} edges")]
    GraphvizTimeout {
        layout: Layout,
        seconds: u64,
        nodes: usize,
        edges: usize,
    },
}

/// The RDF format of a name: turtle, ntriples, nquads, trig, rdfxml, jsonld (and the usual
/// aliases and extensions).
pub fn rdf_format(name: &str) -> Option<RdfFormat> {
    Some(match name.to_ascii_lowercase().as_str() {
        "turtle" | "ttl" => RdfFormat::Turtle,
        "ntriples" | "nt" | "n-triples" => RdfFormat::NTriples,
        "nquads" | "nq" | "n-quads" => RdfFormat::NQuads,
        "trig" => RdfFormat::TriG,
        "rdfxml" | "rdf" | "xml" | "rdf/xml" => RdfFormat::RdfXml,
        "jsonld" | "json-ld" => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        "n3" => RdfFormat::N3,
        _ => return None,
    })
}

/// A serializer for `format` with govkg's prefixes declared where the format has prefixes.
pub fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::N3 | RdfFormat::RdfXml
    ) {
        for (prefix, iri) in vocab::PREFIXES {
            serializer = match serializer.clone().with_prefix(*prefix, *iri) {
                Ok(s) => s,
                Err(_) => serializer,
            };
        }
    }
    serializer
}

/// Writes the whole store. Formats with named graphs (N-Quads, TriG) keep them; the others get
/// the union of all graphs, each triple once. Returns the number of quads or triples written.
pub fn write_rdf(
    store: &Store,
    format: RdfFormat,
    out: &mut impl Write,
) -> Result<usize, ExportError> {
    let mut serializer = serializer(format).for_writer(&mut *out);
    let mut count = 0;
    if format.supports_datasets() {
        // The named graphs; the default graph is their union.
        for quad in crate::store::named_graph_quads(store) {
            serializer.serialize_quad(&quad?)?;
            count += 1;
        }
    } else {
        for quad in store.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)) {
            serializer.serialize_triple(&Triple::from(quad?))?;
            count += 1;
        }
    }
    serializer.finish()?;
    Ok(count)
}
