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
    year: Regex,
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
            year: Regex::new(&rules.dates.year).map_err(|e| ExtractError::Pattern {
                pattern: rules.dates.year.clone(),
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
            markers_sorted: markers.is_sorted_by_key(|m| m.span.start),
            breaks: self.breaks(text, layout, markers),
        };
        let mut out: Vec<(Target, usize)> = Vec::new();
        // The sentence of the last target kept: the figures that follow it in the same
        // sentence report on the same thing ("推出119个“高效办成一件事”重点事项，平均压减时间58%、
        // 材料52%").
        let mut kept_sentence = None;
        // The value a change starts from ("从60类减少到10类"), waiting for the value it reaches.
        let mut baseline: Option<Baseline> = None;
        // Where the last value phrase read ends: a number inside it (1万6千) is part of it.
        let mut consumed = 0;
        for m in self.number.find_iter(text.as_str()) {
            let start = text.char_at(m.start());
            let end = text.char_at(m.end());
            if start < consumed {
                continue;
            }
            let sentence = layout.clause_start(start);
            if !scope.covers(start) && kept_sentence != Some(sentence) {
                continue;
            }
            match self.read(&doc, start, end, out.last(), baseline.take()) {
                Some(Read::Target(t, e)) => {
                    kept_sentence = Some(sentence);
                    consumed = e;
                    out.push((t, e));
                }
                Some(Read::Baseline(b)) => {
                    consumed = b.end;
                    baseline = Some(b);
                }
                None => {}
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
        let percent_words = ends_with_any(
            text.slice(start.saturating_sub(4), start),
            &r.units.percent_words,
        )
        .is_some();
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
            let n = parse_chinese(digits)?;
            if n < r.numbers.small_chinese as u128 && !percent_words {
                return None; // 一批, 两个闸门, 四个片区: an article or a figure of speech
            }
            Decimal::from_int(n)
        };
        let mut pos = end;
        let rest_at = |pos: usize| text.slice(pos, (pos + 12).min(text.len()));
        let mut rest = rest_at(pos);
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric())
            || starts_with_any(rest, &r.numbers.not_before).is_some()
        {
            return None; // 5G; a year, a date, a version
        }
        let mut scaled = false;
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
                scaled = true;
                // 1万6千: the thousands after the ten-thousands.
                let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                if let Some((small, e)) = r
                    .units
                    .scale
                    .iter()
                    .find(|(w, e)| **e < *exp && rest[digits.len()..].starts_with(w.as_str()))
                    .filter(|_| !digits.is_empty())
                {
                    let part = Decimal::parse(&digits).and_then(|d| d.scaled(*e))?;
                    value = value.checked_add(part)?;
                    pos += digits.len() + small.chars().count();
                    rest = rest_at(pos);
                }
            }
        }
        let mut comparator = None;
        if let Some(a) = starts_with_any(rest, &r.comparators.approximate_gt) {
            comparator = Some(Comparator::Gt);
            pos += a.chars().count();
            rest = rest_at(pos);
        }
        let unit = if percent_words {
            "%".to_string()
        } else if rest.starts_with('%') {
            pos += 1;
            "%".to_string()
        } else if let Some(u) = starts_with_any(rest, &r.units.count) {
            pos += u.chars().count();
            u.to_string()
        } else if scaled && !rest.starts_with(|c: char| is_han(c) && !"的,".contains(c)) {
            // 用户注册量达3730万, 实名用户突破800万: a count of the noun the metric names.
            String::new()
        } else if let Some(n) = starts_with_any(rest, &r.units.counted_nouns).filter(|_| scaled) {
            // 800万用户
            pos += n.chars().count();
            n.to_string()
        } else {
            return None;
        };
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
        baseline: Option<Baseline>,
    ) -> Option<Read> {
        let (text, original, layout) = (doc.text, doc.original, doc.layout);
        let (value, mut unit, suffix, value_end) = self.value_phrase(doc, start, end)?;
        if self.excluded(doc, start) {
            return None;
        }
        // A value a change starts from ("从60类减少到10类", "由40个减少到29个") is the baseline of
        // the value it reaches.
        let after = text.slice(value_end, (value_end + 6).min(text.len()));
        if starts_with_any(after, &self.rules.targets.change_verbs).is_some() {
            let lead = text.slice(start.saturating_sub(1), start);
            let cut = start - usize::from(lead == "从" || lead == "由");
            return Some(Read::Baseline(Baseline {
                value,
                cut,
                end: value_end,
            }));
        }
        let prefix = self.prefix_comparator(doc, start);
        let percent_lead = if unit == "%"
            && !text
                .slice(start, end)
                .starts_with(|c: char| c.is_ascii_digit())
        {
            ends_with_any(
                text.slice(start.saturating_sub(4), start),
                &self.rules.units.percent_words,
            )
            .map_or(0, |w| w.chars().count())
        } else {
            0
        };
        let prefix = if percent_lead > 0 {
            self.prefix_comparator(doc, start - percent_lead)
                .map(|(len, c)| (len + percent_lead, c))
                .or(Some((percent_lead, Comparator::Eq)))
        } else {
            prefix
        };
        let phrase_start = start - prefix.map_or(0, |(len, _)| len);
        let baseline = baseline.filter(|b| {
            b.end <= phrase_start && layout.clause_start(b.cut) == layout.clause_start(start)
        });
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
                // A metric never starts inside a quotation (“一网通办,一次办好”事项比例).
                if let Some(q) = layout.quote_around(Span::new(left_bound, left_bound)) {
                    if q.start > floor && q.start < left_bound {
                        left_bound = q.start - 1;
                    }
                }
                if previous_end.is_some() {
                    // After a value in the same clause, the next item starts after a list mark.
                    if let Some(i) = text.slice(left_bound, phrase_start).rfind('、') {
                        left_bound += text.slice(left_bound, phrase_start)[..i].chars().count() + 1;
                    }
                }
                let left_end = baseline.as_ref().map_or(phrase_start, |b| b.cut);
                let left = self.strip_leading(doc, left_bound, left_end);
                let right = self.right_metric(doc, value_end);
                // A phrase that ends in a list mark continues the previous item ("…100%、100%实现…").
                let left = left.filter(|l| !text.slice(l.end, left_end).contains('、'));
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
        let mut year = self.deadline(doc, start).map(|m| m.year);
        let mut status = self.status(doc, start, clause_start, year);
        // The tasks of an annual plan are due in its year.
        if year.is_none()
            && status == Status::Planned
            && layout.document.genre == super::Genre::WorkPoints
        {
            year = layout.document.plan_year;
            status = Status::Planned;
        }
        let t = &self.rules.targets;
        let bare = metric.trim_matches(|c: char| !is_han(c));
        if t.bare_change_metrics.iter().any(|w| bare == w.as_str()) {
            return None; // 增长5.6%: the change of a figure that is no target
        }
        let phrase = text.slice(layout.segments.phrase_start(phrase_start), value_end);
        let vetoed = |words: &[String]| {
            words
                .iter()
                .any(|w| phrase.contains(w.as_str()) || metric.contains(w.as_str()))
        };
        if vetoed(&self.rules.scope.not_metrics) {
            return None; // 规上工业增加值, 数字经济规模: the economy, not government services
        }
        if unit.is_empty() {
            unit = self.counted_noun(&metric);
        }
        Some(Read::Target(
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
                baseline: baseline.map(|b| b.value),
            },
            value_end,
        ))
    }
}

