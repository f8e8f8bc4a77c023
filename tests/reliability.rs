//! What the `govkg` command does when things go wrong around it rather than in what the user
//! typed: a 100 MB file with no line break, a store the user may not write, a full disk, a
//! build killed at any moment, a second process writing the same store, a reader that stops
//! reading. (Bad input proper — missing, binary, empty or damaged files, GBK, malformed
//! SPARQL, unknown query names, a `--store` that is a file or someone else's directory — is
//! tested in tests/cli.rs.)
//!
//! Three tests need root: one mounts a small tmpfs to fill, one runs the binary as the
//! unprivileged user 65534 with `setpriv` (as root, permissions do not stop writes), and the
//! kill test does not, but runs for about a minute. CI runs as root; as another user the
//! root-only tests say on stderr that they were skipped. Nothing here asserts a duration:
//! commands still running after [`HUNG`] are stopped and reported as hung.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_govkg");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
/// A short document, different from the corpus.
const SMALL_DOCUMENT: &str = "广东省数字政府建设要点\n到2026年，广东省政务服务事项网上可办率达到98%以上，“粤省事”实名用户超过2亿。\n";

/// How long a command may run before it is taken to be hung and stopped.
const HUNG: Duration = Duration::from_secs(900);

// ---------------------------------------------------------------------------------------------
// Running the binary

/// Waits for `child`, stopping it and failing the test if it runs longer than [`HUNG`]. Returns
/// its exit status and the highest resident memory the kernel reported for it, in kB.
fn wait(child: &mut Child, what: &str) -> (ExitStatus, u64) {
    let started = Instant::now();
    let mut peak_kb = 0;
    loop {
        if let Some(status) = child.try_wait().expect("cannot wait for govkg") {
            return (status, peak_kb);
        }
        peak_kb = peak_kb.max(high_water_mark_kb(child.id()).unwrap_or(0));
        if started.elapsed() > HUNG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {HUNG:?}; stopped as hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// VmHWM of a running process, in kB.
fn high_water_mark_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `command` to the end, collecting its output; asserts it did not panic.
fn run(mut command: Command, what: &str) -> (Output, u64) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let collect = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = collect(Box::new(child.stdout.take().unwrap()));
    let stderr = collect(Box::new(child.stderr.take().unwrap()));
    let (status, peak_kb) = wait(&mut child, what);
    let output = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!message.contains("panicked"), "{what} panicked:\n{message}");
    (output, peak_kb)
}

/// The govkg command in `dir`, with `$GOVKG_STORE` pointing inside it (every call here passes
/// `--store`, so nothing reaches the user's store).
fn command(dir: &Path, program: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(dir)
        .env("GOVKG_STORE", dir.join("env-store"));
    command
}

fn govkg(dir: &Path, args: &[&str]) -> Output {
    run(
        command(dir, Path::new(BIN), args),
        &format!("govkg {args:?}"),
    )
    .0
}

/// Runs govkg, asserts success and returns its standard output.
fn succeeds(dir: &Path, args: &[&str]) -> String {
    let out = govkg(dir, args);
    assert!(
        out.status.success(),
        "govkg {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("govkg printed invalid UTF-8")
}

/// Asserts that `out` is a failure with exit status 1, nothing on standard output and one
/// `error:` message containing each of `words` (case-insensitively); returns the message.
fn failed(out: &Output, what: &str, words: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what} should fail with status 1; stderr:\n{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{what} failed but printed on stdout:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr.starts_with("error: ") && stderr.trim_end().lines().count() == 1,
        "{what}: expected one line starting with `error: `:\n{stderr}"
    );
    for word in words {
        assert!(
            stderr.to_lowercase().contains(&word.to_lowercase()),
            "{what}: the message should contain {word:?}:\n{stderr}"
        );
    }
    stderr
}

fn fails(dir: &Path, args: &[&str], words: &[&str]) -> String {
    failed(&govkg(dir, args), &format!("govkg {args:?}"), words)
}

