//! The store: an oxigraph RocksDB store on disk, one named graph per document, plus the
//! ontology, shapes, gazetteer and reference graphs.
//!
//! The default graph is the union of the named graphs, each triple once (an RDF merge, as
//! SPARQL's default graph should be), kept up to date by every write: queries read it, so that
//! a link stated by a thousand documents is one triple, not a thousand rows.
//!
//! A store directory holds generations of the database and a pointer to the current one:
//!
//! ```text
//! DIR/govkg-store.json   marks the directory as a govkg store (format version 3), written
//!                        when the first write is complete
//! DIR/current            the name of the current generation, replaced by an atomic rename
//! DIR/gen-000007/        a RocksDB database
//! DIR/gen-000007.govkg   govkg's mark of that generation, written before it is made and
//!                        saying whether it is complete (a build's result) or being written
//! DIR/govkg.lock         held (flock) by the one process that writes, holding its PID
//! ```
//!
//! A generation is never written once it is current: every write — a build, an import — makes
//! a new generation (a hard-linked checkpoint of the current one, then loaded with the bulk
//! loader) and switches the pointer when it is complete. Killed at any moment, a write leaves
//! the store as it was before or as it is after, never a mix, and readers keep reading the
//! current generation while it runs; a write that fails (on a full disk, say) deletes the
//! generation it was making. govkg never writes into a directory it did not create, and deletes
//! only generations that carry its mark: a `gen-*` folder of anyone else's is left alone. A
//! store whose marker or pointer was lost is recovered from its complete generations by
//! [`repair`] (`govkg repair`), never started over.

mod lock;

pub use lock::WriterLock;

use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, QuadRef, Triple};
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The file that marks a directory as a govkg store.
pub const MARKER: &str = "govkg-store.json";
const FORMAT_VERSION: u32 = 3;
const MARKER_CONTENT: &str = "{\"format\": \"govkg-store\", \"version\": 3}\n";
/// The file naming the current generation.
const CURRENT: &str = "current";
/// The next `current`, written beside it and renamed over it.
const CURRENT_TMP: &str = ".current.tmp";
const GENERATION_PREFIX: &str = "gen-";
/// The extension of a generation's mark, a file beside its directory.
const GENERATION_MARK: &str = "govkg";
/// Memory the bulk loader may use, in megabytes.
const BULK_LOAD_MEMORY_MB: usize = 256;

