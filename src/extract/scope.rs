//! Scope: whether a passage is about digital government and government services — by its own
//! clause, the topic sentence heading its passage, its section heading, or the document as a
//! whole. Targets are read only in scope.

use super::layout::Layout;
use super::rules::Rules;
use super::{ExtractError, NameMention};
use crate::read::NormText;
use aho_corasick::AhoCorasick;

/// Characters that end a clause for scope.
fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ';' | '；' | '。' | '！' | '？' | '!' | '?' | '\n' | '\r'
    )
}

/// Characters that end a sentence.
fn is_sentence_mark(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '\r')
}

pub(crate) struct ScopeRules {
    /// A figure with its unit ("8个", "95%"): a sentence stating one is no topic sentence.
    figure: regex::Regex,
    /// The keywords and the topic keywords, in one automaton: a text is scanned once.
    keywords: AhoCorasick,
    /// For each pattern of `keywords`: (is a keyword, is a topic keyword).
    keyword_kinds: Vec<(bool, bool)>,
    document_share: f64,
    document_min: usize,
    topic_max: usize,
}

/// The scope of one document.
pub(crate) struct Scope {
    whole_document: bool,
    /// Sorted starts of keyword hits and name mentions.
    hits: Vec<usize>,
    /// Sorted clause ends.
    clause_ends: Vec<usize>,
    /// (start, end, in scope) of each passage headed by a topic sentence or a heading.
    passages: Vec<(usize, usize, bool)>,
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
        Ok(Self {
            figure: regex::Regex::new(&pattern).map_err(|e| ExtractError::Pattern {
                pattern: pattern.clone(),
                message: e.to_string(),
            })?,
            keywords: AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(words)?,
            keyword_kinds,
            document_share: rules.scope.document_share,
            document_min: rules.scope.document_min_sentences,
            topic_max: rules.scope.topic_sentence_max_chars,
        })
    }

    pub fn analyse(&self, text: &NormText, layout: &Layout, names: &[NameMention]) -> Scope {
        let mut hits: Vec<usize> = Vec::new();
        let mut topic_hits: Vec<usize> = Vec::new();
        for m in self.keywords.find_overlapping_iter(text.as_str()) {
            let (keyword, topic) = self.keyword_kinds[m.pattern().as_usize()];
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
                .filter(|n| n.rule == "region-brand")
                .map(|n| n.span.start),
        );
        topic_hits.sort_unstable();
        let chars: Vec<char> = text.as_str().chars().collect();
        let clause_ends: Vec<usize> = positions(&chars, is_clause_mark);
        let sentence_ends: Vec<usize> = positions(&chars, is_sentence_mark);
        let any_in = |hits: &[usize], start: usize, end: usize| {
            let i = hits.partition_point(|&h| h < start);
            hits.get(i).is_some_and(|&h| h < end)
        };
        let hit_in = |start: usize, end: usize| any_in(&hits, start, end);

        // Whole document: most sentences that state a figure are about the topic.
        let mut with_figures = 0usize;
        let mut about = 0usize;
        let mut start = 0;
        for &end in sentence_ends.iter().chain([&chars.len()]) {
            if chars[start..end].iter().any(|c| c.is_ascii_digit()) {
                with_figures += 1;
                if hit_in(start, end) {
                    about += 1;
                }
            }
            start = end + 1;
            if start > chars.len() {
                break;
            }
        }
        let whole_document = with_figures >= self.document_min
            && about as f64 >= self.document_share * with_figures as f64;

        // Passages: a heading line up to the next heading; a short topic sentence up to the
        // next one or the end of its paragraph.
        let mut heads: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for line in &layout.lines {
            let is_heading = layout.is_scope_start(line.start)
                || layout.is_scope_start(first_non_space(&chars, line.start, line.end));
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
            let next = heads.get(i + 1).map_or(chars.len(), |h| h.0);
            let until = paragraph_end.map_or(next, |p| p.min(next));
            passages.push((start, until, any_in(&topic_hits, start, end)));
        }
        Scope {
            whole_document,
            hits,
            clause_ends,
            passages,
        }
    }
}

/// Offsets of the characters that `is_mark` accepts.
fn positions(chars: &[char], is_mark: impl Fn(char) -> bool) -> Vec<usize> {
    chars
        .iter()
        .enumerate()
        .filter(|&(_, &c)| is_mark(c))
        .map(|(i, _)| i)
        .collect()
}

fn first_non_space(chars: &[char], start: usize, end: usize) -> usize {
    (start..end)
        .find(|&i| !chars[i].is_whitespace())
        .unwrap_or(start)
}

impl Scope {
    /// A scope that covers every passage (for rules tested on their own).
    #[cfg(test)]
    pub fn everything() -> Self {
        Self {
            whole_document: true,
            hits: Vec::new(),
            clause_ends: Vec::new(),
            passages: Vec::new(),
        }
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
        let k = self.passages.partition_point(|p| p.0 <= pos);
        k > 0 && {
            let (_, until, about) = self.passages[k - 1];
            pos < until && about
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::LayoutRules;
    use crate::reference::Regions;

    /// Which of the marked figures (the character before each `|`) are in scope.
    fn covered(text: &str) -> Vec<bool> {
        let rules = Rules::bundled().unwrap();
        let clean = text.replace('|', "");
        let t = NormText::new(&clean);
        let layout = LayoutRules::new(Regions::bundled(), &rules)
            .unwrap()
            .analyse(&t);
        let scope = ScopeRules::new(&rules).unwrap().analyse(&t, &layout, &[]);
        let mut out = Vec::new();
        let mut offset = 0;
        for (i, c) in text.chars().enumerate() {
            if c == '|' {
                out.push(scope.covers(i - offset - 1));
                offset += 1;
            }
        }
        out
    }

    #[test]
    fn figures_about_digital_government_are_in_scope() {
        let cases: &[(&str, &[bool])] = &[
            // the clause names the topic
            (
                "全省涉企检查事项精简26.8|%,地区生产总值增长5|%。",
                &[true, false],
            ),
            // a topic sentence covers its paragraph, not the next one
            (
                "加强数字政府建设。关闭“僵尸”应用71|个。\n新增上市公司45|家。",
                &[true, false],
            ),
            // appeals of enterprises and the public, on-site inspections
            (
                "解决企业诉求1.35|万个,推动企业反映问题解决率提高到93|%,月均现场检查量下降42.9|%。",
                &[true, true, true],
            ),
            // 营商环境 alone is not a topic: it heads passages about the whole economy
            ("持续优化营商环境。新登记经营主体320|万户。", &[false]),
            // a heading covers its section
            (
                "（七）加快数字政府建设\n关闭应用71|个。\n（八）发展经济\n增长5|%。",
                &[true, false],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(&covered(text), expected, "{text}");
        }
    }
}
