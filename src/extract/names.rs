//! Platforms and initiatives: names the gazetteer knows, and names the text marks as such —
//! quoted and typed by a cue word (“渝快办”平台), quoted and shaped like a reform family
//! (“湾区通办”) or like an app brand (“惠企通”).

use super::layout::Layout;
use super::rules::{ends_with_any, starts_with_any, Rules};
use super::{ExtractError, NameMention, Span};
use crate::read::NormText;
use crate::reference::{EntryKind, Gazetteer, RegionLevel, Regions};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::RegexSet;

/// Words that join quoted names into one list (“甲”“乙”和“丙”).
const LIST_JOINERS: &[&str] = &["", "、", "和", "及", "与", "以及", "或"];

/// A known name as the matcher sees it.
struct Known {
    kind: EntryKind,
    name: String,
    iri: String,
    quoted_only: bool,
}

pub(crate) struct NameRules {
    automaton: AhoCorasick,
    /// Index into `known` of each automaton pattern.
    pattern_entry: Vec<usize>,
    known: Vec<Known>,
    initiative_patterns: RegexSet,
    abbreviations: Vec<char>,
    cues: crate::extract::rules::NameCues,
}

/// Whether a quoted list is typed by the words around it.
#[derive(Default, Clone, Copy)]
struct ChainCues {
    platform: bool,
    initiative: bool,
}