/// Why the store could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: is a file, not a store directory; pass a directory to --store")]
    NotADirectory { path: PathBuf },
    #[error("{path}: the directory is not empty and is not a govkg store (it has no {MARKER}); govkg creates stores only in new or empty directories")]
    Foreign { path: PathBuf },
    #[error("{path}: no store here yet; create one with `govkg build --store {path}`")]
    Missing { path: PathBuf },
    #[error("{path}: the store is in use by {holder}; try again when it has finished")]
    Locked { path: PathBuf, holder: String },
    #[error("{path}: the store is read-only for this user ({source}); reading it works, writing it needs write access to the directory")]
    ReadOnly {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the disk is full ({message}); the store is as it was before this command: free some space and run it again")]
    NoSpace { path: PathBuf, message: String },
    #[error("{path}: the store was made by another version of govkg (format {found}, this govkg reads {FORMAT_VERSION}); build it again into a new directory")]
    Version { path: PathBuf, found: String },
    #[error("{path}: the store is damaged: {message}")]
    Damaged { path: PathBuf, message: String },
    #[error("{path}: the store has lost its {what}, but its generations are intact; recover it with `govkg repair --store {path}` (nothing was changed)")]
    Repairable { path: PathBuf, what: String },
    #[error("{path}: {entry} is in the way and is not govkg's; move it elsewhere and run the command again (nothing was changed)")]
    InTheWay { path: PathBuf, entry: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Storage {
        path: PathBuf,
        #[source]
        source: StorageError,
    },
}

/// An open govkg store.
pub struct GraphStore {
    store: Store,
    /// The store directory (`<memory>` for an in-memory store).
    path: PathBuf,
    /// The current generation's directory, when on disk.
    generation: Option<PathBuf>,
    /// Held while this process may write.
    lock: Option<WriterLock>,
}

impl GraphStore {
    /// Opens the store at `path` for writing, creating it if the path is new or an empty
    /// directory. Only one process writes a store at a time.
    pub fn open_or_create(path: &Path) -> Result<Self, StoreError> {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_dir() => return Err(StoreError::NotADirectory { path: path.into() }),
            Ok(_) if !path.join(MARKER).exists() => match contents(path)? {
                Contents::Empty | Contents::Unfinished => {}
                Contents::Unmarked => return Err(repairable(path, MARKER)),
                Contents::Foreign => return Err(StoreError::Foreign { path: path.into() }),
            },
            Ok(_) => check_version(path)?,
            Err(_) => std::fs::create_dir_all(path).map_err(|source| io(path, source))?,
        }
        let lock = WriterLock::acquire(path)?;
        if !path.join(MARKER).exists() {
            // A first build stopped before it marked the store left these; start again.
            for name in [CURRENT, CURRENT_TMP] {
                let file = path.join(name);
                if file.exists() {
                    std::fs::remove_file(&file).map_err(|source| io(&file, source))?;
                }
            }
            remove_stale_generations(path, Path::new(""), None)?;
            remove_half_written(path)?;
            let first = path.join(generation_name(1));
            mark_generation(path, &first, false)?;
            Store::open(&first)
                .map_err(|source| storage(path, source))?
                .flush()
                .map_err(|source| storage(path, source))?;
            mark_generation(path, &first, true)?;
            // Marked as a store only when its first write is complete: until then readers
            // find no store, and a writer starts it again.
            set_current(path, &generation_name(1))?;
        }
        let generation = current_generation(path)?;
        if generation_state(&generation).is_none() {
            // A store made before generations were marked: its current one is govkg's.
            mark_generation(path, &generation, true)?;
        }
        let store = Store::open_read_only(&generation).map_err(|source| storage(path, source))?;
        Ok(Self {
            store,
            path: path.into(),
            generation: Some(generation),
            lock: Some(lock),
        })
    }

    /// Opens an existing store for writing (a store that is not there yet is an error, not
    /// created): for commands that change what a store holds, such as removing documents.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_dir() => return Err(StoreError::NotADirectory { path: path.into() }),
            Ok(_) if !path.join(MARKER).exists() => {
                return Err(match contents(path)? {
                    Contents::Empty | Contents::Unfinished => {
                        StoreError::Missing { path: path.into() }
                    }
                    Contents::Unmarked => repairable(path, MARKER),
                    Contents::Foreign => StoreError::Foreign { path: path.into() },
                });
            }
            Ok(_) => {}
            Err(_) => return Err(StoreError::Missing { path: path.into() }),
        }
        Self::open_or_create(path)
    }

    /// Opens an existing store for reading; a build may be writing its next generation.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_dir() => return Err(StoreError::NotADirectory { path: path.into() }),
            Ok(_) if !path.join(MARKER).exists() => {
                return Err(match contents(path)? {
                    Contents::Empty | Contents::Unfinished => {
                        StoreError::Missing { path: path.into() }
                    }
                    Contents::Unmarked => repairable(path, MARKER),
                    Contents::Foreign => StoreError::Foreign { path: path.into() },
                });
            }
            Ok(_) => check_version(path)?,
            Err(_) => return Err(StoreError::Missing { path: path.into() }),
        }
        let generation = current_generation(path)?;
        let store = Store::open_read_only(&generation).map_err(|source| storage(path, source))?;
        Ok(Self {
            store,
            path: path.into(),
            generation: Some(generation),
            lock: None,
        })
    }

    /// A store in memory (for evaluations and tests); nothing is written to disk.
    pub fn in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from("<memory>");
        let store = Store::new().map_err(|source| storage(&path, source))?;
        Ok(Self {
            store,
            path,
            generation: None,
            lock: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The oxigraph store, for queries and dumps.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Replaces each graph's content with its quads, all at once: either every graph is
    /// replaced or, on any error, none is.
    pub fn replace_graphs(
        &mut self,
        graphs: Vec<(NamedNode, Vec<Quad>)>,
    ) -> Result<(), StoreError> {
        if self.generation.is_some() {
            let mut rebuild = self.rebuild()?;
            rebuild.replace_graphs(graphs)?;
            return rebuild.commit();
        }
        self.replace_in_place(&graphs)
    }

    /// Removes these named graphs, all at once as [`GraphStore::replace_graphs`] writes: the
    /// triples only they held leave the default graph too. A graph the store does not hold is
    /// passed over.
    pub fn remove_graphs(&mut self, graphs: &[NamedNode]) -> Result<(), StoreError> {
        let mut rebuild = self.rebuild()?;
        rebuild.remove_graphs(graphs)?;
        rebuild.commit()
    }

    /// One transaction on the open store (in memory).
    fn replace_in_place(&self, graphs: &[(NamedNode, Vec<Quad>)]) -> Result<(), StoreError> {
        let err = |source| storage(&self.path, source);
        let mut stale = Vec::new();
        for (graph, quads) in graphs {
            stale.extend(dropped_triples(&self.store, graph, quads).map_err(err)?);
        }
        let mut transaction = self.store.start_transaction().map_err(err)?;
        for (graph, quads) in graphs {
            transaction
                .clear_graph(GraphNameRef::NamedNode(graph.as_ref()))
                .map_err(err)?;
            transaction.insert_named_graph(graph.as_ref());
            transaction.extend(quads.iter());
            for quad in quads {
                transaction.insert(&in_default_graph(quad));
            }
        }
        for triple in &stale {
            let quads = transaction.quads_for_pattern(
                Some(triple.subject.as_ref()),
                Some(triple.predicate.as_ref()),
                Some(triple.object.as_ref()),
                None,
            );
            if !any_in_a_named_graph(quads).map_err(err)? {
                transaction.remove(QuadRef::new(
                    &triple.subject,
                    &triple.predicate,
                    &triple.object,
                    GraphNameRef::DefaultGraph,
                ));
            }
        }
        transaction.commit().map_err(err)?;
        self.store
            .flush()
            .map_err(|source| storage(&self.path, source))
    }

    /// Starts writing the next generation: a checkpoint of the current one that
    /// [`Rebuild::replace_graphs`] fills and [`Rebuild::commit`] makes current.
    pub fn rebuild(&mut self) -> Result<Rebuild<'_>, StoreError> {
        let Some(current) = self.generation.clone() else {
            // In memory: there is no generation to switch; write in place.
            return Ok(Rebuild {
                staging: None,
                owner: self,
                pending: None,
            });
        };
        if self.lock.is_none() {
            return Err(StoreError::Locked {
                path: self.path.clone(),
                holder: "this process, opened read-only".into(),
            });
        }
        remove_stale_generations(&self.path, &current, None)?;
        let next = self
            .path
            .join(generation_name(generation_number(&current) + 1));
        if next.exists() {
            // Not govkg's: its own leftovers were removed just above.
            return Err(StoreError::InTheWay {
                path: self.path.clone(),
                entry: entry_name(&next),
            });
        }
        mark_generation(&self.path, &next, false)?;
        self.store
            .backup(&next)
            .map_err(|source| storage(&self.path, source))?;
        let store = Store::open(&next).map_err(|source| storage(&self.path, source))?;
        Ok(Rebuild {
            staging: Some((store, next)),
            owner: self,
            pending: None,
        })
    }

    /// Number of quads in the named graphs (the default graph, their union, is not counted).
    pub fn len(&self) -> Result<usize, StoreError> {
        named_quads(&self.store).map_err(|source| storage(&self.path, source))
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }
}

