//! PNG and PDF of the drawings govkg writes as SVG itself (the matrix and the timeline),
//! converted by librsvg's `rsvg-convert` — the SVG renderer GNOME and GraphViz's cairo
//! plugins use — with the system's fonts (a CJK font for the Chinese labels).

use super::graphviz::Image;
use super::ExportError;
use std::io::Write;
use std::process::{Command, Stdio};

const PROGRAM: &str = "rsvg-convert";

/// `svg` as `image` (PNG at twice the SVG's size, for sharp text; or PDF).
pub fn convert(svg: &[u8], image: Image) -> Result<Vec<u8>, ExportError> {
    if image == Image::Svg {
        return Ok(svg.to_vec());
    }
    let mut command = Command::new(PROGRAM);
    match image {
        Image::Png => command.args(["--format", "png", "--zoom", "2"]),
        _ => command.args(["--format", "pdf"]),
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => ExportError::ConverterMissing,
            _ => ExportError::ConverterFailed(error.to_string()),
        })?;
    let stdin = child.stdin.take();
    let input = svg.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(&input);
        }
    });
    let out = child
        .wait_with_output()
        .map_err(|e| ExportError::ConverterFailed(e.to_string()))?;
    let _ = writer.join();
    if !out.status.success() || out.stdout.is_empty() {
        return Err(ExportError::ConverterFailed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(out.stdout)
}