impl NameRules {
    pub fn new(
        gazetteer: &Gazetteer,
        regions: &Regions,
        rules: &Rules,
    ) -> Result<Self, ExtractError> {
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        let mut known = Vec::new();
        for entry in &gazetteer.entries {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                patterns.push(NormText::new(name).as_str().to_string());
                pattern_entry.push(known.len());
            }
            known.push(Known {
                kind: entry.kind,
                name: entry.name.clone(),
                iri: entry.iri.clone(),
                quoted_only: entry.quoted_only,
            });
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)?;
        let initiative_patterns =
            RegexSet::new(&rules.names.initiative_patterns).map_err(|e| ExtractError::Pattern {
                pattern: rules.names.initiative_patterns.join(" | "),
                message: e.to_string(),
            })?;
        let abbreviations = regions
            .iter()
            .filter(|r| r.level == RegionLevel::Province)
            .filter_map(|r| r.abbreviation.chars().next())
            .collect();
        Ok(Self {
            automaton,
            pattern_entry,
            known,
            initiative_patterns,
            abbreviations,
            cues: rules.names.clone(),
        })
    }

    pub fn find(&self, text: &NormText, layout: &Layout) -> Vec<NameMention> {
        let mut found = Vec::new();
        let mut known_spans = Vec::new();
        for m in self.automaton.find_iter(text.as_str()) {
            let known = &self.known[self.pattern_entry[m.pattern().as_usize()]];
            let span = Span::new(text.char_at(m.start()), text.char_at(m.end()));
            if known.quoted_only && layout.quote_around(span).is_none() {
                continue;
            }
            known_spans.push(span);
            found.push(NameMention {
                kind: known.kind,
                name: known.name.clone(),
                known: Some(known.iri.clone()),
                rule: "gazetteer",
                region: layout.region_at(span.start).to_string(),
                span,
            });
        }
        for chain in chains(text, &layout.quotes) {
            let cues = self.chain_cues(text, &chain);
            for quote in chain {
                if known_spans.iter().any(|k| quote.contains(*k)) {
                    continue;
                }
                for (kind, rule, span) in self.classify(text, quote, cues) {
                    found.push(NameMention {
                        kind,
                        name: text.slice(span.start, span.end).trim().to_string(),
                        known: None,
                        rule,
                        region: layout.region_at(span.start).to_string(),
                        span,
                    });
                }
            }
        }
        found.sort_by_key(|m| m.span);
        found
    }

    /// Cue words before the first and after the last quotation of a list.
    fn chain_cues(&self, text: &NormText, chain: &[Span]) -> ChainCues {
        let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
            return ChainCues::default();
        };
        let before = text.slice(first.start.saturating_sub(8), first.start.saturating_sub(1));
        let after_start = last.end + 1;
        let after = text.slice(after_start, (after_start + 16).min(text.len()));
        let mut platform = ends_with_any(before, &self.cues.platform_before).is_some();
        for (gap, (offset, c)) in after.char_indices().enumerate() {
            if gap > self.cues.platform_after_gap {
                break;
            }
            if starts_with_any(&after[offset..], &self.cues.platform_after).is_some() {
                platform = true;
                break;
            }
            if !is_han(c) {
                break;
            }
        }
        let initiative = starts_with_any(after, &self.cues.initiative_after).is_some();
        ChainCues {
            platform,
            initiative,
        }
    }

    /// What a quotation the gazetteer does not explain names, if anything.
    fn classify(
        &self,
        text: &NormText,
        quote: Span,
        cues: ChainCues,
    ) -> Vec<(EntryKind, &'static str, Span)> {
        let content = text.slice(quote.start, quote.end);
        if self
            .cues
            .slogan_marks
            .iter()
            .any(|m| content.contains(m.as_str()))
        {
            return Vec::new();
        }
        if content.contains('、') {
            // A quoted list of names (“异地可办、区内通办”): keep the parts that are reforms.
            let mut out = Vec::new();
            let mut start = quote.start;
            for part in content.split('、') {
                let len = part.chars().count();
                if self.is_name_shaped(part) && self.initiative_patterns.is_match(part) {
                    out.push((
                        EntryKind::Initiative,
                        "quoted-list-family",
                        Span::new(start, start + len),
                    ));
                }
                start += len + 1;
            }
            return out;
        }
        if !self.is_name_shaped(content) {
            return Vec::new();
        }
        let kind_rule = if cues.platform {
            Some((EntryKind::Platform, "quoted-platform-cue"))
        } else if self.initiative_patterns.is_match(content) {
            Some((EntryKind::Initiative, "initiative-family"))
        } else if self.is_app_shaped(content) {
            Some((EntryKind::Platform, "platform-suffix"))
        } else if cues.initiative {
            Some((EntryKind::Initiative, "quoted-initiative-cue"))
        } else {
            None
        };
        kind_rule
            .map(|(kind, rule)| vec![(kind, rule, quote)])
            .unwrap_or_default()
    }

    /// Short enough, at least two Han characters, not a bare numeral (“十四五”).
    fn is_name_shaped(&self, s: &str) -> bool {
        let len = s.chars().count();
        let han = s.chars().filter(|&c| is_han(c)).count();
        len >= 2
            && len <= self.cues.max_name_chars
            && han >= 2
            && !s
                .chars()
                .all(crate::extract::numbers::is_chinese_numeral_char)
    }

    /// Ends like an app or platform brand (惠企通, 吉林祥云), or is a region abbreviation plus
    /// a service word (粤政易, 甘快办).
    fn is_app_shaped(&self, s: &str) -> bool {
        let len = s.chars().count();
        let suffix = len >= 3
            && ends_with_any(s, &self.cues.initiative_not_platform_suffixes).is_none()
            && self
                .cues
                .platform_suffixes
                .iter()
                .any(|x| s.ends_with(x.as_str()));
        let abbreviation = len == 3
            && s.chars()
                .next()
                .is_some_and(|c| self.abbreviations.contains(&c))
            && self
                .cues
                .abbreviation_app_suffixes
                .iter()
                .any(|x| s.ends_with(x.as_str()));
        suffix || abbreviation
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2A6DF}')
}

