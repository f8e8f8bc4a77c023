//! Scope: whether a passage is about digital government and government services — by its own
//! clause, the topic sentence heading its passage, its section heading, or the document as a
//! whole. Targets are read only in scope.

use super::layout::Layout;
use super::rules::Rules;
use super::{ExtractError, NameMention};
use crate::read::NormText;
use aho_corasick::AhoCorasick;

pub(crate) struct ScopeRules {
    /// A figure with its unit ("8个", "95%"): a sentence stating one is no topic sentence.
    figure: regex::Regex,
    /// The keywords and the topic keywords, in one automaton: a text is scanned once.
    keywords: AhoCorasick,
    /// For each pattern of `keywords`: (is a keyword, is a topic keyword).
    keyword_kinds: Vec<(bool, bool)>,
    /// For each pattern of `keywords`: the words that hold it without meaning it, with the
    /// byte offset of the keyword in them.
    masks: Vec<Vec<(String, usize)>>,
    document_share: f64,
    document_min: usize,
    topic_max: usize,
}

/// The scope of one document.
pub(crate) struct Scope {
    whole_document: bool,
    /// Sorted starts of keyword hits and name mentions.
    hits: Vec<usize>,
    /// Sorted phrase ends: a figure's own words end there.
    clause_ends: Vec<usize>,
    /// (start, end, in scope) of each passage headed by a topic sentence or a heading.
    passages: Vec<(usize, usize, bool)>,
    /// (start, end) of the sentences that name a platform: a sentence about a platform is
    /// about government services throughout ("“赣服通”升级至2.0版,已经上线服务6692项,实名用户
    /// 突破800万").
    platform_sentences: Vec<(usize, usize)>,
}