impl TargetRules {
    /// Whether the figure at `pos` is no target whatever its scope: an award (4个市州…受到表扬),
    /// or the state before a reform ("(原需跑6次…)").
    fn excluded(&self, doc: &Doc<'_>, pos: usize) -> bool {
        let t = &self.rules.targets;
        let layout = doc.layout;
        let segments = &layout.segments;
        // The figure's phrase, and the next one when it says who was awarded (…,受到表扬).
        let phrase_end = segments.phrase_end(pos);
        let mut end = phrase_end;
        let next = doc
            .text
            .slice(phrase_end + 1, (phrase_end + 4).min(doc.text.len()));
        if starts_with_any(next, &t.award_followers).is_some() {
            end = segments.phrase_end(phrase_end + 1);
        }
        let phrase = doc.text.slice(segments.phrase_start(pos), end);
        if t.award_words.iter().any(|w| phrase.contains(w.as_str())) {
            return true;
        }
        let phrase = doc
            .text
            .slice(layout.segments.phrase_start(pos), pos)
            .trim_start();
        t.baseline_openers
            .iter()
            .any(|w| phrase.starts_with(w.as_str()))
    }

    /// The unit of a count written without a measure word (3730万): the counted noun its
    /// metric names (用户), else 个.
    fn counted_noun(&self, metric: &str) -> String {
        self.rules
            .units
            .counted_nouns
            .iter()
            .filter_map(|n| metric.rfind(n.as_str()).map(|i| (i + n.len(), n)))
            .max_by_key(|(end, n)| (*end, n.len()))
            .map_or_else(|| "个".to_string(), |(_, n)| n.clone())
    }

