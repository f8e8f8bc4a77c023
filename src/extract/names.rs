//! Platforms and initiatives: names the gazetteer knows, and names the text marks as such —
//! quoted and typed by a cue word (“渝快办”平台), quoted and shaped like a reform family
//! (“湾区通办”) or like an app brand (“惠企通”), quoted in a list with known platforms, a
//! province's programme brand (数字重庆), an unquoted programme (实施数据质量提升行动) or an
//! unquoted platform with a distinctive name (数字政府大脑平台).

use super::layout::Layout;
use super::rules::{ends_with_any, ids, starts_with_any, NameCues, Rules, SegmentCues};
use super::scope::Scope;
use super::spans::SpanIndex;
use super::{is_han, ExtractError, NameMention, Span};
use crate::read::NormText;
use crate::reference::{EntryKind, Gazetteer, RegionLevel, Regions};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};

/// A name mention attributed to the region of its passage.
fn mention(
    layout: &Layout,
    kind: EntryKind,
    name: String,
    known: Option<String>,
    rule: &'static str,
    span: Span,
) -> NameMention {
    NameMention {
        kind,
        name,
        known,
        rule,
        region: layout.region_at(span.start).to_string(),
        span,
    }
}

/// A known name as the matcher sees it.
struct Known {
    kind: EntryKind,
    name: String,
    iri: String,
    quoted_only: bool,
    /// The province of the region that runs a platform (not the country's).
    province: Option<String>,
}

pub(crate) struct NameRules {
    automaton: AhoCorasick,
    /// Index into `known` of each automaton pattern.
    pattern_entry: Vec<usize>,
    known: Vec<Known>,
    initiative_patterns: RegexSet,
    abbreviations: Vec<char>,
    /// Codes of provinces and prefectures.
    local_levels: std::collections::HashSet<String>,
    actions: Regex,
    unquoted_initiatives: Option<Regex>,
    /// Provinces' short names, longest first (广东, 内蒙古), which may open a programme's name.
    province_short_names: Vec<String>,
    unquoted_platforms: AhoCorasick,
    cues: NameCues,
    segments: SegmentCues,
}

/// How the words around a quoted list, or the known names in it, type it.
#[derive(Default, Clone, Copy)]
struct ChainCues {
    platform: bool,
    listed_with_platforms: bool,
    initiative: bool,
}

fn pattern_error(pattern: String, e: impl std::fmt::Display) -> ExtractError {
    ExtractError::Pattern {
        pattern,
        message: e.to_string(),
    }
}

