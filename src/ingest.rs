//! The build pipeline: check every input first (so bad input fails before the store is
//! touched), then stream the documents in batches — read, extracted in parallel across the
//! cores, mapped to RDF and bulk-loaded into the store's next generation, which becomes current
//! only when the whole build is in. Memory stays bounded by the batch, not the corpus.

use crate::catalog::{self, StoredDocument};
use crate::extract::{ExtractError, Extraction, Extractor, Overrides};
use crate::manifest::{self, Manifest, ManifestError};
use crate::rdf::{self, RdfError};
use crate::read::{Document, ReadError, Source};
use crate::reference::{EntryKind, Regions};
use crate::store::{GraphStore, Rebuild, StoreError};
use crate::validate::{self, Checker, Context, ValidateError};
use crate::vocab::{gk, graph};
use oxigraph::model::vocab::rdf as rdf_vocab;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
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
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("two inputs would be the same document {key:?} ({first} and {second}): a document is keyed by its path below the folder given to govkg build, by its file name when the file is given itself, or by the id its manifest gives it; build them from their common folder, or give them manifest ids")]
    DuplicateKey {
        key: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("{second}: the same file as {first}, given twice; give it once")]
    SameFile { first: PathBuf, second: PathBuf },
    #[error("no document govkg reads among the inputs: {skipped} file(s) in formats it does not read, the first: {first}")]
    NothingReadable { skipped: usize, first: String },
    #[error("{path}: --sync builds whole folders, and this is not a folder; give the folder whose documents the store should mirror")]
    SyncNeedsFolder { path: PathBuf },
}

/// A document file to build, and the key it will have in the store.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    /// [`Document::key`]: the manifest's id, else the path below the build folder.
    pub key: String,
}

impl Input {
    /// Reads the file as the document it will be in the store.
    pub fn read(&self, encoding: Option<&str>) -> Result<Document, ReadError> {
        let mut document = Document::read(&self.source.path, encoding)?;
        document.key = self.key.clone();
        document.source = Some(self.source.file());
        Ok(document)
    }
}

/// A document a build wrote over: its key, and the file it was built from before (None when
/// the store does not say) and now (None for the bundled corpus).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub key: String,
    pub before: Option<PathBuf>,
    pub now: Option<PathBuf>,
}

/// What a build wrote.
#[derive(Debug, Default)]
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
    /// The documents already in the store that the build replaced.
    pub replaced: Vec<Replaced>,
    /// The documents the build removed (with `--sync`: built before from a file in a folder
    /// it builds, and not built this time).
    pub removed: Vec<StoredDocument>,
    /// The documents built, by the format of their files (text, html, pdf, docx, ofd).
    pub formats: std::collections::BTreeMap<&'static str, usize>,
    /// The keys of the documents in which no fact was found (no platform, initiative, target
    /// or goal): a scan's OCR gone wrong, a page whose main text was missed, or simply a
    /// document that is not about digital government.
    pub without_facts: Vec<String>,
    /// What the build wrote, checked against the SHACL shapes (None when not asked for); a
    /// build stands whatever the shapes say, and a check that could not run is an error here,
    /// not a failed build.
    pub shapes: Option<Result<validate::Report, ValidateError>>,
}

/// Whether a build checks what it writes against the shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Shapes,
    Nothing,
}

/// How a build reads: the extractor (the bundled rules, or a rules file given with `--rules`)
/// and whether it checks what it writes.
#[derive(Clone, Copy)]
pub struct BuildOptions<'a> {
    pub extractor: &'a Extractor,
    pub check: Check,
    /// What manifests say about the documents (it overrides what their text says).
    pub manifests: &'a [Manifest],
    /// Folders (absolute, links resolved) whose documents the build makes the whole of: a
    /// document built before from a file in one of them that this build does not make is
    /// removed (`govkg build --sync`).
    pub sync: &'a [PathBuf],
    /// Told how far the build has got, as it goes (a progress bar).
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
}

