//! Layout: where the document's sections, sentences, clauses and quotations are, which region
//! each passage is about, and the document's own region and year from its title lines.

use super::document::{DocumentModel, DocumentRules, Genre, Named, Overrides};
use super::rules::{starts_with_any, Rules, SegmentCues};
use super::segment::Segments;
use super::spans::SpanIndex;
use super::{ExtractError, RegionMention, Span};
use crate::read::NormText;
use crate::reference::{RegionLevel, Regions, COUNTRY_CODE};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

/// Compiled layout rules.
pub(crate) struct LayoutRules {
    /// Names that may stand for a province, and the other region names: matched separately,
    /// so that a county name straddling two words cannot hide a province (美丽江西 is not 丽江).
    names: AhoCorasick,
    /// Patterns below this stand for a province (and maybe other regions); the others do not.
    province_count: usize,
    /// The regions each automaton pattern may stand for (several for a shared short name).
    regions_of: Vec<Vec<Candidate>>,
    numbering: Regex,
    heading: Regex,
    heading_max_chars: usize,
    part: Regex,
    unnumbered_part: Regex,
    part_words: Vec<String>,
    connectives: Vec<String>,
    subject_verbs: Vec<String>,
    segments: SegmentCues,
    documents: DocumentRules,
    /// Level, province and parent of every region.
    levels: std::collections::HashMap<String, (RegionLevel, String, Option<String>)>,
    /// Words for the whole province (全省) and the whole city (全市) opening a clause.
    province_words: Vec<String>,
    city_words: Vec<String>,
    not_subject_after: Vec<String>,
}

/// A region a name may stand for.
#[derive(Debug, Clone)]
struct Candidate {
    code: String,
    level: RegionLevel,
    /// Code of its province (its own code for a province).
    province: String,
}

/// Level, province and parent of every region.
fn levels_of(
    regions: &Regions,
) -> std::collections::HashMap<String, (RegionLevel, String, Option<String>)> {
    regions
        .iter()
        .map(|r| {
            let province = regions
                .province_of(&r.code)
                .map_or_else(|| r.code.clone(), |p| p.code.clone());
            (r.code.clone(), (r.level, province, r.parent.clone()))
        })
        .collect()
}

/// A region name found in the text, before ambiguous names are resolved.
struct RawMention<'a> {
    span: Span,
    candidates: &'a [Candidate],
}

/// Of overlapping matches (byte start, byte end, pattern), the ones a leftmost-longest search
/// finds: the longest at the first start, then the same after its end.
fn leftmost_longest(mut matches: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    matches.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for m in matches {
        if out.last().is_none_or(|last| m.0 >= last.1) {
            out.push(m);
        }
    }
    out
}

/// A region name resolved to one region.
#[derive(Debug, Clone)]
struct Resolved {
    mention: RegionMention,
    level: RegionLevel,
    province: String,
}

/// The region a name stands for: the only candidate; else a province (吉林 is the province
/// before the city); else the one candidate in the document's province; else none.
fn resolve(m: &RawMention<'_>, province: Option<&str>) -> Option<Resolved> {
    let chosen = match m.candidates {
        [one] => one,
        many => match many.iter().find(|c| c.level == RegionLevel::Province) {
            Some(p) => p,
            None => {
                let mut local = many
                    .iter()
                    .filter(|c| Some(c.province.as_str()) == province);
                let first = local.next()?;
                if local.next().is_some() {
                    return None;
                }
                first
            }
        },
    };
    Some(Resolved {
        mention: RegionMention {
            code: chosen.code.clone(),
            span: m.span,
        },
        level: chosen.level,
        province: chosen.province.clone(),
    })
}

/// The layout of one document.
pub(crate) struct Layout {
    /// What the document is: genre, issuer, year.
    pub document: DocumentModel,
    pub region_mentions: Vec<RegionMention>,
    /// Region of passages that name none and sit in no region's section.
    default_region: String,
    /// (start, region code) of each section opened by a region heading, in order.
    region_sections: Vec<(usize, String)>,
    /// Starts of headings of any kind: a dated scope ("到2025年") ends at the next one.
    scope_starts: Vec<usize>,
    /// Start and text of each top-level heading ("一、2025年工作回顾").
    parts: Vec<(usize, String)>,
    /// The text's lines, sentences, clauses, phrases and quotations.
    pub segments: Segments,
    /// (from, until, region): the subject of a clause from where it is named to the clause's
    /// end, sorted.
    subjects: Vec<(usize, usize, String)>,
    /// For each subject, the furthest `until` of it and the subjects before it: the search for
    /// the subject at a position stops at the first subject that no earlier one reaches past.
    subjects_reach: Vec<usize>,
}

