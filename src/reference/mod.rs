//! Reference data shipped with govkg: the regions (`data/provinces.csv` and the prefectures
//! and counties of `data/gbt2260/`) and the gazetteer of known initiatives and platforms
//! (`ontology/gazetteer.ttl`), compiled into the binary and parsed once on first use.

mod gazetteer;
mod reconcile;
mod regions;

pub use gazetteer::{Entry, EntryKind, Gazetteer, GAZETTEER_TTL};
pub use reconcile::{Reconciled, Reconciler};
pub use regions::{Region, RegionLevel, Regions, COUNTRY_CODE};

/// Why shipped reference data could not be loaded (a broken data file, caught by tests).
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("{file}: row {row}: {message}")]
    Table {
        file: &'static str,
        row: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    Rdf { file: &'static str, message: String },
}
