//! Labels as drawings show them: short target labels ("≥90% · 2025 · 高频事项网办率"), goal
//! labels cut to a few lines, and line wrapping by display width — a Chinese character counts
//! twice a Latin letter, English breaks between words, and closing punctuation never starts a
//! line.

use super::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_width::UnicodeWidthChar;

/// Wrap width of labels, in display columns (a Chinese character takes two).
pub const WRAP_COLUMNS: usize = 28;
/// Longest goal statement drawn, in display columns, before it is cut with "…".
pub const GOAL_COLUMNS: usize = 72;

/// "≥90% · 2025 · 高频事项网办率": comparator and value with unit, deadline year, metric; the
/// parts that are missing are left out. In English the unit is English (`data/units.csv`:
/// "≥20 items", "≤3 days") and so is the metric when its terms are known ([`metric_in`]).
pub fn target_label(
    cmp: &str,
    value: &str,
    unit: &str,
    year: &str,
    metric: &str,
    lang: Lang,
) -> String {
    let mut parts = vec![format!(
        "{}{value}{}",
        comparator_symbol(cmp),
        unit_in(unit, lang)
    )];
    if !year.is_empty() {
        parts.push(year.chars().take(4).collect());
    }
    if !metric.is_empty() {
        parts.push(metric_in(metric, lang));
    }
    parts.join(" · ")
}

/// The English of the terms metrics are made of, from `data/metric-terms.csv`.
const METRIC_TERMS_CSV: &str = include_str!("../../data/metric-terms.csv");

fn metric_terms() -> &'static (HashMap<String, String>, usize) {
    static TERMS: OnceLock<(HashMap<String, String>, usize)> = OnceLock::new();
    TERMS.get_or_init(|| {
        let terms: HashMap<String, String> = csv::Reader::from_reader(METRIC_TERMS_CSV.as_bytes())
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| Some((r.get(0)?.to_string(), r.get(1)?.to_string())))
            .collect();
        let longest = terms.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        (terms, longest)
    })
}

/// A metric as named in `lang`. In English it is put together from the terms of
/// `data/metric-terms.csv` (高频政务服务事项网上可办率 → "high-frequency government service items
/// online availability rate"), longest term first, Chinese word order being English noun order
/// for such names; a metric with any part the table does not know stays as the text says it.
pub fn metric_in(metric: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return metric.to_string();
    }
    let (terms, longest) = metric_terms();
    let chars: Vec<char> = metric.chars().collect();
    let mut words: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        // Quotes around a slogan and the possessive particle carry no English word.
        if matches!(
            c,
            '“' | '”' | '"' | '‘' | '’' | '「' | '」' | '《' | '》' | '的'
        ) {
            at += 1;
            continue;
        }
        if matches!(c, '、' | '和' | '及') {
            words.push("and");
            at += 1;
            continue;
        }
        let found = (1..=(*longest).min(chars.len() - at)).rev().find_map(|n| {
            let piece: String = chars[at..at + n].iter().collect();
            terms.get(&piece).map(|en| (n, en.as_str()))
        });
        match found {
            Some((n, en)) => {
                // A term without English (实现, "achieve") adds no word.
                if !en.is_empty() {
                    words.push(en);
                }
                at += n;
            }
            None => return metric.to_string(),
        }
    }
    words.join(" ")
}

/// The English of the units the texts use, from `data/units.csv`.
const UNITS_CSV: &str = include_str!("../../data/units.csv");

fn units() -> &'static HashMap<String, String> {
    static UNITS: OnceLock<HashMap<String, String>> = OnceLock::new();
    UNITS.get_or_init(|| {
        csv::Reader::from_reader(UNITS_CSV.as_bytes())
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| Some((r.get(0)?.to_string(), r.get(1)?.to_string())))
            .collect()
    })
}

/// A unit as written after a number in `lang`: as the text has it in Chinese; in English from
/// the table (" items", "%", " days"), or as the text has it when the table does not know it.
pub fn unit_in(unit: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return unit.to_string();
    }
    match units().get(unit) {
        Some(en) if en.is_empty() || en == "%" || en == "m²" => en.clone(),
        Some(en) => format!(" {en}"),
        None => unit.to_string(),
    }
}

