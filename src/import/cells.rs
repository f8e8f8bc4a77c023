//! A table's cells, as text, from what people save tables as: CSV or TSV in any encoding a
//! document may be in — decoded as `govkg build` decodes documents (UTF-8 with or without a
//! BOM, UTF-16 with a BOM, GB18030/GBK detected, or an encoding named with `--encoding`) — and
//! spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), read with calamine: the first sheet,
//! or the one named with `--sheet`. The first row holds the column names.

use super::ImportError;
use calamine::{Data, Reader};
use std::path::Path;

/// Extensions of the spreadsheets calamine reads.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// How a table file is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOptions<'a> {
    /// The encoding of a CSV or TSV file, instead of detecting it.
    pub encoding: Option<&'a str>,
    /// The sheet of a spreadsheet, instead of the first.
    pub sheet: Option<&'a str>,
}

/// A row of the table: its line in the file (the row, in a spreadsheet; the header is line 1)
/// and its cells.
pub(crate) struct Record {
    pub line: u64,
    pub cells: Vec<String>,
}

/// A table as read: column names, rows, and where it came from.
pub(crate) struct Cells {
    pub headers: Vec<String>,
    pub records: Vec<Record>,
    /// The encoding a CSV or TSV file was decoded from.
    pub encoding: Option<&'static str>,
    /// The sheet a spreadsheet's rows were read from.
    pub sheet: Option<String>,
}

/// Whether the file at `path` is a spreadsheet (by its extension).
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

pub(crate) fn read(path: &Path, options: TableOptions<'_>) -> Result<Cells, ImportError> {
    if is_spreadsheet(path) {
        if options.encoding.is_some() {
            return Err(ImportError::Option {
                path: path.into(),
                message: "--encoding is for CSV and TSV files; a spreadsheet says its own".into(),
            });
        }
        read_sheet(path, options.sheet)
    } else {
        if options.sheet.is_some() {
            return Err(ImportError::Option {
                path: path.into(),
                message: format!(
                    "--sheet is for spreadsheets ({}), and this is read as CSV",
                    SPREADSHEET_EXTENSIONS
                        .iter()
                        .map(|e| format!(".{e}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        read_csv(path, options.encoding)
    }
}

fn read_csv(path: &Path, encoding: Option<&str>) -> Result<Cells, ImportError> {
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    let decoded = crate::read::decode(path, &bytes, encoding)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .trim(csv::Trim::All)
        .from_reader(decoded.text.as_bytes());
    let csv_error = |e: csv::Error| ImportError::Csv {
        path: path.into(),
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|c| c.is_empty()) {
            continue;
        }
        records.push(Record {
            line: record.position().map_or(0, |p| p.line()),
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(Cells {
        headers,
        records,
        encoding: Some(decoded.encoding),
        sheet: None,
    })
}

fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Cells, ImportError> {
    let spreadsheet_error = |message: String| ImportError::Spreadsheet {
        path: path.into(),
        message,
    };
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| spreadsheet_error(e.to_string()))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.trim() == wanted.trim()))
            .cloned()
            .ok_or_else(|| ImportError::NoSheet {
                path: path.into(),
                sheet: wanted.to_string(),
                have: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| spreadsheet_error("the workbook has no sheet".into()))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| spreadsheet_error(format!("sheet {name:?}: {e}")))?;
    let Some((first_row, _)) = range.start() else {
        return Err(ImportError::EmptySheet {
            path: path.into(),
            sheet: name,
        });
    };
    let mut rows = range.rows().enumerate();
    let headers: Vec<String> = rows
        .next()
        .map(|(_, cells)| cells.iter().map(cell_text).collect())
        .unwrap_or_default();
    let records = rows
        .map(|(i, cells)| Record {
            line: u64::from(first_row) + i as u64 + 1,
            cells: cells.iter().map(cell_text).collect(),
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    Ok(Cells {
        headers,
        records,
        encoding: None,
        sheet: Some(name),
    })
}

/// A cell as the text a CSV export of the sheet would hold: numbers without a trailing `.0`,
/// dates as ISO 8601 (`2024-05-01`, or with the time when there is one), errors as Excel
/// writes them (`#N/A`).
fn cell_text(cell: &Data) -> String {
    let text = match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{da:02}")
            } else if ms == 0 {
                format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}")
            } else {
                format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}.{ms:03}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        other => other.to_string(),
    };
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_read_as_a_csv_export_would_write_them() {
        let date = |v| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        for (cell, text) in [
            (Data::Float(92.0), "92"),
            (Data::Float(0.6811), "0.6811"),
            (Data::Int(440000), "440000"),
            (Data::String(" 广东省 ".into()), "广东省"),
            (date(45413.0), "2024-05-01"),
            (date(45413.5), "2024-05-01T12:00:00"),
            (Data::Bool(true), "true"),
            (Data::Empty, ""),
        ] {
            assert_eq!(cell_text(&cell), text, "{cell:?}");
        }
    }
}