/// A build's next generation, being written. Dropped without [`Rebuild::commit`] (the build
/// failed), it is deleted, so that a failure on a full disk gives the space back.
pub struct Rebuild<'a> {
    /// The new generation's store and directory (None for an in-memory store).
    staging: Option<(Store, PathBuf)>,
    owner: &'a mut GraphStore,
    /// In memory, the graph being written in parts, and its quads so far: it is written whole
    /// by [`Rebuild::finish_graph`].
    pending: Option<(NamedNode, Vec<Quad>)>,
}

impl Rebuild<'_> {
    /// Replaces each graph's content with its quads, with the bulk loader.
    pub fn replace_graphs(
        &mut self,
        graphs: Vec<(NamedNode, Vec<Quad>)>,
    ) -> Result<(), StoreError> {
        let path = self.owner.path.clone();
        let Some((store, _)) = &self.staging else {
            return self.owner.replace_in_place(&graphs);
        };
        let err = |source| storage(&path, source);
        // Triples that leave a graph may leave the default graph too, once no graph holds them.
        let mut stale = Vec::new();
        for (graph, quads) in &graphs {
            stale.extend(dropped_triples(store, graph, quads).map_err(err)?);
            clear_in_batches(store, graph).map_err(err)?;
            store.insert_named_graph(graph.as_ref()).map_err(err)?;
        }
        bulk_load(store, graphs.into_iter().flat_map(|(_, quads)| quads)).map_err(err)?;
        for triple in &stale {
            leave_union_unless_held(store, triple).map_err(err)?;
        }
        Ok(())
    }

    /// Starts writing `graph` anew in parts, for a graph too large to be held in memory at
    /// once (a large document's): [`Rebuild::append_quads`] adds each part, and
    /// [`Rebuild::finish_graph`] ends it. The graph must not have been written before in this
    /// rebuild (its content before is read from the current generation).
    pub fn begin_graph(&mut self, graph: &NamedNode) -> Result<(), StoreError> {
        let path = self.owner.path.clone();
        let err = |source| storage(&path, source);
        let Some((store, _)) = &self.staging else {
            self.pending = Some((graph.clone(), Vec::new()));
            return Ok(());
        };
        clear_in_batches(store, graph).map_err(err)?;
        store.insert_named_graph(graph.as_ref()).map_err(err)
    }

    /// Adds a part of the graph begun with [`Rebuild::begin_graph`], with the bulk loader.
    pub fn append_quads(&mut self, graph: &NamedNode, quads: Vec<Quad>) -> Result<(), StoreError> {
        let path = self.owner.path.clone();
        let Some((store, _)) = &self.staging else {
            match &mut self.pending {
                Some((g, pending)) if g == graph => pending.extend(quads),
                _ => self.pending = Some((graph.clone(), quads)),
            }
            return Ok(());
        };
        bulk_load(store, quads).map_err(|source| storage(&path, source))
    }

    /// Ends the graph written in parts: the triples it held before and holds no more leave the
    /// default graph, where no other graph holds them. Its content before is read, a quad at
    /// a time, from the current generation, which the rebuild does not touch.
    pub fn finish_graph(&mut self, graph: &NamedNode) -> Result<(), StoreError> {
        let path = self.owner.path.clone();
        let err = |source| storage(&path, source);
        let Some((store, _)) = &self.staging else {
            let quads = match self.pending.take() {
                Some((g, quads)) if g == *graph => quads,
                _ => Vec::new(),
            };
            return self.owner.replace_in_place(&[(graph.clone(), quads)]);
        };
        let before = &self.owner.store;
        if !before.contains_named_graph(graph.as_ref()).map_err(err)? {
            return Ok(());
        }
        for quad in before.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            let quad = quad.map_err(err)?;
            if !store.contains(quad.as_ref()).map_err(err)? {
                leave_union_unless_held(store, &Triple::from(quad)).map_err(err)?;
            }
        }
        Ok(())
    }

    /// Removes these named graphs from the new generation, and their triples from the default
    /// graph where no other graph holds them.
    pub fn remove_graphs(&mut self, graphs: &[NamedNode]) -> Result<(), StoreError> {
        let path = self.owner.path.clone();
        let err = |source| storage(&path, source);
        let store = match &self.staging {
            Some((store, _)) => store,
            None => &self.owner.store,
        };
        let mut present = Vec::new();
        for graph in graphs {
            if store.contains_named_graph(graph.as_ref()).map_err(err)? {
                present.push(graph.clone());
            }
        }
        self.replace_graphs(present.iter().map(|g| (g.clone(), Vec::new())).collect())?;
        let store = match &self.staging {
            Some((store, _)) => store,
            None => &self.owner.store,
        };
        for graph in &present {
            store.remove_named_graph(graph.as_ref()).map_err(err)?;
        }
        Ok(())
    }

    /// Makes the new generation current, and reopens the store on it.
    pub fn commit(mut self) -> Result<(), StoreError> {
        let Some((store, next)) = self.staging.take() else {
            return Ok(());
        };
        let path = self.owner.path.clone();
        store.flush().map_err(|source| storage(&path, source))?;
        drop(store);
        mark_generation(&path, &next, true)?;
        let previous = self.owner.generation.clone();
        let name = next
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        set_current(&path, &name)?;
        let marker = path.join(MARKER);
        if !marker.exists() {
            write_whole(&path, &marker, MARKER_CONTENT)?;
        }
        self.owner.store = Store::open_read_only(&next).map_err(|source| storage(&path, source))?;
        self.owner.generation = Some(next.clone());
        // Keep the previous generation for readers that still have it open.
        remove_stale_generations(&path, &next, previous.as_deref())?;
        remove_half_written(&path)
    }
}

