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
    // A provincial text that names 浙里办, for the browsing step.
    let extra = dir.path().join("zhejiang-2025.txt");
    std::fs::write(
        &extra,
        "浙江省人民政府关于深化数字政府建设的实施意见\n\n持续迭代“浙里办”，推动高频事项“掌上办”。到2025年，“浙里办”实名注册用户超过1亿，95%以上政务服务事项实现“一网通办”。\n",
    )
    .unwrap();
    support::succeeds(&["build", "--store", &store, extra.to_str().unwrap()]);
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
    assert!(stdout.contains("9 passed, 0 failed"), "{stdout}");
}