/// The number of quads in the store, as `govkg query` reads it.
fn quads(dir: &Path, store: &Path) -> u64 {
    let store = store.to_str().unwrap();
    let csv = succeeds(dir, &["query", "--store", store, "--format", "csv", QUADS]);
    let cell = csv.lines().nth(1).unwrap_or_default().trim();
    cell.parse()
        .unwrap_or_else(|_| panic!("not a count: {csv:?}"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

// ---------------------------------------------------------------------------------------------
// Files

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("cannot create a temporary directory")
}

/// The development documents and the bundled corpus, each copied `copies` times under
/// distinct names into `dir`.
fn replicated_corpus(dir: &Path, copies: usize) -> PathBuf {
    let sources: Vec<PathBuf> = ["tests/data/dev-docs", "data/corpus"]
        .iter()
        .flat_map(|d| std::fs::read_dir(Path::new(ROOT).join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    assert!(sources.len() >= 8, "{sources:?}");
    let corpus = dir.join(format!("corpus-{copies}"));
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..copies {
        for source in &sources {
            let name = source.file_name().unwrap().to_string_lossy();
            std::fs::copy(source, corpus.join(format!("c{i:03}-{name}"))).unwrap();
        }
    }
    corpus
}

/// Copies a directory tree (a store: directories and regular files).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its content, to check that nothing was changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.push((path.clone(), Vec::new()));
            files.extend(snapshot(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

/// Makes `path` readable and searchable by every user.
fn open_to_all(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A small random number generator (xorshift*), seeded so that a failure can be replayed.
struct Random(u64);

impl Random {
    /// Seeded from `$GOVKG_TEST_SEED`, else from the clock; the seed is printed.
    fn new(test: &str) -> Self {
        let seed = std::env::var("GOVKG_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("{test}: GOVKG_TEST_SEED={seed}");
        Self(seed | 1)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545F4914F6CDD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A child process killed when the test ends, however it ends (a stopped build would
/// otherwise be left behind).
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("cannot run kill");
    assert!(status.success(), "kill {signal} {pid} failed");
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn a_100_mb_file_without_line_breaks_builds() {
    let tmp = tempdir();
    let dir = tmp.path();
    // Real sentences: the development documents, their line breaks taken out, repeated.
    let mut text = String::new();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("tests/data/dev-docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    sources.sort();
    for source in sources {
        text.extend(
            std::fs::read_to_string(source)
                .unwrap()
                .chars()
                .filter(|c| *c != '\n' && *c != '\r'),
        );
    }
    let size = 100 << 20;
    let mut long = text.repeat(size / text.len() + 1);
    let mut cut = size;
    while !long.is_char_boundary(cut) {
        cut -= 1;
    }
    long.truncate(cut);
    let characters = long.chars().count();
    std::fs::write(dir.join("long-line.txt"), &long).unwrap();
    drop(long);

    let started = Instant::now();
    let (out, peak_kb) = run(
        command(
            dir,
            Path::new(BIN),
            &["build", "--store", "store", "long-line.txt"],
        ),
        "govkg build long-line.txt",
    );
    eprintln!(
        "a 100 MB line ({characters} characters) built in {:.1} s, peak memory {} MB",
        started.elapsed().as_secs_f64(),
        peak_kb / 1024
    );
    assert!(
        out.status.success(),
        "the build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The whole line was read, and facts were found up to its end.
    let csv = succeeds(
        dir,
        &[
            "query",
            "--store",
            "store",
            "--format",
            "csv",
            "SELECT ?n (MAX(?end) AS ?last) (COUNT(DISTINCT ?t) AS ?targets) WHERE {
               ?d gk:fileName \"long-line.txt\" ; gk:characters ?n .
               ?t a gk:Target ; prov:wasDerivedFrom/gk:end ?end
             } GROUP BY ?n",
        ],
    );
    let row: Vec<u64> = csv
        .lines()
        .nth(1)
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().parse().unwrap_or(0))
        .collect();
    assert_eq!(row.len(), 3, "{csv}");
    assert_eq!(row[0], characters as u64, "gk:characters");
    assert!(
        row[1] as f64 > 0.99 * characters as f64,
        "the last target ends at {} of {characters} characters",
        row[1]
    );
    assert!(row[2] > 1000, "only {} targets", row[2]);
}

#[test]
fn a_store_the_user_cannot_write_refuses_writes_and_serves_reads() {
    if !is_root() {
        eprintln!("skipped: needs root, to run govkg as another user (CI runs as root)");
        return;
    }
    let tmp = tempdir();
    let dir = tmp.path();
    open_to_all(dir);
    // A copy of the binary that the unprivileged user can run wherever the build put it.
    let bin = dir.join("govkg");
    std::fs::copy(BIN, &bin).unwrap();
    open_to_all(&bin);
    std::fs::write(dir.join("plan.txt"), SMALL_DOCUMENT).unwrap();
    // The store belongs to root and is not writable by others (directories 0755, files 0644).
    succeeds(dir, &["build", "--store", "store"]);
    let before = quads(dir, &dir.join("store"));
    let files = snapshot(&dir.join("store"));
    let csv = dir.join("data/open/divisions-per-province.csv");
    std::fs::create_dir_all(csv.parent().unwrap()).unwrap();
    std::fs::copy(
        Path::new(ROOT).join("data/open/divisions-per-province.csv"),
        &csv,
    )
    .unwrap();

    let as_nobody = |args: &[&str]| -> Output {
        let mut command = command(dir, Path::new("setpriv"), &[]);
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .args(args);
        run(command, &format!("govkg {args:?} as user 65534")).0
    };
    let writes: &[&[&str]] = &[
        &["build", "--store", "store", "plan.txt"],
        &["build", "--store", "store"],
        &[
            "import",
            "--store",
            "store",
            "data/open/divisions-per-province.csv",
        ],
    ];
    for args in writes {
        let out = as_nobody(args);
        failed(
            &out,
            &format!("govkg {args:?} as user 65534"),
            &["store", "read-only", "permission denied"],
        );
    }
    // A new store in a directory the user cannot write.
    let out = as_nobody(&["build", "--store", "new-store", "plan.txt"]);
    failed(
        &out,
        "govkg build into a new store as user 65534",
        &["new-store", "permission denied"],
    );

    // Reading needs no write access.
    let out = as_nobody(&["query", "--store", "store", "--format", "csv", QUADS]);
    assert!(
        out.status.success(),
        "a query as user 65534 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().nth(1),
        Some(before.to_string().as_str())
    );
    assert!(snapshot(&dir.join("store")) == files, "the store changed");
    assert_eq!(quads(dir, &dir.join("store")), before);
}

/// Unmounts a test's tmpfs when the test ends.
struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_the_build_and_keeps_the_store() {
    if !is_root() {
        eprintln!("skipped: needs root, to mount a small tmpfs (CI runs as root)");
        return;
    }
    let tmp = tempdir();
    let dir = tmp.path();
    let disk = dir.join("disk");
    std::fs::create_dir(&disk).unwrap();
    // Room for the bundled corpus's store (about 5 MB) and a small build on it (about 30 MB
    // at its peak), not for a thousand documents.
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64m", "tmpfs"])
        .arg(&disk)
        .output()
        .expect("cannot run mount");
    assert!(
        mounted.status.success(),
        "cannot mount a tmpfs to fill ({}); this test needs root and mount",
        String::from_utf8_lossy(&mounted.stderr).trim()
    );
    let _unmount = Unmount(disk.clone());
    let store = disk.join("store");
    let store_arg = store.to_str().unwrap();

    succeeds(dir, &["build", "--store", store_arg]);
    let before = quads(dir, &store);
    let corpus = replicated_corpus(dir, 160);
    let message = fails(
        dir,
        &["build", "--store", store_arg, corpus.to_str().unwrap()],
        &[store_arg, "disk is full", "no space left", "as it was"],
    );
    eprintln!("{}", message.trim());
    assert_eq!(
        quads(dir, &store),
        before,
        "the failed build changed the store"
    );
    // The failed build gave its space back: a small build fits again.
    std::fs::write(dir.join("plan.txt"), SMALL_DOCUMENT).unwrap();
    succeeds(dir, &["build", "--store", store_arg, "plan.txt"]);
    assert!(quads(dir, &store) > before);
}

/// Builds `corpus` into `store` in the background, stopping nothing.
fn spawn_build(dir: &Path, store: &Path, inputs: &[&Path]) -> Child {
    let mut args = vec!["build".as_ref(), "--store".as_ref(), store.as_os_str()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("GOVKG_STORE", dir.join("env-store"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start govkg build")
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_store_as_before_or_after() {
    let tmp = tempdir();
    let dir = tmp.path();
    let mut random = Random::new("kill test");
    // State A: the bundled corpus. State B: A and 208 more documents.
    let pristine = dir.join("a");
    succeeds(dir, &["build", "--store", "a"]);
    let a = quads(dir, &pristine);
    let corpus = replicated_corpus(dir, 26);
    let reference = dir.join("reference");
    copy_tree(&pristine, &reference);
    let started = Instant::now();
    let mut child = spawn_build(dir, &reference, &[&corpus]);
    let (status, _) = wait(&mut child, "the reference build");
    assert!(status.success(), "the reference build failed");
    let duration = started.elapsed();
    let b = quads(dir, &reference);
    assert_ne!(a, b);
    eprintln!("kill test: A = {a} quads, B = {b} quads, a build of B takes {duration:?}");

    let store = dir.join("store");
    copy_tree(&pristine, &store);
    let mut outcomes = Vec::new();
    for round in 0..20 {
        let delay = duration.mul_f64(1.2 * random.unit());
        let mut child = spawn_build(dir, &store, &[&corpus]);
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap();
        match finished {
            // Done before the kill: it must have succeeded (on whatever the last kill left).
            Some(status) => {
                let mut message = String::new();
                let _ = child.stderr.take().unwrap().read_to_string(&mut message);
                assert!(
                    status.success(),
                    "round {round}: the build failed: {message}"
                );
            }
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
            }
        }
        let n = quads(dir, &store);
        assert!(
            n == a || n == b,
            "round {round}: killed after {delay:?}, the store holds {n} quads, neither A ({a}) nor B ({b})"
        );
        let state = if n == a { "A" } else { "B" };
        outcomes.push(format!(
            "{:.0}%{}{state}",
            100.0 * delay.as_secs_f64() / duration.as_secs_f64(),
            if finished.is_some() { " (done) " } else { " " }
        ));
        if n == b {
            // Back to A, so that the next kill interrupts A → B again.
            std::fs::remove_dir_all(&store).unwrap();
            copy_tree(&pristine, &store);
        }
    }
    eprintln!("kill test: killed at (share of a build's time) → state: {outcomes:?}");
    // The store takes a whole build after all that.
    succeeds(
        dir,
        &[
            "build",
            "--store",
            store.to_str().unwrap(),
            corpus.to_str().unwrap(),
        ],
    );
    assert_eq!(quads(dir, &store), b);
}

#[test]
fn a_first_build_killed_at_any_moment_leaves_no_store_or_a_whole_one() {
    let tmp = tempdir();
    let dir = tmp.path();
    let mut random = Random::new("first-build kill test");
    let started = Instant::now();
    succeeds(dir, &["build", "--store", "reference"]);
    let duration = started.elapsed();
    let a = quads(dir, &dir.join("reference"));
    let store = dir.join("store");
    let mut outcomes = Vec::new();
    for round in 0..10 {
        let _ = std::fs::remove_dir_all(&store);
        let delay = duration.mul_f64(1.2 * random.unit());
        let mut child = spawn_build(dir, &store, &[]);
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
        }
        child.wait().unwrap();
        let out = govkg(
            dir,
            &["query", "--store", "store", "--format", "csv", QUADS],
        );
        if out.status.success() {
            assert_eq!(quads(dir, &store), a, "round {round}: a store, but not A");
            outcomes.push("A");
        } else {
            failed(&out, &format!("round {round}"), &["no store here yet"]);
            outcomes.push("none");
        }
        // Whatever the kill left, a build works.
        succeeds(dir, &["build", "--store", "store"]);
        assert_eq!(quads(dir, &store), a, "round {round}");
    }
    eprintln!("first-build kill test: {outcomes:?}");
}

/// The triples of the union default graph.
const UNION_TRIPLES: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

/// (quads in the named graphs, triples in their union) of the store.
fn state(dir: &Path, store: &Path) -> (u64, u64) {
    let csv = succeeds(
        dir,
        &[
            "query",
            "--store",
            store.to_str().unwrap(),
            "--format",
            "csv",
            UNION_TRIPLES,
        ],
    );
    let union = csv
        .lines()
        .nth(1)
        .unwrap_or_default()
        .trim()
        .parse()
        .unwrap();
    (quads(dir, store), union)
}

#[test]
fn a_remove_killed_at_any_moment_leaves_the_store_as_before_or_after() {
    let tmp = tempdir();
    let dir = tmp.path();
    let mut random = Random::new("remove kill test");
    // State A: the bundled corpus. State B: A and 48 more documents, which the remove takes out.
    succeeds(dir, &["build", "--store", "a"]);
    let a = state(dir, &dir.join("a"));
    let corpus = replicated_corpus(dir, 6);
    let pristine = dir.join("b");
    succeeds(dir, &["build", "--store", "b"]);
    succeeds(dir, &["build", "--store", "b", corpus.to_str().unwrap()]);
    let b = state(dir, &pristine);
    assert_ne!(a, b);
    let mut keys: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    keys.sort();
    let remove = |store: &Path| {
        let mut args = vec![
            "remove".to_string(),
            "--store".to_string(),
            store.to_str().unwrap().to_string(),
        ];
        args.extend(keys.iter().cloned());
        Command::new(BIN)
            .args(args)
            .current_dir(dir)
            .env("GOVKG_STORE", dir.join("env-store"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start govkg remove")
    };
    let reference = dir.join("reference");
    copy_tree(&pristine, &reference);
    let started = Instant::now();
    let (status, _) = wait(&mut remove(&reference), "the reference remove");
    assert!(status.success(), "the reference remove failed");
    let duration = started.elapsed();
    assert_eq!(state(dir, &reference), a, "removing B's documents gives A");
    eprintln!("remove kill test: A = {a:?}, B = {b:?} (quads, union triples), a remove takes {duration:?}");

    let store = dir.join("store");
    copy_tree(&pristine, &store);
    let mut outcomes = Vec::new();
    for round in 0..12 {
        let delay = duration.mul_f64(1.2 * random.unit());
        let mut child = remove(&store);
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap();
        match finished {
            Some(status) => {
                let mut message = String::new();
                let _ = child.stderr.take().unwrap().read_to_string(&mut message);
                assert!(
                    status.success(),
                    "round {round}: the remove failed: {message}"
                );
            }
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
            }
        }
        let now = state(dir, &store);
        assert!(
            now == a || now == b,
            "round {round}: killed after {delay:?}, the store holds {now:?}, neither A ({a:?}) nor B ({b:?})"
        );
        outcomes.push(format!(
            "{:.0}%{}{}",
            100.0 * delay.as_secs_f64() / duration.as_secs_f64(),
            if finished.is_some() { " (done) " } else { " " },
            if now == a { "A" } else { "B" }
        ));
        if now == a {
            // Back to B, so that the next kill interrupts B → A again.
            std::fs::remove_dir_all(&store).unwrap();
            copy_tree(&pristine, &store);
        }
    }
    eprintln!("remove kill test: killed at (share of a remove's time) → state: {outcomes:?}");
    // Whatever the kills left, the remove works and the store validates.
    let (status, _) = wait(&mut remove(&store), "the last remove");
    assert!(status.success());
    assert_eq!(state(dir, &store), a);
    succeeds(dir, &["validate", "--store", store.to_str().unwrap()]);
}

#[test]
fn a_second_writer_is_told_who_holds_the_store_and_readers_are_served() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let store = dir.join("store");
    let before = quads(dir, &store);
    let corpus = replicated_corpus(dir, 26);
    std::fs::write(dir.join("plan.txt"), SMALL_DOCUMENT).unwrap();

    let mut first = KillOnDrop(spawn_build(dir, &store, &[&corpus]));
    let pid = first.0.id();
    // Once the build holds the store, it is paused, so that the others certainly come while
    // it is under way however fast this machine is; it resumes afterwards.
    let holder = format!("process {pid} ");
    let started = Instant::now();
    while !std::fs::read_to_string(store.join("govkg.lock")).is_ok_and(|s| s.starts_with(&holder)) {
        assert!(
            first.0.try_wait().unwrap().is_none(),
            "the build ended before it was seen holding the store"
        );
        assert!(started.elapsed() < HUNG, "the build never took the store");
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(pid, "-STOP");

    let second: &[&[&str]] = &[
        &["build", "--store", "store", "plan.txt"],
        &[
            "import",
            "--store",
            "store",
            &format!("{ROOT}/data/open/divisions-per-province.csv"),
        ],
        &[
            "remove",
            "--store",
            "store",
            "digital-government-2025-goals.txt",
        ],
    ];
    for args in second {
        fails(dir, args, &["in use by process", &pid.to_string(), "store"]);
    }
    // Readers are served meanwhile, from the store as it was before the build.
    assert_eq!(quads(dir, &store), before);
    succeeds(dir, &["stats", "--store", "store"]);

    signal(pid, "-CONT");
    let (status, _) = wait(&mut first.0, "the first build");
    assert!(status.success(), "the first build failed after the others");
    assert!(quads(dir, &store) > before);
    // And now the store is free again.
    succeeds(dir, &["build", "--store", "store", "plan.txt"]);
}

#[test]
fn output_to_a_reader_that_has_gone_is_a_normal_end() {
    // `govkg build | head -1`: the reader is gone before govkg writes; govkg stops writing
    // and ends as if the output had been read (no panic, no error).
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    let commands: &[&[&str]] = &[
        &["build", "--store", "store"],
        &["query", "--store", "store", "--format", "csv", QUADS],
        &[
            "query",
            "--store",
            "store",
            "SELECT * WHERE { ?s ?p ?o }",
            "--format",
            "table",
        ],
        &["query", "--list"],
        &["stats", "--store", "store"],
        &["export", "--store", "store", "--format", "nquads"],
        &["export", "--store", "store", "--format", "dot"],
        &["validate", "--store", "store"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut command = command(dir, Path::new(BIN), args);
        command.stdout(writer).stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let (status, _) = wait(&mut child, &format!("govkg {args:?}"));
        // A build says on standard error which documents it replaced; nothing else is said.
        assert!(
            status.success() && stderr.lines().all(|l| l.starts_with("replaced ")),
            "govkg {args:?} into a closed pipe: {status}\n{stderr}"
        );
    }
}

#[test]
fn a_foreign_gen_folder_survives_a_build() {
    // `mkdir -p fz/gen-000007; echo x > fz/gen-000007/thesis.docx; govkg build --store fz`:
    // a folder named like a generation is govkg's only if govkg marked it.
    let tmp = tempdir();
    let dir = tmp.path();
    std::fs::write(dir.join("plan.txt"), SMALL_DOCUMENT).unwrap();
    let thesis = dir.join("fz/gen-000007/thesis.docx");
    std::fs::create_dir_all(thesis.parent().unwrap()).unwrap();
    std::fs::write(&thesis, "x").unwrap();
    for _ in 0..2 {
        fails(
            dir,
            &["build", "--store", "fz", "plan.txt"],
            &["fz", "not a govkg store"],
        );
    }
    assert_eq!(std::fs::read_to_string(&thesis).unwrap(), "x");

    // Inside a store, too: a build neither deletes it nor builds over it.
    succeeds(dir, &["build", "--store", "store", "plan.txt"]);
    let store = dir.join("store");
    let before = quads(dir, &store);
    let current = std::fs::read_to_string(store.join("current")).unwrap();
    let number: u64 = current.trim().trim_start_matches("gen-").parse().unwrap();
    let next = store.join(format!("gen-{:06}", number + 1));
    std::fs::create_dir_all(&next).unwrap();
    std::fs::write(next.join("thesis.docx"), "x").unwrap();
    fails(
        dir,
        &["build", "--store", "store", "plan.txt"],
        &[
            &format!("gen-{:06}", number + 1),
            "not govkg's",
            "nothing was changed",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(next.join("thesis.docx")).unwrap(),
        "x"
    );
    assert_eq!(quads(dir, &store), before);
}

#[test]
fn a_store_that_lost_its_marker_or_pointer_is_recovered_by_repair() {
    let tmp = tempdir();
    let dir = tmp.path();
    succeeds(dir, &["build", "--store", "store"]);
    std::fs::write(dir.join("plan.txt"), SMALL_DOCUMENT).unwrap();
    succeeds(dir, &["build", "--store", "store", "plan.txt"]);
    let store = dir.join("store");
    let before = quads(dir, &store);

    for lost in ["govkg-store.json", "current"] {
        std::fs::remove_file(store.join(lost)).unwrap();
        // Neither a reader nor a build starts over: both name the way back.
        // (The lock file names the last writer; everything else stays as it was.)
        let files = || {
            let mut files = snapshot(&store);
            files.retain(|(path, _)| !path.ends_with("govkg.lock"));
            files
        };
        let snapshot_before = files();
        fails(
            dir,
            &["build", "--store", "store", "plan.txt"],
            &["govkg repair"],
        );
        fails(
            dir,
            &["query", "--store", "store", QUADS],
            &["govkg repair", "intact"],
        );
        assert_eq!(
            files(),
            snapshot_before,
            "a failed command changed the store"
        );
        let said = succeeds(dir, &["repair", "--store", "store"]);
        assert!(said.contains("recovered") && said.contains(lost), "{said}");
        assert_eq!(quads(dir, &store), before);
        succeeds(dir, &["validate", "--store", "store"]);
    }
    let said = succeeds(dir, &["repair", "--store", "store"]);
    assert!(said.contains("nothing to repair"), "{said}");
}

#[test]
fn a_two_loop_folder_fails_within_seconds_and_special_files_are_refused() {
    let tmp = tempdir();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("d")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("d/x")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("d/y")).unwrap();
    let started = Instant::now();
    fails(dir, &["build", "--store", "store", "d"], &["d/x", "loop"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the loop was followed for {:?}",
        started.elapsed()
    );

    // A FIFO named like a document, given or inside a folder, never blocks the build.
    std::fs::create_dir(dir.join("e")).unwrap();
    std::fs::write(dir.join("e/plan.txt"), SMALL_DOCUMENT).unwrap();
    let fifo = dir.join("e/pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    fails(
        dir,
        &["build", "--store", "store", "e/pipe.txt"],
        &["pipe.txt", "named pipe", "regular file"],
    );
    fails(
        dir,
        &["build", "--store", "store", "/dev/zero"],
        &["/dev/zero", "device"],
    );
    // A folder's documents are its regular files; a link to a folder seen already is read once.
    std::os::unix::fs::symlink(dir.join("e"), dir.join("e-again")).unwrap();
    let said = succeeds(dir, &["build", "--store", "store", "e", "e-again"]);
    assert!(said.starts_with("built 1 document"), "{said}");

    // Over the size limit: a sparse file, refused before it is read.
    let huge = std::fs::File::create(dir.join("huge.txt")).unwrap();
    huge.set_len(govkg::read::MAX_FILE_BYTES + 1).unwrap();
    fails(
        dir,
        &["build", "--store", "store", "huge.txt"],
        &["huge.txt", "over the limit"],
    );
}