impl Drop for Rebuild<'_> {
    fn drop(&mut self) {
        if let Some((store, next)) = self.staging.take() {
            drop(store);
            if std::fs::remove_dir_all(&next).is_ok() {
                let _ = std::fs::remove_file(mark_of(&next));
            }
        }
    }
}

/// Number of quads in the named graphs of `store`, leaving out the default graph (their
/// union).
pub fn named_quads(store: &Store) -> Result<usize, StorageError> {
    // Counted by SPARQL, which counts without decoding the terms (reading them back costs a
    // lookup per term: seconds on a large store).
    let count = oxigraph::sparql::SparqlEvaluator::new()
        .parse_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        .map_err(|e| StorageError::Other(Box::new(e)))?
        .on_store(store)
        .execute();
    let union = match count {
        Ok(oxigraph::sparql::QueryResults::Solutions(mut rows)) => match rows.next() {
            Some(Ok(row)) => match row.get("n") {
                Some(oxigraph::model::Term::Literal(n)) => n.value().parse().unwrap_or(0),
                _ => 0,
            },
            Some(Err(e)) => return Err(StorageError::Other(Box::new(e))),
            None => 0,
        },
        Ok(_) => 0,
        Err(e) => return Err(StorageError::Other(Box::new(e))),
    };
    Ok(store.len()?.saturating_sub(union))
}

/// The quads of the named graphs, graph by graph, leaving out the default graph (their union):
/// what a dump of the store holds.
pub fn named_graph_quads(store: &Store) -> impl Iterator<Item = Result<Quad, StorageError>> + '_ {
    store.named_graphs().flat_map(move |graph| {
        let quads: Box<dyn Iterator<Item = Result<Quad, StorageError>>> = match graph {
            Ok(graph) => {
                Box::new(store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())))
            }
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        quads
    })
}

/// Loads quads of named graphs, each also in the default graph (their union), with the bulk
/// loader.
fn bulk_load(store: &Store, quads: impl IntoIterator<Item = Quad>) -> Result<(), StorageError> {
    let mut loader = store
        .bulk_loader()
        .without_atomicity()
        .with_max_memory_size_in_megabytes(BULK_LOAD_MEMORY_MB);
    loader.load_quads(quads.into_iter().flat_map(|q| {
        let union = in_default_graph(&q);
        [q, union]
    }))?;
    loader.commit()
}

/// Takes `triple` out of the default graph unless a named graph holds it.
fn leave_union_unless_held(store: &Store, triple: &Triple) -> Result<(), StorageError> {
    let quads = store.quads_for_pattern(
        Some(triple.subject.as_ref()),
        Some(triple.predicate.as_ref()),
        Some(triple.object.as_ref()),
        None,
    );
    if !any_in_a_named_graph(quads)? {
        store.remove(QuadRef::new(
            &triple.subject,
            &triple.predicate,
            &triple.object,
            GraphNameRef::DefaultGraph,
        ))?;
    }
    Ok(())
}

/// The quad's triple in the default graph.
fn in_default_graph(quad: &Quad) -> Quad {
    Quad::new(
        quad.subject.clone(),
        quad.predicate.clone(),
        quad.object.clone(),
        GraphName::DefaultGraph,
    )
}

/// The triples of `graph` that its new content `quads` no longer holds.
fn dropped_triples(
    store: &Store,
    graph: &NamedNode,
    quads: &[Quad],
) -> Result<Vec<Triple>, StorageError> {
    let mut dropped = Vec::new();
    if !store.contains_named_graph(graph.as_ref())? {
        return Ok(dropped); // a new graph drops nothing (and its triples need no copy)
    }
    let kept: HashSet<Triple> = quads.iter().map(|q| Triple::from(q.clone())).collect();
    for quad in store.quads_for_pattern(
        None,
        None,
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        let triple = Triple::from(quad?);
        if !kept.contains(&triple) {
            dropped.push(triple);
        }
    }
    Ok(dropped)
}

/// Quads removed per transaction when a graph of the next generation is cleared.
const CLEAR_BATCH: usize = 10_000;

/// Empties a graph of a generation nobody reads yet, a batch of quads per transaction: one
/// transaction for a large graph holds every removal in memory (600,000 quads took 600 MB).
fn clear_in_batches(store: &Store, graph: &NamedNode) -> Result<(), StorageError> {
    loop {
        let batch = store
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .take(CLEAR_BATCH)
            .collect::<Result<Vec<_>, _>>()?;
        if batch.is_empty() {
            return Ok(());
        }
        let mut transaction = store.start_transaction()?;
        for quad in &batch {
            transaction.remove(quad.as_ref());
        }
        transaction.commit()?;
    }
}

/// Whether any of `quads` (the quads of one triple) lies in a named graph.
fn any_in_a_named_graph(
    quads: impl IntoIterator<Item = Result<Quad, StorageError>>,
) -> Result<bool, StorageError> {
    for quad in quads {
        if !quad?.graph_name.is_default_graph() {
            return Ok(true);
        }
    }
    Ok(false)
}

fn generation_name(n: u64) -> String {
    format!("{GENERATION_PREFIX}{n:06}")
}

fn generation_number(dir: &Path) -> u64 {
    dir.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(GENERATION_PREFIX))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The current generation's directory.
