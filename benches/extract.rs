//! Extraction throughput, single thread, over the real reports: `cargo bench --bench extract`.
//!
//! The documents are the 2026 provincial work reports and the national reports of
//! `../shared/corpus/` (`reports-2026/` and `national/`); without `../shared`, the bundled
//! corpus and `tests/data/dev-docs/`. Beside the whole extractor, two reference points on the
//! same text: building the folded matching view ([`NormText`]), and a plain scan of the folded
//! text with the gazetteer's Aho-Corasick automaton, built as extraction builds it — the
//! reading limit. Throughput is in bytes of UTF-8 text per second.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use divan::counter::BytesCount;
use divan::Bencher;
use govkg::extract::Extractor;
use govkg::read::{Document, NormText};
use govkg::reference::Gazetteer;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn main() {
    let docs = documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    eprintln!(
        "extract bench: {} documents, {:.2} MB of text from {}",
        docs.len(),
        bytes as f64 / 1e6,
        source().display()
    );
    divan::main();
}

/// Where the documents come from.
fn source() -> &'static Path {
    static SOURCE: OnceLock<PathBuf> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shared = manifest.join("../shared/corpus");
        if shared.join("reports-2026").is_dir() {
            shared
        } else {
            eprintln!(
                "extract bench: {} is absent; measuring the bundled corpus and tests/data/dev-docs instead",
                shared.display()
            );
            manifest.to_path_buf()
        }
    })
}

/// The documents measured, read once.
fn documents() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let root = source();
        let dirs: Vec<PathBuf> = if root.ends_with("corpus") {
            vec![root.join("reports-2026"), root.join("national")]
        } else {
            vec![root.join("data/corpus"), root.join("tests/data/dev-docs")]
        };
        let dirs: Vec<PathBuf> = dirs.into_iter().filter(|d| d.is_dir()).collect();
        let files = govkg::read::expand_inputs(&dirs).unwrap_or_default();
        files
            .iter()
            .filter_map(|f| Document::read(f, None).ok())
            .collect()
    })
}

fn total_bytes() -> usize {
    documents().iter().map(|d| d.text.len()).sum()
}

/// The gazetteer automaton as `src/extract/names.rs` builds it: every canonical name and
/// variant, folded, leftmost-longest.
fn gazetteer_automaton() -> AhoCorasick {
    let patterns: Vec<String> = Gazetteer::bundled()
        .entries
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .map(|name| NormText::new(name).as_str().to_string())
        .collect();
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .expect("the gazetteer compiles")
}

/// The whole extractor: layout, names, scope, targets and goals, one document after another.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn extract(bencher: Bencher) {
    let extractor = Extractor::bundled().expect("the bundled rules compile");
    let docs = documents();
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        docs.iter()
            .map(|d| {
                let e = extractor.extract(d);
                e.names.len() + e.targets.len() + e.goals.len()
            })
            .sum::<usize>()
    });
}

/// Reference: the folded matching view every rule works on.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn norm_text(bencher: Bencher) {
    let docs = documents();
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        docs.iter()
            .map(|d| NormText::new(&d.text).len())
            .sum::<usize>()
    });
}

/// Reference: a plain scan of the folded text with the gazetteer automaton (the reading limit).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn gazetteer_scan(bencher: Bencher) {
    let automaton = gazetteer_automaton();
    let folded: Vec<String> = documents()
        .iter()
        .map(|d| NormText::new(&d.text).as_str().to_string())
        .collect();
    let bytes: usize = folded.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        folded
            .iter()
            .map(|t| automaton.find_iter(t.as_str()).count())
            .sum::<usize>()
    });
}
