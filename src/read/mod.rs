//! Reading: bytes on disk become a [`Document`] — its text, where the text came from, and its
//! lines. Plain text, web pages, PDF, Word (.docx) and OFD files are told apart by their content
//! ([`format`]) and each turned into text by its converter; the document keeps its format, the
//! original file's size and SHA-256, and the metadata the file carries.
//!
//! Text in UTF-8 (with or without BOM), UTF-16 with BOM and GB18030/GBK is recognised; anything
//! else can be named with an explicit encoding label. The decoded text is kept exactly as read:
//! offsets that mentions report count code points in it. [`NormText`] is the view extraction
//! matches against — full-width ASCII folded to half-width one code point for one, so that
//! offsets stay put.

mod decode;
mod docx;
pub mod format;
mod html;
mod norm;
mod ofd;
pub mod paragraphs;
mod pdf;

pub use decode::{decode, Decoded};
pub use format::Format;
pub use norm::NormText;

use std::path::{Path, PathBuf};

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: no such file or directory")]
    Missing { path: PathBuf },
    #[error(
        "{path}: is {kind}, not a regular file; govkg reads documents from regular files only"
    )]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{path}: the file is {size} bytes, over the limit of {limit} bytes per document; split it into smaller files")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: a symbolic link back to {target}, which holds it (a loop); remove the link or give the folder it should stand for")]
    Loop { path: PathBuf, target: PathBuf },
    #[error("{path}: the directory holds no documents (expected .txt, .html, .pdf, .docx or .ofd files)")]
    NoDocuments { path: PathBuf },
    #[error("{path}: the file is empty (expected UTF-8 or GB18030 text)")]
    Empty { path: PathBuf },
    #[error("{path}: looks like a binary file (NUL byte at byte offset {offset}), not text")]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}: line {line}, column {column}: invalid {encoding} byte sequence (the file is otherwise {encoding}; fix the file or pass --encoding)")]
    Malformed {
        path: PathBuf,
        encoding: &'static str,
        line: usize,
        column: usize,
    },
    #[error("{path}: cannot tell the encoding (not UTF-8, not GB18030); pass --encoding")]
    UnknownEncoding { path: PathBuf },
    #[error("unknown encoding label {label:?} (try utf-8, gb18030, gbk, big5, utf-16le)")]
    UnknownLabel { label: String },
    #[error("{path}: {what}, which govkg does not read: {advice}")]
    Unsupported {
        path: PathBuf,
        what: &'static str,
        advice: &'static str,
    },
    #[error("{path}: a damaged or unreadable {format} file: {reason}")]
    Damaged {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },
    #[error("{path}: a {format} without a text layer: {why}; {advice}")]
    NoTextLayer {
        path: PathBuf,
        format: &'static str,
        why: &'static str,
        advice: &'static str,
    },
    #[error("{path}: reading a {format} file needs `{tool}`, which is not installed (Debian: apt-get install {package})")]
    ToolMissing {
        path: PathBuf,
        format: &'static str,
        tool: &'static str,
        package: &'static str,
    },
    #[error("{path}: line {line}, column {column}: invalid {encoding} byte sequence")]
    Undecodable {
        path: PathBuf,
        encoding: &'static str,
        line: usize,
        column: usize,
    },
}

/// A document as read: its name, its key, the encoding it was decoded from and its text.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name (without directories).
    pub name: String,
    /// What the store knows it by: its path below the folder it was built from (`2025/plan.txt`),
    /// its file name when the file was given itself, or the id a manifest gives it. Read from
    /// a file, it is the file name until the build says otherwise.
    pub key: String,
    /// Where it was read from, if from disk.
    pub path: Option<PathBuf>,
    /// The file it was built from, as an absolute path ([`Source::file`]), when the build
    /// recorded one.
    pub source: Option<PathBuf>,
    /// The encoding the bytes were decoded from (of the text layer: UTF-8 for PDF, Word, OFD).
    pub encoding: &'static str,
    /// The text: a text file's decoded, BOM removed, otherwise exactly as in the file; another
    /// format's as its converter extracted it. Offsets count code points in it.
    pub text: String,
    /// The format of the file the text came from.
    pub format: Format,
    /// How the text was obtained ("the PDF's text layer (pdftotext -bbox-layout), …").
    pub how: String,
    /// What the file says about itself (a page's meta tags, a PDF's or Word file's properties).
    pub meta: Meta,
    /// The original file's size and SHA-256, when read from a file.
    pub original: Option<Original>,
}

