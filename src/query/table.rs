//! The `table` output: aligned columns, wide characters counted twice, long cells cut.

use super::{display_term, QueryError};
use oxigraph::sparql::QuerySolutionIter;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Cells are cut to this many columns.
const MAX_CELL: usize = 60;

fn cut(s: &str) -> String {
    let s = s.replace(['\n', '\r', '\t'], " ");
    if s.width() <= MAX_CELL {
        return s;
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + 2 > MAX_CELL {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Prints solutions as a table with a header, a rule and a row count.
pub fn write_table(
    solutions: QuerySolutionIter<'_>,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    let variables: Vec<_> = solutions.variables().to_vec();
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        rows.push(
            variables
                .iter()
                .map(|v| {
                    solution
                        .get(v)
                        .map(display_term)
                        .map(|s| cut(&s))
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>(),
        );
    }
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain([header[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| pad(c, *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header))?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}
