//! What kind of file a document is, told by its content (a PDF's `%PDF-`, a zip's parts, an
//! old Office file's signature, a page's markup) before its extension, and the converter that
//! turns each kind into text.

use super::{decode, Converted, Decoded, Meta, ReadError};
use std::path::Path;

/// The formats govkg reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Format {
    #[default]
    Text,
    Html,
    Pdf,
    Docx,
    Ofd,
}

impl Format {
    /// The format's id, as the graph (`gk:sourceFormat`) and the build's summary write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Ofd => "ofd",
        }
    }
}

/// Extensions of the files a directory is searched for; a file given itself is read whatever
/// its name, by its content.
pub const EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "shtml", "xhtml", "pdf", "docx", "ofd",
];

/// Extensions of formats govkg does not read but that a folder of documents often holds: found
/// in a folder, they are passed over with a warning; given themselves, they are an error.
pub const UNREAD_EXTENSIONS: &[&str] = &["doc", "wps", "wpt", "dot", "rtf", "odt", "ceb"];

/// The format of `bytes`, read from `path`.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, ReadError> {
    let unsupported = |what: &'static str, advice: &'static str| ReadError::Unsupported {
        path: path.into(),
        what,
        advice,
    };
    let start = bytes.len() - bytes.trim_ascii_start().len();
    let head = &bytes[start..];
    if head.starts_with(b"%PDF-")
        || bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(unsupported(
            "a legacy Office file (Word .doc, WPS .wps or Excel .xls)",
            "save it as .docx (in Word or WPS: Save As; or `soffice --headless --convert-to docx FILE`) and build that",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(unsupported(
            "an RTF file",
            "save it as .docx (`soffice --headless --convert-to docx FILE`) and build that",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let archive =
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| ReadError::Damaged {
                path: path.into(),
                format: "zip",
                reason: e.to_string(),
            })?;
        let has = |name: &str| {
            archive
                .file_names()
                .filter_map(Result::ok)
                .any(|n| n.eq_ignore_ascii_case(name))
        };
        return if has("word/document.xml") {
            Ok(Format::Docx)
        } else if has("OFD.xml") {
            Ok(Format::Ofd)
        } else if has("xl/workbook.xml") {
            Err(unsupported(
                "an Excel workbook",
                "tables of figures are read by `govkg import FILE.xlsx`",
            ))
        } else if has("content.xml") {
            Err(unsupported(
                "an OpenDocument file",
                "save it as .docx (`soffice --headless --convert-to docx FILE`) and build that",
            ))
        } else {
            Err(unsupported(
                "a zip archive that is neither a Word (.docx) nor an OFD document",
                "unpack it and build the documents inside",
            ))
        };
    }
    if looks_like_html(path, bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

/// Whether the file is a web page: it opens with markup (`<!DOCTYPE html`, `<html`, `<head`,
/// `<meta`, or an XML declaration followed by `<html`), or is named .html/.htm and holds an
/// `<html` or `<body` tag.
fn looks_like_html(path: &Path, bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes[..bytes.len().min(2048)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    // After a BOM (UTF-8) and blank space.
    let body = head
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&head)
        .trim_ascii_start();
    let opens = ["<!doctype html", "<html", "<head", "<meta", "<!--"]
        .iter()
        .any(|p| body.starts_with(p.as_bytes()));
    let contains = |p: &[u8]| head.windows(p.len()).any(|w| w == p);
    let named = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["html", "htm", "shtml", "xhtml"].contains(&e.to_ascii_lowercase().as_str())
    });
    (opens || body.starts_with(b"<?xml") || named) && (contains(b"<html") || contains(b"<body"))
}

/// The text of `bytes` read from `path`, by its format.
pub fn convert(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<Converted, ReadError> {
    match detect(path, bytes)? {
        Format::Text => {
            let Decoded { encoding, text } = decode(path, bytes, encoding)?;
            Ok(Converted {
                format: Format::Text,
                how: format!("the file's text, decoded as {encoding}"),
                encoding,
                text,
                meta: Meta::default(),
            })
        }
        Format::Html => super::html::convert(path, bytes, encoding),
        Format::Pdf => super::pdf::convert(path, bytes),
        Format::Docx => super::docx::convert(path, bytes),
        Format::Ofd => super::ofd::convert(path, bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_told_by_its_content() {
        let cases: &[(&str, &[u8], Option<Format>)] = &[
            ("a.pdf", b"%PDF-1.7\n%\xe2\xe3", Some(Format::Pdf)),
            // A PDF may have bytes before its header; a name does not make a PDF.
            ("a.txt", b"\r\n%PDF-1.4\n", Some(Format::Pdf)),
            (
                "a.txt",
                b"<!DOCTYPE html>\n<html><body>x</body></html>",
                Some(Format::Html),
            ),
            ("a.html", b"\xef\xbb\xbf  <HTML><BODY>x", Some(Format::Html)),
            ("saved", b"<meta charset=gbk><html>", Some(Format::Html)),
            // Text that speaks of a tag is text.
            (
                "a.txt",
                "在页面中写<html>标签。".as_bytes(),
                Some(Format::Text),
            ),
            (
                "a.txt",
                "到2025年，建成数字政府。".as_bytes(),
                Some(Format::Text),
            ),
            ("a.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", None),
            ("a.rtf", b"{\\rtf1\\ansi", None),
        ];
        for (name, bytes, want) in cases {
            let got = detect(Path::new(name), bytes).ok();
            assert_eq!(got, *want, "{name}: {:?}", String::from_utf8_lossy(bytes));
        }
    }
}
