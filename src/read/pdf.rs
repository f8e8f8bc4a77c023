//! PDF: the text layer in reading order, by poppler's `pdftotext -bbox-layout` (package
//! poppler-utils), whose lines and their boxes are joined back into paragraphs
//! ([`super::paragraphs`]). poppler was chosen over the pure-Rust `pdf-extract` after comparing
//! both on the test PDFs (see the README's input section).

use super::paragraphs::{self, TextLine};
use super::{Converted, Meta, ReadError};
use quick_xml::events::Event;
use std::path::Path;
use std::process::Command;

/// The text of the PDF whose bytes are `bytes`, read from `path`.
pub fn convert(path: &Path, bytes: &[u8]) -> Result<Converted, ReadError> {
    let output = pdftotext(bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::ToolMissing {
            path: path.into(),
            format: "PDF",
            tool: "pdftotext",
            package: "poppler-utils",
        },
        _ => ReadError::Damaged {
            path: path.into(),
            format: "PDF",
            reason: e.to_string(),
        },
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr.lines().last().unwrap_or_default().trim().to_string();
        return Err(ReadError::Damaged {
            path: path.into(),
            format: "PDF",
            reason: if why.is_empty() {
                format!("pdftotext failed ({})", output.status)
            } else {
                why
            },
        });
    }
    let layout = String::from_utf8_lossy(&output.stdout);
    let (pages, meta) = parse_bbox(&layout).map_err(|reason| ReadError::Damaged {
        path: path.into(),
        format: "PDF",
        reason,
    })?;
    let text = paragraphs::join(&pages);
    // Without poppler-data, the fonts that PDF readers are expected to have (STSong-Light and
    // the other Adobe-GB1 fonts that iText and many Chinese tools name without embedding) give
    // no text: that is a missing package, not a scan.
    if text.trim().is_empty()
        && String::from_utf8_lossy(&output.stderr).contains("Missing language pack")
    {
        return Err(ReadError::ToolMissing {
            path: path.into(),
            format: "PDF whose Chinese fonts are not embedded",
            tool: "poppler-data",
            package: "poppler-data",
        });
    }
    check_text_layer(path, &text, "PDF")?;
    Ok(Converted {
        format: super::Format::Pdf,
        encoding: "UTF-8",
        text,
        meta,
        how: "the PDF's text layer (pdftotext -bbox-layout), wrapped lines joined into paragraphs"
            .into(),
    })
}

/// The longest pdftotext may take on one document, and the most it may write (a PDF whose
/// content repeats itself can make it write without end).
const PDFTOTEXT_SECONDS: u64 = 300;
const PDFTOTEXT_MAX_BYTES: u64 = 1 << 30;

