//! Manifests: what users know about their documents — title, source URL, issuing region, date,
//! genre, 文号, period — in a CSV or JSON file beside them (`manifest.csv`, `manifest.json`) or
//! given with `govkg build --manifest`. What a manifest says overrides what govkg reads from a
//! document's own lines, before any fact is extracted: the region decides attribution, the
//! date and genre decide deadlines and status.
//!
//! A CSV manifest has a header row; a JSON manifest is an array of objects (or an object with
//! a `documents` array). Columns and keys: `file` (required: the document's path relative to the
//! manifest, or its file name), `id` (the document's key in the store, in place of its path
//! below the folder it is built from), `title`, `url`, `region` (any form: 广东省, 广东, 粤, Guangdong,
//! 440000, a city's name), `date` (2023-08-19, 2023-08, 2023, 2023年8月19日), `genre` (an id of
//! [`Genre`] or its Chinese name), `number` (文号), `period` (2021-2025).

use crate::extract::{Genre, Overrides};
use crate::reference::{Reconciled, Reconciler, Regions};
use std::path::{Path, PathBuf};

/// File names looked for in the directories of a build's inputs.
pub const MANIFEST_NAMES: &[&str] = &["manifest.csv", "manifest.json"];

/// Why a manifest could not be read; the build stops before the store is touched.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{path}: cannot read the manifest: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: line {line}, column {column}: not a manifest: {message} (expected an array of objects with \"file\" and any of id, title, url, region, date, genre, number, period)")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {entry}: {field} {value:?}: {expected}")]
    Field {
        path: PathBuf,
        /// "line 3" for a CSV row, "entry 3" for a JSON object.
        entry: String,
        field: &'static str,
        value: String,
        expected: String,
    },
    #[error("{path}: {entry}: no \"file\"; every row names the document it describes")]
    NoFile { path: PathBuf, entry: String },
    #[error("{path}: {entry}: file {file:?} does not exist beside the manifest ({resolved})")]
    MissingFile {
        path: PathBuf,
        entry: String,
        file: String,
        resolved: PathBuf,
    },
    #[error("{path}: the manifest must end in .csv or .json")]
    Format { path: PathBuf },
}

/// One row of a manifest, as written.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default, alias = "issuer")]
    region: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    genre: Option<String>,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    period: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum JsonManifest {
    Rows(Vec<Row>),
    Wrapped { documents: Vec<Row> },
}

/// A manifest: its path and what it says of each document.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    /// What it says of each document.
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The file's path beside the manifest.
    resolved: PathBuf,
    /// The key it gives the document, if any.
    id: Option<String>,
    overrides: Overrides,
}

impl Manifest {
    /// Reads a manifest (`.csv` or `.json`); every row is checked, and every file it names must
    /// exist.
    pub fn read(path: &Path, regions: &Regions) -> Result<Self, ManifestError> {
        let text = std::fs::read_to_string(path).map_err(|source| ManifestError::Io {
            path: path.into(),
            source,
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let rows: Vec<(String, Row)> = match ext.as_deref() {
            Some("csv") => {
                let mut reader = csv::ReaderBuilder::new()
                    .trim(csv::Trim::All)
                    .from_reader(text.as_bytes());
                let mut rows = Vec::new();
                for record in reader.deserialize::<Row>() {
                    let row = record.map_err(|e| ManifestError::Csv {
                        path: path.into(),
                        line: e.position().map_or(0, |p| p.line()),
                        message: e.to_string(),
                    })?;
                    let line = rows.len() + 2;
                    rows.push((format!("line {line}"), row));
                }
                rows
            }
            Some("json") => {
                let parsed: JsonManifest =
                    serde_json::from_str(text).map_err(|e| ManifestError::Json {
                        path: path.into(),
                        line: e.line(),
                        column: e.column(),
                        message: e.to_string(),
                    })?;
                let rows = match parsed {
                    JsonManifest::Rows(r) | JsonManifest::Wrapped { documents: r } => r,
                };
                rows.into_iter()
                    .enumerate()
                    .map(|(i, r)| (format!("entry {}", i + 1), r))
                    .collect()
            }
            _ => return Err(ManifestError::Format { path: path.into() }),
        };
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let reconciler = Reconciler::new(regions);
        let mut entries = Vec::new();
        let mut ids: std::collections::HashMap<String, String> = Default::default();
        for (entry, row) in rows {
            let field_error =
                |field: &'static str, value: &str, expected: String| ManifestError::Field {
                    path: path.into(),
                    entry: entry.clone(),
                    field,
                    value: value.to_string(),
                    expected,
                };
            let nonempty =
                |v: &Option<String>| v.as_ref().filter(|s| !s.trim().is_empty()).cloned();
            let Some(file) = nonempty(&row.file) else {
                return Err(ManifestError::NoFile {
                    path: path.into(),
                    entry,
                });
            };
            let resolved = dir.join(&file);
            if !resolved.is_file() {
                return Err(ManifestError::MissingFile {
                    path: path.into(),
                    entry,
                    file,
                    resolved,
                });
            }
            let id = nonempty(&row.id).map(|i| i.trim().to_string());
            if let Some(id) = &id {
                if let Some(first) = ids.insert(id.clone(), entry.clone()) {
                    return Err(field_error(
                        "id",
                        id,
                        format!("is given twice ({first} and {entry}); every document needs an id of its own"),
                    ));
                }
            }
            let mut o = Overrides {
                title: nonempty(&row.title),
                url: nonempty(&row.url),
                number: nonempty(&row.number),
                ..Overrides::default()
            };
            if let Some(r) = nonempty(&row.region) {
                o.region = Some(match reconciler.reconcile(&r) {
                    Reconciled::One(region) => region.code.clone(),
                    Reconciled::Ambiguous(many) => {
                        let names: Vec<String> = many
                            .iter()
                            .map(|m| format!("{} {}", m.code, m.name))
                            .collect();
                        return Err(field_error(
                            "region",
                            &r,
                            format!(
                                "names several regions ({}); give the code",
                                names.join(", ")
                            ),
                        ));
                    }
                    Reconciled::None => {
                        return Err(field_error(
                            "region",
                            &r,
                            "is no region (expected a name such as 广东省, 广东 or 深圳市, a GB/T 2260 code such as 440000, or CN-GD)".into(),
                        ))
                    }
                });
            }
            if let Some(d) = nonempty(&row.date) {
                let (year, iso) = parse_date(&d).ok_or_else(|| {
                    field_error(
                        "date",
                        &d,
                        "is no date (expected 2023-08-19, 2023-08, 2023 or 2023年8月19日)".into(),
                    )
                })?;
                o.year = Some(year);
                o.date = Some(iso);
            }
            if let Some(g) = nonempty(&row.genre) {
                o.genre = Some(Genre::parse_label(&g).ok_or_else(|| {
                    let ids: Vec<&str> = Genre::ALL.iter().map(|g| g.as_str()).collect();
                    field_error(
                        "genre",
                        &g,
                        format!("is no genre (expected one of {})", ids.join(", ")),
                    )
                })?);
            }
            if let Some(p) = nonempty(&row.period) {
                o.period = Some(parse_period(&p).ok_or_else(|| {
                    field_error("period", &p, "is no period (expected 2021-2025)".into())
                })?);
            }
            entries.push(Entry {
                resolved,
                id,
                overrides: o,
            });
        }
        Ok(Self {
            path: path.into(),
            entries,
        })
    }

    /// The manifests beside the inputs: `manifest.csv` or `manifest.json` in each input
    /// directory, and in the directory of each input file.
    pub fn beside(inputs: &[PathBuf]) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = inputs
            .iter()
            .map(|i| {
                if i.is_dir() {
                    i.clone()
                } else {
                    i.parent().map(Path::to_path_buf).unwrap_or_default()
                }
            })
            .collect();
        dirs.sort();
        dirs.dedup();
        dirs.iter()
            .flat_map(|d| MANIFEST_NAMES.iter().map(move |n| d.join(n)))
            .filter(|p| p.is_file())
            .collect()
    }

