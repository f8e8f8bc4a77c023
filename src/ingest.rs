//! The build pipeline: read every document first (so bad input fails before the store is
//! touched), extract them in parallel, map them to RDF and write every graph in one
//! transaction.

use crate::extract::{ExtractError, Extraction, Extractor};
use crate::rdf::{self, RdfError};
use crate::read::{Document, ReadError};
use crate::reference::{EntryKind, Regions};
use crate::store::{GraphStore, StoreError};
use crate::vocab::graph;
use oxigraph::model::{NamedNode, Quad};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The bundled corpus: the article on the 31 provinces' 2025 digital-government goals.
pub const BUNDLED_NAME: &str = "digital-government-2025-goals.txt";
pub const BUNDLED_TEXT: &str = include_str!("../data/corpus/digital-government-2025-goals.txt");

/// Why a build failed; the store is as it was before.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Extract(#[from] &'static ExtractError),
    #[error(transparent)]
    Rdf(#[from] RdfError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("two inputs have the same file name {name:?} ({first} and {second}); documents are keyed by file name")]
    DuplicateName {
        name: String,
        first: PathBuf,
        second: PathBuf,
    },
}

/// What a build wrote.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
    pub regions: usize,
    pub platforms: usize,
    pub initiatives: usize,
    pub targets: usize,
    pub goals: usize,
    /// Quads written to the documents' graphs.
    pub document_quads: usize,
    /// Quads in the whole store after the build.
    pub store_quads: usize,
    pub elapsed: Duration,
}

/// Reads the documents at `inputs` (files, or directories of `*.txt`).
pub fn read_inputs(
    inputs: &[PathBuf],
    encoding: Option<&str>,
) -> Result<Vec<Document>, BuildError> {
    let files = crate::read::expand_inputs(inputs)?;
    let mut documents: Vec<Document> = Vec::with_capacity(files.len());
    for file in &files {
        let doc = Document::read(file, encoding)?;
        if let Some(first) = documents.iter().find(|d| d.name == doc.name) {
            return Err(BuildError::DuplicateName {
                name: doc.name.clone(),
                first: first.path.clone().unwrap_or_default(),
                second: file.clone(),
            });
        }
        documents.push(doc);
    }
    Ok(documents)
}

/// The bundled corpus as a document.
pub fn bundled_documents() -> Vec<Document> {
    vec![Document::from_text(BUNDLED_NAME, BUNDLED_TEXT)]
}

/// Extracts every document, spreading them over the machine's cores.
pub fn extract_all(extractor: &Extractor, documents: &[Document]) -> Vec<Extraction> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(documents.len().max(1));
    if threads <= 1 {
        return documents.iter().map(|d| extractor.extract(d)).collect();
    }
    let chunk = documents.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = documents
            .chunks(chunk)
            .map(|docs| {
                scope.spawn(move || {
                    docs.iter()
                        .map(|d| extractor.extract(d))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// A build ready to be written: every graph's quads and the summary.
pub struct Prepared {
    graphs: Vec<(NamedNode, Vec<Quad>)>,
    summary: Summary,
    started: Instant,
}

/// The graphs every store holds beside its documents: ontology, shapes, gazetteer, regions.
pub fn reference_graphs() -> Result<Vec<(NamedNode, Vec<Quad>)>, BuildError> {
    Ok(vec![
        (graph::ONTOLOGY.into_owned(), rdf::ontology_quads()?),
        (graph::SHAPES.into_owned(), rdf::shapes_quads()?),
        (graph::GAZETTEER.into_owned(), rdf::gazetteer_quads()?),
        (
            graph::REFERENCE.into_owned(),
            rdf::reference_quads(Regions::bundled()),
        ),
    ])
}

/// Extracts `documents` and maps them to RDF, without touching any store.
pub fn prepare(documents: &[Document]) -> Result<Prepared, BuildError> {
    let started = Instant::now();
    let extractor = Extractor::bundled()?;
    let extractions = extract_all(extractor, documents);
    let mut graphs = reference_graphs()?;
    let mut summary = Summary {
        documents: documents.len(),
        ..Summary::default()
    };
    let mut regions = BTreeSet::new();
    let mut platforms = BTreeSet::new();
    let mut initiatives = BTreeSet::new();
    for (document, extraction) in documents.iter().zip(&extractions) {
        let quads = rdf::document_quads(document, extraction);
        summary.document_quads += quads.len();
        graphs.push((rdf::document_iri(&document.name), quads));
        for n in &extraction.names {
            regions.insert(n.region.clone());
            match n.kind {
                EntryKind::Platform => platforms.insert(n.name.clone()),
                EntryKind::Initiative => initiatives.insert(n.name.clone()),
            };
        }
        regions.extend(extraction.targets.iter().map(|t| t.region.clone()));
        regions.extend(extraction.goals.iter().map(|g| g.region.clone()));
        summary.targets += extraction.targets.len();
        summary.goals += extraction.goals.len();
    }
    summary.regions = regions.len();
    summary.platforms = platforms.len();
    summary.initiatives = initiatives.len();
    Ok(Prepared {
        graphs,
        summary,
        started,
    })
}

/// Writes a prepared build: each document's graph is replaced, and the ontology, shapes,
/// gazetteer and reference graphs are refreshed, in one transaction.
pub fn write(store: &GraphStore, prepared: Prepared) -> Result<Summary, BuildError> {
    store.replace_graphs(&prepared.graphs)?;
    let mut summary = prepared.summary;
    summary.store_quads = store.len()?;
    summary.elapsed = prepared.started.elapsed();
    Ok(summary)
}

/// Builds `documents` into `store` ([`prepare`], then [`write`]).
pub fn build(store: &GraphStore, documents: &[Document]) -> Result<Summary, BuildError> {
    write(store, prepare(documents)?)
}
