//! How each kind of node looks: GraphViz shape and colours, the names the legend gives it in
//! each language, and the font named in every drawing. One table, used by the DOT, GraphML and
//! SVG writers alike, so a platform is the same orange box everywhere.

use std::fmt;
use std::str::FromStr;

/// Font named in drawings; fontconfig falls back to another CJK font when it is missing.
pub const CJK_FONT: &str = "Noto Sans CJK SC";
/// The same as a CSS font list, for the SVG views.
pub const CSS_FONTS: &str = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Region,
    Platform,
    Initiative,
    Target,
    Goal,
    /// Anything else a CONSTRUCT query returns.
    Other,
}

/// Label language of a drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The look of one kind of node.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// GraphViz shape.
    pub shape: &'static str,
    /// GraphViz style list.
    pub style: &'static str,
    /// Fill colour.
    pub fill: &'static str,
    /// Border colour.
    pub border: &'static str,
    /// Font size in points.
    pub font_size: u32,
    /// yEd shape name (GraphML).
    pub yed_shape: &'static str,
    /// Legend name in Chinese and in English.
    pub zh: &'static str,
    pub en: &'static str,
}

const STYLES: [(NodeKind, Style); 6] = [
    (
        NodeKind::Region,
        Style {
            shape: "box",
            style: "filled,bold",
            fill: "#cfe2ff",
            border: "#3d5a98",
            font_size: 14,
            yed_shape: "rectangle",
            zh: "地区",
            en: "Region",
        },
    ),
    (
        NodeKind::Platform,
        Style {
            shape: "component",
            style: "filled",
            fill: "#ffe5b4",
            border: "#b26b00",
            font_size: 12,
            yed_shape: "rectangle",
            zh: "平台",
            en: "Platform",
        },
    ),
    (
        NodeKind::Initiative,
        Style {
            shape: "ellipse",
            style: "filled",
            fill: "#d1f2d9",
            border: "#2e7d46",
            font_size: 12,
            yed_shape: "ellipse",
            zh: "举措",
            en: "Initiative",
        },
    ),
    (
        NodeKind::Target,
        Style {
            shape: "note",
            style: "filled",
            fill: "#fff8c4",
            border: "#a08c00",
            font_size: 10,
            yed_shape: "rectangle",
            zh: "指标",
            en: "Target",
        },
    ),
    (
        NodeKind::Goal,
        Style {
            shape: "box",
            style: "filled,rounded",
            fill: "#f0ddf7",
            border: "#7b3f99",
            font_size: 10,
            yed_shape: "roundrectangle",
            zh: "目标",
            en: "Goal",
        },
    ),
    (
        NodeKind::Other,
        Style {
            shape: "ellipse",
            style: "filled",
            fill: "#eeeeee",
            border: "#777777",
            font_size: 10,
            yed_shape: "ellipse",
            zh: "其他",
            en: "Other",
        },
    ),
];

impl NodeKind {
    /// Every kind, in legend order.
    pub const ALL: [NodeKind; 6] = [
        Self::Region,
        Self::Platform,
        Self::Initiative,
        Self::Target,
        Self::Goal,
        Self::Other,
    ];

    /// Its look.
    pub fn style(self) -> &'static Style {
        STYLES
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, s)| s)
            .unwrap_or(&STYLES[STYLES.len() - 1].1)
    }

    /// The name in JSON, GraphML and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Region => "region",
            Self::Platform => "platform",
            Self::Initiative => "initiative",
            Self::Target => "target",
            Self::Goal => "goal",
            Self::Other => "other",
        }
    }

    /// The legend's name for it: "地区 Region" in Chinese drawings, "Region" in English ones.
    pub fn legend(self, lang: Lang) -> String {
        let s = self.style();
        match lang {
            Lang::Zh => format!("{} {}", s.zh, s.en),
            Lang::En => s.en.to_string(),
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A word that names no kind of node.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown kind {0:?}; kinds are region, platform, initiative, target and goal")]
pub struct UnknownKind(pub String);

impl FromStr for NodeKind {
    type Err = UnknownKind;

    /// `platform`, `platforms`, `平台`, …
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_lowercase();
        let word = lower.strip_suffix('s').unwrap_or(&lower);
        Self::ALL
            .into_iter()
            .find(|k| k.name() == word || k.style().zh == lower)
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// A language other than zh and en.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown language {0:?}; drawings are labelled in zh or en")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "cn" => Ok(Self::Zh),
            "en" | "en-gb" | "en-us" => Ok(Self::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

impl Lang {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    /// `zh` or `en`, whichever this language is.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_in_both_languages_and_plural() {
        assert_eq!("platforms".parse::<NodeKind>().unwrap(), NodeKind::Platform);
        assert_eq!("Goal".parse::<NodeKind>().unwrap(), NodeKind::Goal);
        assert_eq!("指标".parse::<NodeKind>().unwrap(), NodeKind::Target);
        assert!("targetz".parse::<NodeKind>().is_err());
        for kind in NodeKind::ALL {
            assert_eq!(kind.name().parse::<NodeKind>().unwrap(), kind);
        }
    }
}
