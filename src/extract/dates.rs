//! Dates: deadline markers (到2025年, 2023年底前, 力争到…, 展望2035年, a paragraph opening
//! with "2025年,") and the dated goals they open.

use super::layout::Layout;
use super::rules::{ends_with_any, starts_with_any, Rules};
use super::{ExtractError, Goal, Span};
use crate::read::NormText;
use regex::Regex;

/// Goals shorter than this after their marker are fragments, not statements.
const MIN_STATEMENT_CHARS: usize = 4;

/// A deadline named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub year: i32,
    /// From the cue word (到, 力争到) to the end of 年 and its trail (底, 前).
    pub span: Span,
}

pub(crate) struct DateRules {
    year: Regex,
    before: Vec<String>,
    after: Vec<String>,
    trail: Vec<String>,
    verbs: Vec<String>,
    verb_gap: usize,
}

impl DateRules {
    pub fn new(rules: &Rules) -> Result<Self, ExtractError> {
        let pattern = r"((?:19|20)\d\d)年";
        Ok(Self {
            year: Regex::new(pattern).map_err(|e| ExtractError::Pattern {
                pattern: pattern.into(),
                message: e.to_string(),
            })?,
            before: rules.dates.deadline_before.clone(),
            after: rules.dates.deadline_after.clone(),
            trail: rules.dates.deadline_trail.clone(),
            verbs: rules.dates.deadline_verbs.clone(),
            verb_gap: rules.dates.deadline_verb_gap,
        })
    }

    /// Every deadline marker, in order.
    pub fn find(&self, text: &NormText, layout: &Layout) -> Vec<Marker> {
        let s = text.as_str();
        let mut out = Vec::new();
        for c in self.year.captures_iter(s) {
            let (Some(all), Some(digits)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let start = text.char_at(all.start());
            let year_end = text.char_at(all.end());
            let span = Span::new(start, year_end);
            if layout.in_title(start) || layout.quote_around(span).is_some() {
                continue;
            }
            let Ok(year) = digits.as_str().parse::<i32>() else {
                continue;
            };
            let before = text.slice(start.saturating_sub(4), start);
            let after = &s[digits.end()..];
            if before.ends_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '—' | '~' | '～'))
                || after[3..].starts_with(|c: char| c.is_ascii_digit() || c == '《')
            {
                continue; // part of a number, a range, a date (2026年1月) or a title
            }
            if let Some(cue) = starts_with_any(after, &self.after) {
                let end = start + cue.chars().count() + 4;
                out.push(Marker {
                    year,
                    span: Span::new(start, end),
                });
                continue;
            }
            if let Some(cue) = ends_with_any(before, &self.before) {
                let cue_start = start - cue.chars().count();
                let range_end = text
                    .slice(cue_start.saturating_sub(1), cue_start)
                    .ends_with('年');
                if range_end {
                    continue; // 2021年至2025年
                }
                let mut end = year_end;
                let rest = text.slice(end, (end + 3).min(text.len()));
                if let Some(t) = starts_with_any(rest, &self.trail) {
                    end += t.chars().count();
                }
                if text.slice(end, (end + 1).min(text.len())) == "前" {
                    end += 1;
                }
                out.push(Marker {
                    year,
                    span: Span::new(cue_start, end),
                });
                continue;
            }
            // A bare year is a deadline when the document is older than it and it opens a
            // clause ("2025年,全面建成…") or a verb of achieving follows ("2035年基本实现…").
            let future = layout.document_year.is_none_or(|y| year > y);
            let opens_clause = layout.clause_start(start) == start;
            let then_comma = text.slice(year_end, (year_end + 1).min(text.len())) == ",";
            let after_year = text.slice(year_end, (year_end + self.verb_gap + 6).min(text.len()));
            let then_verb = after_year
                .char_indices()
                .take(self.verb_gap + 1)
                .any(|(i, _)| starts_with_any(&after_year[i..], &self.verbs).is_some());
            if future && (opens_clause && then_comma || then_verb) {
                out.push(Marker { year, span });
            }
        }
        out
    }

    /// A goal for each marker: the statement from the marker to the end of its clause.
    pub fn goals(
        &self,
        text: &NormText,
        original: &str,
        layout: &Layout,
        markers: &[Marker],
    ) -> Vec<Goal> {
        let mut goals = Vec::new();
        for marker in markers {
            let end = layout.clause_end(marker.span.end, text.len());
            let body = text.slice(marker.span.end, end);
            let body_chars = body.chars().filter(|c| !c.is_ascii_punctuation()).count();
            if body_chars < MIN_STATEMENT_CHARS {
                continue;
            }
            let span = Span::new(marker.span.start, end);
            goals.push(Goal {
                region: layout.region_at(marker.span.start).to_string(),
                year: marker.year,
                statement: text.original(original, span.start, span.end).to_string(),
                span,
            });
        }
        goals
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::LayoutRules;
    use crate::reference::Regions;

    fn markers(text: &str) -> Vec<(i32, String)> {
        let rules = Rules::bundled().unwrap();
        let t = NormText::new(text);
        let layout = LayoutRules::new(Regions::bundled(), &rules)
            .unwrap()
            .analyse(&t);
        DateRules::new(&rules)
            .unwrap()
            .find(&t, &layout)
            .into_iter()
            .map(|m| (m.year, t.slice(m.span.start, m.span.end).to_string()))
            .collect()
    }

    #[test]
    fn deadline_markers() {
        let cases: &[(&str, &[(i32, &str)])] = &[
            ("到2025年,建成", &[(2025, "到2025年")]),
            ("力争到2025年,形成", &[(2025, "力争到2025年")]),
            ("到２０２５年底，全面建立", &[(2025, "到2025年底")]),
            ("2023年底前,基本建成", &[(2023, "2023年底前")]),
            ("展望2035年,基本实现", &[(2035, "展望2035年")]),
            ("江苏提出到2025年基本建成", &[(2025, "到2025年")]),
            ("2025年,全面建成", &[(2025, "2025年")]),
            ("2022年《政府工作报告》提出", &[]),
            ("《2020联合国电子政务调查报告》显示", &[]),
            ("——2026年1月26日在会议上", &[]),
            ("2021年至2025年期间", &[]),
            ("实施2025年行动", &[]),
            (
                "充分考虑了2035年与全国同步基本实现现代化",
                &[(2035, "2035年")],
            ),
            ("2035年基本实现现代化", &[(2035, "2035年")]),
        ];
        for (text, expected) in cases {
            let expected: Vec<_> = expected.iter().map(|(y, s)| (*y, s.to_string())).collect();
            assert_eq!(markers(text), expected, "{text}");
        }
    }

    #[test]
    fn a_past_year_opening_a_report_paragraph_is_no_deadline() {
        let report = "2026年某省政府工作报告\n2025年,全省生产总值增长5%。\n2025年实现增长5%。\n2027年,建成新体系。";
        assert_eq!(markers(report), [(2027, "2027年".to_string())]);
    }
}
