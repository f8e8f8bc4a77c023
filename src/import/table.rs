//! Tables: a CSV or TSV file, or a spreadsheet's sheet, becomes a dataset of observations, one
//! per row, each linked to its region.

use super::cells::{self, Record, TableOptions};
use super::{dataset_name, graph_iri, ImportError, Mapping};
use crate::rdf::region_iri;
use crate::reference::{Reconciled, Reconciler, Regions};
use crate::vocab::{self, dcterms, gk, qb};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Quad, Term};
use std::path::Path;

/// A row left out because its region could not be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    /// Line of the row in the file (the header is line 1).
    pub line: u64,
    pub value: String,
    pub reason: String,
    /// Codes and names of the regions it could be.
    pub candidates: Vec<String>,
}

/// What a table import produced.
#[derive(Debug, Clone)]
pub struct TableImport {
    pub name: String,
    pub graph: NamedNode,
    pub quads: Vec<Quad>,
    /// Data rows in the table.
    pub rows: usize,
    /// Rows linked to a region.
    pub matched: usize,
    pub review: Vec<ReviewRow>,
    /// The column that named the regions (None when the mapping gives one region).
    pub region_column: Option<String>,
    /// The encoding a CSV or TSV file was decoded from.
    pub encoding: Option<&'static str>,
    /// The sheet of a spreadsheet the rows were read from.
    pub sheet: Option<String>,
}

/// Share of a column's cells that must name regions for it to be the region column.
const REGION_COLUMN_SHARE: f64 = 0.5;