/// Groups quotations that follow each other with nothing or a list word between them.
fn chains(text: &NormText, quotes: &[Span]) -> Vec<Vec<Span>> {
    let mut out: Vec<Vec<Span>> = Vec::new();
    for &q in quotes {
        let joined = out.last().and_then(|c| c.last()).is_some_and(|prev| {
            // prev.end is the closing mark, q.start - 1 the opening mark.
            q.start > prev.end
                && LIST_JOINERS.contains(&text.slice(prev.end + 1, q.start.saturating_sub(1)))
        });
        match out.last_mut() {
            Some(chain) if joined => chain.push(q),
            _ => out.push(vec![q]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::LayoutRules;

    fn names(text: &str) -> Vec<(EntryKind, String, &'static str)> {
        let rules = Rules::bundled().unwrap();
        let regions = Regions::bundled();
        let n = NameRules::new(Gazetteer::bundled(), regions, &rules).unwrap();
        let t = NormText::new(text);
        let layout = LayoutRules::new(regions, &rules).unwrap().analyse(&t);
        n.find(&t, &layout)
            .into_iter()
            .map(|m| (m.kind, m.name, m.rule))
            .collect()
    }

    use EntryKind::{Initiative as I, Platform as P};

    #[test]
    fn names_found_and_classified() {
        type Expected<'a> = &'a [(EntryKind, &'a str, &'a str)];
        let cases: &[(&str, Expected)] = &[
            ("深化“件事一次办”改革", &[(I, "一件事一次办", "gazetteer")]),
            ("推进跨省通办", &[(I, "跨省通办", "gazetteer")]),
            (
                "推广应用“某某通”平台",
                &[(P, "某某通", "quoted-platform-cue")],
            ),
            (
                "“某某办”协同办公平台",
                &[(P, "某某办", "quoted-platform-cue")],
            ),
            (
                "建成“一网统管”基础平台“某治慧”",
                &[
                    (I, "一网统管", "gazetteer"),
                    (P, "某治慧", "quoted-platform-cue"),
                ],
            ),
            (
                "推广“异地可办、区内通办”",
                &[(I, "异地可办", "gazetteer"), (I, "区内通办", "gazetteer")],
            ),
            (
                "推广“村内通办、镇内通办”",
                &[
                    (I, "村内通办", "quoted-list-family"),
                    (I, "镇内通办", "quoted-list-family"),
                ],
            ),
            (
                "打造“甲快办”“乙政通”和“码通”特色品牌",
                &[
                    (P, "甲快办", "quoted-platform-cue"),
                    (P, "乙政通", "quoted-platform-cue"),
                    (P, "码通", "quoted-platform-cue"),
                ],
            ),
            ("实现“园区通办”", &[(I, "园区通办", "initiative-family")]),
            ("建设政策兑现“惠民通”", &[(P, "惠民通", "platform-suffix")]),
            ("打造“皖快办”", &[(P, "皖快办", "platform-suffix")]),
            (
                "“智能审批”改革",
                &[(I, "智能审批", "quoted-initiative-cue")],
            ),
        ];
        for (text, expected) in cases {
            let expected: Vec<_> = expected
                .iter()
                .map(|(k, n, r)| (*k, n.to_string(), *r))
                .collect();
            assert_eq!(names(text), expected, "{text}");
        }
    }

    #[test]
    fn slogans_and_adjectives_are_not_names() {
        for text in [
            "从“好用”向“爱用”“常用”转变",
            "推动“强富美高”新江苏建设",
            "提供“山西方案”、打造“山西样板”",
            "“十四五”专项规划",
            "基本建成“整体智治、唯实唯先”的现代政府",
            "聚焦“一屏观天下,一网管全城”",
            "巩固“一窗办理、集成服务”改革成效",
            "推进政务服务事项全流程网上办理",
            "推动更多事项掌上办",
        ] {
            assert_eq!(names(text), [], "{text}");
        }
    }

    #[test]
    fn quoted_only_names_count_in_quotes() {
        assert_eq!(
            names("推出更多服务事项“网上办、掌上办”"),
            [
                (I, "网上办".to_string(), "gazetteer"),
                (I, "掌上办".to_string(), "gazetteer")
            ]
        );
    }
}
