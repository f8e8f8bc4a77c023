//! GB18030 copies of real report excerpts give the same graph as the UTF-8 originals.

mod support;

use std::path::Path;
use support::govkg;

/// The document graph as sorted N-Quads, without the encoding the document was read from and
/// the file it was built from.
fn graph(store: &str) -> Vec<String> {
    let out = govkg(&["export", "--store", store, "--format", "nquads"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| {
            l.contains("/id/document/")
                && !l.contains("ontology#encoding>")
                && !l.contains("ontology#sourceFile>")
                // What is said of the file itself, which differs by encoding.
                && !l.contains("ontology#textFrom>")
                && !l.contains("ontology#byteSize>")
                && !l.contains("ontology#sha256>")
        })
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn gb18030_copies_give_the_same_graph() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev-docs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&docs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        let dir = tempfile::tempdir().unwrap();
        let name = path.file_name().unwrap();
        std::fs::create_dir(dir.path().join("gb")).unwrap();
        let copy = dir.path().join("gb").join(name);
        std::fs::write(&copy, &gbk).unwrap();
        let (a, b) = (dir.path().join("utf8-store"), dir.path().join("gb-store"));
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        assert!(govkg(&["build", "--store", a, path.to_str().unwrap()])
            .status
            .success());
        let built = govkg(&["build", "--store", b, copy.to_str().unwrap()]);
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let (ga, gb) = (graph(a), graph(b));
        assert!(ga.len() > 20, "{} has facts", path.display());
        assert_eq!(ga, gb, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 6);
}

/// Regression: GBK text whose first characters are also valid UTF-8 (省 is CA A1 in GBK, and
/// CA A1 is U+02A1 in UTF-8) was refused as "invalid UTF-8 … the file is otherwise UTF-8".
#[test]
fn gbk_text_opening_with_bytes_that_are_valid_utf8_is_read_as_gbk() {
    let text = "省政府工作报告\n到2025年，广东省政务服务事项网上可办率达到95%以上。\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    assert!(std::str::from_utf8(&gbk[..2]).is_ok());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("gb")).unwrap();
    let (utf8, copy) = (dir.path().join("plan.txt"), dir.path().join("gb/plan.txt"));
    std::fs::write(&utf8, text).unwrap();
    std::fs::write(&copy, &gbk).unwrap();
    let (a, b) = (dir.path().join("utf8-store"), dir.path().join("gb-store"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert!(govkg(&["build", "--store", a, utf8.to_str().unwrap()])
        .status
        .success());
    let built = govkg(&["build", "--store", b, copy.to_str().unwrap()]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert_eq!(graph(a), graph(b));
}
