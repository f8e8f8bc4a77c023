//! Turns the named queries in `queries/*.rq` into a table compiled into the binary, so that
//! adding a named query means adding a file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=queries");
    // The manifest directory of this build, read when the script runs: `env!` would bake in the
    // directory the script was first compiled in, and a shared target directory reuses the
    // compiled script for every checkout.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("queries");
    let mut names: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rq"))
            .collect(),
        Err(e) => panic!("cannot read the named queries in {}: {e}", dir.display()),
    };
    assert!(
        !names.is_empty(),
        "{} holds no named queries (*.rq)",
        dir.display()
    );
    names.sort();
    let mut code = String::from("/// Named queries from `queries/`: (name, text).\npub const NAMED_QUERIES: &[(&str, &str)] = &[\n");
    for path in &names {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("named_queries.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
