//! govkg turns Chinese digital-government policy text into an RDF knowledge graph.
//!
//! The pipeline, one module per stage: [`read`] decodes documents, [`extract`] finds regions,
//! platforms, initiatives, targets and goals with their spans, [`rdf`] maps them to the govkg
//! ontology, [`store`] keeps them in an on-disk oxigraph store (one named graph per document),
//! [`query`] runs SPARQL and [`export`] writes RDF and diagrams. [`ingest`] runs the stages of a
//! build; [`validate`] checks the store against the SHACL shapes; [`eval`] scores extractions
//! against gold annotations; [`serve`] answers SPARQL over HTTP with a web page, and [`push`]
//! sends the graphs to another triple store; [`reference`] and [`vocab`] hold the shipped data
//! and the IRIs; [`manifest`] reads what users say about their documents; [`catalog`] lists the
//! documents a store holds and removes them.

pub mod catalog;
pub mod eval;
pub mod export;
pub mod extract;
pub mod import;
pub mod ingest;
pub mod manifest;
pub mod push;
pub mod query;
pub mod rdf;
pub mod read;
pub mod reference;
pub mod serve;
pub mod stats;
pub mod store;
pub mod validate;
pub mod vocab;