impl ScopeRules {
    pub fn new(rules: &Rules) -> Result<Self, ExtractError> {
        let units: Vec<String> = rules.units.count.iter().map(|u| regex::escape(u)).collect();
        let pattern = format!(r"\d(?:\.\d+)?\s*(?:[万亿千]?(?:%|{}))", units.join("|"));
        let mut words: Vec<&String> = Vec::new();
        let mut keyword_kinds: Vec<(bool, bool)> = Vec::new();
        for (list, topic) in [
            (&rules.scope.keywords, false),
            (&rules.scope.topic_keywords, true),
        ] {
            for word in list {
                let i = words.iter().position(|w| *w == word).unwrap_or_else(|| {
                    words.push(word);
                    keyword_kinds.push((false, false));
                    words.len() - 1
                });
                if topic {
                    keyword_kinds[i].1 = true;
                } else {
                    keyword_kinds[i].0 = true;
                }
            }
        }
        let masks: Vec<Vec<(String, usize)>> = words
            .iter()
            .map(|w| {
                rules
                    .scope
                    .not_keywords
                    .iter()
                    .flat_map(|nk| {
                        nk.match_indices(w.as_str())
                            .map(|(i, _)| (nk.clone(), i))
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .collect();
        Ok(Self {
            figure: regex::Regex::new(&pattern).map_err(|e| ExtractError::Pattern {
                pattern: pattern.clone(),
                message: e.to_string(),
            })?,
            keywords: AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(words)?,
            keyword_kinds,
            masks,
            document_share: rules.scope.document_share,
            document_min: rules.scope.document_min_sentences,
            topic_max: rules.scope.topic_sentence_max_chars,
        })
    }

    pub fn analyse(&self, text: &NormText, layout: &Layout, names: &[NameMention]) -> Scope {
        let mut hits: Vec<usize> = Vec::new();
        let mut topic_hits: Vec<usize> = Vec::new();
        let s = text.as_str();
        for m in self.keywords.find_overlapping_iter(s) {
            let pattern = m.pattern().as_usize();
            let (keyword, topic) = self.keyword_kinds[pattern];
            // Words that hold a scope word without meaning it (实事项目 holds 事项).
            let masked = self.masks[pattern].iter().any(|(word, offset)| {
                m.start()
                    .checked_sub(*offset)
                    .and_then(|from| s.get(from..from + word.len()))
                    == Some(word.as_str())
            });
            if masked {
                continue;
            }
            let at = text.char_at(m.start());
            if keyword {
                hits.push(at);
            }
            if topic {
                topic_hits.push(at);
            }
        }
        hits.extend(names.iter().map(|n| n.span.start));
        hits.sort_unstable();
        hits.dedup();
        // A topic is set by a topic word or a province's digital programme (数字重庆); any
        // known name is not enough ("创新“大综合一体化”城市治理体制机制。" heads street cleaning).
        topic_hits.extend(
            names
                .iter()
                .filter(|n| n.rule == super::rules::ids::REGION_BRAND)
                .map(|n| n.span.start),
        );
        topic_hits.sort_unstable();
        let len = text.len();
        let clause_ends = layout.segments.phrase_ends.clone();
        let sentence_ends = &layout.segments.sentence_ends;
        let any_in = |hits: &[usize], start: usize, end: usize| {
            let i = hits.partition_point(|&h| h < start);
            hits.get(i).is_some_and(|&h| h < end)
        };
        let hit_in = |start: usize, end: usize| any_in(&hits, start, end);

        // Whole document: most sentences that state a figure are about the topic.
        let mut with_figures = 0usize;
        let mut about = 0usize;
        let mut start = 0;
        for &end in sentence_ends.iter().chain([&len]) {
            if text.slice(start, end).bytes().any(|b| b.is_ascii_digit()) {
                with_figures += 1;
                if hit_in(start, end) {
                    about += 1;
                }
            }
            start = end + 1;
            if start > len {
                break;
            }
        }
        let whole_document = with_figures >= self.document_min
            && about as f64 >= self.document_share * with_figures as f64;

        // Passages: a heading line up to the next heading; a short topic sentence up to the
        // next one or the end of its paragraph.
        let mut heads: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for line in &layout.segments.lines {
            let is_heading = layout.is_scope_start(line.start)
                || layout.is_scope_start(first_non_space(text, line.start, line.end));
            if is_heading {
                heads.push((line.start, line.end, None));
                continue;
            }
            let mut s = line.start;
            let first = sentence_ends.partition_point(|&e| e < line.start);
            for &e in sentence_ends[first..].iter().take_while(|&&e| e < line.end) {
                // A short sentence that does not end its line and states no figure.
                if e - s <= self.topic_max
                    && e + 1 < line.end
                    && !self.figure.is_match(text.slice(s, e))
                {
                    heads.push((s, e, Some(line.end)));
                }
                s = e + 1;
            }
        }
        let mut passages = Vec::new();
        for (i, &(start, end, paragraph_end)) in heads.iter().enumerate() {
            let next = heads.get(i + 1).map_or(len, |h| h.0);
            let until = paragraph_end.map_or(next, |p| p.min(next));
            passages.push((start, until, any_in(&topic_hits, start, end)));
        }
        let mut platform_sentences: Vec<(usize, usize)> = names
            .iter()
            .filter(|n| n.kind == crate::reference::EntryKind::Platform)
            .map(|n| {
                let segments = &layout.segments;
                (
                    segments.sentence_start(n.span.start),
                    segments.sentence_end(n.span.start),
                )
            })
            .collect();
        platform_sentences.sort_unstable();
        platform_sentences.dedup();
        Scope {
            whole_document,
            hits,
            clause_ends,
            passages,
            platform_sentences,
        }
    }
}

fn first_non_space(text: &NormText, start: usize, end: usize) -> usize {
    let s = text.slice(start, end);
    start + (s.chars().count() - s.trim_start().chars().count())
}

impl Scope {
    /// Whether `[start, end)` names a scope word or a known name.
    pub fn mentions_topic(&self, start: usize, end: usize) -> bool {
        let i = self.hits.partition_point(|&h| h < start);
        self.hits.get(i).is_some_and(|&h| h < end)
    }

    /// Whether the passage at `pos` is about digital government.
    pub fn covers(&self, pos: usize) -> bool {
        if self.whole_document {
            return true;
        }
        let i = self.clause_ends.partition_point(|&e| e < pos);
        let start = if i == 0 {
            0
        } else {
            self.clause_ends[i - 1] + 1
        };
        let end = self.clause_ends.get(i).copied().unwrap_or(usize::MAX);
        let j = self.hits.partition_point(|&h| h < start);
        if self.hits.get(j).is_some_and(|&h| h < end) {
            return true;
        }
        let s = self.platform_sentences.partition_point(|&(a, _)| a <= pos);
        if s > 0 && pos < self.platform_sentences[s - 1].1 {
            return true;
        }
        let k = self.passages.partition_point(|p| p.0 <= pos);
        k > 0 && {
            let (_, until, about) = self.passages[k - 1];
            pos < until && about
        }
    }
}
