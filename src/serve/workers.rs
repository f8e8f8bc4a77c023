//! Query evaluation in worker processes. oxigraph stops a cancelled evaluation only when it
//! next reads the store: a product of unrelated patterns, an ORDER BY or an aggregate over
//! one spins in memory for minutes, holding a core and gigabytes after its client was told
//! it had timed out. So the server evaluates queries in child processes (`govkg serve-worker`)
//! that it can kill: at the time limit, or as soon as one holds more memory than allowed. A
//! killed worker's CPU and memory are back at once; the next query starts a fresh one. A
//! worker that crashes (a stack overflow on a query the checks let through) takes nothing
//! else down.
//!
//! A worker reads jobs, one JSON line each ([`Job`]), from its standard input, and answers
//! each with a JSON line ([`Outcome`] without its body) followed by the body's bytes. It
//! opens the store read-only and reopens it when the store's `current` generation changes
//! (after a build, or a write through a writable server).

use super::sparql::{evaluate, Job, Outcome};
use crate::query::ServicePolicy;
use crate::store::{GraphStore, StoreError};
use oxigraph::sparql::CancellationToken;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How the server starts and bounds its workers.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// The govkg program, run as `PROGRAM serve-worker --store DIR`.
    pub program: PathBuf,
    /// Queries evaluated at once; more wait for a free worker (within their time limit).
    pub count: usize,
    /// Memory a worker may hold (resident), in bytes; past it, its query is stopped.
    pub max_memory: u64,
}

/// Why a query got no outcome from a worker.
#[derive(Debug)]
pub(super) enum Stop {
    TimedOut,
    /// The worker held more memory than allowed (bytes).
    Memory(u64),
    /// No worker became free within the time limit.
    Busy,
    /// The worker could not be started, or died.
    Failed(String),
}

/// The server's workers: at most `count` at work, the idle ones kept for the next queries.
pub(super) struct Pool {
    config: WorkerConfig,
    store: PathBuf,
    services: ServicePolicy,
    idle: Mutex<Vec<Worker>>,
    busy: Mutex<usize>,
    freed: Condvar,
}

/// A worker process and its pipes; dropped, it is killed and waited for.
struct Worker {
    child: Reaped,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// A place among the workers at work, given back when the query is done.
struct Busy<'a>(&'a Pool);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        *self.0.busy.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
        self.0.freed.notify_one();
    }
}

/// How often a running query's worker is looked at (its memory, the deadline).
const WATCH_EVERY: Duration = Duration::from_millis(25);

impl Pool {
    pub(super) fn new(config: WorkerConfig, store: &Path, services: ServicePolicy) -> Self {
        Self {
            config,
            store: store.to_path_buf(),
            services,
            idle: Mutex::new(Vec::new()),
            busy: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Evaluates `job` in a worker, stopping it at `limit` (waiting for a free worker
    /// included) or when it holds too much memory.
    pub(super) fn run(&self, job: &Job, limit: Duration) -> Result<Outcome, Stop> {
        let deadline = Instant::now() + limit;
        let _busy = self.wait_for_a_place(deadline)?;
        let mut line = serde_json::to_vec(job).map_err(|e| Stop::Failed(e.to_string()))?;
        line.push(b'\n');
        // An idle worker may have died meanwhile: then a fresh one is started.
        let mut worker = None;
        while let Some(mut w) = self.idle().pop() {
            if w.stdin
                .write_all(&line)
                .and_then(|_| w.stdin.flush())
                .is_ok()
            {
                worker = Some(w);
                break;
            }
        }
        let worker = match worker {
            Some(w) => w,
            None => {
                let mut w = self.start()?;
                w.stdin
                    .write_all(&line)
                    .and_then(|_| w.stdin.flush())
                    .map_err(|e| Stop::Failed(format!("cannot send the query to a worker: {e}")))?;
                w
            }
        };
        self.watch(worker, deadline)
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Worker>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait_for_a_place(&self, deadline: Instant) -> Result<Busy<'_>, Stop> {
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        while *busy >= self.config.count.max(1) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Stop::Busy);
            }
            busy = self
                .freed
                .wait_timeout(busy, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *busy += 1;
        Ok(Busy(self))
    }

    fn start(&self) -> Result<Worker, Stop> {
        let mut command = Command::new(&self.config.program);
        command
            .arg("serve-worker")
            .arg("--store")
            .arg(&self.store)
            .arg("--service-timeout")
            .arg(self.services.timeout.as_secs().max(1).to_string());
        for url in &self.services.allowed {
            command.arg("--allow-service").arg(url);
        }
        // The policy is the one given here, not the environment's.
        command.env_remove("GOVKG_ALLOW_SERVICE");
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                Stop::Failed(format!(
                    "cannot start a query worker ({}): {e}",
                    self.config.program.display()
                ))
            })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Stop::Failed("a query worker has no pipes".into()));
        };
        Ok(Worker {
            child: Reaped(Some(child)),
            stdin,
            stdout: BufReader::new(stdout),
        })
    }

    /// Waits for the worker's outcome, looking at its memory and the deadline meanwhile;
    /// kills it when either is passed. A worker that answered goes back to the idle ones.
    fn watch(&self, worker: Worker, deadline: Instant) -> Result<Outcome, Stop> {
        let Worker {
            child,
            stdin,
            stdout,
        } = worker;
        let pid = child.id();
        let (send, receive) = mpsc::channel();
        std::thread::Builder::new()
            .name("govkg worker reader".into())
            .spawn(move || {
                let mut stdout = stdout;
                let outcome = read_outcome(&mut stdout);
                let _ = send.send((outcome, stdout));
            })
            .map_err(|e| Stop::Failed(e.to_string()))?;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match receive.recv_timeout(left.min(WATCH_EVERY)) {
                Ok((Ok(outcome), stdout)) => {
                    self.idle().push(Worker {
                        child,
                        stdin,
                        stdout,
                    });
                    return Ok(outcome);
                }
                Ok((Err(e), _)) => {
                    return Err(Stop::Failed(format!(
                        "the query's worker stopped without an answer ({e})"
                    )))
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Stop::Failed("the query's worker stopped".into()))
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Some(rss) = resident_bytes(pid) {
                        if rss > self.config.max_memory {
                            return Err(Stop::Memory(self.config.max_memory));
                        }
                    }
                    if Instant::now() >= deadline {
                        return Err(Stop::TimedOut);
                    }
                }
            }
        }
    }
}