/// How far a build has got: the phase it is in, and of how many documents how many are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    /// Documents read so far.
    pub read: usize,
    /// Documents extracted and written to the store's next generation so far.
    pub written: usize,
    pub total: usize,
}

/// The phases of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Reading,
    /// Extracting facts and writing them to the store's next generation.
    Extracting,
    /// Checking what was written against the shapes, and making it the store's current state.
    Finishing,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Reading => "reading",
            Phase::Extracting => "extracting",
            Phase::Finishing => "finishing",
        }
    }
}

impl BuildOptions<'_> {
    fn report(&self, phase: Phase, read: usize, written: usize, total: usize) {
        if let Some(progress) = self.progress {
            progress(Progress {
                phase,
                read,
                written,
                total,
            });
        }
    }
}

impl BuildOptions<'static> {
    /// The bundled rules, no manifest.
    pub fn bundled(check: Check) -> Result<Self, BuildError> {
        Ok(Self {
            extractor: Extractor::bundled()?,
            check,
            manifests: &[],
            sync: &[],
            progress: None,
        })
    }
}

/// Text read per batch: a batch's documents are extracted in parallel, then loaded.
const BATCH_BYTES: usize = 32 << 20;

/// The inputs of a build, checked: the documents to build, and the files found in folders
/// that are in a format govkg does not read (a legacy .doc), passed over.
#[derive(Debug, Default)]
pub struct Checked {
    pub inputs: Vec<Input>,
    pub passed_over: Vec<ReadError>,
}

