//! Segments: the text cut once into lines, sentences, clauses and phrases, and its quotations
//! and 《titles》 found, by the marks of the `segment-*` rules. Every later stage asks these
//! questions here ("where does the clause holding this position start?") instead of cutting the
//! text again.

use super::rules::SegmentCues;
use super::Span;
use crate::read::{lines, Line, NormText};

/// The segments of one text (folded, see [`NormText`]); offsets in code points.
#[derive(Debug, Clone)]
pub(crate) struct Segments {
    pub lines: Vec<Line>,
    /// Positions of the characters that end a sentence (line breaks included), in order.
    pub sentence_ends: Vec<usize>,
    /// ... a clause (sentence ends and clause marks).
    pub clause_ends: Vec<usize>,
    /// ... a phrase (clause ends and phrase marks).
    pub phrase_ends: Vec<usize>,
    /// Content spans of quotations (“…”, 「…」), in order.
    pub quotes: Vec<Span>,
    /// Content spans of titles in 《…》, in order.
    pub titles: Vec<Span>,
    phrase_marks: Vec<char>,
    len: usize,
}

/// Which of the three levels a mark ends.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Phrase,
    Clause,
    Sentence,
}

impl Segments {
    pub fn new(text: &NormText, cues: &SegmentCues) -> Self {
        let mut phrase_marks = cues.phrase_marks.clone();
        phrase_marks.extend(&cues.clause_marks);
        phrase_marks.extend(&cues.sentence_marks);
        phrase_marks.extend(['\n', '\r']);
        // The level of each mark, looked up only for characters that can be one: marks are
        // punctuation, never Han characters, which make most of the text.
        let level = |c: char| {
            if c == '\n' || c == '\r' || cues.sentence_marks.contains(&c) {
                Some(Level::Sentence)
            } else if cues.clause_marks.contains(&c) {
                Some(Level::Clause)
            } else if cues.phrase_marks.contains(&c) {
                Some(Level::Phrase)
            } else {
                None
            }
        };
        let mut sentence_ends = Vec::new();
        let mut clause_ends = Vec::new();
        let mut phrase_ends = Vec::new();
        for (i, c) in text.as_str().chars().enumerate() {
            if super::is_han(c) {
                continue;
            }
            let Some(l) = level(c) else { continue };
            phrase_ends.push(i);
            if l >= Level::Clause {
                clause_ends.push(i);
            }
            if l == Level::Sentence {
                sentence_ends.push(i);
            }
        }
        let (quotes, titles) = quotations(text);
        Self {
            lines: lines(text.as_str()),
            sentence_ends,
            clause_ends,
            phrase_ends,
            quotes,
            titles,
            phrase_marks,
            len: text.len(),
        }
    }

    /// Whether `c` ends a phrase (or a clause, or a sentence).
    pub fn is_phrase_mark(&self, c: char) -> bool {
        self.phrase_marks.contains(&c)
    }

    /// Start of the segment holding `pos`, given the ends of that level.
    fn start_in(ends: &[usize], pos: usize) -> usize {
        let i = ends.partition_point(|&e| e < pos);
        if i == 0 {
            0
        } else {
            ends[i - 1] + 1
        }
    }

    /// End (exclusive: the position of its mark) of the segment holding `pos`.
    fn end_in(&self, ends: &[usize], pos: usize) -> usize {
        let i = ends.partition_point(|&e| e < pos);
        ends.get(i).copied().unwrap_or(self.len)
    }

    pub fn sentence_start(&self, pos: usize) -> usize {
        Self::start_in(&self.sentence_ends, pos)
    }

    pub fn sentence_end(&self, pos: usize) -> usize {
        self.end_in(&self.sentence_ends, pos)
    }

    pub fn clause_start(&self, pos: usize) -> usize {
        Self::start_in(&self.clause_ends, pos)
    }

    pub fn clause_end(&self, pos: usize) -> usize {
        self.end_in(&self.clause_ends, pos)
    }

    pub fn phrase_end(&self, pos: usize) -> usize {
        self.end_in(&self.phrase_ends, pos)
    }

    pub fn phrase_start(&self, pos: usize) -> usize {
        Self::start_in(&self.phrase_ends, pos)
    }

    /// The quotation whose content holds `span`, if any.
    pub fn quote_around(&self, span: Span) -> Option<Span> {
        let i = self.quotes.partition_point(|q| q.start <= span.start);
        (i > 0 && self.quotes[i - 1].contains(span)).then(|| self.quotes[i - 1])
    }

    /// Whether `pos` lies inside a 《title》.
    pub fn in_title(&self, pos: usize) -> bool {
        let i = self.titles.partition_point(|t| t.start <= pos);
        i > 0 && pos < self.titles[i - 1].end
    }
}

/// Content spans of quotations and of 《titles》. An opening mark without its closing mark on
/// the same line is dropped; a second opening mark restarts the quotation (real text nests
/// and mismatches quotes); a straight quote closes an open curly one (“四级四同").
fn quotations(text: &NormText) -> (Vec<Span>, Vec<Span>) {
    let mut quotes = Vec::new();
    let mut titles = Vec::new();
    let mut open_quote: Option<usize> = None;
    let mut open_title: Option<usize> = None;
    let mut ascii_open: Option<usize> = None;
    for (i, c) in text.as_str().chars().enumerate() {
        if super::is_han(c) {
            continue;
        }
        match c {
            '“' | '「' | '『' => {
                open_quote = Some(i + 1);
                ascii_open = None;
            }
            '”' | '」' | '』' => {
                if let Some(start) = open_quote.take() {
                    quotes.push(Span::new(start, i));
                }
            }
            '"' => {
                if let Some(start) = open_quote.take() {
                    quotes.push(Span::new(start, i));
                } else {
                    match ascii_open.take() {
                        Some(start) => quotes.push(Span::new(start, i)),
                        None => ascii_open = Some(i + 1),
                    }
                }
            }
            '《' => open_title = Some(i + 1),
            '》' => {
                if let Some(start) = open_title.take() {
                    titles.push(Span::new(start, i));
                }
            }
            '\n' | '\r' => {
                open_quote = None;
                open_title = None;
                ascii_open = None;
            }
            _ => {}
        }
    }
    quotes.sort();
    (quotes, titles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Rules;

    fn segments(text: &str) -> (NormText, Segments) {
        let t = NormText::new(text);
        let s = Segments::new(&t, &Rules::bundled().unwrap().segments);
        (t, s)
    }

    #[test]
    fn quotations_tolerate_mismatched_marks() {
        let text = "深入实施“一窗通办“2+2’模式”和“一网通办”,《关于“跨省通办”的意见》,“四级四同\"";
        let (t, s) = segments(text);
        let got: Vec<_> = s.quotes.iter().map(|q| t.slice(q.start, q.end)).collect();
        assert_eq!(got, ["2+2’模式", "一网通办", "跨省通办", "四级四同"]);
        assert_eq!(s.titles.len(), 1);
    }

    #[test]
    fn levels_nest() {
        let (_, s) = segments("甲,乙;丙。丁\n戊");
        assert_eq!(s.phrase_ends, [1, 3, 5, 7]);
        assert_eq!(s.clause_ends, [3, 5, 7]);
        assert_eq!(s.sentence_ends, [5, 7]);
        assert_eq!((s.phrase_start(2), s.clause_start(2)), (2, 0));
        assert_eq!(s.clause_end(2), 3);
    }
}
