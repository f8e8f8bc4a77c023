//! What the integration tests share: running govkg, a store of the bundled corpus, `govkg serve`
//! on a free loopback port (stopped when dropped), and the Python that `.ci/setup --test`
//! installs the clients into.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn govkg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args(args)
        .env("GOVKG_STORE", "/nonexistent/govkg-test-store")
        .env_remove("GOVKG_ALLOW_SERVICE")
        .env_remove("GOVKG_TOKEN")
        .env_remove("GOVKG_PUSH_PASSWORD")
        .env_remove("GOVKG_PUSH_TOKEN")
        .output()
        .expect("govkg runs")
}

/// Runs govkg and returns its standard output, failing the test if it fails.
pub fn succeeds(args: &[&str]) -> String {
    let out = govkg(args);
    assert!(
        out.status.success(),
        "govkg {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A store with the bundled corpus, in `dir`.
pub fn bundled_store(dir: &Path) -> String {
    let store = dir.join("store");
    let store = store.to_str().unwrap().to_string();
    succeeds(&["build", "--store", &store]);
    store
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server process, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until something listens on `port`.
pub fn wait_for_port(port: u16, within: Duration) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < within,
            "nothing listens on port {port} after {within:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `govkg serve --store STORE` with `extra` arguments, on a free port.
pub fn serve(store: &str, extra: &[&str]) -> Server {
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args(["serve", "--store", store, "--bind", &bind])
        .args(extra)
        .env_remove("GOVKG_TOKEN")
        .stderr(Stdio::piped())
        .spawn()
        .expect("govkg serve starts");
    let stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    assert!(line.contains("serving"), "{line}");
    wait_for_port(port, Duration::from_secs(10));
    Server {
        child,
        base: format!("http://{bind}"),
    }
}

/// The Python with requests, SPARQLWrapper and oxigraph's server, from `.ci/setup --test`.
pub fn python() -> PathBuf {
    let venv = std::env::var_os("GOVKG_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(&std::env::var_os("HOME").expect("HOME is set"))
                .join(".cache/govkg-test-venv")
        });
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run .ci/setup --test, which installs the Python clients and oxigraph's server into {}",
        python.display(),
        venv.display()
    );
    python
}

/// A program installed in that environment (`oxigraph`).
pub fn venv_program(name: &str) -> PathBuf {
    python().parent().unwrap().join(name)
}

/// Runs curl with `args`; returns (HTTP status, headers, body).
pub fn curl(args: &[&str]) -> (u16, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let headers = dir.path().join("headers");
    let out = Command::new("curl")
        .args(["-s", "-S", "--max-time", "60", "-D"])
        .arg(&headers)
        .args(["-w", "\n%{http_code}"])
        .args(args)
        .output()
        .expect("curl runs (apt-get install curl)");
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (body, status) = text.rsplit_once('\n').unwrap();
    let headers = std::fs::read_to_string(headers).unwrap_or_default();
    (status.trim().parse().unwrap(), headers, body.to_string())
}

/// The value of a response header (lower-case name).
pub fn header_value(headers: &str, name: &str) -> Option<String> {
    headers.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}
