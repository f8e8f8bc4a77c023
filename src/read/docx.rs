//! Word `.docx`: a zip of XML parts. The body's paragraphs become lines (runs' text, tabs,
//! line breaks), a table row becomes one line of its cells separated by tabs, and the core
//! properties give the title and creation date. Deleted and moved-away text of tracked changes,
//! field codes, footnotes and headers are not the body's text and are left out. Numbers that
//! Word puts before paragraphs by itself (一、 （一） from numbering.xml) are not in the body's
//! text and are not read.

use super::{first_texts, zip_part, Converted, Meta, ReadError};
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
    // Open paragraphs: a text box's paragraphs open inside the paragraph that anchors it.
    let mut paragraphs: Vec<String> = Vec::new();
    // Open tables: the cells of the row being read, and the cell being read.
    let mut rows: Vec<(Vec<String>, String)> = Vec::new();
    let mut in_text = false;
    // Inside deleted text or a field's instructions: not shown.
    let mut hidden = 0usize;
    let mut in_properties = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"p" => paragraphs.push(String::new()),
                b"t" => in_text = true,
                // Deleted or moved-away text, a field's instructions, and the copy of a text
                // box that Word writes for older readers (mc:Fallback) are not shown.
                b"del" | b"moveFrom" | b"instrText" | b"delText" | b"Fallback" => hidden += 1,
                b"pPr" => in_properties = true,
                b"tbl" => rows.push((Vec::new(), String::new())),
                b"tr" => {
                    if let Some(row) = rows.last_mut() {
                        *row = (Vec::new(), String::new());
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                // A tab in the paragraph's properties is a tab stop, not a tab.
                b"tab" if hidden == 0 && !in_properties => push(&mut paragraphs, "\t"),
                b"br" | b"cr" if hidden == 0 => push(&mut paragraphs, "\n"),
                _ => {}
            },
            Event::Text(t) if in_text && hidden == 0 => {
                push(&mut paragraphs, &t.unescape().map_err(|e| e.to_string())?);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"del" | b"moveFrom" | b"instrText" | b"delText" | b"Fallback" => {
                    hidden = hidden.saturating_sub(1)
                }
                b"pPr" => in_properties = false,
                b"p" => {
                    let p = paragraphs.pop().unwrap_or_default();
                    if hidden > 0 {
                        continue; // a paragraph of a hidden copy
                    }
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

/// Appends `text` to the innermost open paragraph (text outside any is not the body's).
fn push(paragraphs: &mut [String], text: &str) {
    if let Some(p) = paragraphs.last_mut() {
        p.push_str(text);
    }
}

/// The title and creation date of `docProps/core.xml`.
fn core_properties(xml: &str) -> Meta {
    // What was read before a fault in the properties is kept: they are not the text.
    let (found, _) = first_texts(xml, &[b"title", b"created"]);
    let [title, date] = <[Option<String>; 2]>::try_from(found).expect("two names");
    Meta {
        title,
        date,
        ..Meta::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            "<w:document xmlns:w=\"w\" xmlns:mc=\"mc\" xmlns:wps=\"wps\"><w:body>{inner}</w:body></w:document>"
        )
    }

    #[test]
    fn the_body_reads_as_a_reader_sees_it() {
        let cases = [
            // Runs, a tab, a line break.
            (
                "<w:p><w:r><w:t>到2025年，</w:t></w:r><w:r><w:t>建成。</w:t><w:tab/><w:t>甲</w:t></w:r></w:p>",
                "到2025年，建成。\t甲\n",
            ),
            // A tab stop in the properties is no tab; deleted and moved-away text is gone.
            (
                "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr><w:r><w:t>留下</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom></w:p>",
                "留下\n",
            ),
            // A text box once (not its fallback copy), beside the paragraph that anchors it.
            (
                "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>某省人民政府文件</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>某省人民政府文件</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>继续</w:t></w:r></w:p>",
                "某省人民政府文件\n正文继续\n",
            ),
            // A table row a line; a table in a cell is part of that cell.
            (
                "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>广东省</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>粤省事</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>",
                "广东省\t粤省事\n",
            ),
        ];
        for (xml, want) in cases {
            assert_eq!(body_text(&body(xml)).unwrap(), want, "{xml}");
        }
    }
}
