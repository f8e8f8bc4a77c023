//! Quantitative targets: a number with a unit (95%, 1万个, 60天), the comparator the words
//! around it give (达到…以上 → >=, 不超过 → <=), the metric it measures, and the deadline of
//! the dated scope it sits in.

use super::dates::Marker;
use super::layout::Layout;
use super::numbers::{parse_chinese, Decimal};
use super::rules::{ends_with_any, ids, starts_with_any, Rules};
use super::scope::Scope;
use super::{is_han, Comparator, ExtractError, Span, Status, Target};
use crate::read::NormText;
use regex::Regex;

pub(crate) struct TargetRules {
    number: Regex,
    rules: Rules,
}

impl TargetRules {
    pub fn new(rules: &Rules) -> Result<Self, ExtractError> {
        let pattern = &rules.numbers.pattern;
        Ok(Self {
            number: Regex::new(pattern).map_err(|e| ExtractError::Pattern {
                pattern: pattern.clone(),
                message: e.to_string(),
            })?,
            rules: rules.clone(),
        })
    }

    pub fn find(
        &self,
        text: &NormText,
        original: &str,
        layout: &Layout,
        scope: &Scope,
        markers: &[Marker],
    ) -> Vec<Target> {
        let doc = Doc {
            text,
            original,
            layout,
            markers,
        };
        let mut out: Vec<(Target, usize)> = Vec::new();
        // The sentence of the last target kept: the figures that follow it in the same
        // sentence report on the same thing ("推出119个“高效办成一件事”重点事项，平均压减时间58%、
        // 材料52%").
        let mut kept_sentence = None;
        for m in self.number.find_iter(text.as_str()) {
            let start = text.char_at(m.start());
            let end = text.char_at(m.end());
            let sentence = layout.clause_start(start);
            if !scope.covers(start) && kept_sentence != Some(sentence) {
                continue;
            }
            if let Some(t) = self.read(&doc, start, end, out.last()) {
                kept_sentence = Some(sentence);
                out.push(t);
            }
        }
        out.into_iter().map(|(t, _)| t).collect()
    }