fn current_generation(path: &Path) -> Result<PathBuf, StoreError> {
    let pointer = path.join(CURRENT);
    let name = match std::fs::read_to_string(&pointer) {
        Ok(name) => name,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(repairable(
                path,
                &format!("pointer to its current generation ({CURRENT})"),
            ))
        }
        Err(source) => return Err(io(&pointer, source)),
    };
    let name = name.trim();
    if !name.starts_with(GENERATION_PREFIX) || name.contains(['/', '\\']) {
        return Err(StoreError::Damaged {
            path: path.into(),
            message: format!("{CURRENT} names {name:?}, not a generation"),
        });
    }
    let dir = path.join(name);
    if !dir.is_dir() {
        if newest_complete_generation(path)?.is_some() {
            return Err(repairable(path, &format!("current generation ({name})")));
        }
        return Err(StoreError::Damaged {
            path: path.into(),
            message: format!("{CURRENT} names {name}, which is missing"),
        });
    }
    Ok(dir)
}

/// Points `current` at `name`: written beside it, synced, then renamed over it.
fn set_current(path: &Path, name: &str) -> Result<(), StoreError> {
    let tmp = path.join(CURRENT_TMP);
    write_file(path, &tmp, &format!("{name}\n"))?;
    std::fs::rename(&tmp, path.join(CURRENT)).map_err(|source| io(path, source))?;
    if let Ok(dir) = std::fs::File::open(path) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn write_file(path: &Path, file: &Path, content: &str) -> Result<(), StoreError> {
    use std::io::Write;
    let mut f = std::fs::File::create(file).map_err(|source| io(path, source))?;
    f.write_all(content.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|source| io(path, source))
}

/// The name a mark or marker is written under before it is renamed into place.
const WRITING_SUFFIX: &str = ".writing";

/// Writes `file` whole or not at all: beside it first, then renamed into place, so that a
/// build killed meanwhile leaves no empty or half-written mark (which would make the directory
/// look like someone else's). A leftover `….writing` file is govkg's and is cleared away.
fn write_whole(path: &Path, file: &Path, content: &str) -> Result<(), StoreError> {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(WRITING_SUFFIX);
    let writing = file.with_file_name(name);
    write_file(path, &writing, content)?;
    std::fs::rename(&writing, file).map_err(|source| io(path, source))
}

/// Whether `entry` (a file in the store directory) is a mark or the marker being written.
fn is_being_written(entry: &Path) -> bool {
    let name = entry_name(entry);
    name.strip_suffix(WRITING_SUFFIX).is_some_and(|n| {
        n == MARKER
            || (n.starts_with(GENERATION_PREFIX) && n.ends_with(&format!(".{GENERATION_MARK}")))
    }) && entry.is_file()
}

/// Removes the marks and marker left half-written by a stopped build.
fn remove_half_written(path: &Path) -> Result<(), StoreError> {
    for entry in std::fs::read_dir(path).map_err(|source| io(path, source))? {
        let entry = path.join(entry.map_err(|source| io(path, source))?.file_name());
        if is_being_written(&entry) {
            std::fs::remove_file(&entry).map_err(|source| io(&entry, source))?;
        }
    }
    Ok(())
}

/// Removes every generation of govkg's (one that carries its mark) but `keep` and `also`:
/// leftovers of builds that were stopped, and generations older than the previous one.
fn remove_stale_generations(
    path: &Path,
    keep: &Path,
    also: Option<&Path>,
) -> Result<(), StoreError> {
    for dir in marked_generations(path)? {
        if dir != keep && Some(dir.as_path()) != also {
            if dir.is_dir() {
                std::fs::remove_dir_all(&dir).map_err(|source| io(&dir, source))?;
            }
            let mark = mark_of(&dir);
            std::fs::remove_file(&mark).map_err(|source| io(&mark, source))?;
        }
    }
    Ok(())
}

/// The generations that carry govkg's mark (their directory may be gone), by number.
fn marked_generations(path: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|source| io(path, source))? {
        let entry = entry.map_err(|source| io(path, source))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(generation) = name.strip_suffix(&format!(".{GENERATION_MARK}")) else {
            continue;
        };
        let dir = path.join(generation);
        if generation.starts_with(GENERATION_PREFIX) && generation_state(&dir).is_some() {
            found.push(dir);
        }
    }
    found.sort_by_key(|d| generation_number(d));
    Ok(found)
}

/// The newest generation a build completed, if any.
fn newest_complete_generation(path: &Path) -> Result<Option<PathBuf>, StoreError> {
    Ok(marked_generations(path)?
        .into_iter()
        .rev()
        .find(|d| d.is_dir() && generation_state(d) == Some(true)))
}

/// The file that marks `dir` as a generation of govkg's.
fn mark_of(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{GENERATION_MARK}"));
    dir.with_file_name(name)
}

/// Marks `dir` as govkg's generation: being written, or complete.
fn mark_generation(path: &Path, dir: &Path, complete: bool) -> Result<(), StoreError> {
    let content = format!("{{\"format\": \"govkg-generation\", \"complete\": {complete}}}\n");
    write_whole(path, &mark_of(dir), &content)
}

/// Whether `dir` is govkg's generation (None if not) and whether it is complete.
fn generation_state(dir: &Path) -> Option<bool> {
    let text = std::fs::read_to_string(mark_of(dir)).ok()?;
    let value = serde_json::from_str::<serde_json::Value>(&text).ok()?;
    (value.get("format")?.as_str()? == "govkg-generation")
        .then(|| value.get("complete")?.as_bool())
        .flatten()
}

fn entry_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn repairable(path: &Path, what: &str) -> StoreError {
    StoreError::Repairable {
        path: path.into(),
        what: what.into(),
    }
}

/// What a report of [`repair`] says.
#[derive(Debug)]
pub struct Repaired {
    /// The generation now current.
    pub generation: String,
    /// What was rewritten: the marker, the pointer, the generation's mark.
    pub rewritten: Vec<String>,
}