impl LayoutRules {
    pub fn new(regions: &Regions, rules: &Rules) -> Result<Self, ExtractError> {
        let mut by_name: std::collections::BTreeMap<&str, Vec<Candidate>> = Default::default();
        for region in regions.iter().filter(|r| r.level != RegionLevel::Country) {
            let mut province = region;
            while province.level != RegionLevel::Province {
                match province.parent.as_deref().and_then(|p| regions.get(p)) {
                    Some(parent) => province = parent,
                    None => break,
                }
            }
            for name in region.names() {
                by_name.entry(name).or_default().push(Candidate {
                    code: region.code.clone(),
                    level: region.level,
                    province: province.code.clone(),
                });
            }
        }
        let (province_names, local_names): (Vec<_>, Vec<_>) = by_name
            .into_iter()
            .partition(|(_, c)| c.iter().any(|c| c.level == RegionLevel::Province));
        // One automaton for both kinds of name, searched once for every match; each kind is
        // then read leftmost-longest on its own.
        let names = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(province_names.iter().chain(&local_names).map(|(n, _)| n))?;
        let province_count = province_names.len();
        let regions_of: Vec<Vec<Candidate>> = province_names
            .into_iter()
            .chain(local_names)
            .map(|(_, c)| c)
            .collect();
        let re = |p: &str| {
            Regex::new(p).map_err(|e| ExtractError::Pattern {
                pattern: p.to_string(),
                message: e.to_string(),
            })
        };
        Ok(Self {
            names,
            province_count,
            regions_of,
            numbering: re(&rules.layout.numbering)?,
            heading: re(&rules.layout.heading)?,
            heading_max_chars: rules.layout.heading_max_chars,
            part: re(&rules.layout.part)?,
            unnumbered_part: re(&rules.layout.unnumbered_part)?,
            part_words: [
                rules.status.review_parts.as_slice(),
                rules.status.plan_parts.as_slice(),
            ]
            .concat(),
            connectives: rules.regions.connectives.clone(),
            subject_verbs: rules.regions.subject_verbs.clone(),
            segments: rules.segments.clone(),
            documents: DocumentRules::new(regions, &rules.document, &rules.layout.numbering)?,
            levels: levels_of(regions),
            province_words: rules.regions.province_words.clone(),
            city_words: rules.regions.city_words.clone(),
            not_subject_after: rules.regions.not_subject_after.clone(),
        })
    }