    /// The deadline that holds at `pos`: the last marker before it in its heading's scope —
    /// if the marker opens its sentence and no paragraph between them opens with a time of its
    /// own (近年来, 2021年之后), or if it is in the same sentence.
    fn deadline<'m>(&self, doc: &Doc<'m>, pos: usize) -> Option<&'m Marker> {
        let layout = doc.layout;
        let scope = layout.scope_start(pos);
        let m = doc
            .markers_starting(scope, pos)
            .iter()
            .rev()
            .find(|m| m.span.start >= scope && m.span.end <= pos)?;
        let sentence = layout.segments.sentence_start(m.span.start);
        if sentence == layout.segments.sentence_start(pos) {
            return Some(m);
        }
        let before = doc.text.slice(sentence, m.span.start);
        let opens = before
            .trim_matches(|c: char| c.is_whitespace() || c == '在')
            .is_empty();
        // The first line start at or after the marker's end, if it is not past `pos`.
        let first = doc.breaks.partition_point(|&b| b < m.span.end);
        let broken = doc.breaks.get(first).is_some_and(|&b| b <= pos);
        (opens && !broken).then_some(m)
    }

    /// Starts of the lines that open with a time of their own: a deadline before them does not
    /// reach past them.
    fn breaks(&self, text: &NormText, layout: &Layout, markers: &[Marker]) -> Vec<usize> {
        let sorted = markers.is_sorted_by_key(|m| m.span.start);
        let mut out = Vec::new();
        for line in &layout.segments.lines {
            let s = text.slice(line.start, line.end);
            let trimmed = s.trim_start();
            let start = line.start + (s.chars().count() - trimmed.chars().count());
            let opens_with_year = trimmed
                .starts_with(|c: char| c.is_ascii_digit() || c == '一' || c == '二')
                && self.year.find(trimmed).is_some_and(|m| m.start() == 0)
                && !markers_starting(markers, sorted, start, start)
                    .iter()
                    .any(|m| m.span.start == start);
            let breaker = self
                .rules
                .dates
                .scope_breakers
                .iter()
                .any(|w| trimmed.starts_with(w.as_str()))
                || trimmed.char_indices().take(12).any(|(i, _)| {
                    let rest = &trimmed[i..];
                    self.rules
                        .dates
                        .scope_breakers
                        .iter()
                        .any(|w| rest.starts_with(w.as_str()) && trimmed[..i].ends_with(','))
                });
            if opens_with_year || breaker {
                out.push(start);
            }
        }
        out
    }

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
        let genre = doc.layout.document.genre;
        // A text that reports tells what was done, unless its clause plans; any other text
        // plans, unless its clause says it is done.
        if genre.reports() {
            // What the clause says before the figure: "目前…1875项,力争…2000项".
            let before = doc.text.slice(clause_start, start);
            if has(before, &cues.planned) {
                Status::Planned
            } else {
                Status::Achieved
            }
        } else if has(clause, &cues.achieved) {
            Status::Achieved
        } else {
            Status::Planned
        }
    }
}

/// A value a change starts from: its value, where the metric before it ends (at 从 or 由),
/// and where its phrase ends.
struct Baseline {
    value: Decimal,
    cut: usize,
    end: usize,
}

/// What a number turned out to be.
enum Read {
    Target(Target, usize),
    Baseline(Baseline),
}

/// What the target rules read from.
struct Doc<'a> {
    text: &'a NormText,
    original: &'a str,
    layout: &'a Layout,
    markers: &'a [Marker],
    /// Whether `markers` are in the order of their starts (as the date rules find them): then
    /// the markers that start in a range are found by bisection, not by a scan of them all.
    markers_sorted: bool,
    /// Line starts past which no earlier deadline reaches, in order.
    breaks: Vec<usize>,
}

impl<'a> Doc<'a> {
    fn markers_starting(&self, from: usize, to: usize) -> &'a [Marker] {
        markers_starting(self.markers, self.markers_sorted, from, to)
    }
}

/// The markers, in their order, among which are all those starting in `[from, to]`: those
/// alone when the markers are `sorted` by start, else all of them. A search of the slice finds
/// the same marker as a search of all the markers, at a cost that does not grow with the text.
fn markers_starting(markers: &[Marker], sorted: bool, from: usize, to: usize) -> &[Marker] {
    if !sorted {
        return markers;
    }
    let lo = markers.partition_point(|m| m.span.start < from);
    let hi = markers.partition_point(|m| m.span.start <= to);
    &markers[lo..hi.max(lo)]
}

impl TargetRules {
    /// The phrase `[start, end)` without its leading dates and verbs; `None` when nothing is left.
    fn strip_leading(&self, doc: &Doc<'_>, mut start: usize, end: usize) -> Option<Span> {
        let text = doc.text;
        loop {
            if let Some(m) = doc
                .markers_starting(start, start)
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
        // A page break inside the sentence ("…、220项\n职业资格…") continues it.
        if text.char(start) == Some('\n') && start + 1 < text.len() {
            let before = text.slice(from.saturating_sub(1), from);
            let ends = self
                .rules
                .targets
                .line_ends
                .iter()
                .any(|e| before == e.as_str());
            if !ends && text.char(start + 1).is_some_and(is_han) {
                start += 1;
            }
        }
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
        // ... nor ends inside one.
        if let Some(q) = doc.layout.quote_around(Span::new(end, end)) {
            if q.start <= end && q.end < text.len() {
                end = q.end + 1;
            }
        }
        let s = text.slice(start, end);
        (s.chars().any(|c| c > '\u{2E80}')).then(|| Span::new(start, end))
    }
}
