//! Word `.docx`: a zip of XML parts. The body's paragraphs become lines (runs' text, tabs,
//! line breaks), a table row becomes one line of its cells separated by tabs, and the core
//! properties give the title and creation date. Deleted text of tracked changes, field codes,
//! footnotes and headers are not the body's text and are left out.

use super::{zip_part, Converted, Meta, ReadError};
use quick_xml::events::Event;
use std::path::Path;

/// The text of the `.docx` file whose bytes are `bytes`.
pub fn convert(path: &Path, bytes: &[u8]) -> Result<Converted, ReadError> {
    let damaged = |reason: String| ReadError::Damaged {
        path: path.into(),
        format: "Word (.docx)",
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged(format!("not a readable zip archive: {e}")))?;
    let body = zip_part(&mut archive, "word/document.xml").map_err(damaged)?;
    let text = body_text(&body).map_err(|e| damaged(format!("word/document.xml: {e}")))?;
    let meta = zip_part(&mut archive, "docProps/core.xml")
        .ok()
        .map(|core| core_properties(&core))
        .unwrap_or_default();
    Ok(Converted {
        format: super::Format::Docx,
        encoding: "UTF-8",
        text,
        meta,
        how:
            "the paragraphs of the Word document's body, a table row a line of tab-separated cells"
                .into(),
    })
}

/// The body's paragraphs, a line each; a table row's cells on one line.
fn body_text(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut paragraph = String::new();
    // Open tables: the cells of the row being read, and the cell being read.
    let mut rows: Vec<(Vec<String>, String)> = Vec::new();
    let mut in_text = false;
    // Inside deleted text or a field's instructions: not shown.
    let mut hidden = 0usize;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"del" | b"instrText" | b"delText" => hidden += 1,
                b"tbl" => rows.push((Vec::new(), String::new())),
                b"tr" => {
                    if let Some(row) = rows.last_mut() {
                        *row = (Vec::new(), String::new());
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" if hidden == 0 => paragraph.push('\t'),
                b"br" | b"cr" if hidden == 0 => paragraph.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && hidden == 0 => {
                paragraph.push_str(&t.unescape().map_err(|e| e.to_string())?);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"del" | b"instrText" | b"delText" => hidden = hidden.saturating_sub(1),
                b"p" => {
                    let p = std::mem::take(&mut paragraph);
                    match rows.last_mut() {
                        // Paragraphs of one cell are one cell's text.
                        Some((_, cell)) => {
                            if !cell.is_empty() && !p.trim().is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(p.trim());
                        }
                        None => {
                            out.push_str(&p);
                            out.push('\n');
                        }
                    }
                }
                b"tc" => {
                    if let Some((cells, cell)) = rows.last_mut() {
                        cells.push(std::mem::take(cell));
                    }
                }
                b"tr" => {
                    let depth = rows.len();
                    if let Some((cells, _)) = rows.last_mut() {
                        let line = std::mem::take(cells).join("\t");
                        if depth > 1 {
                            // A table in a cell: its rows are part of that cell.
                            let outer = &mut rows[depth - 2].1;
                            if !outer.is_empty() {
                                outer.push(' ');
                            }
                            outer.push_str(&line);
                        } else {
                            out.push_str(&line);
                            out.push('\n');
                        }
                    }
                }
                b"tbl" => {
                    rows.pop();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The title and creation date of `docProps/core.xml`.
fn core_properties(xml: &str) -> Meta {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut meta = Meta::default();
    let mut current: Vec<u8> = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => current = e.local_name().as_ref().to_vec(),
            Event::End(_) => current.clear(),
            Event::Text(t) => {
                let value = t
                    .unescape()
                    .map(|v| v.trim().to_string())
                    .unwrap_or_default();
                if value.is_empty() {
                    continue;
                }
                match current.as_slice() {
                    b"title" => meta.title = Some(value),
                    b"created" => meta.date = Some(value),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    meta
}