    /// Region names in `text` (folded), leftmost-longest, with the regions each may stand for.
    /// A local name overlapping a province name counts only when it holds the whole province
    /// name and more (吉林市 over 吉林), never when it straddles it (丽江 in 美丽江西).
    fn raw_mentions(&self, text: &NormText) -> Vec<RawMention<'_>> {
        let mut province_matches = Vec::new();
        let mut local_matches = Vec::new();
        for m in self.names.find_overlapping_iter(text.as_str()) {
            let p = m.pattern().as_usize();
            let found = (m.start(), m.end(), p);
            if p < self.province_count {
                province_matches.push(found);
            } else {
                local_matches.push(found);
            }
        }
        let mention = |(start, end, p): (usize, usize, usize)| RawMention {
            span: Span::new(text.char_at(start), text.char_at(end)),
            candidates: &self.regions_of[p],
        };
        let provinces: Vec<RawMention<'_>> = leftmost_longest(province_matches)
            .into_iter()
            .map(mention)
            .collect();
        let locals: Vec<RawMention<'_>> = leftmost_longest(local_matches)
            .into_iter()
            .map(mention)
            .collect();
        let province_spans = SpanIndex::new(provinces.iter().map(|p| (p.span, ())).collect());
        let mut out: Vec<RawMention<'_>> = locals
            .into_iter()
            .filter(|l| {
                province_spans
                    .overlapping(l.span)
                    .all(|(p, _)| l.span.contains(*p) && l.span != *p)
            })
            .collect();
        let local_spans = SpanIndex::new(out.iter().map(|l| (l.span, ())).collect());
        let kept: Vec<_> = provinces
            .into_iter()
            .filter(|p| local_spans.containing(p.span).next().is_none())
            .collect();
        out.extend(kept);
        out.sort_by_key(|m| m.span);
        out
    }

    /// The layout of one text; `platform_province` is the province whose platforms it names,
    /// the document's region when nothing else tells it.
    pub fn analyse(
        &self,
        text: &NormText,
        platform_province: Option<&str>,
        file_name: Option<&str>,
        overrides: &Overrides,
    ) -> Layout {
        let raw = self.raw_mentions(text);
        let segments = Segments::new(text, &self.segments);
        let named: Vec<Named> = raw
            .iter()
            .filter_map(|m| resolve(m, None))
            .map(|r| Named {
                start: r.mention.span.start,
                end: r.mention.span.end,
                code: r.mention.code,
                level: r.level,
                province: r.province,
            })
            .collect();
        let mut document =
            self.documents
                .read(text, &segments, &named, platform_province, file_name);
        if !overrides.is_empty() {
            document.apply(overrides, |code| {
                self.levels
                    .get(code)
                    .map(|(_, province, _)| province.clone())
            });
        }
        let province = document.province.clone();
        let mut layout = Layout {
            default_region: document
                .region
                .clone()
                .unwrap_or_else(|| COUNTRY_CODE.to_string()),
            document,
            region_mentions: Vec::new(),
            region_sections: Vec::new(),
            scope_starts: Vec::new(),
            parts: Vec::new(),
            segments,
            subjects: Vec::new(),
            subjects_reach: Vec::new(),
        };
        let mentions: Vec<Resolved> = raw
            .iter()
            .filter_map(|m| resolve(m, province.as_deref()))
            .collect();
        layout.region_mentions = mentions.iter().map(|r| r.mention.clone()).collect();
        self.read_headings(text, &mentions, &mut layout);
        self.read_subjects(text, &mentions, &mut layout);
        layout
    }

    /// Sections: a line that is only a region's name (after any numbering) opens that region's
    /// section; any numbered heading ends a dated scope.
    fn read_headings(&self, text: &NormText, mentions: &[Resolved], layout: &mut Layout) {
        for &line in &layout.segments.lines {
            let raw = text.slice(line.start, line.end);
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.chars().count() > self.heading_max_chars {
                continue;
            }
            let lead = raw.len() - raw.trim_start().len();
            let start = line.start + raw[..lead].chars().count();
            if self.heading.is_match(trimmed) {
                layout.scope_starts.push(start);
                if self.part.is_match(trimmed) {
                    layout.parts.push((start, trimmed.to_string()));
                }
            } else if self.unnumbered_part.is_match(trimmed)
                && self.part_words.iter().any(|w| trimmed.contains(w.as_str()))
            {
                // “十四五”时期发展成就和2025年工作回顾: a part heading whose numbering was lost.
                layout.scope_starts.push(start);
                layout.parts.push((start, trimmed.to_string()));
            }
            let rest = match self.numbering.find(trimmed) {
                Some(m) => &trimmed[m.end()..],
                None => trimmed,
            };
            let rest = rest.trim().trim_end_matches([':', '：']);
            if rest.is_empty() {
                continue;
            }
            let offset = rest.as_ptr() as usize - trimmed.as_ptr() as usize;
            let rest_start = start + trimmed[..offset].chars().count();
            let heading_region = mentions.iter().map(|r| &r.mention).find(|m| {
                m.span.start >= rest_start
                    && m.span.start < line.end
                    && text.slice(m.span.start, m.span.end) == rest
            });
            if let Some(m) = heading_region {
                layout.region_sections.push((line.start, m.code.clone()));
                if layout.scope_starts.last() != Some(&start) {
                    layout.scope_starts.push(start);
                }
            }
        }
    }

    /// Clauses whose subject is a region: the region opens the clause (after a connective) or
    /// is followed by a reporting verb ("江苏提出…").
    fn read_subjects(&self, text: &NormText, mentions: &[Resolved], layout: &mut Layout) {
        let mut subjects = Vec::new();
        let segments = &layout.segments;
        let document = &layout.document;
        // A work report names its cities as places where things happen, and their facts stay
        // with the province; other texts make a city the subject of what it does (银川自主
        // 创新…, 金华市线上办理…) when it lies in the document's province.
        let cities_too = document.genre != Genre::WorkReport;
        let in_document = |province: &str| match document.province.as_deref() {
            None | Some(COUNTRY_CODE) => true,
            Some(p) => p == province,
        };
        let is_heading = |m: &RegionMention| {
            layout.region_sections.iter().any(|(s, _)| {
                *s <= m.span.start && m.span.start < *s + 45 && {
                    let line_end = text
                        .slice(*s, text.len())
                        .find('\n')
                        .map_or(text.len(), |b| {
                            *s + text.slice(*s, text.len())[..b].chars().count()
                        });
                    m.span.end <= line_end
                }
            })
        };
        // What stands before `start` in its segment, without connectives and marks.
        let opening = |from: usize, start: usize| {
            let mut before = text.slice(from, start).trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '、' | ':' | '“' | '”')
            });
            while let Some(c) = starts_with_any(before, &self.connectives) {
                before = before[c.len()..].trim_start_matches([',', ' ', ':']);
            }
            before.is_empty()
        };
        for r in mentions {
            let m = &r.mention;
            let after = text.slice(m.span.end, (m.span.end + 8).min(text.len()));
            let clause_start = segments.clause_start(m.span.start);
            let until = segments.clause_end(m.span.start);
            let subject = match r.level {
                RegionLevel::Province => {
                    opening(clause_start, m.span.start)
                        || starts_with_any(after, &self.subject_verbs).is_some()
                        || cities_too && self.phrase_subject(text, segments, m, &opening)
                }
                RegionLevel::Prefecture | RegionLevel::County => {
                    cities_too
                        && in_document(&r.province)
                        && (opening(clause_start, m.span.start)
                            || starts_with_any(after, &self.subject_verbs).is_some()
                            || self.phrase_subject(text, segments, m, &opening))
                        && starts_with_any(after, &self.not_subject_after).is_none()
                }
                RegionLevel::Country => false,
            };
            if subject && !is_heading(m) {
                subjects.push((m.span.end, until, m.code.clone()));
            }
        }
        // 全省 opening a clause of a city's document speaks of the province (a 编者按 of the
        // provincial bureau); 全市 in a county's document of the city.
        if let Some(region) = document.region.as_deref() {
            if let Some(&(level, ref province, ref parent)) = self.levels.get(region) {
                for (cues, target) in [
                    (
                        &self.province_words,
                        (level != RegionLevel::Province).then_some(province),
                    ),
                    (
                        &self.city_words,
                        parent.as_ref().filter(|_| level == RegionLevel::County),
                    ),
                ] {
                    let Some(target) = target else { continue };
                    for (start, end) in find_all(text, cues) {
                        let from = segments.phrase_start(start);
                        if opening(from, start) {
                            subjects.push((end, segments.clause_end(start), target.clone()));
                        }
                    }
                }
            }
        }
        subjects.sort();
        layout.subjects_reach = subjects
            .iter()
            .scan(0, |reach, &(_, until, _)| {
                *reach = until.max(*reach);
                Some(*reach)
            })
            .collect();
        layout.subjects = subjects;
    }

    /// Whether a region opens its phrase (after a comma: "…短短10天,金华市线上办理…").
    fn phrase_subject(
        &self,
        text: &NormText,
        segments: &Segments,
        m: &RegionMention,
        opening: &impl Fn(usize, usize) -> bool,
    ) -> bool {
        let from = segments.phrase_start(m.span.start);
        let next = text.slice(m.span.end, (m.span.end + 2).min(text.len()));
        opening(from, m.span.start) && starts_with_any(next, &self.not_subject_after).is_none()
    }
}