/// `pdftotext -bbox-layout` run on `bytes` (given on its standard input), killed when it takes
/// longer than [`PDFTOTEXT_SECONDS`] or writes more than [`PDFTOTEXT_MAX_BYTES`].
fn pdftotext(bytes: &[u8]) -> std::io::Result<std::process::Output> {
    use std::io::{Read, Write};
    use std::process::Stdio;
    let mut child = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        // Written and read beside each other: either pipe could otherwise fill and stall it.
        scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let out = scope.spawn(move || {
            let mut out = Vec::new();
            let _ = (&mut stdout)
                .take(PDFTOTEXT_MAX_BYTES + 1)
                .read_to_end(&mut out);
            out
        });
        let err = scope.spawn(move || {
            let mut err = Vec::new();
            let _ = (&mut stderr).take(1 << 20).read_to_end(&mut err);
            err
        });
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if started.elapsed().as_secs() > PDFTOTEXT_SECONDS || out.is_finished() {
                // Done writing (or over its limit): it ends now, or is ended.
                if let Some(status) = wait_a_little(&mut child)? {
                    break status;
                }
                let _ = child.kill();
                child.wait()?;
                return Err(std::io::Error::other(format!(
                    "pdftotext took more than {PDFTOTEXT_SECONDS} s or wrote more than {} MiB; the PDF may be damaged",
                    PDFTOTEXT_MAX_BYTES >> 20
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        let stdout = out.join().unwrap_or_default();
        if stdout.len() as u64 > PDFTOTEXT_MAX_BYTES {
            return Err(std::io::Error::other(format!(
                "pdftotext wrote more than {} MiB; the PDF may be damaged",
                PDFTOTEXT_MAX_BYTES >> 20
            )));
        }
        Ok(std::process::Output {
            status,
            stdout,
            stderr: err.join().unwrap_or_default(),
        })
    })
}

/// The child's status if it ends within a second.
fn wait_a_little(
    child: &mut std::process::Child,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    for _ in 0..100 {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    Ok(None)
}

/// An error unless `text` is text a reader would see: a scan has no text at all, and a file
/// whose fonts lack a Unicode map gives glyph numbers (private-use or replacement characters).
/// `format` is "PDF" or "OFD".
pub(super) fn check_text_layer(
    path: &Path,
    text: &str,
    format: &'static str,
) -> Result<(), ReadError> {
    let visible: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let unmapped = visible
        .iter()
        .filter(|&&c| c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) || c.is_control())
        .count();
    if visible.is_empty() || unmapped * 3 > visible.len() {
        return Err(ReadError::NoTextLayer {
            path: path.into(),
            format,
            why: if visible.is_empty() {
                "its pages are images (a scan)"
            } else {
                "its fonts have no Unicode map, so its glyphs cannot be read as characters"
            },
            advice: if format == "PDF" {
                "run OCR first (e.g. `ocrmypdf -l chi_sim IN.pdf OUT.pdf`) and build the result"
            } else {
                "export it as PDF from an OFD reader, run OCR on that (e.g. `ocrmypdf -l chi_sim IN.pdf OUT.pdf`) and build the result"
            },
        });
    }
    Ok(())
}

/// The pages of `pdftotext -bbox-layout` output, as lines with their boxes, and the document
/// information it carries (Title, CreationDate).
fn parse_bbox(xhtml: &str) -> Result<(Vec<Vec<TextLine>>, Meta), String> {
    let mut reader = quick_xml::Reader::from_str(xhtml);
    let mut pages: Vec<Vec<TextLine>> = Vec::new();
    let mut meta = Meta::default();
    let mut line: Option<TextLine> = None;
    let mut in_word = false;
    let mut in_title = false;
    let mut word = String::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"page" => pages.push(Vec::new()),
                b"line" => {
                    let n = |name: &[u8]| number_attr(&e, name);
                    line = Some(TextLine {
                        x0: n(b"xMin"),
                        y0: n(b"yMin"),
                        x1: n(b"xMax"),
                        y1: n(b"yMax"),
                        text: String::new(),
                    });
                }
                b"word" => {
                    in_word = true;
                    word.clear();
                }
                b"title" => in_title = true,
                b"meta" => {
                    let name = string_attr(&e, b"name");
                    let content = string_attr(&e, b"content");
                    if name == "CreationDate" {
                        meta.date = Some(content.trim().to_string());
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_word => {
                word.push_str(&t.unescape().map_err(|e| e.to_string())?);
            }
            Event::Text(t) if in_title => {
                let title = t.unescape().map_err(|e| e.to_string())?.trim().to_string();
                if !title.is_empty() {
                    meta.title = Some(title);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"title" => in_title = false,
                b"word" => {
                    in_word = false;
                    if let Some(l) = line.as_mut() {
                        if !l.text.is_empty() && paragraphs::glue_with_space(&l.text, &word) {
                            l.text.push(' ');
                        }
                        l.text.push_str(&word);
                    }
                }
                b"line" => {
                    if let (Some(l), Some(page)) = (line.take(), pages.last_mut()) {
                        page.push(l);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((pages, meta))
}

fn string_attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> String {
    super::xml_attr(e, name).unwrap_or_default()
}

fn number_attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> f64 {
    string_attr(e, name).trim().parse().unwrap_or(0.0)
}