/// Reads the table at `path` (read as `options` say, with its `mapping`, if any) into quads of
/// the dataset's graph.
pub fn import_table(
    path: &Path,
    mapping: Option<&Mapping>,
    regions: &Regions,
    imported_at: &str,
    options: TableOptions<'_>,
) -> Result<TableImport, ImportError> {
    let default = Mapping::default();
    let mapping = mapping.unwrap_or(&default);
    let cells::Cells {
        headers,
        records,
        encoding,
        sheet,
    } = cells::read(path, options)?;
    let reconciler = Reconciler::new(regions);
    let name = mapping.name.clone().unwrap_or_else(|| dataset_name(path));
    for c in &mapping.table_schema.columns {
        if !headers.contains(&c.name) {
            return Err(ImportError::MissingColumn {
                path: path.into(),
                column: c.name.clone(),
                have: headers.join(", "),
            });
        }
    }

    // Which column names the region: the mapping's, else the one whose cells are regions.
    let fixed_region = match &mapping.table_schema.region {
        Some(value) => match reconciler.reconcile(value) {
            Reconciled::One(r) => Some(r.code.clone()),
            _ => {
                return Err(ImportError::BadTableRegion {
                    path: path.into(),
                    value: value.clone(),
                })
            }
        },
        None => None,
    };
    let region_column = match mapping.table_schema.columns.iter().find(|c| c.region) {
        Some(c) => headers.iter().position(|h| *h == c.name),
        None if fixed_region.is_some() => None,
        None => Some(
            detect_region_column(&headers, &records, &reconciler)
                .ok_or_else(|| ImportError::NoRegionColumn { path: path.into() })?,
        ),
    };

    let graph = graph_iri(&name);
    let dataset = NamedNode::new_unchecked(format!("{}dataset/{}", vocab::ID, key(&name)));
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(s.clone(), p.into_owned(), o, graph.clone()));
    };
    add(&dataset, rdf::TYPE, qb::DATA_SET_CLASS.into_owned().into());
    let title = mapping.title.clone().unwrap_or_else(|| name.clone());
    add(&dataset, dcterms::TITLE, Literal::from(title).into());
    for (p, v) in [
        (dcterms::SOURCE, &mapping.source),
        (dcterms::LICENSE, &mapping.license),
        (dcterms::DESCRIPTION, &mapping.description),
    ] {
        if let Some(v) = v {
            let object: Term = if v.starts_with("http://") || v.starts_with("https://") {
                NamedNode::new(v.as_str())
                    .map(Term::from)
                    .unwrap_or_else(|_| Literal::from(v.as_str()).into())
            } else {
                Literal::from(v.as_str()).into()
            };
            add(&dataset, p, object);
        }
    }
    add(
        &dataset,
        dcterms::CREATED,
        Literal::new_typed_literal(imported_at, xsd::DATE_TIME).into(),
    );

    // The columns that become properties, with their datatypes.
    let mut columns = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        if Some(i) == region_column {
            continue;
        }
        let described = mapping.column(header);
        if described.is_some_and(|c| c.suppress_output) {
            continue;
        }
        let datatype = described
            .and_then(|c| c.datatype.clone())
            .unwrap_or_else(|| infer_datatype(&records, i).to_string());
        let property = match described.and_then(|c| c.property_url.clone()) {
            Some(url) => NamedNode::new(expand(&url)).map_err(|e| ImportError::Mapping {
                path: path.into(),
                line: 0,
                column: 0,
                message: format!("propertyUrl {url:?}: {e}"),
            })?,
            None => NamedNode::new_unchecked(format!("{}#{}", dataset.as_str(), key(header))),
        };
        let label = described
            .and_then(|c| c.titles.clone())
            .unwrap_or_else(|| header.clone());
        add(&property, rdfs::LABEL, Literal::from(label).into());
        if let Some(unit) = described.and_then(|c| c.unit.clone()) {
            add(&property, gk::UNIT, Literal::from(unit).into());
        }
        columns.push((i, header.clone(), datatype, property));
    }

    let mut review = Vec::new();
    let mut matched = 0;
    for (n, record) in records.iter().enumerate() {
        let region = match (region_column, &fixed_region) {
            (Some(c), _) => {
                let value = record.cells.get(c).cloned().unwrap_or_default();
                match reconciler.reconcile(&value) {
                    Reconciled::One(r) => r.code.clone(),
                    Reconciled::Ambiguous(many) => {
                        review.push(ReviewRow {
                            line: record.line,
                            value,
                            reason: "names several regions".to_string(),
                            candidates: many
                                .iter()
                                .map(|r| format!("{} {}", r.code, r.name))
                                .collect(),
                        });
                        continue;
                    }
                    Reconciled::None => {
                        review.push(ReviewRow {
                            line: record.line,
                            value,
                            reason: "names no region".to_string(),
                            candidates: Vec::new(),
                        });
                        continue;
                    }
                }
            }
            (None, Some(code)) => code.clone(),
            (None, None) => continue,
        };
        matched += 1;
        let row = NamedNode::new_unchecked(format!("{}/row/{}", dataset.as_str(), n + 1));
        add(&row, rdf::TYPE, qb::OBSERVATION.into_owned().into());
        add(&row, qb::DATA_SET, dataset.clone().into());
        add(&row, gk::REGION_PROP, region_iri(&region).into());
        for (i, header, datatype, property) in &columns {
            let value = record.cells.get(*i).map(|s| s.trim()).unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            let literal = typed(value, datatype).ok_or_else(|| ImportError::BadValue {
                path: path.into(),
                line: record.line,
                column: header.clone(),
                value: value.to_string(),
                datatype: datatype.clone(),
            })?;
            add(&row, property.as_ref(), literal.into());
        }
    }
    Ok(TableImport {
        name,
        graph: graph.clone(),
        quads,
        rows: records.len(),
        matched,
        review,
        region_column: region_column.map(|c| headers[c].clone()),
        encoding,
        sheet,
    })
}

/// The column most of whose cells name regions.
fn detect_region_column(
    headers: &[String],
    records: &[Record],
    r: &Reconciler<'_>,
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for i in 0..headers.len() {
        let cells: Vec<&str> = records
            .iter()
            .filter_map(|rec| rec.cells.get(i).map(String::as_str))
            .filter(|c| !c.is_empty())
            .collect();
        if cells.is_empty()
            || cells
                .iter()
                .all(|c| c.parse::<f64>().is_ok() && c.len() != 6 && c.len() != 4)
        {
            continue;
        }
        let regions = cells
            .iter()
            .filter(|c| !matches!(r.reconcile(c), Reconciled::None))
            .count();
        let share = regions as f64 / cells.len() as f64;
        if share >= REGION_COLUMN_SHARE && best.is_none_or(|(_, s)| share > s) {
            best = Some((i, share));
        }
    }
    best.map(|(i, _)| i)
}

