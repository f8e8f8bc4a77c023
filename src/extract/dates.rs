//! Dates: deadline markers (到2025年, 2023年底前, 力争到…, 展望2035年, a paragraph opening
//! with "2025年,") and the dated goals they open.

use super::layout::Layout;
use super::rules::{ends_with_any, ids, starts_with_any, Rules};
use super::scope::Scope;
use super::{ExtractError, Goal, Span};
use crate::read::NormText;
use regex::Regex;

/// A year in digits or in Chinese numerals (一九八五).
fn parse_year(s: &str) -> Option<i32> {
    s.parse::<i32>()
        .ok()
        .or_else(|| super::numbers::parse_chinese(s).and_then(|n| i32::try_from(n).ok()))
}

/// A deadline named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub year: i32,
    /// From the cue word (到, 力争到) to the end of 年 and its trail (底, 前).
    pub span: Span,
    /// The rule that read it.
    pub rule: &'static str,
}

/// A byte range of the text, with the accessors of a regex match.
#[derive(Clone, Copy)]
struct Range {
    start: usize,
    end: usize,
}

impl Range {
    fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
}

pub(crate) struct DateRules {
    /// The year pattern, anchored at the end of what it is tried on.
    year_exact: Regex,
    before: Vec<String>,
    after: Vec<String>,
    trail: Vec<String>,
    verbs: Vec<String>,
    verb_gap: usize,
    min_statement: usize,
    month: Regex,
    month_after: Vec<String>,
}

impl DateRules {
    pub fn new(rules: &Rules) -> Result<Self, ExtractError> {
        let pattern = format!("(?:{})$", rules.dates.year);
        Ok(Self {
            year_exact: Regex::new(&pattern).map_err(|e| ExtractError::Pattern {
                pattern: rules.dates.year.clone(),
                message: e.to_string(),
            })?,
            before: rules.dates.deadline_before.clone(),
            after: rules.dates.deadline_after.clone(),
            trail: rules.dates.deadline_trail.clone(),
            verbs: rules.dates.deadline_verbs.clone(),
            verb_gap: rules.dates.deadline_verb_gap,
            min_statement: rules.dates.min_statement_chars,
            month: Regex::new(&rules.dates.month).map_err(|e| ExtractError::Pattern {
                pattern: rules.dates.month.clone(),
                message: e.to_string(),
            })?,
            month_after: rules.dates.month_after.clone(),
        })
    }

    /// Every deadline marker, in order: none before the document's year ("到2002年底已经基本
    /// 还清" in a 2003 report tells what was done), none that names a year's level ("增长到2002年
    /// 的6208亿美元").
    pub fn find(&self, text: &NormText, layout: &Layout) -> Vec<Marker> {
        let s = text.as_str();
        let mut out = self.candidates(text, layout);
        out.retain(|m| {
            let past = layout.document.year.is_some_and(|y| m.year < y);
            let at = text.byte_at(m.span.end);
            let of_year = s[at..].starts_with('的');
            !past && !of_year
        });
        out
    }

