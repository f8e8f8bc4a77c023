//! Lines laid out on pages (a PDF's text layer, an OFD's text objects) joined back into the
//! paragraphs they were wrapped from. Chinese has no spaces to lose, so a wrapped line is glued
//! to the next without one (a space only between two Latin words or numbers); a paragraph ends
//! where the next line is indented, where a line stops short of the right margin, or where the
//! gap to the next line is wider than a line.

/// A line of text and its box on the page (any unit, y growing downwards).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// The text of `pages`, one paragraph a line.
pub fn join(pages: &[Vec<TextLine>]) -> String {
    let lines: Vec<&TextLine> = pages
        .iter()
        .flatten()
        .filter(|l| !l.text.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    // The margins of the body text and the height of its lines, from all pages (the last page
    // may be short): most lines start at the left margin and most full lines reach the right.
    let left = percentile(lines.iter().map(|l| l.x0), 0.1);
    let right = percentile(lines.iter().map(|l| l.x1), 0.9);
    let height = percentile(lines.iter().map(|l| l.y1 - l.y0), 0.5).max(f64::EPSILON);
    let indented = |l: &TextLine| l.x0 > left + 0.8 * height;
    // A full line may stop short of the margin by a character or two: a closing mark may not
    // open the next line, nor may a number be split, so the word before them moves down.
    let full = |l: &TextLine| l.x1 >= right - 2.5 * height;

    let mut out = String::new();
    let mut previous: Option<&TextLine> = None;
    for page in pages {
        let mut on_page = false;
        for line in page.iter().filter(|l| !l.text.trim().is_empty()) {
            let text = line.text.trim();
            if let Some(prev) = previous {
                let gap = if on_page { line.y0 - prev.y1 } else { 0.0 };
                let continues = full(prev) && !indented(line) && gap <= height;
                if continues {
                    if glue_with_space(&out, text) {
                        out.push(' ');
                    }
                } else {
                    out.push('\n');
                }
            }
            out.push_str(text);
            previous = Some(line);
            on_page = true;
        }
    }
    out.push('\n');
    out
}

/// Whether two pieces of text joined across a wrap need a space: between two Latin letters or
/// digits (a wrapped English word list), never beside a Chinese character or punctuation.
pub fn glue_with_space(before: &str, after: &str) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric();
    matches!(
        (before.chars().next_back(), after.chars().next()),
        (Some(a), Some(b)) if latin(a) && latin(b)
    )
}

/// The `p` quantile of `values` (nearest rank).
fn percentile(values: impl Iterator<Item = f64>, p: f64) -> f64 {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x0: f64, y0: f64, x1: f64, text: &str) -> TextLine {
        TextLine {
            x0,
            y0,
            x1,
            y1: y0 + 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn wrapped_lines_join_and_paragraphs_break_where_the_layout_says() {
        // A title centred, an indented paragraph wrapped twice (the last line short), an
        // indented paragraph running over a page break, a Latin word list wrapped.
        let pages = vec![
            vec![
                line(60.0, 0.0, 140.0, "标题"),
                line(20.0, 20.0, 200.0, "到2025年，全省政务服务事项"),
                line(0.0, 32.0, 200.0, "网上可办率达到95%，"),
                line(0.0, 44.0, 90.0, "全面建成。"),
                // Two characters short of the margin: "6.5%" would not fit.
                line(20.0, 56.0, 178.0, "市场主体增长"),
                line(0.0, 68.0, 40.0, "6.5%。"),
                line(20.0, 80.0, 200.0, "第二段开头"),
            ],
            vec![
                line(0.0, 0.0, 200.0, "接着上一页，提到Excel"),
                line(0.0, 12.0, 100.0, "files。"),
            ],
        ];
        assert_eq!(
            join(&pages),
            "标题\n到2025年，全省政务服务事项网上可办率达到95%，全面建成。\n市场主体增长6.5%。\n第二段开头接着上一页，提到Excel files。\n"
        );
    }

    #[test]
    fn a_wide_gap_ends_a_paragraph_even_after_a_full_line() {
        let pages = vec![vec![
            line(0.0, 0.0, 200.0, "一行写满了"),
            line(0.0, 40.0, 200.0, "隔得很远的另一段"),
        ]];
        assert_eq!(join(&pages), "一行写满了\n隔得很远的另一段\n");
    }
}