    /// The value phrase starting with the number at `[start, end)`: value, unit and the
    /// comparator its suffix gives (以上, 余), with the end of the phrase.
    fn value_phrase(
        &self,
        doc: &Doc<'_>,
        start: usize,
        end: usize,
    ) -> Option<(Decimal, String, Option<Comparator>, usize)> {
        let (r, text, layout) = (&self.rules, doc.text, doc.layout);
        let digits = text.slice(start, end);
        if layout.quote_around(Span::new(start, end)).is_some() || layout.in_title(start) {
            return None; // part of a name or a title
        }
        let prev = text.slice(start.saturating_sub(1), start);
        if prev.starts_with(|c: char| c.is_ascii_alphanumeric() || ".+-/:#".contains(c)) {
            return None; // part of a code or a version
        }
        let before = text.slice(start.saturating_sub(6), start);
        if ends_with_any(before, &r.numbers.not_after).is_some() {
            return None; // an ordinal (第5), a code
        }
        let arabic = digits.starts_with(|c: char| c.is_ascii_digit());
        let mut value = if arabic {
            Decimal::parse(digits)?
        } else {
            if digits == "一" {
                return None; // 一个, 一批: an article, not a count
            }
            Decimal::from_int(parse_chinese(digits)?)
        };
        let mut pos = end;
        let rest_at = |pos: usize| text.slice(pos, (pos + 12).min(text.len()));
        let mut rest = rest_at(pos);
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric())
            || starts_with_any(rest, &r.numbers.not_before).is_some()
        {
            return None; // 5G; a year, a date, a version
        }
        if arabic {
            if let Some((word, exp)) = r
                .units
                .scale
                .iter()
                .find(|(w, _)| rest.starts_with(w.as_str()))
            {
                value = value.scaled(*exp)?;
                pos += word.chars().count();
                rest = rest_at(pos);
            }
        }
        let mut comparator = None;
        if let Some(a) = starts_with_any(rest, &r.comparators.approximate_gt) {
            comparator = Some(Comparator::Gt);
            pos += a.chars().count();
            rest = rest_at(pos);
        }
        let unit = if rest.starts_with('%') {
            "%".to_string()
        } else {
            starts_with_any(rest, &r.units.count)?.to_string()
        };
        pos += unit.chars().count();
        let rest = rest_at(pos);
        if starts_with_any(rest, &r.numbers.not_counting).is_some() {
            return None; // 4个方面: parts of a text, not a count of anything
        }
        let noun: String = rest
            .chars()
            .take_while(|&c| is_han(c))
            .take(r.numbers.policy_noun_window)
            .collect();
        if r.numbers
            .policy_nouns
            .iter()
            .any(|w| noun.contains(w.as_str()))
        {
            return None; // 21条升级举措: clauses of a policy text
        }
        if let Some(s) = starts_with_any(rest, &r.comparators.suffix_ge) {
            comparator = Some(Comparator::Ge);
            pos += s.chars().count();
        } else if let Some(s) = starts_with_any(rest, &r.comparators.suffix_le) {
            comparator = Some(Comparator::Le);
            pos += s.chars().count();
        }
        Some((value, unit, comparator, pos))
    }

    /// The comparator word right before the number, with its length.
    fn prefix_comparator(&self, doc: &Doc<'_>, start: usize) -> Option<(usize, Comparator)> {
        let c = &self.rules.comparators;
        let clause_start = doc.layout.clause_start(start);
        let window = doc
            .text
            .slice(start.saturating_sub(6).max(clause_start), start);
        let window = window.trim_end_matches(['了', ' ']);
        [
            (&c.ge, Comparator::Ge),
            (&c.gt, Comparator::Gt),
            (&c.le, Comparator::Le),
            (&c.lt, Comparator::Lt),
            (&c.eq, Comparator::Eq),
        ]
        .into_iter()
        .filter_map(|(cues, c)| ends_with_any(window, cues).map(|w| (w.chars().count(), c)))
        .max_by_key(|(len, _)| *len)
    }

    /// Reads a target around the number at `[start, end)`; returns it with the end of its
    /// value phrase. `previous` is the target read before, with the end of its value phrase.
    fn read(
        &self,
        doc: &Doc<'_>,
        start: usize,
        end: usize,
        previous: Option<&(Target, usize)>,
    ) -> Option<(Target, usize)> {
        let (text, original, layout) = (doc.text, doc.original, doc.layout);
        let (value, unit, suffix, value_end) = self.value_phrase(doc, start, end)?;
        let prefix = self.prefix_comparator(doc, start);
        let phrase_start = start - prefix.map_or(0, |(len, _)| len);
        let comparator = suffix.or(prefix.map(|(_, c)| c)).unwrap_or(Comparator::Eq);

        // The metric: the phrase before the value, or for counts the noun after it.
        let clause_start = layout.clause_start(start);
        let previous_end = previous
            .map(|(_, e)| *e)
            .filter(|&e| e >= clause_start && e <= phrase_start);
        let between = previous_end.map(|e| text.slice(e, phrase_start));
        let percent = unit == "%";
        let (metric, span, rule) =
            if let (Some((p, _)), Some("、" | "," | "和" | "及")) = (previous, between) {
                // "分别完成25%、50%、20%": a list of values shares the metric of the first.
                (
                    p.metric.clone(),
                    Span::new(phrase_start, value_end),
                    ids::TARGET_LIST_VALUE,
                )
            } else {
                let floor = previous_end.unwrap_or(clause_start);
                let mut left_bound = layout.segments.phrase_start(phrase_start).max(floor);
                if previous_end.is_some() {
                    // After a value in the same clause, the next item starts after a list mark.
                    if let Some(i) = text.slice(left_bound, phrase_start).rfind('、') {
                        left_bound += text.slice(left_bound, phrase_start)[..i].chars().count() + 1;
                    }
                }
                let left = self.strip_leading(text, left_bound, phrase_start, doc.markers);
                let right = self.right_metric(doc, value_end);
                // A phrase that ends in a list mark continues the previous item ("…100%、100%实现…").
                let left = left.filter(|l| !text.slice(l.end, phrase_start).contains('、'));
                let piece = |s: Span| text.original(original, s.start, s.end).to_string();
                let (metric, span) = match (left, right) {
                    // "高频服务事项100%实现“零跑动”": the share of the items that achieve something.
                    (Some(l), Some(rm))
                        if percent && text.slice(rm.start, rm.end).starts_with("实现") =>
                    {
                        (
                            format!("{}{}", piece(l), piece(rm)),
                            Span::new(l.start, rm.end),
                        )
                    }
                    (Some(l), None) => (piece(l), Span::new(l.start, value_end)),
                    (Some(l), Some(_)) if percent => (piece(l), Span::new(l.start, value_end)),
                    (_, Some(rm)) => (piece(rm), Span::new(phrase_start, rm.end)),
                    (None, None) => return None, // a bare number, nothing measured
                };
                (metric, span, ids::TARGET_VALUE)
            };
        let scope = layout.scope_start(start);
        let year = doc
            .markers
            .iter()
            .rev()
            .find(|m| m.span.start >= scope && m.span.end <= start)
            .map(|m| m.year);
        let status = self.status(doc, start, clause_start, year);
        Some((
            Target {
                region: layout.region_at(start).to_string(),
                metric,
                value,
                unit,
                comparator,
                year,
                status,
                span,
                rule,
            },
            value_end,
        ))
    }
}