/// A child process killed and waited for when dropped, unless taken back.
struct Reaped(Option<Child>);

impl Reaped {
    fn id(&self) -> u32 {
        self.0.as_ref().map(Child::id).unwrap_or_default()
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The resident memory of a process, from /proc (None where there is no /proc).
fn resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

fn read_outcome(input: &mut impl BufRead) -> std::io::Result<Outcome> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let head: Head = serde_json::from_str(&line).map_err(std::io::Error::other)?;
    let mut body = vec![0; head.length];
    input.read_exact(&mut body)?;
    Ok(Outcome {
        status: head.status,
        media: head.media,
        truncated: head.truncated,
        body,
    })
}

/// An outcome's line: all but its body, and the body's length.
#[derive(serde::Serialize, serde::Deserialize)]
struct Head {
    status: u16,
    media: String,
    truncated: Option<usize>,
    length: usize,
}

/// Why a worker stopped.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a query worker cannot read its job: {0}")]
    Job(String),
    #[error("a query worker cannot answer: {0}")]
    Io(#[from] std::io::Error),
}

/// The worker's side: answers the jobs on `input` on `output` until `input` ends.
pub fn work(
    store_path: &Path,
    services: &ServicePolicy,
    input: impl BufRead,
    mut output: impl Write,
) -> Result<(), WorkerError> {
    let mut store = GraphStore::open_read_only(store_path)?;
    let mut seen = super::current_generation(store_path);
    let never = CancellationToken::new();
    for line in input.lines() {
        let line = line?;
        let job: Job = serde_json::from_str(&line).map_err(|e| WorkerError::Job(e.to_string()))?;
        let now = super::current_generation(store_path);
        if now != seen && !now.is_empty() {
            // A half-switched store is tried again at the next job.
            if let Ok(reopened) = GraphStore::open_read_only(store_path) {
                store = reopened;
                seen = now;
            }
        }
        let outcome = evaluate(store.store(), services, &job, &never);
        let head = Head {
            status: outcome.status,
            media: outcome.media,
            truncated: outcome.truncated,
            length: outcome.body.len(),
        };
        serde_json::to_writer(&mut output, &head).map_err(|e| WorkerError::Job(e.to_string()))?;
        output.write_all(b"\n")?;
        output.write_all(&outcome.body)?;
        output.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_reads_back_as_written() {
        let mut bytes = Vec::new();
        serde_json::to_writer(
            &mut bytes,
            &Head {
                status: 200,
                media: "text/csv; charset=utf-8".into(),
                truncated: Some(3),
                length: 5,
            },
        )
        .unwrap();
        bytes.extend_from_slice(b"\na\r\nb\n");
        let outcome = read_outcome(&mut &bytes[..]).unwrap();
        assert_eq!(outcome.status, 200);
        assert_eq!(outcome.truncated, Some(3));
        assert_eq!(outcome.body, b"a\r\nb\n");
        // A worker that died half-way through its answer is an error, not a short answer.
        assert!(read_outcome(&mut &bytes[..bytes.len() - 2]).is_err());
        assert!(read_outcome(&mut &b""[..]).is_err());
    }

    #[test]
    fn resident_memory_is_read_from_proc() {
        let mine = resident_bytes(std::process::id()).unwrap();
        assert!(mine > 1 << 20, "{mine}");
    }
}
