//! Import: open data joined to the graph. A table — CSV or TSV in UTF-8, GBK/GB18030 or another
//! encoding, or a spreadsheet's sheet ([`cells`]) — becomes observations of a dataset, each
//! row linked to the region it is about (reconciled from any common form of a region's name or
//! code); rows that match no region or several are listed for review, never guessed. RDF in any
//! format oxigraph reads goes in as it is. Each import is a named graph of its own, replaced
//! when the same dataset is imported again.

mod cells;
mod mapping;
mod table;

pub use cells::{is_spreadsheet, TableOptions, SPREADSHEET_EXTENSIONS};
pub use mapping::{Column, Mapping};
pub use table::{import_table, ReviewRow, TableImport};

/// A cell as text a spreadsheet will not run: one that opens with `=`, `+`, `-`, `@`, a tab or
/// a carriage return (`=cmd|' /C calc'!A0`) gets a leading `'`, which Excel and LibreOffice
/// show as text and do not evaluate.
pub fn spreadsheet_text(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

use crate::read::ReadError;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad};
use std::path::{Path, PathBuf};

/// Why an import failed; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{path}: cannot read the spreadsheet: {message}")]
    Spreadsheet { path: PathBuf, message: String },
    #[error("{path}: no sheet named {sheet:?} (its sheets: {have})")]
    NoSheet {
        path: PathBuf,
        sheet: String,
        have: String,
    },
    #[error("{path}: sheet {sheet:?} is empty (expected the column names in its first row)")]
    EmptySheet { path: PathBuf, sheet: String },
    #[error("{path}: {message}")]
    Option { path: PathBuf, message: String },
    #[error("{path}: line {line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: line {line}, column {column}: not a mapping: {message}")]
    Mapping {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: the mapping names column {column:?}, which the table does not have (it has: {have})")]
    MissingColumn {
        path: PathBuf,
        column: String,
        have: String,
    },
    #[error("{path}: line {line}, column {column:?}: {value:?} is not a {datatype}")]
    BadValue {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        datatype: String,
    },
    #[error("{path}: no column names regions (names, codes or ISO codes in at least half of the rows); give a mapping with a region column (\"region\": true) or a region for the whole table")]
    NoRegionColumn { path: PathBuf },
    #[error("{path}: the mapping's region {value:?} is not a region")]
    BadTableRegion { path: PathBuf, value: String },
    #[error("{path}: {count} row(s) name no region or several: {rows} (see {review}); without --strict they are left out and listed there")]
    Strict {
        path: PathBuf,
        count: usize,
        rows: String,
        review: PathBuf,
    },
    #[error("{path}: cannot tell the RDF format from the extension; use .ttl, .nt, .nq, .trig, .rdf, .jsonld or .n3")]
    UnknownFormat { path: PathBuf },
    #[error("{path}: {message}")]
    Rdf { path: PathBuf, message: String },
}

/// Graph names of imports live under this base.
pub const IMPORT_GRAPH_BASE: &str = "https://w3id.org/govkg/graph/import/";

/// The named graph of an import called `name`.
pub fn graph_iri(name: &str) -> NamedNode {
    let key: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    NamedNode::new_unchecked(format!("{IMPORT_GRAPH_BASE}{key}"))
}

/// The dataset name of a file: its stem.
pub fn dataset_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".to_string())
}

/// Whether a file is RDF (by its extension) rather than a table.
pub fn rdf_format_of(path: &Path) -> Option<RdfFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext == "csv" || ext == "tsv" || is_spreadsheet(path) {
        return None;
    }
    RdfFormat::from_extension(&ext)
}

/// Reads an RDF file into quads of its own named graph: every triple of the file, whatever
/// graph the file puts it in, so that importing the file again replaces exactly what it added.
pub fn import_rdf(path: &Path, format: RdfFormat) -> Result<(NamedNode, Vec<Quad>), ImportError> {
    let graph = graph_iri(&dataset_name(path));
    let file = std::fs::File::open(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    let mut quads = Vec::new();
    for quad in RdfParser::from_format(format).for_reader(std::io::BufReader::new(file)) {
        let quad = quad.map_err(|e| ImportError::Rdf {
            path: path.into(),
            message: e.to_string(),
        })?;
        quads.push(Quad::new(
            quad.subject,
            quad.predicate,
            quad.object,
            graph.clone(),
        ));
    }
    Ok((graph, quads))
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_text;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_kept_as_text() {
        for (cell, safe) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("广东省", "广东省"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(spreadsheet_text(cell), safe, "{cell:?}");
        }
    }
}
