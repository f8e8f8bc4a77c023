//! The web page end to end, in Debian's headless Chromium driven by playwright-core
//! (tests/browser/page.test.mjs): pick a named query, run it, see rows, open a fact's source
//! and see the quote highlighted; draw a CONSTRUCT query. `.ci/setup --test` installs
//! chromium and the node packages (`npm ci` in tests/browser); this test runs `npm ci` itself
//! if they are missing.

mod support;

use std::path::Path;
use std::process::Command;
use support::{bundled_store, serve};

#[test]
fn the_page_runs_a_named_query_and_shows_a_source_in_chromium() {
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Debian's chromium is missing: run .ci/setup --test"
    );
    if !browser.join("node_modules/playwright-core").exists() {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&browser)
            .output()
            .expect("npm runs");
        assert!(
            npm.status.success(),
            "{}",
            String::from_utf8_lossy(&npm.stderr)
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let store = bundled_store(dir.path());
    let server = serve(&store, &[]);
    let mut node = Command::new("node");
    node.arg("page.test.mjs")
        .arg(&server.base)
        .current_dir(&browser);
    if let Some(shots) = std::env::var_os("GOVKG_SCREENSHOTS") {
        node.arg(shots);
    }
    let out = node.output().expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("8 passed, 0 failed"), "{stdout}");
}
