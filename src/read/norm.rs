//! The matching view of a text: full-width ASCII folded to half-width, code point for code point.

/// A text with full-width forms folded (`，` → `,`, `％` → `%`, `２０２５` → `2025`, ideographic
/// space → space). Every code point maps to exactly one code point, so a code-point offset in
/// this view is the same offset in the original text. Byte offsets (what `regex` reports) are
/// converted with [`NormText::char_at`].
#[derive(Debug, Clone)]
pub struct NormText {
    text: String,
    /// Byte offset of each code point, plus the total length at the end. Four bytes each, not
    /// eight: a text is read from a file of at most a gibibyte, and these tables are most of
    /// the memory a long document takes to read (a 100 MB line: 40 million code points).
    starts: Vec<u32>,
    /// The same for the original text.
    original_starts: Vec<u32>,
}

/// A byte offset as the tables keep it.
fn offset(byte: usize) -> u32 {
    u32::try_from(byte).expect("a text of at most 4 GiB (files are read up to 1 GiB)")
}

/// Folds one code point.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

impl NormText {
    pub fn new(original: &str) -> Self {
        // Bytes are copied as they are, but for the three-byte forms that fold: full-width
        // ASCII (EF BC 81 – EF BD 9E) and the ideographic space (E3 80 80).
        let bytes = original.as_bytes();
        let mut text = String::with_capacity(bytes.len());
        let mut starts = Vec::with_capacity(bytes.len() / 2 + 1);
        let mut original_starts = Vec::with_capacity(bytes.len() / 2 + 1);
        // Bytes not yet copied start here: runs of characters that do not fold are copied in
        // one go.
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let len = match b {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            }
            .min(bytes.len() - i);
            starts.push(offset(text.len() + (i - run)));
            original_starts.push(offset(i));
            let folds = matches!(
                &bytes[i..i + len],
                [0xEF, 0xBC..=0xBD, _] | [0xE3, 0x80, 0x80]
            );
            if folds {
                text.push_str(&original[run..i]);
                if let Some(c) = original[i..i + len].chars().next() {
                    text.push(fold(c));
                }
                run = i + len;
            }
            i += len;
        }
        text.push_str(&original[run..]);
        starts.push(offset(text.len()));
        original_starts.push(offset(original.len()));
        Self {
            text,
            starts,
            original_starts,
        }
    }

    /// The original text (the one this view was made from) between two code-point offsets.
    pub fn original<'a>(&self, original: &'a str, start: usize, end: usize) -> &'a str {
        let end = end.clamp(start, self.len());
        let start = start.min(end);
        original
            .get(self.original_starts[start] as usize..self.original_starts[end] as usize)
            .unwrap_or_default()
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Code-point offset of a byte offset that lies on a character boundary.
    pub fn char_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| (b as usize) < byte)
    }

    /// Byte offset of a code-point offset.
    pub fn byte_at(&self, char: usize) -> usize {
        self.starts[char.min(self.len())] as usize
    }

    /// The folded text between two code-point offsets.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.text[self.byte_at(start)..self.byte_at(end.max(start))]
    }

    /// The code point at a code-point offset.
    pub fn char(&self, at: usize) -> Option<char> {
        if at >= self.len() {
            return None;
        }
        self.text[self.starts[at] as usize..].chars().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_offsets() {
        let cases = [
            ("到２０２５年，达到９０％以上", "到2025年,达到90%以上"),
            ("“一网通办”（试点）", "“一网通办”(试点)"),
            ("甲\u{3000}乙", "甲 乙"),
        ];
        for (original, folded) in cases {
            let n = NormText::new(original);
            assert_eq!(n.as_str(), folded);
            assert_eq!(n.len(), original.chars().count());
            let by_char: String = original.chars().map(fold).collect();
            assert_eq!(n.as_str(), by_char);
        }
        // Every kind of character, folded one by one as the fast path does.
        let all: String = [
            'a', 'é', '中', '，', '｀', '｟', '\u{3000}', '\u{3001}', '😀', 'Ｚ',
        ]
        .iter()
        .collect();
        let n = NormText::new(&all);
        assert_eq!(n.as_str(), all.chars().map(fold).collect::<String>());
        assert_eq!(n.len(), all.chars().count());
    }

    #[test]
    fn byte_and_char_offsets_round_trip() {
        let n = NormText::new("到２０２５年，达到９０％");
        let byte = n.as_str().find("90").unwrap();
        let at = n.char_at(byte);
        assert_eq!(at, 9);
        assert_eq!(n.byte_at(at), byte);
        assert_eq!(n.slice(9, 12), "90%");
        assert_eq!(n.char(6), Some(','));
        assert_eq!(n.original("到２０２５年，达到９０％", 9, 12), "９０％");
    }
}