/// Recovers a store whose marker, pointer or current generation was lost: the generation that
/// `current` names if it is intact, else the newest one a build completed, becomes current, and
/// the marker is written again. Nothing is deleted.
pub fn repair(path: &Path) -> Result<Repaired, StoreError> {
    if !path.is_dir() {
        return Err(StoreError::Missing { path: path.into() });
    }
    if path.join(MARKER).exists() {
        check_version(path)?;
    }
    let _lock = WriterLock::acquire(path)?;
    let current = std::fs::read_to_string(path.join(CURRENT)).unwrap_or_default();
    let current = current.trim();
    let named = Some(current)
        .filter(|n| n.starts_with(GENERATION_PREFIX) && !n.contains(['/', '\\']))
        .map(|n| path.join(n))
        .filter(|d| d.is_dir() && generation_state(d) != Some(false));
    let chosen = match named {
        Some(dir) => dir,
        None => newest_complete_generation(path)?.ok_or_else(|| StoreError::Damaged {
            path: path.into(),
            message: "no complete generation to recover from".into(),
        })?,
    };
    // It must open as a database.
    Store::open_read_only(&chosen).map_err(|source| storage(path, source))?;
    let name = entry_name(&chosen);
    let mut rewritten = Vec::new();
    if generation_state(&chosen) != Some(true) {
        mark_generation(path, &chosen, true)?;
        rewritten.push(entry_name(&mark_of(&chosen)));
    }
    if current != name {
        set_current(path, &name)?;
        rewritten.push(CURRENT.into());
    }
    if !path.join(MARKER).exists() {
        write_whole(path, &path.join(MARKER), MARKER_CONTENT)?;
        rewritten.push(MARKER.into());
    }
    Ok(Repaired {
        generation: name,
        rewritten,
    })
}

fn check_version(path: &Path) -> Result<(), StoreError> {
    let marker = path.join(MARKER);
    let text = std::fs::read_to_string(&marker).map_err(|source| io(&marker, source))?;
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("version").and_then(|v| v.as_u64()));
    match version {
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
        other => Err(StoreError::Version {
            path: path.into(),
            found: other.map_or_else(|| "unknown".into(), |v| v.to_string()),
        }),
    }
}

/// What a directory without govkg's marker holds.
enum Contents {
    Empty,
    /// Only what a first build leaves when it is stopped before it marks the store:
    /// generations of govkg's (none past the first complete), the pointer and the lock.
    Unfinished,
    /// Only govkg's files, with a complete generation past the first: a store whose marker
    /// was lost.
    Unmarked,
    /// Anything else: someone else's directory.
    Foreign,
}

fn contents(path: &Path) -> Result<Contents, StoreError> {
    let marked = marked_generations(path)?;
    let mut empty = true;
    for entry in std::fs::read_dir(path).map_err(|source| io(path, source))? {
        let entry = entry.map_err(|source| io(path, source))?;
        empty = false;
        let entry = path.join(entry.file_name());
        let ours = marked.iter().any(|g| *g == entry || mark_of(g) == entry)
            || [CURRENT, CURRENT_TMP, lock::LOCK_FILE]
                .iter()
                .any(|n| entry == path.join(n) && entry.is_file())
            || is_being_written(&entry);
        if !ours {
            return Ok(Contents::Foreign);
        }
    }
    if empty {
        return Ok(Contents::Empty);
    }
    let past_first = marked
        .iter()
        .any(|g| generation_number(g) > 1 && g.is_dir() && generation_state(g) == Some(true));
    Ok(if past_first {
        Contents::Unmarked
    } else {
        Contents::Unfinished
    })
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    if source.kind() == std::io::ErrorKind::StorageFull {
        return StoreError::NoSpace {
            path: path.into(),
            message: source.to_string(),
        };
    }
    StoreError::Io {
        path: path.into(),
        source,
    }
}