/// What a file says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    /// As the file writes it (2025-01-20 10:00, 2025-01-20T02:00:00Z).
    pub date: Option<String>,
    /// The body that wrote it (a page's ContentSource, 来源).
    pub source: Option<String>,
    /// The website it was published on.
    pub site: Option<String>,
    /// The website's column (栏目).
    pub column: Option<String>,
}

/// The file a document was read from: its size in bytes and its SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub bytes: u64,
    pub sha256: String,
}

/// A file's text as a converter made it.
#[derive(Debug, Clone)]
pub struct Converted {
    pub format: Format,
    pub encoding: &'static str,
    pub text: String,
    pub meta: Meta,
    pub how: String,
}

/// The most a part of a zip archive (Word, OFD) may inflate to: a zip bomb is refused, not
/// read until memory runs out.
pub const MAX_PART_BYTES: u64 = 256 << 20;

/// The value of an element's attribute, matched by local name (the XML of PDF layouts, Word
/// and OFD files comes with more than one namespace).
pub(crate) fn xml_attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The first non-blank text of each element named in `names` (by local name), and whether the
/// XML read to its end: what was found before a fault is kept beside the fault.
pub(crate) fn first_texts(xml: &str, names: &[&[u8]]) -> (Vec<Option<String>>, Result<(), String>) {
    use quick_xml::events::Event;
    let mut found = vec![None; names.len()];
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Vec<u8> = Vec::new();
    loop {
        match reader.read_event() {
            Err(e) => return (found, Err(e.to_string())),
            Ok(Event::Start(e)) => current = e.local_name().as_ref().to_vec(),
            Ok(Event::End(_)) => current.clear(),
            Ok(Event::Text(t)) => {
                let value = match t.unescape() {
                    Ok(v) => v.trim().to_string(),
                    Err(e) => return (found, Err(e.to_string())),
                };
                if let Some(i) = names.iter().position(|n| *n == current.as_slice()) {
                    if found[i].is_none() && !value.is_empty() {
                        found[i] = Some(value);
                    }
                }
            }
            Ok(Event::Eof) => return (found, Ok(())),
            Ok(_) => {}
        }
    }
}

/// The text of the part `name` of a zip archive (Word, OFD), or why it cannot be had.
pub(crate) fn zip_part<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<String, String> {
    use std::io::Read;
    // Part names are case-insensitive in both formats' packages, and may be written from the
    // package's root (/Doc_0/Document.xml); zip entries have no leading slash.
    let name = name.trim_start_matches('/');
    let found = archive
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.eq_ignore_ascii_case(name))
        .map(|n| n.into_owned())
        .ok_or_else(|| format!("it has no part {name}"))?;
    let part = archive
        .by_name(&found)
        .map_err(|e| format!("{name}: {e}"))?;
    // A part is read up to the limit, whatever its header claims.
    let mut bytes = Vec::new();
    part.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{name} inflates to more than {} MiB (a zip bomb?)",
            MAX_PART_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text: {e}"))
}