fn alternation(words: &[String]) -> String {
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

impl NameRules {
    pub fn new(
        gazetteer: &Gazetteer,
        regions: &Regions,
        rules: &Rules,
    ) -> Result<Self, ExtractError> {
        let cues = &rules.names;
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        let mut known = Vec::new();
        for entry in &gazetteer.entries {
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                patterns.push(NormText::new(name).as_str().to_string());
                pattern_entry.push(known.len());
            }
            let province = entry
                .region
                .as_deref()
                .and_then(|code| regions.province_of(code).map(|p| p.code.clone()))
                .or_else(|| {
                    entry.region.clone().filter(|c| {
                        regions
                            .get(c)
                            .is_some_and(|r| r.level == RegionLevel::Province)
                    })
                });
            known.push(Known {
                kind: entry.kind,
                name: entry.name.clone(),
                iri: entry.iri.clone(),
                quoted_only: entry.quoted_only,
                province,
            });
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)?;
        let initiative_patterns = RegexSet::new(&cues.initiative_patterns)
            .map_err(|e| pattern_error(cues.initiative_patterns.join(" | "), e))?;
        let provinces: Vec<_> = regions
            .iter()
            .filter(|r| r.level == RegionLevel::Province)
            .collect();
        let abbreviations = provinces
            .iter()
            .filter_map(|r| r.abbreviation.chars().next())
            .collect();
        let mut short_names: Vec<String> = provinces
            .iter()
            .filter(|r| !r.short_name.is_empty())
            .map(|r| r.short_name.clone())
            .collect();
        short_names.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        // Provinces and prefectures, whose names open a programme brand (数字威海) or a
        // portal (江苏政务服务网).
        let local_levels = regions
            .iter()
            .filter(|r| matches!(r.level, RegionLevel::Province | RegionLevel::Prefecture))
            .map(|r| r.code.clone())
            .collect();
        let p = format!(
            "(?:{})([^,;。！？!?:、“”《》\\s]{{2,16}}?(?:{}))(?:[,;。！？!?、]|$)",
            alternation(&cues.action_verbs),
            alternation(&cues.action_heads)
        );
        let actions = Regex::new(&p).map_err(|e| pattern_error(p.clone(), e))?;
        let unquoted_initiatives = if cues.unquoted_initiative_patterns.is_empty() {
            None
        } else {
            let p = cues.unquoted_initiative_patterns.join("|");
            Some(Regex::new(&p).map_err(|e| pattern_error(p.clone(), e))?)
        };
        Ok(Self {
            automaton,
            pattern_entry,
            known,
            initiative_patterns,
            abbreviations,
            local_levels,
            actions,
            unquoted_initiatives,
            province_short_names: short_names,
            unquoted_platforms: AhoCorasick::new(&cues.unquoted_platform_heads)?,
            cues: cues.clone(),
            segments: rules.segments.clone(),
        })
    }

    /// The province whose platforms a text names, when they are all of one province (a
    /// proposal on 赣服通 that says only 我市 is 江西's).
    pub fn platform_province(&self, scan: &[(Span, usize)]) -> Option<String> {
        let mut found: Option<&str> = None;
        for &(_, entry) in scan {
            let known = &self.known[entry];
            let Some(p) = known.province.as_deref() else {
                continue;
            };
            match found {
                None => found = Some(p),
                Some(f) if f == p => {}
                Some(_) => return None,
            }
        }
        found.map(str::to_string)
    }

    /// Every known name in the text: its span and its gazetteer entry. The text is scanned
    /// once; [`NameRules::platform_province`] and [`NameRules::known`] read the result.
    pub fn scan(&self, text: &NormText) -> Vec<(Span, usize)> {
        self.automaton
            .find_iter(text.as_str())
            .map(|m| {
                let span = Span::new(text.char_at(m.start()), text.char_at(m.end()));
                (span, self.pattern_entry[m.pattern().as_usize()])
            })
            .collect()
    }

    /// Names the text states outright: the gazetteer's (from `scan`), regions' programme
    /// brands (数字重庆) and portals (江苏政务服务网). They also tell which passages are about
    /// digital government.
    pub fn known(
        &self,
        text: &NormText,
        layout: &Layout,
        scan: &[(Span, usize)],
    ) -> Vec<NameMention> {
        let mut found = Vec::new();
        // Every known name with whether it stands as a name: quoted, or not an everyday phrase.
        let matches: Vec<(Span, &Known, bool)> = scan
            .iter()
            .map(|&(span, entry)| {
                let known = &self.known[entry];
                // A name that is also an everyday phrase stands only as a whole quotation or a
                // whole item of a quoted list (“网上办、掌上办”), not inside a longer quoted name
                // (“一卡通办” holds 一卡通).
                let stands = !known.quoted_only
                    || layout.quote_around(span).is_some_and(|q| {
                        let item_start =
                            span.start == q.start || text.char(span.start - 1) == Some('、');
                        let item_end = span.end == q.end || text.char(span.end) == Some('、');
                        item_start && item_end
                    });
                (span, known, stands)
            })
            .collect();
        for (i, &(span, known, stands)) in matches.iter().enumerate() {
            let rule = if stands {
                ids::GAZETTEER
            } else if self.listed_unquoted(text, &matches, i) {
                // 京通、京办、京智等智慧终端: known names listed together are names.
                ids::GAZETTEER_LIST
            } else {
                continue;
            };
            found.push(mention(
                layout,
                known.kind,
                known.name.clone(),
                Some(known.iri.clone()),
                rule,
                span,
            ));
        }
        let mut taken = SpanIndex::new(found.iter().map(|m| (m.span, ())).collect());
        let mut regional = self.region_brands(text, layout);
        regional.extend(self.region_portals(text, layout));
        for (kind, rule, span) in regional {
            // Inside a quotation only as the whole of it (“信用浙江”).
            let partly_quoted = layout.quote_around(span).is_some_and(|q| q != span);
            if !partly_quoted && !taken.nested(span) {
                let name = text.slice(span.start, span.end).to_string();
                found.push(mention(layout, kind, name, None, rule, span));
                taken.insert(span, ());
            }
        }
        found.sort_by_key(|m| m.span);
        found
    }

    /// Whether the unquoted known name `matches[i]` is listed with another known name of its
    /// kind (京通、京办) or followed by 等 and a platform word (京智等智慧终端).
    fn listed_unquoted(&self, text: &NormText, matches: &[(Span, &Known, bool)], i: usize) -> bool {
        let (span, known, _) = matches[i];
        if known.kind != EntryKind::Platform {
            return false; // 网上办、掌上办 unquoted are everyday words
        }
        let joined = |a: Span, b: Span| {
            b.start >= a.end
                && self
                    .cues
                    .list_joiners
                    .iter()
                    .any(|j| text.slice(a.end, b.start) == j.as_str())
        };
        let neighbour = |j: usize| matches.get(j).is_some_and(|m| m.1.kind == known.kind);
        if i > 0 && neighbour(i - 1) && joined(matches[i - 1].0, span) {
            return true;
        }
        if neighbour(i + 1) && joined(span, matches[i + 1].0) {
            return true;
        }
        let after = text.slice(span.end, (span.end + 8).min(text.len()));
        known.kind == EntryKind::Platform
            && after.starts_with('等')
            && self
                .cues
                .list_category_words
                .iter()
                .any(|w| after.contains(w.as_str()))
    }

    /// Names the text marks as such, beside the `known` ones. The weaker rules (a cue word
    /// after a quotation, an unquoted programme or platform, a "+" reform) count only in
    /// passages about digital government.
    pub fn discover(
        &self,
        text: &NormText,
        layout: &Layout,
        known: &[NameMention],
        scope: &Scope,
    ) -> Vec<NameMention> {
        let known_spans = SpanIndex::new(known.iter().map(|k| (k.span, k.kind)).collect());
        let is_known = |span: Span| known_spans.nested(span);
        let mut found = Vec::new();
        let keep =
            |found: &mut Vec<NameMention>, kind, rule: &'static str, span: Span, name: String| {
                let weak = self.cues.needs_scope.contains(rule) || name.contains('+');
                // A platform that serves a sector (生猪…管理平台), by its name or description.
                // A name known only by its shape (“蜀道通”) answers for its whole clause.
                let shaped = rule == ids::PLATFORM_SUFFIX || rule == ids::ABBREVIATION_APP;
                let described = if shaped {
                    text.slice(layout.clause_start(span.start), layout.clause_end(span.end))
                } else {
                    text.slice(
                        span.start.saturating_sub(10),
                        (span.end + 10).min(text.len()),
                    )
                };
                let sector = kind == EntryKind::Platform
                    && self
                        .cues
                        .not_sectors
                        .iter()
                        .any(|w| described.contains(w.as_str()));
                if (!weak || scope.covers(span.start)) && !sector {
                    found.push(mention(layout, kind, name, None, rule, span));
                }
            };
        for chain in chains(text, &layout.segments.quotes, &self.segments.list_joiners) {
            let cues = self.chain_cues(text, &chain, &known_spans);
            for &quote in &chain {
                if known_spans.inside(quote).next().is_some() {
                    continue;
                }
                for (kind, rule, span) in self.classify(text, quote, cues) {
                    let name = text.slice(span.start, span.end).trim().to_string();
                    keep(&mut found, kind, rule, span, name);
                }
            }
        }
        // Where quoted names end: “一企来办”企业数智化服务平台 says what the quoted name is.
        let quoted_name_ends: std::collections::HashSet<usize> = known
            .iter()
            .chain(&found)
            .filter(|n| layout.quote_around(n.span) == Some(n.span))
            .map(|n| n.span.end)
            .collect();
        let mut unquoted = self.actions(text);
        unquoted.extend(self.unquoted_initiatives(text));
        unquoted.extend(self.unquoted_platforms(text));
        for (kind, rule, span) in unquoted {
            let partly_quoted = layout.quote_around(span).is_some_and(|q| q != span);
            let describes_quoted_name = span.start > 0
                && text.char(span.start - 1) == Some('”')
                && quoted_name_ends.contains(&(span.start - 1));
            if is_known(span) || partly_quoted || describes_quoted_name {
                continue;
            }
            let name = text.slice(span.start, span.end).to_string();
            keep(&mut found, kind, rule, span, name);
        }
        found.sort_by_key(|m| m.span);
        found.dedup_by(|a, b| a.span == b.span);
        // A name inside a longer one is part of it.
        let spans = SpanIndex::new(found.iter().map(|m| (m.span, ())).collect());
        found.retain(|m| spans.containing(m.span).count() == 1);
        found
    }

    /// How the words around a quoted list type it: a cue word before its first or after its
    /// last quotation, or known platforms in the list and no known initiative.
    fn chain_cues(
        &self,
        text: &NormText,
        chain: &[Span],
        known: &SpanIndex<EntryKind>,
    ) -> ChainCues {
        let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
            return ChainCues::default();
        };
        let before = text.slice(first.start.saturating_sub(8), first.start.saturating_sub(1));
        let after_start = last.end + 1;
        let after = text.slice(after_start, (after_start + 16).min(text.len()));
        let kinds: Vec<EntryKind> = chain
            .iter()
            .flat_map(|q| known.inside(*q))
            .map(|(_, kind)| *kind)
            .collect();
        let listed_with_platforms =
            kinds.contains(&EntryKind::Platform) && !kinds.contains(&EntryKind::Initiative);
        ChainCues {
            platform: ends_with_any(before, &self.cues.platform_before).is_some()
                || self.cue_after(after, &self.cues.platform_after),
            listed_with_platforms,
            initiative: self.cue_after(after, &self.cues.initiative_after),
        }
    }

    /// Whether `after` starts with one of `cues`, possibly after a few characters of
    /// description (“湘政通”协同办公平台).
    fn cue_after(&self, after: &str, cues: &[String]) -> bool {
        for (gap, (offset, c)) in after.char_indices().enumerate() {
            if gap > self.cues.cue_gap {
                break;
            }
            if starts_with_any(&after[offset..], cues).is_some() {
                return true;
            }
            if !is_han(c) {
                break;
            }
        }
        false
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
            // A quoted list of names (“异地可办、区内通办”): keep the parts that are reforms,
            // when most of them are; a list of steps with one reform-like part
            // (“一次告知、一表申请、…、一网办理”) is a slogan.
            let mut out = Vec::new();
            let mut start = quote.start;
            let parts: Vec<&str> = content.split('、').collect();
            for part in &parts {
                let len = part.chars().count();
                if self.is_name_shaped(part) && self.is_initiative_family(part) {
                    out.push((
                        EntryKind::Initiative,
                        ids::QUOTED_LIST_FAMILY,
                        Span::new(start, start + len),
                    ));
                }
                start += len + 1;
            }
            if out.len() * 2 <= parts.len() {
                out.clear();
            }
            return out;
        }
        if !self.is_name_shaped(content)
            || !self.plus_is_digital(content)
            || ends_with_any(content, &self.cues.manner_suffixes).is_some()
        {
            return Vec::new();
        }
        // Every rule that could type the quotation; the one of highest priority wins.
        let candidates = [
            (
                cues.listed_with_platforms,
                EntryKind::Platform,
                ids::QUOTED_PLATFORM_LIST,
            ),
            (cues.platform, EntryKind::Platform, ids::QUOTED_PLATFORM_CUE),
            (
                self.is_initiative_family(content),
                EntryKind::Initiative,
                ids::INITIATIVE_FAMILY,
            ),
            (
                self.has_app_suffix(content),
                EntryKind::Platform,
                ids::PLATFORM_SUFFIX,
            ),
            (
                self.is_abbreviation_app(content),
                EntryKind::Platform,
                ids::ABBREVIATION_APP,
            ),
            (
                cues.initiative,
                EntryKind::Initiative,
                ids::QUOTED_INITIATIVE_CUE,
            ),
        ];
        let priority = |rule: &str| self.cues.priorities.get(rule).copied().unwrap_or(0);
        candidates
            .into_iter()
            .filter(|(applies, _, _)| *applies)
            .max_by_key(|(_, _, rule)| priority(rule))
            .map(|(_, kind, rule)| vec![(kind, rule, quote)])
            .unwrap_or_default()
    }

    fn is_initiative_family(&self, s: &str) -> bool {
        s.chars().count() >= 3 && self.initiative_patterns.is_match(s) && self.plus_is_digital(s)
    }

    /// A name with "+" names a digital reform only after 互联网, 人工智能, 数据, …
    fn plus_is_digital(&self, s: &str) -> bool {
        match s.split_once('+') {
            None => true,
            Some((before, _)) => self.cues.plus_prefixes.iter().any(|p| before == p),
        }
    }

    /// Short enough, at least two Han characters, not a bare numeral (“十四五”) or a count
    /// (“五个中心”).
    fn is_name_shaped(&self, s: &str) -> bool {
        let len = s.chars().count();
        let han = s.chars().filter(|&c| is_han(c)).count();
        let numeral = crate::extract::numbers::is_chinese_numeral_char;
        let counted = s
            .char_indices()
            .find(|(_, c)| !numeral(*c))
            .is_some_and(|(i, _)| {
                i > 0 && starts_with_any(&s[i..], &self.cues.slogan_counters).is_some()
            });
        len >= 2
            && len <= self.cues.max_name_chars
            && han >= 2
            && !s.chars().all(numeral)
            && !counted
    }

    /// Ends like an app or platform brand: 惠企通, 吉林祥云.
    fn has_app_suffix(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let reduplicated = chars.len() == 3 && chars[0] == chars[1];
        chars.len() >= 3
            && !reduplicated
            && ends_with_any(s, &self.cues.initiative_not_platform_suffixes).is_none()
            && !self
                .cues
                .platform_suffix_words
                .iter()
                .any(|w| s.ends_with(w.as_str()))
            && self
                .cues
                .platform_suffixes
                .iter()
                .any(|x| s.ends_with(x.as_str()))
    }

    /// A province's one-character abbreviation and a service word: 粤政易, 甘快办.
    fn is_abbreviation_app(&self, s: &str) -> bool {
        s.chars().count() == 3
            && !self
                .cues
                .platform_suffix_words
                .iter()
                .any(|w| s.ends_with(w.as_str()))
            && s.chars()
                .next()
                .is_some_and(|c| self.abbreviations.contains(&c))
            && self
                .cues
                .abbreviation_app_suffixes
                .iter()
                .any(|x| s.ends_with(x.as_str()))
    }

    /// A region's government-service portal or app: 江苏政务服务网, 江苏政务服务APP.
    fn region_portals(
        &self,
        text: &NormText,
        layout: &Layout,
    ) -> Vec<(EntryKind, &'static str, Span)> {
        let mut out = Vec::new();
        for m in self.local_mentions(layout) {
            let after = text.slice(m.span.end, (m.span.end + 8).min(text.len()));
            if let Some(suffix) = starts_with_any(after, &self.cues.portal_suffixes) {
                let end = m.span.end + suffix.chars().count();
                out.push((
                    EntryKind::Platform,
                    ids::REGION_PORTAL,
                    Span::new(m.span.start, end),
                ));
            }
        }
        out
    }

    /// The province and prefecture names of the text.
    fn local_mentions<'l>(
        &self,
        layout: &'l Layout,
    ) -> impl Iterator<Item = &'l super::RegionMention> + use<'l, '_> {
        layout
            .region_mentions
            .iter()
            .filter(|m| self.local_levels.contains(&m.code))
    }

    /// A province's or city's own programme brand: 数字重庆, 信用浙江, 数字威海 — a brand
    /// prefix, the region's name, and (after a closing quote, if any) one of the words after.
    fn region_brands(
        &self,
        text: &NormText,
        layout: &Layout,
    ) -> Vec<(EntryKind, &'static str, Span)> {
        let mut out = Vec::new();
        for m in self.local_mentions(layout) {
            let before = text.slice(m.span.start.saturating_sub(2), m.span.start);
            let Some(prefix) = ends_with_any(before, &self.cues.region_brand_prefixes) else {
                continue;
            };
            let mut after = text.slice(m.span.end, (m.span.end + 4).min(text.len()));
            after = after.strip_prefix('”').unwrap_or(after);
            if starts_with_any(after, &self.cues.region_brand_after).is_none() {
                continue;
            }
            let start = m.span.start - prefix.chars().count();
            out.push((
                EntryKind::Initiative,
                ids::REGION_BRAND,
                Span::new(start, m.span.end),
            ));
        }
        out
    }

    /// An unquoted programme with a digital subject: 实施数据质量提升行动.
    fn actions(&self, text: &NormText) -> Vec<(EntryKind, &'static str, Span)> {
        self.actions
            .captures_iter(text.as_str())
            .filter_map(|c| c.get(1))
            .filter(|m| {
                let name = m.as_str();
                let has = |words: &[String]| words.iter().any(|w| name.contains(w.as_str()));
                has(&self.cues.action_markers) && !has(&self.cues.action_not)
            })
            .map(|m| {
                // 深化开展营商环境对标提升行动: the name starts after every verb before it.
                let mut start = m.start();
                while let Some(verb) =
                    starts_with_any(&text.as_str()[start..m.end()], &self.cues.action_verbs)
                {
                    start += verb.len();
                }
                let span = Span::new(text.char_at(start), text.char_at(m.end()));
                (EntryKind::Initiative, ids::ACTION, span)
            })
            .collect()
    }

    /// A reform whose name's shape says what it is, quoted or not: 跨市通办, 数字政府2.0 — with
    /// the province's short name when it opens the name (广东数字政府2.0).
    fn unquoted_initiatives(&self, text: &NormText) -> Vec<(EntryKind, &'static str, Span)> {
        let Some(re) = &self.unquoted_initiatives else {
            return Vec::new();
        };
        re.find_iter(text.as_str())
            .map(|m| {
                let before = &text.as_str()[..m.start()];
                let province = self
                    .province_short_names
                    .iter()
                    .find(|n| before.ends_with(n.as_str()))
                    .map_or(0, |n| n.len());
                let span = Span::new(text.char_at(m.start() - province), text.char_at(m.end()));
                (EntryKind::Initiative, ids::UNQUOTED_FAMILY, span)
            })
            .collect()
    }

    /// An unquoted platform with a distinctive name:
    /// 数字政府大脑平台, 对企集成政务服务智能平台; not 一体化政务服务平台.
    fn unquoted_platforms(&self, text: &NormText) -> Vec<(EntryKind, &'static str, Span)> {
        let mut out = Vec::new();
        for m in self.unquoted_platforms.find_iter(text.as_str()) {
            let end = text.char_at(m.end());
            let head_start = text.char_at(m.start());
            let mut start = head_start;
            let mut bounded = false;
            while start > 0 && head_start - start < self.cues.max_unquoted_platform_chars {
                match text.char(start - 1) {
                    Some(c) if is_han(c) && !self.segments.name_bounds.contains(&c) => start -= 1,
                    _ => {
                        bounded = true;
                        break;
                    }
                }
            }
            bounded |= start == 0;
            // The name begins after the last verb or particle that opens it.
            let left = text.slice(start, head_start);
            let opener = self
                .cues
                .platform_name_openers
                .iter()
                .filter_map(|w| left.rfind(w.as_str()).map(|i| (i + w.len(), w)))
                .max_by_key(|(end, w)| (*end, w.len()));
            // A name with neither a bound nor an opener on its left has no known start.
            if opener.is_none() && !bounded {
                continue;
            }
            let cut = opener.map_or(0, |(end, _)| end);
            // “苏服办”等为民服务平台: the kind of the things listed, not a platform.
            let category =
                opener.is_some_and(|(_, w)| self.cues.platform_category_after.contains(w));
            let mut name_start = start + left[..cut].chars().count();
            while text.char(name_start).is_some_and(|c| "和与及".contains(c)) {
                name_start += 1;
            }
            let name = text.slice(name_start, head_start);
            // 规则和平台: "rules and platforms".
            let coordinated = name.ends_with(['和', '与', '及']);
            // 7大要素交易服务平台: a count of platforms, not a name.
            let before = name_start.checked_sub(1).and_then(|i| text.char(i));
            let counted = before.is_some_and(|c| {
                c.is_ascii_digit() || crate::extract::numbers::is_chinese_numeral_char(c)
            });
            if name.chars().count() < self.cues.min_unquoted_platform_chars
                || coordinated
                || category
                || counted
                || self.is_generic(name)
            {
                continue;
            }
            out.push((
                EntryKind::Platform,
                ids::UNQUOTED_PLATFORM,
                Span::new(name_start, end),
            ));
        }
        out
    }

    /// Whether a platform name is made only of generic words.
    fn is_generic(&self, name: &str) -> bool {
        let mut rest = name;
        'outer: while !rest.is_empty() {
            for w in &self.cues.generic_platform_words {
                if let Some(r) = rest.strip_prefix(w.as_str()) {
                    rest = r;
                    continue 'outer;
                }
            }
            return false;
        }
        true
    }
}

/// Groups quotations that follow each other with nothing or a list word between them.
fn chains(text: &NormText, quotes: &[Span], joiners: &[String]) -> Vec<Vec<Span>> {
    let mut out: Vec<Vec<Span>> = Vec::new();
    for &q in quotes {
        let joined = out.last().and_then(|c| c.last()).is_some_and(|prev| {
            // prev.end is the closing mark, q.start - 1 the opening mark.
            q.start > prev.end
                && joiners
                    .iter()
                    .any(|j| j == text.slice(prev.end + 1, q.start.saturating_sub(1)))
        });
        match out.last_mut() {
            Some(chain) if joined => chain.push(q),
            _ => out.push(vec![q]),
        }
    }
    out
}
