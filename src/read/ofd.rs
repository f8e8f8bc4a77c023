//! OFD (GB/T 33190, China's format for official electronic documents): a zip of XML parts.
//! `OFD.xml` names the document root and its information (title, creation date); the root
//! lists its pages; each page's content holds text objects, whose text codes are placed by
//! their object's boundary and their own X/Y. The codes are put on lines by their baseline and
//! read left to right, and the lines joined into paragraphs ([`super::paragraphs`]). Elements
//! are matched by local name: writers use more than one namespace.

use super::paragraphs::{self, TextLine};
use super::{first_texts, xml_attr as attr, zip_part, Converted, Meta, ReadError};
use quick_xml::events::Event;
use std::path::Path;

/// The text of the OFD file whose bytes are `bytes`.
pub fn convert(path: &Path, bytes: &[u8]) -> Result<Converted, ReadError> {
    let damaged = |reason: String| ReadError::Damaged {
        path: path.into(),
        format: "OFD",
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged(format!("not a readable zip archive: {e}")))?;
    let ofd = zip_part(&mut archive, "OFD.xml").map_err(damaged)?;
    let (root, meta) = parse_ofd_xml(&ofd).map_err(damaged)?;
    let root = root.ok_or_else(|| damaged("OFD.xml names no DocRoot".into()))?;
    let root = root.trim_start_matches('/').to_string();
    let document = zip_part(&mut archive, &root).map_err(damaged)?;
    let base = parent(&root);
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for page in page_locations(&document).map_err(damaged)? {
        let location = resolve(&base, &page);
        if !seen.insert(location.clone()) {
            continue; // a page listed twice is read once
        }
        let content = zip_part(&mut archive, &location).map_err(damaged)?;
        pages.push(page_lines(&content).map_err(|e| damaged(format!("{location}: {e}")))?);
    }
    let text = paragraphs::join(&pages);
    super::pdf::check_text_layer(path, &text, "OFD")?;
    Ok(Converted {
        format: super::Format::Ofd,
        encoding: "UTF-8",
        text,
        meta,
        how: "the text codes of the OFD's pages, by baseline and left to right, wrapped lines joined into paragraphs".into(),
    })
}

/// The DocRoot of the first document in `OFD.xml`, and its DocInfo.
fn parse_ofd_xml(xml: &str) -> Result<(Option<String>, Meta), String> {
    let (found, read) = first_texts(xml, &[b"DocRoot", b"Title", b"CreationDate"]);
    read?;
    let [root, title, date] = <[Option<String>; 3]>::try_from(found).expect("three names");
    Ok((
        root,
        Meta {
            title,
            date,
            ..Meta::default()
        },
    ))
}

/// The BaseLoc of every page listed by a document root, in order.
fn page_locations(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Page" => {
                if let Some(loc) = attr(&e, b"BaseLoc") {
                    out.push(loc);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A text code placed on the page: its baseline, where it starts and ends, its text.
struct Run {
    baseline: f64,
    size: f64,
    x0: f64,
    x1: f64,
    text: String,
}

/// The lines of a page's content.
fn page_lines(xml: &str) -> Result<Vec<TextLine>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut runs: Vec<Run> = Vec::new();
    // The boundary (x, y, width, height), font size and transform (CTM a b c d e f) of the text
    // object being read, and the last X and Y given in it (a text code without them goes on
    // from the last).
    let mut object: Option<([f64; 4], f64, [f64; 6])> = None;
    let mut last = (0.0, 0.0);
    let mut code: Option<(f64, f64)> = None;
    let mut text = String::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"TextObject" => {
                    let b = numbers(&attr(&e, b"Boundary").unwrap_or_default());
                    let boundary = [0, 1, 2, 3].map(|i| b.get(i).copied().unwrap_or(0.0));
                    let size = attr(&e, b"Size")
                        .or_else(|| attr(&e, b"size"))
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(boundary[3]);
                    let ctm = numbers(&attr(&e, b"CTM").unwrap_or_default());
                    let ctm = if ctm.len() == 6 {
                        [ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]]
                    } else {
                        [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
                    };
                    object = Some((boundary, size, ctm));
                    last = (0.0, 0.0);
                }
                b"TextCode" => {
                    let n = |name: &[u8]| attr(&e, name).and_then(|s| s.trim().parse().ok());
                    last = (n(b"X").unwrap_or(last.0), n(b"Y").unwrap_or(last.1));
                    code = Some(last);
                    text.clear();
                }
                _ => {}
            },
            Event::Text(t) if code.is_some() => {
                text.push_str(&t.unescape().map_err(|e| e.to_string())?);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"TextCode" => {
                    if let (Some((x, y)), Some(([bx, by, bw, _], size, m))) = (code.take(), object)
                    {
                        // The code's place and size through the object's transform, then
                        // within its boundary.
                        let (x, y) = (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
                        let scale = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
                        let size = if scale > 0.0 { size * scale } else { size };
                        let chars = text.chars().count() as f64;
                        let x0 = bx + x;
                        runs.push(Run {
                            baseline: by + y,
                            size,
                            x0,
                            x1: (x0 + chars * size).min(bx + bw.max(0.0)).max(x0),
                            text: std::mem::take(&mut text),
                        });
                    }
                }
                b"TextObject" => object = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    // Runs on one baseline (within a third of the type size) are one line, read left to right.
    runs.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut lines: Vec<(f64, Vec<Run>)> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some((baseline, line)) if (run.baseline - *baseline).abs() <= run.size / 3.0 => {
                line.push(run)
            }
            _ => lines.push((run.baseline, vec![run])),
        }
    }
    Ok(lines
        .into_iter()
        .map(|(baseline, mut line)| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let size = line.iter().map(|r| r.size).fold(0.0, f64::max);
            let mut text = String::new();
            for run in &line {
                if paragraphs::glue_with_space(&text, &run.text) {
                    text.push(' ');
                }
                text.push_str(&run.text);
            }
            TextLine {
                x0: line.first().map_or(0.0, |r| r.x0),
                x1: line.iter().map(|r| r.x1).fold(0.0, f64::max),
                y0: baseline - size,
                y1: baseline,
                text,
            }
        })
        .collect())
}

fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// The folder of a part (`Doc_0/Document.xml` → `Doc_0`).
fn parent(part: &str) -> String {
    let part = part.trim_start_matches('/');
    part.rsplit_once('/')
        .map(|(dir, _)| dir.to_string())
        .unwrap_or_default()
}

/// A location relative to `base` (or absolute, from the archive's root).
fn resolve(base: &str, location: &str) -> String {
    if let Some(absolute) = location.strip_prefix('/') {
        return absolute.to_string();
    }
    if base.is_empty() {
        location.to_string()
    } else {
        format!("{base}/{location}")
    }
}