/// The document files of `inputs` (files, or directories of documents), each checked to read
/// and convert, with the keys they will have (a manifest's id, else the path below the folder
/// given, else the file name), each key and each file once — before anything is written. A file
/// found in a folder in a format govkg does not read is passed over (and said); given itself,
/// it is an error.
pub fn check_inputs(
    inputs: &[PathBuf],
    encoding: Option<&str>,
    manifests: &[Manifest],
) -> Result<Checked, BuildError> {
    let sources = crate::read::expand_sources(inputs)?;
    let mut keys: HashMap<String, PathBuf> = HashMap::new();
    let mut files: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut checked = Checked::default();
    for source in sources {
        match Document::read(&source.path, encoding) {
            Err(e @ ReadError::Unsupported { .. }) if source.in_folder => {
                checked.passed_over.push(e);
                continue;
            }
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        if let Some(first) = files.insert(source.file(), source.path.clone()) {
            return Err(BuildError::SameFile {
                first,
                second: source.path,
            });
        }
        let key = manifest::lookup_id(manifests, &source.path)
            .map_or_else(|| source.relative.clone(), str::to_string);
        if let Some(first) = keys.insert(key.clone(), source.path.clone()) {
            return Err(BuildError::DuplicateKey {
                key,
                first,
                second: source.path,
            });
        }
        checked.inputs.push(Input { source, key });
    }
    if checked.inputs.is_empty() {
        if let Some(first) = checked.passed_over.first() {
            return Err(BuildError::NothingReadable {
                skipped: checked.passed_over.len(),
                first: first.to_string(),
            });
        }
    }
    Ok(checked)
}

/// The folders `inputs` name, absolute with links resolved, for `--sync`: every input must be
/// a folder.
pub fn sync_folders(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, BuildError> {
    inputs
        .iter()
        .map(|input| {
            if !input.exists() {
                return Err(BuildError::Read(ReadError::Missing {
                    path: input.clone(),
                }));
            }
            if !input.is_dir() {
                return Err(BuildError::SyncNeedsFolder {
                    path: input.clone(),
                });
            }
            std::fs::canonicalize(input).map_err(|source| {
                BuildError::Read(ReadError::Io {
                    path: input.clone(),
                    source,
                })
            })
        })
        .collect()
}

/// Reads the documents at `inputs` into memory (small corpora; [`build_files`] streams).
pub fn read_inputs(
    inputs: &[PathBuf],
    encoding: Option<&str>,
) -> Result<Vec<Document>, BuildError> {
    check_inputs(inputs, encoding, &[])?
        .inputs
        .iter()
        .map(|i| i.read(encoding).map_err(BuildError::from))
        .collect()
}

/// The bundled corpus as a document.
pub fn bundled_documents() -> Vec<Document> {
    vec![Document::from_text(BUNDLED_NAME, BUNDLED_TEXT)]
}

/// Extracts every document, spreading them over the machine's cores; a manifest's row for a
/// document overrides what its text says.
pub fn extract_all(
    extractor: &Extractor,
    documents: &[Document],
    manifests: &[Manifest],
) -> Vec<Extraction> {
    let no_overrides = Overrides::default();
    let extract = |d: &Document| {
        let overrides = d
            .path
            .as_deref()
            .and_then(|p| manifest::lookup(manifests, p))
            .unwrap_or(&no_overrides);
        extractor.extract_with(d, overrides)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(documents.len().max(1));
    if threads <= 1 {
        return documents.iter().map(extract).collect();
    }
    let chunk = documents.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = documents
            .chunks(chunk)
            .map(|docs| {
                let extract = &extract;
                scope.spawn(move || docs.iter().map(extract).collect::<Vec<_>>())
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

/// Counts what a build writes.
struct Tally {
    summary: Summary,
    regions: BTreeSet<String>,
    platforms: BTreeSet<String>,
    initiatives: BTreeSet<String>,
    /// The shape checker and what the checked graphs may link to, or why it could not start.
    checker: Option<Result<(Checker, Context), ValidateError>>,
}

impl Tally {
    /// A tally for a build that writes `reference` (the ontology, gazetteer and regions) first.
    fn new(check: Check, reference: &[(NamedNode, Vec<Quad>)]) -> Self {
        let checker = (check == Check::Shapes).then(|| {
            let mut checker = Checker::new()?;
            let quads: Vec<Quad> = reference
                .iter()
                .filter(|(g, _)| g.as_ref() != graph::SHAPES)
                .flat_map(|(_, q)| q.iter().cloned())
                .collect();
            // The reference graphs are checked once, as a whole.
            checker.check(&[], &quads)?;
            checker.graphs += reference.len() - 1;
            let context = checker.context(&quads);
            Ok((checker, context))
        });
        Self {
            summary: Summary::default(),
            regions: BTreeSet::new(),
            platforms: BTreeSet::new(),
            initiatives: BTreeSet::new(),
            checker,
        }
    }

    /// Checks a batch of document graphs against the shapes.
    fn check(&mut self, graphs: &[(NamedNode, Vec<Quad>)]) {
        let Some(Ok((checker, context))) = &mut self.checker else {
            return;
        };
        let parts: Vec<&[Quad]> = graphs.iter().map(|(_, q)| q.as_slice()).collect();
        checker.graphs += graphs.len();
        if let Err(e) = checker.check_parts(context, &parts) {
            self.checker = Some(Err(e));
        }
    }

    /// Checks a part of a document's graph against the shapes, with `linked`: the quads of
    /// the parts before it that its facts link to. The graph is counted with its `first` part.
    fn check_part(&mut self, part: &[Quad], linked: &[Quad], first: bool) {
        let Some(Ok((checker, context))) = &mut self.checker else {
            return;
        };
        checker.graphs += usize::from(first);
        if let Err(e) = checker.check_parts(context, &[part, linked]) {
            self.checker = Some(Err(e));
        }
    }

    fn add(&mut self, document: &Document, extraction: &Extraction, quads: usize) {
        self.summary.documents += 1;
        *self
            .summary
            .formats
            .entry(document.format.as_str())
            .or_default() += 1;
        if extraction.names.is_empty()
            && extraction.targets.is_empty()
            && extraction.goals.is_empty()
        {
            self.summary.without_facts.push(document.key.clone());
        }
        self.summary.document_quads += quads;
        for n in &extraction.names {
            self.regions.insert(n.region.clone());
            match n.kind {
                EntryKind::Platform => self.platforms.insert(n.name.clone()),
                EntryKind::Initiative => self.initiatives.insert(n.name.clone()),
            };
        }
        self.regions
            .extend(extraction.targets.iter().map(|t| t.region.clone()));
        self.regions
            .extend(extraction.goals.iter().map(|g| g.region.clone()));
        self.summary.targets += extraction.targets.len();
        self.summary.goals += extraction.goals.len();
    }

    fn finish(mut self, store: &GraphStore, started: Instant) -> Result<Summary, BuildError> {
        self.summary.shapes = self.checker.map(|c| c.and_then(|(c, _)| c.finish(store)));
        self.summary.regions = self.regions.len();
        self.summary.platforms = self.platforms.len();
        self.summary.initiatives = self.initiatives.len();
        self.summary.store_quads = store.len()?;
        self.summary.elapsed = started.elapsed();
        Ok(self.summary)
    }
}

/// Quads of one document written to the store at once: a document with more is written in
/// parts of about this many (whole facts with their mentions), each checked and loaded before
/// the next is made, so that a build's memory does not grow with the size of a document. (A
/// normal document has a few hundred to a few thousand. The shape check costs more than
/// linearly in the size of what it checks: 160,000 figures built in 80 s in parts of 25,000,
/// 95 s in parts of 200,000, which also took 880 MB instead of 350.)
const PART_QUADS: usize = 25_000;

/// Extracts a batch of documents and writes their graphs: a document of one part with the
/// others of the batch, at the end; a larger one part by part, as its parts are made.
fn write_batch(
    rebuild: &mut Rebuild<'_>,
    options: BuildOptions<'_>,
    documents: &[Document],
    tally: &mut Tally,
) -> Result<(), BuildError> {
    let extractions = extract_all(options.extractor, documents, options.manifests);
    let mut graphs = Vec::with_capacity(documents.len());
    for (document, extraction) in documents.iter().zip(extractions) {
        let graph = rdf::document_iri(&document.key);
        let mut in_parts = false;
        // The classes of the document and of the names it declares, which the facts of later
        // parts link to: each part is checked with those of the parts before it.
        let mut linked: Vec<Quad> = Vec::new();
        let quads =
            rdf::document_quads_in_parts(document, &extraction, PART_QUADS, |part, last| {
                if last && !in_parts {
                    graphs.push((graph.clone(), part));
                    return Ok(());
                }
                let first = !in_parts;
                if first {
                    rebuild.begin_graph(&graph)?;
                    in_parts = true;
                }
                tally.check_part(&part, &linked, first);
                linked.extend(part.iter().filter(|q| linked_class(q, &graph)).cloned());
                rebuild.append_quads(&graph, part)?;
                if last {
                    rebuild.finish_graph(&graph)?;
                }
                Ok::<(), BuildError>(())
            })?;
        tally.add(document, &extraction, quads);
    }
    tally.check(&graphs);
    rebuild.replace_graphs(graphs)?;
    Ok(())
}

/// Whether `quad` gives the class of the document `doc` or of a platform or initiative: what
/// facts link to across the parts of a document.
fn linked_class(quad: &Quad, doc: &NamedNode) -> bool {
    quad.predicate.as_ref() == rdf_vocab::TYPE
        && (matches!(&quad.subject, NamedOrBlankNode::NamedNode(s) if s == doc)
            || matches!(&quad.object, Term::NamedNode(c)
                if c.as_ref() == gk::PLATFORM || c.as_ref() == gk::INITIATIVE))
}

/// Builds documents already in memory into `store`: each document's graph is replaced, and
/// the ontology, shapes, gazetteer and reference graphs are refreshed, all at once.
pub fn build(
    store: &mut GraphStore,
    documents: &[Document],
    options: BuildOptions<'_>,
) -> Result<Summary, BuildError> {
    let started = Instant::now();
    let reference = reference_graphs()?;
    let mut tally = Tally::new(options.check, &reference);
    let builds: Vec<(&str, Option<&Path>)> = documents
        .iter()
        .map(|d| (d.key.as_str(), d.source.as_deref()))
        .collect();
    let (replaced, removed) = overwritten(store, &builds, options.sync)?;
    let mut rebuild = store.rebuild()?;
    rebuild.replace_graphs(reference)?;
    for batch in documents.chunks(256) {
        write_batch(&mut rebuild, options, batch, &mut tally)?;
    }
    remove_stale(&mut rebuild, &removed)?;
    rebuild.commit()?;
    tally.summary.replaced = replaced;
    tally.summary.removed = removed;
    tally.finish(store, started)
}

/// What a build of documents with these keys (and source files) writes over in `store`: the
/// documents it replaces, and those it removes because `sync` folders no longer hold them.
fn overwritten(
    store: &GraphStore,
    builds: &[(&str, Option<&Path>)],
    sync: &[PathBuf],
) -> Result<(Vec<Replaced>, Vec<StoredDocument>), BuildError> {
    let stored = catalog::documents(store)?;
    let by_key: HashMap<&str, &StoredDocument> =
        stored.iter().map(|d| (d.key.as_str(), d)).collect();
    let replaced = builds
        .iter()
        .filter_map(|(key, now)| {
            by_key.get(key).map(|d| Replaced {
                key: key.to_string(),
                before: d.source.clone(),
                now: now.map(Path::to_path_buf),
            })
        })
        .collect();
    let kept: HashSet<&str> = builds.iter().map(|(key, _)| *key).collect();
    let removed = catalog::stale(&stored, sync, &kept)
        .into_iter()
        .cloned()
        .collect();
    Ok((replaced, removed))
}

fn remove_stale(
    rebuild: &mut crate::store::Rebuild<'_>,
    removed: &[StoredDocument],
) -> Result<(), BuildError> {
    if !removed.is_empty() {
        let graphs: Vec<NamedNode> = removed.iter().map(|d| d.iri.clone()).collect();
        rebuild.remove_graphs(&graphs)?;
    }
    Ok(())
}

/// Builds the document files into `store`, streaming them in batches. `files` should have
/// been checked with [`check_inputs`]; a file that fails to read now stops the build, and the
/// store stays as it was.
pub fn build_files(
    store: &mut GraphStore,
    files: &[Input],
    encoding: Option<&str>,
    options: BuildOptions<'_>,
) -> Result<Summary, BuildError> {
    let started = Instant::now();
    let reference = reference_graphs()?;
    let mut tally = Tally::new(options.check, &reference);
    let sources: Vec<PathBuf> = files.iter().map(|f| f.source.file()).collect();
    let builds: Vec<(&str, Option<&Path>)> = files
        .iter()
        .zip(&sources)
        .map(|(f, s)| (f.key.as_str(), Some(s.as_path())))
        .collect();
    let (replaced, removed) = overwritten(store, &builds, options.sync)?;
    let mut rebuild = store.rebuild()?;
    rebuild.replace_graphs(reference)?;
    let mut batch = Vec::new();
    let mut bytes = 0;
    let total = files.len();
    // Of `read` documents, those of the batch are not written yet.
    let mut write = |batch: &mut Vec<Document>, read: usize, tally: &mut Tally| {
        options.report(Phase::Extracting, read, read - batch.len(), total);
        write_batch(&mut rebuild, options, batch, tally)?;
        batch.clear();
        options.report(Phase::Reading, read, read, total);
        Ok::<_, BuildError>(())
    };
    for (i, file) in files.iter().enumerate() {
        let document = file.read(encoding)?;
        bytes += document.text.len();
        batch.push(document);
        options.report(Phase::Reading, i + 1, i + 1 - batch.len(), total);
        if bytes >= BATCH_BYTES || batch.len() >= 1024 {
            write(&mut batch, i + 1, &mut tally)?;
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        write(&mut batch, total, &mut tally)?;
    }
    options.report(Phase::Finishing, total, total, total);
    remove_stale(&mut rebuild, &removed)?;
    rebuild.commit()?;
    tally.summary.replaced = replaced;
    tally.summary.removed = removed;
    tally.finish(store, started)
}