impl TargetRules {
    /// A plan or a reported achievement: by the deadline against the document's year, else by
    /// the part of the report (工作回顾 or 工作安排), else by the words of the clause.
    fn status(
        &self,
        doc: &Doc<'_>,
        start: usize,
        clause_start: usize,
        year: Option<i32>,
    ) -> Status {
        let cues = &self.rules.status;
        let has = |s: &str, words: &[String]| words.iter().any(|w| s.contains(w.as_str()));
        match (year, doc.layout.document.year) {
            (Some(y), Some(issued)) if y < issued => return Status::Achieved,
            (Some(_), _) => return Status::Planned,
            (None, _) => {}
        }
        if let Some(part) = doc.layout.part_title(start) {
            if has(part, &cues.review_parts) {
                return Status::Achieved;
            }
            if has(part, &cues.plan_parts) {
                return Status::Planned;
            }
        }
        let clause = doc.text.slice(clause_start, doc.layout.clause_end(start));
        if has(clause, &cues.achieved) {
            Status::Achieved
        } else {
            Status::Planned
        }
    }
}

/// What the target rules read from.
struct Doc<'a> {
    text: &'a NormText,
    original: &'a str,
    layout: &'a Layout,
    markers: &'a [Marker],
}

impl TargetRules {
    /// The phrase `[start, end)` without its leading dates and verbs; `None` when nothing is left.
    fn strip_leading(
        &self,
        text: &NormText,
        mut start: usize,
        end: usize,
        markers: &[Marker],
    ) -> Option<Span> {
        loop {
            if let Some(m) = markers
                .iter()
                .find(|m| m.span.start == start && m.span.end <= end)
            {
                start = m.span.end;
                continue;
            }
            let s = text.slice(start, end);
            let trimmed = s.trim_start_matches([' ', '、']);
            if trimmed.len() != s.len() {
                start += s[..s.len() - trimmed.len()].chars().count();
                continue;
            }
            match self
                .rules
                .targets
                .leading_verbs
                .iter()
                .find(|v| trimmed.starts_with(v.as_str()))
            {
                Some(v) => start += v.chars().count(),
                None => break,
            }
        }
        let s = text.slice(start, end).trim_end_matches([' ', '、']);
        (s.chars().any(|c| c > '\u{2E80}')).then(|| Span::new(start, start + s.chars().count()))
    }

    /// The noun phrase right after a value (`个数字治理典型应用场景` → `数字治理典型应用场景`).
    fn right_metric(&self, doc: &Doc<'_>, from: usize) -> Option<Span> {
        let text = doc.text;
        let mut start = from;
        if text.char(start) == Some('的') {
            start += 1;
        }
        let mut end = start;
        while end < text.len() && end - start < self.rules.targets.metric_max_chars {
            match text.char(end) {
                Some(c) if doc.layout.segments.is_phrase_mark(c) || c == '、' => break,
                Some(_) => end += 1,
                None => break,
            }
        }
        let s = text.slice(start, end);
        (s.chars().any(|c| c > '\u{2E80}')).then(|| Span::new(start, end))
    }
}