impl Document {
    /// A document from text already in memory (the bundled corpus, tests).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        Self {
            key: name.clone(),
            name,
            path: None,
            source: None,
            encoding: "UTF-8",
            text: text.into(),
            format: Format::Text,
            how: "the text as given".into(),
            meta: Meta::default(),
            original: None,
        }
    }

    /// Turns `bytes` read from `path` into a document: decoded if text, converted if another
    /// format. `encoding` overrides what a text or a page says of its encoding.
    pub fn from_bytes(
        path: &Path,
        bytes: &[u8],
        encoding: Option<&str>,
    ) -> Result<Self, ReadError> {
        if bytes.is_empty() {
            return Err(ReadError::Empty { path: path.into() });
        }
        let Converted {
            format,
            encoding,
            text,
            meta,
            how,
        } = format::convert(path, bytes, encoding)?;
        if text.trim().is_empty() {
            return Err(match format {
                Format::Text => ReadError::Empty { path: path.into() },
                _ => ReadError::NoTextLayer {
                    path: path.into(),
                    format: format.as_str(),
                    why: "nothing in it is text (images only, or no content)",
                    advice: "if it shows text, save it as PDF, run OCR on that (e.g. `ocrmypdf -l chi_sim IN.pdf OUT.pdf`) and build the result",
                },
            });
        }
        let name = file_name(path);
        Ok(Self {
            key: name.clone(),
            name,
            path: Some(path.into()),
            source: None,
            encoding,
            text,
            format,
            how,
            meta,
            original: Some(Original {
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            }),
        })
    }

    /// Reads one file: a regular file of at most [`MAX_FILE_BYTES`].
    pub fn read(path: &Path, encoding: Option<&str>) -> Result<Self, ReadError> {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(|source| io_error(path, source))?;
        let meta = file.metadata().map_err(|source| io_error(path, source))?;
        regular(path, &meta)?;
        // Read no more than the limit allows, even if the file grows meanwhile.
        let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES) as usize);
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| io_error(path, source))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge {
                path: path.into(),
                size: meta.len().max(bytes.len() as u64),
                limit: MAX_FILE_BYTES,
            });
        }
        Self::from_bytes(path, &bytes, encoding)
    }

    /// Number of code points of the text.
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }
}

/// The SHA-256 of `bytes`, in lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn io_error(path: &Path, source: std::io::Error) -> ReadError {
    if source.kind() == std::io::ErrorKind::NotFound {
        ReadError::Missing { path: path.into() }
    } else {
        ReadError::Io {
            path: path.into(),
            source,
        }
    }
}

/// The largest document file govkg reads: 1 GiB.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// An error unless `meta` is a regular file's of at most [`MAX_FILE_BYTES`]: a FIFO would block
/// the build forever, a device (/dev/zero) would be read until memory runs out.
fn regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), ReadError> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    let kind = if t.is_file() {
        if meta.len() > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge {
                path: path.into(),
                size: meta.len(),
                limit: MAX_FILE_BYTES,
            });
        }
        return Ok(());
    } else if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a file"
    };
    Err(ReadError::NotRegular {
        path: path.into(),
        kind,
    })
}

/// A document file found among a build's inputs, and where it stands: the folder it was built
/// from (the build root: the directory given, or the folder of a file given itself) and its path
/// below that folder, which is the document's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file, as reached from the input (`corpus/2025/plan.txt`).
    pub path: PathBuf,
    /// The build root, absolute and with its links resolved.
    pub root: PathBuf,
    /// The path below the root, `/`-separated (`2025/plan.txt`; `plan.txt` for a file given
    /// itself).
    pub relative: String,
    /// Whether it was found in a folder given (not given itself).
    pub in_folder: bool,
}

impl Source {
    /// The file as an absolute path: the root joined with the path below it. Two sources are
    /// the same file when these are equal; a folder given to a build holds the files whose
    /// path starts with it.
    pub fn file(&self) -> PathBuf {
        self.root.join(&self.relative)
    }
}

/// Expands the inputs into the list of document files: files as given, directories walked
/// (sorted, recursively) for document files by extension ([`format::EXTENSIONS`], and the
/// formats govkg does not read, [`format::UNREAD_EXTENSIONS`], so that it can say so), each real
/// directory once. A missing input,
/// an input that is no regular file, a symbolic link that loops back to a folder holding it, or
/// a directory without documents is an error, before anything is read.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, ReadError> {
    Ok(expand_sources(inputs)?
        .into_iter()
        .map(|s| s.path)
        .collect())
}

