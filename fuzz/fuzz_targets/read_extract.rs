//! Any bytes through the first stages of a build: decoding (with detection, or each
//! encoding a user may name), extraction, and the mapping to RDF. None of it may panic, and
//! every span it reports must lie on character boundaries of the text it was read from.

#![no_main]

use govkg::extract::{Extractor, Span};
use govkg::read::Document;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// What a user may pass to `--encoding`; the first byte of the input picks one, or none.
const ENCODINGS: [Option<&str>; 5] = [
    None,
    Some("utf-8"),
    Some("gb18030"),
    Some("gbk"),
    Some("utf-16le"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let encoding = ENCODINGS[usize::from(pick) % ENCODINGS.len()];
    let Ok(document) = Document::from_bytes(Path::new("fuzz.txt"), bytes, encoding) else {
        return;
    };
    let extractor = Extractor::bundled().expect("the bundled rules load");
    let extraction = extractor.extract(&document);
    let characters = document.text.chars().count();
    let check = |span: Span| {
        assert!(
            span.start <= span.end && span.end <= characters,
            "span {span:?} outside a text of {characters} characters"
        );
    };
    extraction.regions.iter().for_each(|r| check(r.span));
    extraction.names.iter().for_each(|n| check(n.span));
    extraction.targets.iter().for_each(|t| check(t.span));
    extraction.goals.iter().for_each(|g| check(g.span));
    let _ = govkg::rdf::document_quads(&document, &extraction);
});
