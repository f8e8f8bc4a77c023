//! Exports: the store as RDF in the usual formats, and as a diagram (see [`diagram`]).

pub mod diagram;

use crate::vocab;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Triple;
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;
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
        for quad in store.iter() {
            serializer.serialize_quad(&quad?)?;
            count += 1;
        }
    } else {
        let mut seen = HashSet::new();
        for quad in store.iter() {
            let triple = Triple::from(quad?);
            if !seen.contains(&triple) {
                serializer.serialize_triple(&triple)?;
                seen.insert(triple);
                count += 1;
            }
        }
    }
    serializer.finish()?;
    Ok(count)
}