    /// How many documents it describes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What the manifest says of the document at `path`, if anything: the row whose file is
    /// that path.
    pub fn lookup(&self, path: &Path) -> Option<&Overrides> {
        self.entry(path).map(|e| &e.overrides)
    }

    /// The id the manifest gives the document at `path`, if any.
    pub fn id(&self, path: &Path) -> Option<&str> {
        self.entry(path).and_then(|e| e.id.as_deref())
    }

    fn entry(&self, path: &Path) -> Option<&Entry> {
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        let target = canonical(path)?;
        self.entries
            .iter()
            .find(|e| canonical(&e.resolved).as_ref() == Some(&target))
    }
}

/// What several manifests say of a document; the first that names it wins.
pub fn lookup<'a>(manifests: &'a [Manifest], path: &Path) -> Option<&'a Overrides> {
    manifests
        .iter()
        .find_map(|m| m.entry(path))
        .map(|e| &e.overrides)
}

/// The id several manifests give a document; the first that names it decides.
pub fn lookup_id<'a>(manifests: &'a [Manifest], path: &Path) -> Option<&'a str> {
    manifests
        .iter()
        .find_map(|m| m.entry(path))
        .and_then(|e| e.id.as_deref())
}

/// (year, ISO form) of 2023-08-19, 2023/8/19, 2023-08, 2023 or 2023年8月19日.
fn parse_date(s: &str) -> Option<(i32, String)> {
    let parts: Vec<&str> = s
        .trim()
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    let num = |p: &str| p.trim().parse::<u32>().ok();
    let year = num(parts.first()?)?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let year = year as i32;
    match parts.as_slice() {
        [_] => Some((year, format!("{year:04}"))),
        [_, m] => {
            let m = num(m).filter(|m| (1..=12).contains(m))?;
            Some((year, format!("{year:04}-{m:02}")))
        }
        [_, m, d] => {
            let m = num(m).filter(|m| (1..=12).contains(m))?;
            let d = num(d).filter(|d| (1..=31).contains(d))?;
            Some((year, format!("{year:04}-{m:02}-{d:02}")))
        }
        _ => None,
    }
}

/// 2021-2025, 2021—2025, 2021至2025.
fn parse_period(s: &str) -> Option<(i32, i32)> {
    let parts: Vec<&str> = s
        .trim()
        .trim_end_matches('年')
        .split(['-', '—', '–', '~', '至', '到'])
        .map(|p| p.trim().trim_end_matches('年'))
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [a, b] => {
            let (a, b) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_periods_in_the_forms_people_write() {
        assert_eq!(parse_date("2023-08-19"), Some((2023, "2023-08-19".into())));
        assert_eq!(parse_date("2023/8/19"), Some((2023, "2023-08-19".into())));
        assert_eq!(
            parse_date("2023年8月19日"),
            Some((2023, "2023-08-19".into()))
        );
        assert_eq!(parse_date("2023-08"), Some((2023, "2023-08".into())));
        assert_eq!(parse_date("2023"), Some((2023, "2023".into())));
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_period("2021-2025"), Some((2021, 2025)));
        assert_eq!(parse_period("2021—2025年"), Some((2021, 2025)));
        assert_eq!(parse_period("2025-2021"), None);
    }
}