/// [`expand_inputs`], with where each file stands below the input it was found in.
pub fn expand_sources(inputs: &[PathBuf]) -> Result<Vec<Source>, ReadError> {
    let mut files = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| io_error(input, e))?;
        if meta.is_dir() {
            let real = std::fs::canonicalize(input).map_err(|e| io_error(input, e))?;
            if seen.contains(&real) {
                continue; // given twice, or inside a folder given before
            }
            let mut found = Vec::new();
            walk(input, &mut Vec::new(), &mut seen, &mut found)?;
            if found.is_empty() {
                return Err(ReadError::NoDocuments {
                    path: input.clone(),
                });
            }
            files.extend(found.into_iter().map(|path| Source {
                relative: relative_key(&path, input),
                root: real.clone(),
                path,
                in_folder: true,
            }));
        } else {
            regular(input, &meta)?;
            let folder = input
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let root = std::fs::canonicalize(folder).map_err(|e| io_error(input, e))?;
            files.push(Source {
                path: input.clone(),
                root,
                relative: file_name(input),
                in_folder: false,
            });
        }
    }
    Ok(files)
}

/// `path`'s components below `root`, joined with `/`.
fn relative_key(path: &Path, root: &Path) -> String {
    let below = path.strip_prefix(root).unwrap_or(path);
    below
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks `dir`; `holding` are the real directories that hold it, `seen` every real directory
/// walked so far.
fn walk(
    dir: &Path,
    holding: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
) -> Result<(), ReadError> {
    let real = std::fs::canonicalize(dir).map_err(|e| io_error(dir, e))?;
    if let Some(target) = holding.iter().find(|h| **h == real) {
        return Err(ReadError::Loop {
            path: dir.into(),
            target: target.clone(),
        });
    }
    if !seen.insert(real.clone()) {
        return Ok(()); // reached again through another link: read once
    }
    holding.push(real);
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| io_error(dir, e))?;
    entries.sort();
    for path in entries {
        // A link that leads nowhere is skipped like any other entry that is not a document.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, holding, seen, files)?;
        } else if meta.is_file()
            && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                let e = e.to_ascii_lowercase();
                format::EXTENSIONS.contains(&e.as_str())
                    || format::UNREAD_EXTENSIONS.contains(&e.as_str())
            })
        {
            files.push(path);
        }
    }
    holding.pop();
    Ok(())
}

/// A line of a document: code-point offsets of its content (without the line break).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

/// The lines of `text`, as code-point ranges.
pub fn lines(text: &str) -> Vec<Line> {
    // Line breaks are ASCII, so the text is scanned as bytes; each line's code points are
    // counted in one go.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0; // code points
    let mut at = 0; // bytes
    while let Some(i) = bytes[at..].iter().position(|&b| b == b'\n' || b == b'\r') {
        let end = start + text[at..at + i].chars().count();
        out.push(Line { start, end });
        at += i + 1;
        let mut next = end + 1;
        if bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n') {
            at += 1;
            next += 1;
        }
        start = next;
    }
    let end = start + text[at..].chars().count();
    if start < end {
        out.push(Line { start, end });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_code_points_and_all_line_breaks() {
        let cases: &[(&str, &[(usize, usize)])] = &[
            ("", &[]),
            ("一二\n三", &[(0, 2), (3, 4)]),
            ("一\r\n二\r三\n", &[(0, 1), (3, 4), (5, 6)]),
            ("\n\n甲", &[(0, 0), (1, 1), (2, 3)]),
        ];
        for (text, expected) in cases {
            let got: Vec<_> = lines(text).iter().map(|l| (l.start, l.end)).collect();
            assert_eq!(&got, expected, "{text:?}");
        }
    }
}
