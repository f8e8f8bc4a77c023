//! The store: an oxigraph RocksDB store on disk, one named graph per document, plus the
//! ontology, gazetteer and reference graphs. A directory is recognised as a govkg store by the
//! marker file it holds, so that govkg never writes into a directory it did not create.

use oxigraph::model::{GraphNameRef, NamedNode, Quad};
use oxigraph::store::{StorageError, Store};
use std::path::{Path, PathBuf};

/// The file that marks a directory as a govkg store.
pub const MARKER: &str = "govkg-store.json";
const MARKER_CONTENT: &str = "{\"format\": \"govkg-store\", \"version\": 1}\n";

/// Why the store could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: is a file, not a store directory; pass a directory to --store")]
    NotADirectory { path: PathBuf },
    #[error("{path}: the directory is not empty and is not a govkg store (it has no {MARKER}); govkg creates stores only in new or empty directories")]
    Foreign { path: PathBuf },
    #[error("{path}: no store here yet; create one with `govkg build --store {path}`")]
    Missing { path: PathBuf },
    #[error("{path}: the store is in use by another govkg process (a build may be running); try again when it has finished")]
    Locked { path: PathBuf },
    #[error("{path}: cannot prepare the store directory: {source}")]
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
    path: PathBuf,
}

impl GraphStore {
    /// Opens the store at `path` for writing, creating it if the path is new or an empty
    /// directory.
    pub fn open_or_create(path: &Path) -> Result<Self, StoreError> {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_dir() => {
                return Err(StoreError::NotADirectory { path: path.into() });
            }
            Ok(_) => {
                if !path.join(MARKER).exists() {
                    let empty = std::fs::read_dir(path)
                        .map_err(|source| io(path, source))?
                        .next()
                        .is_none();
                    if !empty {
                        return Err(StoreError::Foreign { path: path.into() });
                    }
                }
            }
            Err(_) => std::fs::create_dir_all(path).map_err(|source| io(path, source))?,
        }
        let store = Store::open(path).map_err(|source| storage(path, source))?;
        let marker = path.join(MARKER);
        if !marker.exists() {
            std::fs::write(&marker, MARKER_CONTENT).map_err(|source| io(path, source))?;
        }
        Ok(Self {
            store,
            path: path.into(),
        })
    }

    /// Opens an existing store for reading.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_dir() => return Err(StoreError::NotADirectory { path: path.into() }),
            Ok(_) if !path.join(MARKER).exists() => {
                let empty = std::fs::read_dir(path)
                    .map_err(|source| io(path, source))?
                    .next()
                    .is_none();
                return Err(if empty {
                    StoreError::Missing { path: path.into() }
                } else {
                    StoreError::Foreign { path: path.into() }
                });
            }
            Ok(_) => {}
            Err(_) => return Err(StoreError::Missing { path: path.into() }),
        }
        let store = Store::open_read_only(path).map_err(|source| storage(path, source))?;
        Ok(Self {
            store,
            path: path.into(),
        })
    }

    /// A store in memory (for evaluations and tests); nothing is written to disk.
    pub fn in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from("<memory>");
        let store = Store::new().map_err(|source| storage(&path, source))?;
        Ok(Self { store, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The oxigraph store, for queries and dumps.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Replaces each graph's content with its quads, all in one transaction: either every
    /// graph is replaced or, on any error, none is.
    pub fn replace_graphs(&self, graphs: &[(NamedNode, Vec<Quad>)]) -> Result<(), StoreError> {
        let mut transaction = self
            .store
            .start_transaction()
            .map_err(|source| storage(&self.path, source))?;
        for (graph, quads) in graphs {
            transaction
                .clear_graph(GraphNameRef::NamedNode(graph.as_ref()))
                .map_err(|source| storage(&self.path, source))?;
            transaction.insert_named_graph(graph.as_ref());
            transaction.extend(quads.iter());
        }
        transaction
            .commit()
            .map_err(|source| storage(&self.path, source))?;
        self.store
            .flush()
            .map_err(|source| storage(&self.path, source))
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store
            .len()
            .map_err(|source| storage(&self.path, source))
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.into(),
        source,
    }
}

fn storage(path: &Path, source: StorageError) -> StoreError {
    let text = source.to_string();
    if text.contains("LOCK") || text.contains("lock") {
        StoreError::Locked { path: path.into() }
    } else {
        StoreError::Storage {
            path: path.into(),
            source,
        }
    }
}