/// `>=` → `≥`, `<=` → `≤`, `=` → nothing.
pub fn comparator_symbol(cmp: &str) -> &'static str {
    match cmp {
        ">=" => "≥",
        "<=" => "≤",
        ">" => ">",
        "<" => "<",
        _ => "",
    }
}

/// "2025 · 基本建成全省一体化数字政府，…": the year, then the statement without the deadline
/// phrase it opens with (到2025年，), cut at `columns` display columns.
pub fn goal_label(year: &str, statement: &str, columns: usize) -> String {
    let body = truncate(strip_deadline(statement), columns);
    match (year.is_empty(), body.is_empty()) {
        (true, _) => body,
        (false, true) => year.to_string(),
        (false, false) => format!("{year} · {body}"),
    }
}

/// "到2025年，基本建成…" → "基本建成…"; also 2023年底前, 力争到2025年, 展望2035年.
fn strip_deadline(s: &str) -> &str {
    let mut rest = s.trim_start();
    for lead in ["力争", "展望", "到", "至"] {
        rest = rest.strip_prefix(lead).unwrap_or(rest);
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits != 4 {
        return s.trim();
    }
    let mut tail = &rest[digits..];
    match tail.strip_prefix('年') {
        Some(t) => tail = t,
        None => return s.trim(),
    }
    for suffix in ["年底前", "底前", "年底", "底", "前", "末"] {
        if let Some(t) = tail.strip_prefix(suffix) {
            tail = t;
            break;
        }
    }
    let tail = tail.trim_start_matches([',', '，', '、', ' ', ':', '：']);
    if tail.is_empty() {
        s.trim()
    } else {
        tail
    }
}

/// Display width of a character: two for Chinese, one for Latin letters. Characters of
/// ambiguous width (“ ” · ≥ …) count two, as CJK fonts draw them.
fn width(c: char) -> usize {
    c.width_cjk().unwrap_or(0)
}

/// Display width of a string.
pub fn text_width(s: &str) -> usize {
    s.chars().map(width).sum()
}

/// `s` cut to at most `columns` display columns, ending in "…" when cut.
pub fn truncate(s: &str, columns: usize) -> String {
    if text_width(s) <= columns {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + width(c) + 1 > columns {
            break;
        }
        used += width(c);
        out.push(c);
    }
    let out = out.trim_end_matches([' ', ',', '，', '、', '·']);
    format!("{out}…")
}

/// Punctuation that may not start a line.
fn closes(c: char) -> bool {
    "，。、；：？！）》」』”’%·…,.;:?!)]}".contains(c)
}

/// Punctuation that may not end a line.
fn opens(c: char) -> bool {
    "（《「『“‘([{".contains(c)
}

/// Breaks `s` into lines of at most `columns` display columns: between Chinese characters,
/// at spaces between words, never before closing or after opening punctuation. A word wider
/// than a line is split.
pub fn wrap(s: &str, columns: usize) -> String {
    let columns = columns.max(2);
    // Units that stay on one line: a Latin word, a space, or a Chinese character, with the
    // punctuation that clings to them.
    let mut units: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in s.chars() {
        let wide = width(c) > 1;
        let join = match units.last() {
            None => false,
            Some(_) if glue_next || closes(c) => true,
            Some(last) => {
                let prev = last.chars().last().unwrap_or(' ');
                !wide && c != ' ' && prev != ' ' && width(prev) <= 1 && !closes(prev)
            }
        };
        // "2025 ·": a separator after a space stays with the word before it.
        if closes(c) && units.len() >= 2 && units.last().is_some_and(|u| u == " ") {
            units.pop();
            if let Some(last) = units.last_mut() {
                last.push(' ');
                last.push(c);
            }
            glue_next = false;
            continue;
        }
        match units.last_mut() {
            Some(last) if join => last.push(c),
            _ => units.push(c.to_string()),
        }
        glue_next = opens(c);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for unit in units {
        let w = text_width(&unit);
        if !line.is_empty() && text_width(&line) + w > columns {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
        if line.is_empty() && unit == " " {
            continue;
        }
        if w > columns {
            for c in unit.chars() {
                if !line.is_empty() && text_width(&line) + width(c) > columns {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        } else {
            line.push_str(&unit);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_labels_read_like_the_issue() {
        let zh = Lang::Zh;
        assert_eq!(
            target_label(">=", "90", "%", "2025", "高频事项网办率", zh),
            "≥90% · 2025 · 高频事项网办率"
        );
        assert_eq!(
            target_label("=", "16", "个", "", "市级政务云节点", zh),
            "16个 · 市级政务云节点"
        );
        assert_eq!(target_label("<=", "3", "天", "2026", "", zh), "≤3天 · 2026");
    }

    #[test]
    fn english_labels_have_english_units() {
        let en = Lang::En;
        assert_eq!(
            target_label("<=", "3", "天", "2026", "", en),
            "≤3 days · 2026"
        );
        assert_eq!(target_label(">=", "90", "%", "2025", "", en), "≥90% · 2025");
        assert_eq!(target_label("=", "16", "个", "", "", en), "16");
        assert_eq!(target_label("=", "300", "项", "", "", en), "300 items");
        // A unit the table does not know stays as written.
        assert_eq!(unit_in("顷", en), "顷");
    }

    #[test]
    fn english_metrics_are_made_of_known_terms_or_stay_chinese() {
        let en = Lang::En;
        let cases = [
            (
                "高频政务服务事项网上可办率",
                "high-frequency government service items online availability rate",
            ),
            ("政务外网接入率", "government extranet connection rate"),
            (
                "市民服务热线诉求解决率、满意率",
                "citizen service hotline requests resolution rate and satisfaction rate",
            ),
            (
                "政务服务事项实现“跨省通办”",
                "government service items Inter-Provincial Service",
            ),
            ("政务服务事项实现“区域通办”", "政务服务事项实现“区域通办”"),
            ("“全程网办”事项", "fully online items"),
            ("数字重庆底座归集共享数据", "数字重庆底座归集共享数据"),
        ];
        for (zh, want) in cases {
            assert_eq!(metric_in(zh, en), want, "{zh}");
            assert_eq!(metric_in(zh, Lang::Zh), zh);
        }
        assert_eq!(
            target_label(">=", "90", "%", "2025", "政务外网接入率", en),
            "≥90% · 2025 · government extranet connection rate"
        );
    }

    #[test]
    fn goal_labels_drop_the_deadline_phrase_and_are_cut() {
        assert_eq!(
            goal_label("2025", "到2025年，基本建成全省一体化数字政府", 72),
            "2025 · 基本建成全省一体化数字政府"
        );
        assert_eq!(
            goal_label("2023", "2023年底前，完成改革", 72),
            "2023 · 完成改革"
        );
        assert_eq!(
            goal_label("2035", "力争到2035年基本实现", 72),
            "2035 · 基本实现"
        );
        assert_eq!(goal_label("", "一二三四五六", 8), "一二三…");
    }

    #[test]
    fn wrapping_counts_display_width() {
        assert_eq!(wrap("一二三四五", 4), "一二\n三四\n五");
        assert_eq!(wrap("一二，三四", 4), "一\n二，\n三四");
        assert_eq!(
            wrap("Yue Zhi Hui (Guangdong provincial governance platform)", 20),
            "Yue Zhi Hui\n(Guangdong\nprovincial\ngovernance platform)"
        );
        assert_eq!(
            wrap("≥90% · 2025 · 高频事项网办率", 18),
            "≥90% · 2025 ·\n高频事项网办率"
        );
        assert_eq!(wrap("“粤省事”用户", 6), "“粤省\n事”用\n户");
        assert_eq!(wrap("abcdefghij", 4), "abcd\nefgh\nij");
    }
}
