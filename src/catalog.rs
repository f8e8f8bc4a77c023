//! The documents a store holds — each one's key, file name and the file it was built from — and
//! finding them by what a user types: a key (`2025/plan.txt`), the path of the file, or a file
//! name that only one document has. `govkg remove` and `govkg build --sync` take documents out
//! with it, through the store's all-at-once writes.
//!
//! A store built before documents had keys holds documents without `gk:documentKey` and
//! `gk:sourceFile`: their key is their file name (which their IRI was made of), and their
//! source is unknown.

use crate::store::{GraphStore, StoreError};
use crate::vocab::gk;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::StorageError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A document in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// Its IRI, which names its graph.
    pub iri: NamedNode,
    /// Its key: its path below the folder it was built from, or its manifest id.
    pub key: String,
    /// The file name it was read from.
    pub file_name: String,
    /// The file it was built from, as an absolute path (unknown for documents built by a
    /// govkg that did not record it, and for the bundled corpus).
    pub source: Option<PathBuf>,
}

/// Why documents could not be found or removed; the store is as it was.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{path}: the store holds no document {names}; nothing was removed (`govkg query documents` lists the documents of a store by key)")]
    Unknown { path: PathBuf, names: String },
    #[error("{path}: {name:?} is the file name of {count} documents ({keys}); name the one to remove by its key (nothing was removed)")]
    Ambiguous {
        path: PathBuf,
        name: String,
        count: usize,
        keys: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The documents of `store`, by key.
pub fn documents(store: &GraphStore) -> Result<Vec<StoredDocument>, StoreError> {
    let err = |source: StorageError| StoreError::Storage {
        path: store.path().into(),
        source,
    };
    let s = store.store();
    let mut found = Vec::new();
    for quad in s.quads_for_pattern(None, Some(rdf::TYPE), Some(gk::DOCUMENT.into()), None) {
        let quad = quad.map_err(err)?;
        let NamedOrBlankNode::NamedNode(iri) = quad.subject else {
            continue;
        };
        // A document is stated in its own graph (the default graph repeats it).
        if quad.graph_name != GraphName::NamedNode(iri.clone()) {
            continue;
        }
        let literal = |property: NamedNodeRef<'_>| -> Result<Option<String>, StoreError> {
            for q in s.quads_for_pattern(
                Some(iri.as_ref().into()),
                Some(property),
                None,
                Some(GraphNameRef::NamedNode(iri.as_ref())),
            ) {
                if let Term::Literal(l) = q.map_err(err)?.object {
                    return Ok(Some(l.value().to_string()));
                }
            }
            Ok(None)
        };
        let file_name = literal(gk::FILE_NAME)?.unwrap_or_default();
        let key = literal(gk::DOCUMENT_KEY)?.unwrap_or_else(|| file_name.clone());
        let source = literal(gk::SOURCE_FILE)?.map(PathBuf::from);
        found.push(StoredDocument {
            iri,
            key,
            file_name,
            source,
        });
    }
    found.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(found)
}

/// What a name typed by a user finds among `documents`.
#[derive(Debug)]
pub enum Found<'a> {
    One(&'a StoredDocument),
    /// A file name that several documents have.
    Several(Vec<&'a StoredDocument>),
    None,
}

/// The document `name` stands for: the one with that key; else, when `name` is the path of a
/// file, the one built from it; else the one document with that file name.
pub fn find<'a>(documents: &'a [StoredDocument], name: &str) -> Found<'a> {
    if let Some(d) = documents.iter().find(|d| d.key == name) {
        return Found::One(d);
    }
    if let Some(file) = absolute_file(Path::new(name)) {
        if let Some(d) = documents
            .iter()
            .find(|d| d.source.as_deref() == Some(&file))
        {
            return Found::One(d);
        }
    }
    let named: Vec<&StoredDocument> = documents.iter().filter(|d| d.file_name == name).collect();
    match named.len() {
        0 => Found::None,
        1 => Found::One(named[0]),
        _ => Found::Several(named),
    }
}

