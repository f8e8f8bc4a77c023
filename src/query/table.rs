//! The `table` output: aligned columns, wide characters counted twice. Given a width (the
//! terminal's), the table fits it: the widest columns are narrowed and their cells wrapped onto
//! as many lines as they need. Without one (`--wide`, or not a terminal), each row is one line
//! and long cells are cut.

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

/// Longest cell shown when cells wrap (a document's whole text would fill the screen).
const MAX_WRAPPED_CELL: usize = 1000;

/// Columns between two cells.
const GAP: usize = 2;

/// Narrowest a column is made to fit the width (a header may be wider).
const MIN_COLUMN: usize = 8;

/// Prints solutions as a table with a header, a rule and a row count; fitted to `width`
/// columns when given, else one line per row.
pub fn write_table(
    solutions: QuerySolutionIter<'_>,
    width: Option<usize>,
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
                    let text = solution.get(v).map(display_term).unwrap_or_default();
                    match width {
                        Some(_) => limit(&text, MAX_WRAPPED_CELL),
                        None => cut(&text),
                    }
                })
                .collect::<Vec<_>>(),
        );
    }
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
    let natural: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain([header[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Unfitted, every cell fits its column: each row is one line.
    let widths = match width {
        Some(width) => fit(&natural, &header, width),
        None => natural,
    };
    write_columns(&header, &rows, &widths, out)
}

/// A cell's text on one line, cut to `max` characters.
fn limit(s: &str, max: usize) -> String {
    let s = s.replace(['\n', '\r', '\t'], " ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The widths of the columns: their natural widths, narrowed one column at a time — the one
/// least narrowed so far, in proportion — until the row fits `width` (or every column is as
/// narrow as it may be). A long passage keeps more room than a file name.
fn fit(natural: &[usize], header: &[String], width: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    let floor: Vec<usize> = natural
        .iter()
        .zip(header)
        .map(|(n, h)| (*n).min(MIN_COLUMN.max(h.width())))
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    while total(&widths) > width {
        let Some(i) = (0..widths.len())
            .filter(|&i| widths[i] > floor[i])
            .max_by_key(|&i| (widths[i] * 1000 / natural[i].max(1), widths[i]))
        else {
            break;
        };
        widths[i] -= 1;
    }
    widths
}

/// A cell's text in lines no wider than `width` (a wide character never split).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            lines.push(String::new());
            used = 0;
        }
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
        used += w;
    }
    lines
}

/// Writes the header, a rule, the rows (a cell wider than its column wrapped onto more lines)
/// and the count.
fn write_columns(
    header: &[String],
    rows: &[Vec<String>],
    widths: &[usize],
    out: &mut impl Write,
) -> Result<(), QueryError> {
    let write_row = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let wrapped: Vec<Vec<String>> =
            cells.iter().zip(widths).map(|(c, w)| wrap(c, *w)).collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let text = wrapped
                .iter()
                .zip(widths)
                .map(|(cell, w)| pad(cell.get(line).map(String::as_str).unwrap_or(""), *w))
                .collect::<Vec<_>>()
                .join(&" ".repeat(GAP));
            writeln!(out, "{}", text.trim_end())?;
        }
        Ok(())
    };
    write_row(header, out)?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join(&" ".repeat(GAP))
    )?;
    for row in rows {
        write_row(row, out)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_never_pass_their_width() {
        let lines = wrap("政务服务事项100%实现“一网通办”abc", 7);
        assert!(lines.iter().all(|l| l.width() <= 7), "{lines:?}");
        assert_eq!(lines.concat(), "政务服务事项100%实现“一网通办”abc");
    }

    #[test]
    fn columns_are_narrowed_widest_first_to_fit() {
        let header = vec!["region".to_string(), "passage".to_string()];
        let widths = fit(&[6, 200], &header, 80);
        assert_eq!(widths, vec![6, 72]);
        // Nothing to narrow: the natural widths.
        assert_eq!(fit(&[6, 20], &header, 80), vec![6, 20]);
    }
}
