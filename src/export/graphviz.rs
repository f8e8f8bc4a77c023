//! Rendering with GraphViz: runs its `dot` program with the layout engine asked for (`dot` for
//! small graphs with clusters, `sfdp` for large ones, or any other engine) and returns the SVG,
//! PNG or PDF it writes. A missing GraphViz, a failed run and a layout that takes too long are
//! errors of their own, so that the command can say what to do about each.

use super::ExportError;
use std::fmt;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// The GraphViz program run; the layout engine is chosen with `-K`.
pub const PROGRAM: &str = "dot";
/// Graphs with at most this many region clusters (and [`DOT_MAX_NODES`] nodes) are laid out
/// with `dot`, in columns; more clusters stack into a tall strip, so `fdp` places them side by
/// side.
pub const DOT_MAX_CLUSTERS: usize = 4;
/// Most nodes laid out with `dot` by default.
pub const DOT_MAX_NODES: usize = 150;
/// Graphs with more nodes than this are laid out with `sfdp` (no clusters, but fast and
/// compact); below it, with `fdp`, which draws the clusters.
pub const FDP_MAX_NODES: usize = 300;

/// A GraphViz layout engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Dot,
    Neato,
    Fdp,
    Sfdp,
    Twopi,
    Circo,
    Osage,
    Patchwork,
}

impl Layout {
    /// Every engine.
    pub const ALL: [Layout; 8] = [
        Self::Dot,
        Self::Neato,
        Self::Fdp,
        Self::Sfdp,
        Self::Twopi,
        Self::Circo,
        Self::Osage,
        Self::Patchwork,
    ];

    /// The default for a graph of `nodes` nodes in `clusters` top-level region clusters: `dot`
    /// for a few regions, `fdp` for many, `sfdp` for large graphs.
    pub fn for_size(nodes: usize, clusters: usize) -> Self {
        if clusters <= DOT_MAX_CLUSTERS && nodes <= DOT_MAX_NODES {
            Self::Dot
        } else if nodes <= FDP_MAX_NODES {
            Self::Fdp
        } else {
            Self::Sfdp
        }
    }

    /// The engine's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dot => "dot",
            Self::Neato => "neato",
            Self::Fdp => "fdp",
            Self::Sfdp => "sfdp",
            Self::Twopi => "twopi",
            Self::Circo => "circo",
            Self::Osage => "osage",
            Self::Patchwork => "patchwork",
        }
    }

    /// Does this engine draw clusters?
    pub fn draws_clusters(self) -> bool {
        matches!(self, Self::Dot | Self::Fdp | Self::Osage | Self::Patchwork)
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no GraphViz layout engine.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown layout {0:?}; GraphViz lays out with dot, neato, fdp, sfdp, twopi, circo, osage or patchwork")]
pub struct UnknownLayout(pub String);

impl FromStr for Layout {
    type Err = UnknownLayout;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|l| l.name() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| UnknownLayout(s.to_string()))
    }
}

/// What GraphViz writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Svg,
    Png,
    Pdf,
}

impl Image {
    /// GraphViz's `-T` name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }
}

/// A drawing GraphViz made.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The SVG, PNG or PDF.
    pub bytes: Vec<u8>,
    /// What GraphViz printed on standard error, if anything (warnings).
    pub warnings: String,
    /// How long it took.
    pub elapsed: Duration,
}

/// Runs GraphViz on `dot` with `layout`, writing `image`. Gives up after `timeout`, ending the
/// program. `nodes` and `edges` only go into the timeout's message.
pub fn render(
    dot: &str,
    layout: Layout,
    image: Image,
    timeout: Duration,
    (nodes, edges): (usize, usize),
) -> Result<Rendered, ExportError> {
    let start = Instant::now();
    let mut child = Command::new(PROGRAM)
        .arg(format!("-K{}", layout.name()))
        .arg(format!("-T{}", image.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => ExportError::GraphvizMissing,
            _ => ExportError::GraphvizRun(error),
        })?;
    let stdin = child.stdin.take();
    let input = dot.as_bytes().to_vec();
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        if let Some(mut stdin) = stdin {
            // GraphViz may stop reading early on a syntax error: its message says why.
            let _ = stdin.write_all(&input);
        }
        Ok(())
    });
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || -> std::io::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes)?;
            }
            Ok(bytes)
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Some(status) = child.try_wait().map_err(ExportError::GraphvizRun)? {
            break status;
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ExportError::GraphvizTimeout {
                layout,
                seconds: timeout.as_secs(),
                nodes,
                edges,
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let joined = |r: std::thread::Result<std::io::Result<Vec<u8>>>| {
        r.unwrap_or_else(|_| Err(std::io::Error::other("reader thread failed")))
            .map_err(ExportError::GraphvizRun)
    };
    let _ = writer.join();
    let bytes = joined(stdout.join())?;
    let warnings = String::from_utf8_lossy(&joined(stderr.join())?)
        .trim()
        .to_string();
    if !status.success() || bytes.is_empty() {
        return Err(ExportError::GraphvizFailed {
            layout,
            status: status.to_string(),
            message: warnings,
        });
    }
    Ok(Rendered {
        bytes,
        warnings,
        elapsed: start.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_parse_and_are_chosen_by_size() {
        for l in Layout::ALL {
            assert_eq!(l.name().parse::<Layout>().unwrap(), l);
        }
        assert!("spring".parse::<Layout>().is_err());
        assert_eq!(Layout::for_size(10, 1), Layout::Dot);
        assert_eq!(Layout::for_size(150, 30), Layout::Fdp);
        assert_eq!(Layout::for_size(FDP_MAX_NODES + 1, 1), Layout::Sfdp);
    }
}