fn storage(path: &Path, source: StorageError) -> StoreError {
    // RocksDB reports a full disk as text ("IO error: No space left on device: While appending
    // to file: …").
    let full = match &source {
        StorageError::Io(e) => e.kind() == std::io::ErrorKind::StorageFull,
        other => other.to_string().contains("No space left on device"),
    };
    if full {
        return StoreError::NoSpace {
            path: path.into(),
            message: "no space left on device".into(),
        };
    }
    StoreError::Storage {
        path: path.into(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNodeRef};

    #[test]
    fn a_mark_left_half_written_by_a_killed_first_build_is_govkgs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        std::fs::create_dir(&path).unwrap();
        // Killed while writing the first generation's mark: an empty file beside it.
        std::fs::write(path.join("gen-000001.govkg.writing"), "").unwrap();
        assert!(matches!(contents(&path).unwrap(), Contents::Unfinished));
        // A build starts again, clears it away and makes a store.
        let store = GraphStore::open_or_create(&path).unwrap();
        drop(store);
        assert!(!path.join("gen-000001.govkg.writing").exists());
        assert!(path.join(CURRENT).exists());
        // A file of someone else's is still someone else's.
        std::fs::write(path.join("notes.writing"), "x").unwrap();
        assert!(matches!(contents(&path).unwrap(), Contents::Foreign));
    }

    fn quad(g: &str, v: &str) -> (NamedNode, Vec<Quad>) {
        let graph = NamedNode::new_unchecked(format!("http://example.org/{g}"));
        let s = NamedNodeRef::new_unchecked("http://example.org/s");
        (
            graph.clone(),
            vec![Quad::new(s, s, Literal::from(v), graph)],
        )
    }

    /// The default graph's triples, as (graph-less) object values, sorted.
    fn union(store: &GraphStore) -> Vec<String> {
        let mut values: Vec<String> = store
            .store()
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .map(|q| q.unwrap().object.to_string())
            .collect();
        values.sort();
        values
    }

    #[test]
    fn the_default_graph_is_the_union_of_the_graphs_each_triple_once() {
        let dir = tempfile::tempdir().unwrap();
        for mut store in [
            GraphStore::in_memory().unwrap(),
            GraphStore::open_or_create(&dir.path().join("store")).unwrap(),
        ] {
            // Two documents state the same triple: it is in the union once.
            store
                .replace_graphs(vec![quad("a", "shared"), quad("b", "shared")])
                .unwrap();
            assert_eq!(union(&store), ["\"shared\""]);
            assert_eq!(store.len().unwrap(), 2);
            // One of them no longer states it: the other still does.
            store.replace_graphs(vec![quad("a", "own")]).unwrap();
            assert_eq!(union(&store), ["\"own\"", "\"shared\""]);
            // Neither does: it leaves the union; an emptied graph leaves nothing behind.
            store.replace_graphs(vec![quad("b", "other")]).unwrap();
            assert_eq!(union(&store), ["\"other\"", "\"own\""]);
            let (a, _) = quad("a", "");
            store.replace_graphs(vec![(a, Vec::new())]).unwrap();
            assert_eq!(union(&store), ["\"other\""]);
            assert_eq!(store.len().unwrap(), 1);
        }
    }

    #[test]
    fn removing_a_graph_takes_the_triples_only_it_held_out_of_the_union() {
        let dir = tempfile::tempdir().unwrap();
        for mut store in [
            GraphStore::in_memory().unwrap(),
            GraphStore::open_or_create(&dir.path().join("store")).unwrap(),
        ] {
            store
                .replace_graphs(vec![
                    quad("a", "shared"),
                    quad("b", "shared"),
                    quad("c", "own"),
                ])
                .unwrap();
            let (a, _) = quad("a", "");
            let (c, _) = quad("c", "");
            let (missing, _) = quad("missing", "");
            store
                .remove_graphs(&[a.clone(), c.clone(), missing])
                .unwrap();
            assert_eq!(union(&store), ["\"shared\""]);
            assert_eq!(store.len().unwrap(), 1);
            let graphs: Vec<_> = store
                .store()
                .named_graphs()
                .map(|g| g.unwrap().to_string())
                .collect();
            assert_eq!(graphs, ["<http://example.org/b>"]);
        }
    }

    #[test]
    fn a_graph_written_in_parts_is_the_graph_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        for mut store in [
            GraphStore::in_memory().unwrap(),
            GraphStore::open_or_create(&dir.path().join("store")).unwrap(),
        ] {
            store
                .replace_graphs(vec![
                    quad("a", "shared"),
                    quad("b", "shared"),
                    quad("a", "dropped"),
                ])
                .unwrap();
            let (a, _) = quad("a", "");
            let (b, _) = quad("b", "");
            // Graph a again, in two parts: it no longer states "shared" (b still does) nor
            // "dropped" (nobody does).
            let mut rebuild = store.rebuild().unwrap();
            rebuild.begin_graph(&a).unwrap();
            rebuild.append_quads(&a, quad("a", "one").1).unwrap();
            rebuild.append_quads(&a, quad("a", "two").1).unwrap();
            rebuild.finish_graph(&a).unwrap();
            // Then b, which stops stating "shared": it leaves the union.
            rebuild.begin_graph(&b).unwrap();
            rebuild.append_quads(&b, quad("b", "three").1).unwrap();
            rebuild.finish_graph(&b).unwrap();
            rebuild.commit().unwrap();
            assert_eq!(union(&store), ["\"one\"", "\"three\"", "\"two\""]);
            assert_eq!(store.len().unwrap(), 3);
        }
    }

    #[test]
    fn a_store_not_there_is_not_created_by_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere");
        assert!(matches!(
            GraphStore::open(&path),
            Err(StoreError::Missing { .. })
        ));
        assert!(!path.exists());
    }

    #[test]
    fn a_rebuild_becomes_visible_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let mut store = GraphStore::open_or_create(&path).unwrap();
        store.replace_graphs(vec![quad("a", "1")]).unwrap();
        let mut rebuild = store.rebuild().unwrap();
        rebuild
            .replace_graphs(vec![quad("a", "2"), quad("b", "3")])
            .unwrap();
        // Not yet committed: a reader sees the old generation.
        let reader = GraphStore::open_read_only(&path).unwrap();
        assert_eq!(reader.len().unwrap(), 1);
        drop(reader);
        rebuild.commit().unwrap();
        assert_eq!(store.len().unwrap(), 2);
        assert_eq!(GraphStore::open_read_only(&path).unwrap().len().unwrap(), 2);
    }

    #[test]
    fn an_abandoned_rebuild_leaves_the_store_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        {
            let mut store = GraphStore::open_or_create(&path).unwrap();
            store.replace_graphs(vec![quad("a", "1")]).unwrap();
            let mut rebuild = store.rebuild().unwrap();
            rebuild.replace_graphs(vec![quad("b", "2")]).unwrap();
            // dropped without commit
        }
        let mut store = GraphStore::open_or_create(&path).unwrap();
        assert_eq!(store.len().unwrap(), 1);
        // The next rebuild clears the leftover and works.
        let mut rebuild = store.rebuild().unwrap();
        rebuild.replace_graphs(vec![quad("c", "3")]).unwrap();
        rebuild.commit().unwrap();
        assert_eq!(store.len().unwrap(), 2);
        let generations = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir() && entry_name(p).starts_with(GENERATION_PREFIX))
            .count();
        assert!(generations <= 2, "{generations} generations kept");
    }

    #[test]
    fn a_failed_rebuild_deletes_its_generation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let mut store = GraphStore::open_or_create(&path).unwrap();
        store.replace_graphs(vec![quad("a", "1")]).unwrap();
        let generations = || {
            let mut names: Vec<String> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(GENERATION_PREFIX))
                .collect();
            names.sort();
            names
        };
        let generation_dirs = |names: &[String]| -> Vec<String> {
            names
                .iter()
                .filter(|n| path.join(n).is_dir())
                .cloned()
                .collect()
        };
        let mut rebuild = store.rebuild().unwrap();
        rebuild.replace_graphs(vec![quad("b", "2")]).unwrap();
        let during = generations();
        let next = generation_dirs(&during).last().unwrap().clone();
        drop(rebuild);
        let after = generations();
        // Its directory and its mark.
        assert!(
            !after.iter().any(|n| n.starts_with(&next)),
            "{next} left behind: {after:?}"
        );
        assert_eq!(after.len(), during.len() - 2);
        assert_eq!(store.len().unwrap(), 1);
        assert_eq!(GraphStore::open_read_only(&path).unwrap().len().unwrap(), 1);
    }

    #[test]
    fn a_first_build_stopped_before_marking_the_store_is_started_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        // What a first build leaves when killed between its first generation and the marker.
        std::fs::create_dir_all(path.join(generation_name(1))).unwrap();
        mark_generation(&path, &path.join(generation_name(1)), true).unwrap();
        std::fs::write(path.join(CURRENT), "gen-000001\n").unwrap();
        std::fs::write(path.join(lock::LOCK_FILE), "process 1 (govkg build)\n").unwrap();
        assert!(matches!(
            GraphStore::open_read_only(&path),
            Err(StoreError::Missing { .. })
        ));
        let mut store = GraphStore::open_or_create(&path).unwrap();
        store.replace_graphs(vec![quad("a", "1")]).unwrap();
        assert_eq!(GraphStore::open_read_only(&path).unwrap().len().unwrap(), 1);

        // Anything else in the directory makes it someone else's.
        let other = dir.path().join("other");
        std::fs::create_dir_all(other.join(generation_name(1))).unwrap();
        std::fs::write(other.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            GraphStore::open_or_create(&other),
            Err(StoreError::Foreign { .. })
        ));
    }

    #[test]
    fn a_second_writer_is_told_who_holds_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let mut first = GraphStore::open_or_create(&path).unwrap();
        first.replace_graphs(vec![quad("a", "1")]).unwrap();
        match GraphStore::open_or_create(&path) {
            Err(StoreError::Locked { holder, .. }) => {
                assert!(holder.contains(&std::process::id().to_string()), "{holder}")
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("two writers"),
        }
        // A reader is served meanwhile.
        assert!(GraphStore::open_read_only(&path).is_ok());
    }

    #[test]
    fn a_folder_named_like_a_generation_that_govkg_did_not_make_survives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fz");
        let thesis = path.join("gen-000007").join("thesis.docx");
        std::fs::create_dir_all(thesis.parent().unwrap()).unwrap();
        std::fs::write(&thesis, "x").unwrap();
        assert!(matches!(
            GraphStore::open_or_create(&path),
            Err(StoreError::Foreign { .. })
        ));
        // Beside a real store, too: builds neither delete it nor build over it.
        let store_path = dir.path().join("store");
        let mut store = GraphStore::open_or_create(&store_path).unwrap();
        store.replace_graphs(vec![quad("a", "1")]).unwrap();
        let next = store_path.join(generation_name(3));
        std::fs::create_dir_all(&next).unwrap();
        std::fs::write(next.join("thesis.docx"), "x").unwrap();
        let stray = store_path.join("gen-backup");
        std::fs::create_dir_all(&stray).unwrap();
        std::fs::write(stray.join("notes.txt"), "y").unwrap();
        match store.replace_graphs(vec![quad("b", "2")]) {
            Err(StoreError::InTheWay { entry, .. }) => assert_eq!(entry, "gen-000003"),
            other => panic!("{:?}", other.err()),
        }
        assert!(next.join("thesis.docx").exists());
        assert!(stray.join("notes.txt").exists());
        std::fs::remove_dir_all(&next).unwrap();
        store.replace_graphs(vec![quad("b", "2")]).unwrap();
        assert_eq!(store.len().unwrap(), 2);
        assert!(stray.join("notes.txt").exists());
    }

    #[test]
    fn a_store_that_lost_its_marker_or_pointer_is_repaired_not_started_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let mut store = GraphStore::open_or_create(&path).unwrap();
        store.replace_graphs(vec![quad("a", "1")]).unwrap();
        store.replace_graphs(vec![quad("b", "2")]).unwrap();
        drop(store);

        std::fs::remove_file(path.join(MARKER)).unwrap();
        for result in [
            GraphStore::open_read_only(&path).err(),
            GraphStore::open_or_create(&path).err(),
        ] {
            match result {
                Some(StoreError::Repairable { what, .. }) => assert_eq!(what, MARKER),
                other => panic!("{other:?}"),
            }
        }
        let repaired = repair(&path).unwrap();
        assert_eq!(repaired.rewritten, vec![MARKER.to_string()]);
        assert_eq!(GraphStore::open_read_only(&path).unwrap().len().unwrap(), 2);

        std::fs::remove_file(path.join(CURRENT)).unwrap();
        assert!(matches!(
            GraphStore::open_or_create(&path),
            Err(StoreError::Repairable { .. })
        ));
        let repaired = repair(&path).unwrap();
        assert_eq!(repaired.generation, generation_name(3));
        assert_eq!(repaired.rewritten, vec![CURRENT.to_string()]);
        let mut store = GraphStore::open_or_create(&path).unwrap();
        assert_eq!(store.len().unwrap(), 2);
        store.replace_graphs(vec![quad("c", "3")]).unwrap();
        assert_eq!(store.len().unwrap(), 3);
    }
}