/// decimal when every non-empty cell is a number, else string.
fn infer_datatype(records: &[Record], column: usize) -> &'static str {
    let mut cells = records
        .iter()
        .filter_map(|r| r.cells.get(column))
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .peekable();
    if cells.peek().is_some() && cells.all(|c| decimal_lexical(c).is_some()) {
        "decimal"
    } else {
        "string"
    }
}

/// The xsd:decimal lexical form of a number written as people write them (1,234.5; 12.0).
fn decimal_lexical(s: &str) -> Option<String> {
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    let digits = plain.strip_prefix(['-', '+']).unwrap_or(&plain);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(plain)
}

/// A cell as a literal of `datatype`, if it is one.
fn typed(value: &str, datatype: &str) -> Option<Literal> {
    Some(match datatype {
        "decimal" | "number" => Literal::new_typed_literal(decimal_lexical(value)?, xsd::DECIMAL),
        "integer" => {
            value.parse::<i64>().ok()?;
            Literal::new_typed_literal(value, xsd::INTEGER)
        }
        "double" => {
            value.parse::<f64>().ok()?;
            Literal::new_typed_literal(value, xsd::DOUBLE)
        }
        "boolean" => match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Literal::new_typed_literal("true", xsd::BOOLEAN),
            "false" | "0" | "no" => Literal::new_typed_literal("false", xsd::BOOLEAN),
            _ => return None,
        },
        "gYear" => {
            (value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit())).then_some(())?;
            Literal::new_typed_literal(value, xsd::G_YEAR)
        }
        "date" => {
            let ok =
                value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
            ok.then_some(())?;
            Literal::new_typed_literal(value, xsd::DATE)
        }
        _ => Literal::from(value),
    })
}

/// A safe key for an IRI segment.
fn key(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Expands a prefixed name (gk:egdi) with govkg's prefixes.
fn expand(url: &str) -> String {
    if let Some((prefix, local)) = url.split_once(':') {
        if let Some((_, ns)) = vocab::PREFIXES.iter().find(|(p, _)| *p == prefix) {
            if !local.starts_with("//") {
                return format!("{ns}{local}");
            }
        }
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn mixed_region_forms_all_match() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "地区,数值\n粤,1\n广东,2\nGuangdong,3\n440000,4\nCN-GD,5\n4400,6\n深圳,7\n";
        let p = write(dir.path(), "t.csv", csv);
        let t = import_table(
            &p,
            None,
            Regions::bundled(),
            "2026-01-01T00:00:00Z",
            TableOptions::default(),
        )
        .unwrap();
        assert_eq!((t.rows, t.matched, t.review.len()), (7, 7, 0));
        assert_eq!(t.region_column.as_deref(), Some("地区"));
    }

    #[test]
    fn unknown_and_ambiguous_rows_go_to_review() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "t.csv",
            "region,n\n广东省,1\n广东生,2\n朝阳区,3\n江苏省,4\n",
        );
        let t = import_table(
            &p,
            None,
            Regions::bundled(),
            "2026-01-01T00:00:00Z",
            TableOptions::default(),
        )
        .unwrap();
        assert_eq!(t.matched, 2);
        let lines: Vec<_> = t
            .review
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(
            lines,
            [(3, "names no region"), (4, "names several regions")]
        );
    }

    #[test]
    fn numbers_are_decimals_and_bad_values_are_located() {
        assert_eq!(decimal_lexical("1,234.5").as_deref(), Some("1234.5"));
        assert_eq!(decimal_lexical("abc"), None);
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "t.csv", "region,n\n广东省,1\n江苏省,x\n");
        let mapping: Mapping = serde_json::from_str(
            r#"{"tableSchema": {"columns": [{"name": "n", "datatype": "decimal"}]}}"#,
        )
        .unwrap();
        match import_table(
            &p,
            Some(&mapping),
            Regions::bundled(),
            "2026-01-01T00:00:00Z",
            TableOptions::default(),
        ) {
            Err(ImportError::BadValue { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
    }
}
