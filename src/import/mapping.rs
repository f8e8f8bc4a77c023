//! Mappings: how a table becomes RDF, in the shape of W3C CSVW metadata — the table's
//! `tableSchema.columns` with `name`, `titles`, `datatype`, `propertyUrl` and
//! `suppressOutput`, and the dataset's `dc:title`, `dc:source` and `dc:license`. Two additions
//! say what CSVW cannot: `"region": true` marks the column that names the region a row is
//! about (or `tableSchema.region` names one region for every row), and `"unit"` gives a
//! column's unit.

use super::ImportError;
use std::path::Path;

/// One column of the table.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Column {
    /// The column's header in the CSV.
    pub name: String,
    /// A human title (CSVW allows a list; the first is used).
    #[serde(deserialize_with = "one_or_many")]
    pub titles: Option<String>,
    /// XSD datatype name: decimal, integer, double, boolean, date, gYear, string.
    pub datatype: Option<String>,
    /// The property a cell becomes; by default one minted for the dataset and column.
    #[serde(rename = "propertyUrl")]
    pub property_url: Option<String>,
    /// Leave the column out of the graph.
    #[serde(rename = "suppressOutput")]
    pub suppress_output: bool,
    /// This column names the region a row is about.
    pub region: bool,
    /// The unit of the column's values (%, 个, 元, index).
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TableSchema {
    pub columns: Vec<Column>,
    /// A region for every row, when no column names one (a table about one country).
    pub region: Option<String>,
}

/// A table's mapping.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Mapping {
    /// The dataset's name (graph and IRIs); by default the CSV's file stem.
    pub name: Option<String>,
    #[serde(rename = "dc:title", alias = "dcterms:title")]
    pub title: Option<String>,
    #[serde(rename = "dc:source", alias = "dcterms:source")]
    pub source: Option<String>,
    #[serde(rename = "dc:license", alias = "dcterms:license")]
    pub license: Option<String>,
    #[serde(rename = "dc:description", alias = "dcterms:description")]
    pub description: Option<String>,
    #[serde(rename = "tableSchema")]
    pub table_schema: TableSchema,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => None,
        Some(OneOrMany::One(s)) => Some(s),
        Some(OneOrMany::Many(v)) => v.into_iter().next(),
    })
}

use serde::Deserialize as _;

impl Mapping {
    pub fn read(path: &Path) -> Result<Self, ImportError> {
        let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
            path: path.into(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| ImportError::Mapping {
            path: path.into(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    /// The column called `name`, if the mapping describes it.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.table_schema.columns.iter().find(|c| c.name == name)
    }
}