    fn candidates(&self, text: &NormText, layout: &Layout) -> Vec<Marker> {
        let s = text.as_str();
        let mut out = Vec::new();
        // Years end in 年: each 年 is tried with the four characters before it, which is much
        // quicker than running the pattern over the whole text.
        for (nian, _) in s.match_indices('年') {
            let from = s[..nian].char_indices().rev().nth(3).map_or(0, |(i, _)| i);
            let Some(c) = self.year_exact.captures(&s[from..nian + '年'.len_utf8()]) else {
                continue;
            };
            let (Some(all), Some(digits)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let all = Range::new(from + all.start(), from + all.end());
            let digits = Range::new(from + digits.start(), from + digits.end());
            let start = text.char_at(all.start());
            let year_end = text.char_at(all.end());
            let span = Span::new(start, year_end);
            if layout.in_title(start) || layout.quote_around(span).is_some() {
                continue;
            }
            let Some(year) = parse_year(&s[digits.start()..digits.end()]) else {
                continue;
            };
            let before = text.slice(start.saturating_sub(4), start);
            let after = &s[digits.end()..];
            let after_year = &after['年'.len_utf8()..];
            if before.ends_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '—' | '~' | '～'))
                || after_year.starts_with('《')
            {
                continue; // part of a number, a range or a title
            }
            // A month: 2021年3月底前 is a deadline, 2026年1月26日 a date.
            if let Some(m) = self.month.find(after_year) {
                let rest = &after_year[m.end()..];
                let cue = starts_with_any(rest, &self.month_after);
                let to = ends_with_any(before, &self.before);
                // 2026年1月26日, 一九五八年一月二十三日: a day makes it a date.
                let day = rest.trim_start_matches(|c: char| {
                    c.is_ascii_digit() || super::numbers::is_chinese_numeral_char(c)
                });
                let dated = day.len() < rest.len() && day.starts_with(['日', '号']);
                if cue.is_none() && to.is_none() || dated || rest.starts_with('日') {
                    continue;
                }
                let cue_start = start - to.map_or(0, |t| t.chars().count());
                let end =
                    year_end + m.as_str().chars().count() + cue.map_or(0, |c| c.chars().count());
                out.push(Marker {
                    year,
                    span: Span::new(cue_start, end),
                    rule: if to.is_some() {
                        ids::GOAL_DEADLINE_BEFORE
                    } else {
                        ids::GOAL_DEADLINE_AFTER
                    },
                });
                continue;
            }
            if let Some(cue) = starts_with_any(after, &self.after) {
                let end = start + cue.chars().count() + 4;
                out.push(Marker {
                    year,
                    span: Span::new(start, end),
                    rule: ids::GOAL_DEADLINE_AFTER,
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
                    rule: ids::GOAL_DEADLINE_BEFORE,
                });
                continue;
            }
            // A bare year is a deadline when the document is older than it and it opens a
            // clause ("2025年,全面建成…") or a verb of achieving follows ("2035年基本实现…").
            // Texts that report what happened ("2020年,常德市坚持…") set no deadlines this way
            // unless their date puts the year in their future.
            let future = match layout.document.year {
                Some(issued) => year > issued,
                None => !layout.document.genre.reports(),
            };
            let opens_clause = layout.clause_start(start) == start;
            let then_comma = text.slice(year_end, (year_end + 1).min(text.len())) == ",";
            let after_year = text.slice(year_end, (year_end + self.verb_gap + 6).min(text.len()));
            let then_verb = after_year
                .char_indices()
                .take(self.verb_gap + 1)
                .any(|(i, _)| starts_with_any(&after_year[i..], &self.verbs).is_some());
            if future && (opens_clause && then_comma || then_verb) {
                let rule = if then_verb {
                    ids::GOAL_YEAR_VERB
                } else {
                    ids::GOAL_YEAR_OPENS_CLAUSE
                };
                out.push(Marker { year, span, rule });
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
        scope: &Scope,
    ) -> Vec<Goal> {
        let mut goals = Vec::new();
        for marker in markers {
            let end = layout.clause_end(marker.span.end);
            let body = text.slice(marker.span.end, end);
            let body_chars = body.chars().filter(|c| !c.is_ascii_punctuation()).count();
            if body_chars < self.min_statement {
                continue;
            }
            let span = Span::new(marker.span.start, end);
            // About digital government when its statement is, or the passage it opens.
            let digital = scope.mentions_topic(span.start, span.end) || scope.covers(span.start);
            goals.push(Goal {
                region: layout.region_at(marker.span.start).to_string(),
                year: marker.year,
                statement: text.original(original, span.start, span.end).to_string(),
                span,
                rule: marker.rule,
                digital_government: digital,
            });
        }
        goals
    }
}
