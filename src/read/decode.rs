//! Byte decoding: BOM, UTF-8, then GB18030 (which covers GBK and GB2312), or a named encoding.

use super::ReadError;
use encoding_rs::{Encoding, GB18030, UTF_8};
use std::path::Path;

/// Text decoded from bytes, with the name of the encoding used.
#[derive(Debug)]
pub struct Decoded {
    pub encoding: &'static str,
    pub text: String,
}

/// Decodes `bytes` (read from `path`, named in errors). With `label`, that encoding is used;
/// otherwise a BOM decides, then valid UTF-8, then a detector choosing among the Chinese
/// encodings. Malformed input is an error with its line and column, never replaced silently.
pub fn decode(path: &Path, bytes: &[u8], label: Option<&str>) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty { path: path.into() });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        // UTF-16 text has NUL bytes too; only a BOM or an explicit label lets it through.
        let utf16 = Encoding::for_bom(bytes).is_some_and(|(e, _)| e != UTF_8)
            || label.is_some_and(|l| l.to_ascii_lowercase().starts_with("utf-16"));
        if !utf16 {
            return Err(ReadError::Binary {
                path: path.into(),
                offset,
            });
        }
    }
    if let Some(label) = label {
        let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            ReadError::UnknownLabel {
                label: label.to_string(),
            }
        })?;
        return strict(path, bytes, encoding);
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return strict(path, bytes, encoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            encoding: UTF_8.name(),
            text: text.to_string(),
        }),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            if mostly_utf8(bytes) {
                // Mostly good UTF-8 with a few bad bytes: a UTF-8 file with damage in it.
                let (line, column) = position(valid);
                return Err(ReadError::Malformed {
                    path: path.into(),
                    encoding: "UTF-8",
                    line,
                    column,
                });
            }
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
            let encoding = if guess == UTF_8 { GB18030 } else { guess };
            if encoding != GB18030 && encoding != encoding_rs::GBK && encoding != encoding_rs::BIG5
            {
                return Err(ReadError::UnknownEncoding { path: path.into() });
            }
            strict(path, bytes, encoding)
        }
    }
}

/// How much of a file is looked at to tell damaged UTF-8 from another encoding.
const SNIFF_BYTES: usize = 1 << 20;

/// Whether `bytes` (which are not all valid UTF-8) read as UTF-8 with damage in it: far more
/// characters beyond ASCII decode than sequences fail, in the first [`SNIFF_BYTES`]. Text in
/// GBK is no such file even where its first characters happen to be valid UTF-8 (省 is CA A1
/// in GBK, and CA A1 is U+02A1 in UTF-8): its sequences fail everywhere.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let (mut decoded, mut failed) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                decoded += text.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                decoded += std::str::from_utf8(good)
                    .map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
                match e.error_len() {
                    Some(n) => {
                        failed += 1;
                        rest = &bad[n..];
                    }
                    // Cut off at the end (of the file, or of the bytes looked at).
                    None => break,
                }
            }
        }
    }
    decoded > 0 && decoded >= 4 * failed.max(1)
}

/// Decodes with `encoding` and fails at the first malformed sequence.
fn strict(path: &Path, bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded, ReadError> {
    let (body, encoding) = match Encoding::for_bom(bytes) {
        Some((bom_encoding, len)) if bom_encoding == encoding => (&bytes[len..], encoding),
        _ => (bytes, encoding),
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(usize::MAX);
    let mut text = String::new();
    if text.try_reserve_exact(capacity).is_err() {
        return Err(ReadError::Io {
            path: path.into(),
            source: std::io::Error::new(std::io::ErrorKind::OutOfMemory, "file too large"),
        });
    }
    let (result, _) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(Decoded {
            encoding: if encoding == encoding_rs::GBK {
                GB18030.name()
            } else {
                encoding.name()
            },
            text,
        }),
        // Decoding stops at the first malformed sequence, so the text so far locates it.
        // (A full output cannot happen: the string was reserved at the maximum size.)
        encoding_rs::DecoderResult::Malformed(..) | encoding_rs::DecoderResult::OutputFull => {
            let (line, column) = position(text.as_bytes());
            Err(ReadError::Undecodable {
                path: path.into(),
                encoding: if encoding == encoding_rs::GBK {
                    GB18030.name()
                } else {
                    encoding.name()
                },
                line,
                column,
            })
        }
    }
}

/// 1-based line and column (in code points) just after `valid`, which is valid UTF-8.
fn position(valid: &[u8]) -> (usize, usize) {
    let text = std::str::from_utf8(valid).unwrap_or_default();
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<Decoded, ReadError> {
        decode(Path::new("t.txt"), bytes, None)
    }

    #[test]
    fn recognises_the_usual_encodings() {
        let text = "到2025年，政务服务“一网通办”。";
        let (gbk, _, _) = GB18030.encode(text);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (text.as_bytes().to_vec(), "UTF-8"),
            (
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                "UTF-8",
            ),
            (gbk.into_owned(), "gb18030"),
        ];
        for (bytes, encoding) in cases {
            let d = dec(&bytes).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, encoding);
        }
    }

    #[test]
    fn gbk_whose_first_characters_are_valid_utf8_is_gbk() {
        // 省份 in GBK is CA A1 B7 DD: CA A1 is valid UTF-8 (U+02A1), B7 is not.
        for text in [
            "省份,在线办理率\n广东省,92\n江苏省,95\n",
            "省政府工作报告\n到2025年，全面实现一网通办。\n",
        ] {
            let (gbk, _, _) = GB18030.encode(text);
            assert!(std::str::from_utf8(&gbk[..2]).is_ok());
            let d = dec(&gbk).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, "gb18030");
        }
    }

    #[test]
    fn damage_after_an_ascii_start_is_still_located_as_utf8() {
        let mut bytes = b"region,value\n".to_vec();
        bytes.push(0xFF);
        bytes.extend("广东省,92\n江苏省,95\n浙江省,96\n".as_bytes());
        match dec(&bytes) {
            Err(ReadError::Malformed { line, column, .. }) => assert_eq!((line, column), (2, 1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "一网通办".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(dec(&bytes).unwrap().text, "一网通办");
    }

    #[test]
    fn damage_in_a_utf8_file_is_located() {
        let mut bytes = "第一行\n第二行".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend("后面".as_bytes());
        match dec(&bytes) {
            Err(ReadError::Malformed { line, column, .. }) => assert_eq!((line, column), (2, 4)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(dec(b""), Err(ReadError::Empty { .. })));
        assert!(matches!(
            dec(b"PK\x03\x04\x00\x00"),
            Err(ReadError::Binary { offset: 4, .. })
        ));
    }

    #[test]
    fn explicit_label_wins_and_unknown_label_is_an_error() {
        let (gbk, _, _) = GB18030.encode("广东");
        let d = decode(Path::new("t"), &gbk, Some("gbk")).unwrap();
        assert_eq!(d.text, "广东");
        assert!(matches!(
            decode(Path::new("t"), b"x", Some("klingon")),
            Err(ReadError::UnknownLabel { .. })
        ));
    }
}
