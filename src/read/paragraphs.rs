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

/// The text of `pages`, one paragraph a line. Page furniture — page numbers ("— 1 —", "第 2 页",
/// "3/10") and a header or footer repeated on the pages — is left out first.
pub fn join(pages: &[Vec<TextLine>]) -> String {
    let pages = without_furniture(pages);
    let lines: Vec<&TextLine> = pages.iter().flatten().collect();
    if lines.is_empty() {
        return String::new();
    }
    // The margins of the body text, the height of its lines and the spacing between them, from
    // all pages (the last page may be short): most lines start at the left margin, most full
    // lines reach the right, and most gaps are between lines of a paragraph.
    let left = percentile(lines.iter().map(|l| l.x0), 0.1);
    let right = percentile(lines.iter().map(|l| l.x1), 0.9);
    let height = percentile(lines.iter().map(|l| l.y1 - l.y0), 0.5).max(f64::EPSILON);
    let spacing = percentile(
        pages
            .iter()
            .flat_map(|p| p.windows(2).map(|w| w[1].y0 - w[0].y1))
            .filter(|g| *g > -height / 2.0),
        0.5,
    )
    // Double spacing at most: with few lines the median may be a paragraph's gap itself.
    .clamp(0.0, 1.5 * height);
    let indented = |l: &TextLine| l.x0 > left + 0.8 * height;
    // A full line may stop short of the margin by a character or two: a closing mark may not
    // open the next line, nor may a number be split, so the word before them moves down.
    let full = |l: &TextLine| l.x1 >= right - 2.5 * height;
    // A title's lines are centred, in type larger than the body's.
    let middle = (left + right) / 2.0;
    let title = |l: &TextLine| {
        l.y1 - l.y0 > 1.15 * height
            && ((l.x0 + l.x1) / 2.0 - middle).abs() < height
            && l.x0 > left + height
    };

    let mut out = String::new();
    let mut previous: Option<&TextLine> = None;
    for page in &pages {
        let mut on_page = false;
        for line in page {
            let text = line.text.trim();
            if let Some(prev) = previous {
                let gap = if on_page { line.y0 - prev.y1 } else { 0.0 };
                let wide_gap = gap > spacing + 0.5 * height;
                let continues = (full(prev) && !indented(line) && !wide_gap)
                    || (on_page && title(prev) && title(line) && gap <= prev.y1 - prev.y0);
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

/// The pages without blank lines and without their furniture: a page number as the first or
/// last line of a page, and a first or last line that comes back (its digits aside) on at least
/// half of the pages, three or more.
fn without_furniture(pages: &[Vec<TextLine>]) -> Vec<Vec<TextLine>> {
    let pages: Vec<Vec<TextLine>> = pages
        .iter()
        .map(|p| {
            p.iter()
                .filter(|l| !l.text.trim().is_empty())
                .cloned()
                .collect()
        })
        .collect();
    let shape = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut edges: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in &pages {
        let ends: Vec<&TextLine> = page.first().into_iter().chain(page.last()).collect();
        let mut seen = std::collections::HashSet::new();
        for l in ends {
            let s = shape(&l.text);
            if seen.insert(s.clone()) {
                *edges.entry(s).or_default() += 1;
            }
        }
    }
    let count = pages.len();
    let repeated = |l: &TextLine| {
        let s = shape(&l.text);
        count >= 3 && !s.is_empty() && edges.get(&s).is_some_and(|&n| 2 * n >= count)
    };
    pages
        .into_iter()
        .map(|page| {
            let last = page.len().saturating_sub(1);
            page.into_iter()
                .enumerate()
                .filter(|(i, l)| {
                    let edge = *i == 0 || *i == last;
                    // A bare number opening a page is more likely a heading's (01 北京市).
                    let number = page_number(&l.text) && (*i == last || !bare_number(&l.text));
                    !(edge && (number || repeated(l)))
                })
                .map(|(_, l)| l)
                .collect()
        })
        .collect()
}

/// Whether a line is digits alone.
fn bare_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

/// Whether a line is a page number: "— 1 —", "- 12 -", "第 3 页", "第3页 共10页", "3/10", "3".
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '·'));
    if t.is_empty() {
        return false;
    }
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits_only(t) {
        return t.len() <= 4;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits_only(a) && digits_only(b);
    }
    let rest = t.trim_start_matches('第');
    let words: String = rest.chars().filter(|c| !c.is_ascii_digit()).collect();
    rest.len() != t.len() && (words == "页" || words == "页共页")
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
    fn page_numbers_and_running_heads_are_left_out_and_paragraphs_run_over_pages() {
        let page = |n: usize, first: &str, last: &str| {
            vec![
                line(0.0, 0.0, 200.0, "某省人民政府公报"),
                line(20.0, 12.0, 200.0, first),
                line(0.0, 24.0, 200.0, last),
                line(90.0, 40.0, 110.0, &format!("— {n} —")),
            ]
        };
        let pages = vec![
            page(1, "第一段开头写满一行", "还没有写完"),
            page(2, "第二段开头写满一行", "也没有写完"),
            page(3, "第三段开头写满一行", "同样没有写完"),
        ];
        // The running head repeats on every page: left out; each page's last line continues
        // on the next page, where an indented line opens a new paragraph.
        assert_eq!(
            join(&pages),
            "第一段开头写满一行还没有写完\n第二段开头写满一行也没有写完\n第三段开头写满一行同样没有写完\n"
        );
        for number in ["— 1 —", "- 12 -", "第 3 页", "第3页共10页", "3/10", "7"] {
            assert!(page_number(number), "{number}");
        }
        for text in ["2025年", "第三条", "12345热线", "一、总体要求"] {
            assert!(!page_number(text), "{text}");
        }
    }

    #[test]
    fn a_number_heading_a_page_stays_and_one_ending_it_goes() {
        let pages = vec![
            vec![
                line(20.0, 0.0, 200.0, "第一段。"),
                line(95.0, 40.0, 105.0, "1"),
            ],
            vec![
                line(95.0, 0.0, 105.0, "02"),
                line(80.0, 12.0, 120.0, "天津市"),
            ],
        ];
        assert_eq!(join(&pages), "第一段。\n02\n天津市\n");
    }

    #[test]
    fn a_title_over_two_centred_lines_is_one_line_and_double_spacing_breaks_nothing() {
        let tall = |x0: f64, y0: f64, x1: f64, text: &str| TextLine {
            x0,
            y0,
            x1,
            y1: y0 + 16.0,
            text: text.into(),
        };
        let pages = vec![vec![
            tall(30.0, 0.0, 170.0, "关于印发某省数字政府建设"),
            tall(50.0, 20.0, 150.0, "“十四五”规划的通知"),
            // Double-spaced body: the gap between lines is as tall as a line.
            line(20.0, 50.0, 200.0, "各市人民政府，省政府各部门："),
            line(0.0, 70.0, 200.0, "现将规划印发给你们，请认真"),
            line(0.0, 90.0, 60.0, "贯彻执行。"),
        ]];
        assert_eq!(
            join(&pages),
            "关于印发某省数字政府建设“十四五”规划的通知\n各市人民政府，省政府各部门：现将规划印发给你们，请认真贯彻执行。\n"
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