/// Every occurrence of any of `words` in `text`, as code-point spans.
fn find_all(text: &NormText, words: &[String]) -> Vec<(usize, usize)> {
    let s = text.as_str();
    let mut out = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        for (i, _) in s.match_indices(w.as_str()) {
            let start = text.char_at(i);
            out.push((start, start + w.chars().count()));
        }
    }
    out.sort();
    out
}

impl Layout {
    /// Start of the clause holding `pos`.
    pub fn clause_start(&self, pos: usize) -> usize {
        self.segments.clause_start(pos)
    }

    /// End (exclusive) of the clause holding `pos`: the position of its ending character.
    pub fn clause_end(&self, pos: usize) -> usize {
        self.segments.clause_end(pos)
    }

    /// The region a passage at `pos` is about: the subject of its clause if a region, else
    /// the region of its section, else the document's region, else the country.
    pub fn region_at(&self, pos: usize) -> &str {
        let i = self.subjects.partition_point(|(from, _, _)| *from <= pos);
        // The subjects before `pos` that may still hold it: back to the last one that no
        // earlier subject reaches past (a clause's subjects end with it, so this is the clause's
        // own few, however long the text).
        let first = self.subjects_reach[..i].partition_point(|&reach| reach <= pos);
        if let Some((_, _, code)) = self.subjects[first..i]
            .iter()
            .rev()
            .find(|(_, until, _)| pos < *until)
        {
            return code;
        }
        let i = self.region_sections.partition_point(|(s, _)| *s <= pos);
        if i > 0 {
            return &self.region_sections[i - 1].1;
        }
        &self.default_region
    }