/// The file at `path` as a build records it: its folder absolute with links resolved, then its
/// name. None if there is no file there.
pub fn absolute_file(path: &Path) -> Option<PathBuf> {
    if !path.is_file() {
        return None;
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(std::fs::canonicalize(folder).ok()?.join(path.file_name()?))
}

/// The documents of `store` that `names` stand for, each once, in the order named; an error
/// naming every name that finds none (or several), before anything is changed.
pub fn resolve(store: &GraphStore, names: &[String]) -> Result<Vec<StoredDocument>, CatalogError> {
    let documents = documents(store)?;
    let mut chosen: Vec<StoredDocument> = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match find(&documents, name) {
            Found::One(d) => {
                if !chosen.contains(d) {
                    chosen.push(d.clone());
                }
            }
            Found::Several(many) => {
                return Err(CatalogError::Ambiguous {
                    path: store.path().into(),
                    name: name.clone(),
                    count: many.len(),
                    keys: many
                        .iter()
                        .map(|d| d.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
            Found::None => unknown.push(format!("{name:?}")),
        }
    }
    if !unknown.is_empty() {
        return Err(CatalogError::Unknown {
            path: store.path().into(),
            names: unknown.join(", "),
        });
    }
    Ok(chosen)
}

/// Removes the documents `names` stand for, all at once: a store killed meanwhile holds them
/// all or none. Returns what was removed.
pub fn remove(
    store: &mut GraphStore,
    names: &[String],
) -> Result<Vec<StoredDocument>, CatalogError> {
    let chosen = resolve(store, names)?;
    let graphs: Vec<NamedNode> = chosen.iter().map(|d| d.iri.clone()).collect();
    store.remove_graphs(&graphs)?;
    Ok(chosen)
}

/// The documents built from a file in one of `folders` (absolute, links resolved) whose key is
/// not in `kept`: what a build of those folders with `--sync` removes.
pub fn stale<'a>(
    documents: &'a [StoredDocument],
    folders: &[PathBuf],
    kept: &HashSet<&str>,
) -> Vec<&'a StoredDocument> {
    documents
        .iter()
        .filter(|d| {
            d.source
                .as_deref()
                .is_some_and(|s| folders.iter().any(|f| s.starts_with(f)))
                && !kept.contains(d.key.as_str())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(key: &str, source: Option<&str>) -> StoredDocument {
        StoredDocument {
            iri: crate::rdf::document_iri(key),
            key: key.into(),
            file_name: key.rsplit('/').next().unwrap().into(),
            source: source.map(PathBuf::from),
        }
    }

    #[test]
    fn a_name_finds_a_key_then_a_unique_file_name() {
        let docs = [
            doc("2025/gd.txt", Some("/c/2025/gd.txt")),
            doc("2026/gd.txt", Some("/c/2026/gd.txt")),
            doc("sz.txt", None),
            doc("2026/sz2.txt", None),
        ];
        assert!(matches!(find(&docs, "2025/gd.txt"), Found::One(d) if d.key == "2025/gd.txt"));
        assert!(matches!(find(&docs, "sz2.txt"), Found::One(d) if d.key == "2026/sz2.txt"));
        assert!(matches!(find(&docs, "gd.txt"), Found::Several(v) if v.len() == 2));
        assert!(matches!(find(&docs, "nowhere.txt"), Found::None));
    }

    #[test]
    fn sync_takes_only_documents_of_the_folder_not_built_again() {
        let docs = [
            doc("a.txt", Some("/c/a.txt")),
            doc("sub/b.txt", Some("/c/sub/b.txt")),
            doc("c.txt", Some("/cc/c.txt")),
            doc("old.txt", None),
        ];
        let kept: HashSet<&str> = ["a.txt"].into_iter().collect();
        let stale: Vec<&str> = stale(&docs, &[PathBuf::from("/c")], &kept)
            .iter()
            .map(|d| d.key.as_str())
            .collect();
        // /cc is not inside /c, and a document without a source is left alone.
        assert_eq!(stale, ["sub/b.txt"]);
    }
}
