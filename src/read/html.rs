//! Web pages, as saved from a government site: the charset from the BOM, a `<meta charset>` or
//! `http-equiv` declaration, else detected as for text; the main text by a readability port
//! (dom_smoothie), not the navigation, sidebar, footer and share buttons; the title and date
//! from the meta tags Chinese government sites write (ArticleTitle, PubDate, ContentSource,
//! SiteName, ColumnName), else the `<title>`. The text begins with the title and a line of
//! date and source, as the page shows them, so that the document is read as a reader reads it.

use super::{decode, Converted, Decoded, Meta, ReadError};
use dom_smoothie::{Config, Readability, TextMode};
use std::path::Path;

/// The text of the web page whose bytes are `bytes`; `encoding` overrides what it declares.
pub fn convert(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<Converted, ReadError> {
    let Decoded { encoding, text } = match (encoding, declared_charset(bytes)) {
        // The user's word is final.
        (Some(label), _) => decode(path, bytes, Some(label))?,
        // A page's own declaration is tried first: a stale one (gb2312 on a page saved as
        // UTF-8) or one naming no known encoding gives way to detection, as browsers let the
        // server's header win.
        (None, Some(label)) => {
            match encoding_rs::Encoding::for_label(label.as_bytes())
                .and_then(|_| decode(path, bytes, Some(&label)).ok())
            {
                Some(decoded) => decoded,
                None => decode(path, bytes, None)?,
            }
        }
        (None, None) => decode(path, bytes, None)?,
    };
    let page = dom_query::Document::from(text.as_str());
    let meta = page_meta(&page);
    // The page parsed once for its meta tags and its main text (which the extractor consumes).
    let body = main_text(page).unwrap_or_else(|| {
        // No main text stands out: the body's text, without its scripts and styles.
        let page = dom_query::Document::from(text.as_str());
        page.select("script, style, noscript").remove();
        page.select("body").formatted_text().to_string()
    });
    let mut lines: Vec<String> = Vec::new();
    if let Some(title) = &meta.title {
        lines.push(title.clone());
    }
    let byline: Vec<String> = [
        meta.date.as_ref().map(|d| format!("发布时间：{d}")),
        meta.source.as_ref().map(|s| format!("来源：{s}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !byline.is_empty() {
        lines.push(byline.join("　"));
    }
    for line in body.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
        if line.is_empty() || lines.len() <= 2 && lines.first().is_some_and(|t| t == line) {
            continue;
        }
        lines.push(line.to_string());
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(Converted {
        format: super::Format::Html,
        encoding,
        text,
        meta,
        how: "the web page's main text (dom_smoothie, a readability port), after its title, date and source from its meta tags".into(),
    })
}

/// The charset a page declares: its BOM, else `<meta charset>` or `<meta http-equiv
/// content="…; charset=…">` in its first 1024 bytes (as the HTML standard's prescan).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Some(encoding.name().to_string());
    }
    static PATTERN: std::sync::OnceLock<regex::bytes::Regex> = std::sync::OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        regex::bytes::Regex::new(r#"(?i)<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)"#)
            .expect("a valid pattern")
    });
    let head = &bytes[..bytes.len().min(1024)];
    let label = pattern.captures(head)?.get(1)?.as_bytes();
    Some(String::from_utf8_lossy(label).into_owned())
}

/// The page's title, date, source, site and column from its meta tags and `<title>`.
fn page_meta(page: &dom_query::Document) -> Meta {
    let mut meta = Meta::default();
    for node in page.select("meta[name]").nodes() {
        let name = node
            .attr("name")
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let content = node
            .attr("content")
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        let Some(content) = content else { continue };
        let slot = match name.as_str() {
            "articletitle" => &mut meta.title,
            "pubdate" | "firstpublishedtime" => &mut meta.date,
            "contentsource" => &mut meta.source,
            "sitename" => &mut meta.site,
            "columnname" => &mut meta.column,
            _ => continue,
        };
        slot.get_or_insert(content);
    }
    if meta.title.is_none() {
        let title = page.select("head title").text().trim().to_string();
        // "标题_网站名", "标题 - 网站名", "标题|网站名": the site's name is not the title.
        let first = title
            .split(['_', '|', '｜'])
            .next()
            .unwrap_or_default()
            .split(" - ")
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let title = if first.chars().count() >= 4 {
            first
        } else {
            title
        };
        if !title.is_empty() {
            meta.title = Some(title);
        }
    }
    meta
}

/// The main text of the page, a paragraph a line, or None when no main text stands out.
fn main_text(page: dom_query::Document) -> Option<String> {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    let mut readability = Readability::with_document(page, None, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    let text = article.text_content.to_string();
    (!text.trim().is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_charset_a_page_declares() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (
                b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
                Some("gb2312"),
            ),
            (b"<!DOCTYPE html><meta charset=\"utf-8\">", Some("utf-8")),
            (b"<meta charset=GBK>", Some("GBK")),
            (b"\xef\xbb\xbf<html><meta charset=gbk>", Some("UTF-8")),
            (b"<html><head><title>x</title>", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(
                declared_charset(bytes).as_deref(),
                *want,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn a_title_without_the_sites_name() {
        let page = |title: &str| {
            dom_query::Document::from(format!("<html><head><title>{title}</title></head></html>"))
        };
        for (title, want) in [
            (
                "关于印发某方案的通知_广东省人民政府门户网站",
                "关于印发某方案的通知",
            ),
            ("数字政府建设 - 某某市人民政府", "数字政府建设"),
            ("通知|某局", "通知|某局"),
        ] {
            assert_eq!(page_meta(&page(title)).title.as_deref(), Some(want));
        }
    }
}