    /// Start of the heading scope holding `pos` (0 before the first heading).
    pub fn scope_start(&self, pos: usize) -> usize {
        let i = self.scope_starts.partition_point(|&s| s <= pos);
        if i == 0 {
            0
        } else {
            self.scope_starts[i - 1]
        }
    }

    /// The top-level heading ("一、2025年工作回顾") of the part holding `pos`, if any.
    pub fn part_title(&self, pos: usize) -> Option<&str> {
        let i = self.parts.partition_point(|(s, _)| *s <= pos);
        (i > 0).then(|| self.parts[i - 1].1.as_str())
    }

    /// Whether a heading starts at `pos`.
    pub fn is_scope_start(&self, pos: usize) -> bool {
        self.scope_starts.binary_search(&pos).is_ok()
    }

    /// The quotation whose content holds `span`, if any.
    pub fn quote_around(&self, span: Span) -> Option<Span> {
        self.segments.quote_around(span)
    }

    /// Whether `pos` lies inside a 《title》.
    pub fn in_title(&self, pos: usize) -> bool {
        self.segments.in_title(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::Regions;

    fn layout(text: &str) -> (NormText, Layout) {
        let rules = Rules::bundled().unwrap();
        let l = LayoutRules::new(Regions::bundled(), &rules).unwrap();
        let t = NormText::new(text);
        let layout = l.analyse(&t, None, None, &Overrides::default());
        (t, layout)
    }

    fn region_of(text: &str, needle: &str) -> String {
        let (t, layout) = layout(text);
        let byte = t.as_str().find(needle).expect(needle);
        layout.region_at(t.char_at(byte)).to_string()
    }

    #[test]
    fn region_attribution() {
        let corpus = "引言,“一网通办”。\n01\n北京市\n到2025年,推进“一网统管”。\n02\n江西省\n例如,江苏提出到2025年建成;打造“赣服通”。";
        let cases = [
            ("一网通办", "100000"),
            ("一网统管", "110000"),
            ("到2025年建成", "320000"),
            ("赣服通", "360000"),
        ];
        for (needle, code) in cases {
            assert_eq!(region_of(corpus, needle), code, "{needle}");
        }
    }

    #[test]
    fn county_names_do_not_hide_provinces() {
        let (t, l) = layout("建设美丽江西。吉林市推进改革。");
        let found: Vec<_> = l
            .region_mentions
            .iter()
            .map(|m| {
                (
                    t.slice(m.span.start, m.span.end).to_string(),
                    m.code.clone(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("江西".to_string(), "360000".to_string()),
                ("吉林市".to_string(), "220200".to_string())
            ]
        );
    }

    #[test]
    fn a_region_inside_a_clause_is_not_its_subject() {
        let text = "广东省\n与四川共建“跨省通办”专窗。\n四川提出推进“川渝通办”。";
        assert_eq!(region_of(text, "跨省通办"), "440000");
        assert_eq!(region_of(text, "川渝通办"), "510000");
    }
}
