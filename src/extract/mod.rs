//! Extraction: the facts a document states — regions, platforms, initiatives, quantitative
//! targets and dated goals — each with the code-point span it was read from.
//!
//! Rules work on the folded text of [`NormText`] and report offsets in the original text. The
//! cue words live in `ontology/rules.toml`, the names in the gazetteer and the regions table;
//! this module holds only how they combine. Stages: [`layout`] finds sections, clauses, quotes
//! and the region each passage is about; [`names`], [`targets`] and [`dates`] read the facts.

mod dates;
mod document;
pub mod examples;
mod layout;
mod names;
pub mod numbers;
pub mod rules;
mod scope;
mod segment;
mod spans;
mod targets;

pub use document::{DocumentModel, Genre, Overrides};
pub use numbers::Decimal;
pub use rules::Rules;

use crate::read::{Document, NormText};
use crate::reference::{EntryKind, Gazetteer, Regions};
use std::sync::OnceLock;

/// Why the extractor could not be set up (a broken rules or gazetteer file).
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{message}")]
    Rules { message: String },
    #[error("ontology/rules.toml: bad pattern {pattern:?}: {message}")]
    Pattern { pattern: String, message: String },
    #[error("cannot build the name matcher: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    #[error(transparent)]
    Reference(#[from] crate::reference::ReferenceError),
}

/// Whether `c` is a Han character (CJK unified ideographs and their extensions A and B).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2A6DF}')
}

/// A range of code points in the document, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A region named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionMention {
    pub code: String,
    pub span: Span,
}

/// A platform or initiative named in the text, attributed to a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    pub kind: EntryKind,
    /// Canonical name.
    pub name: String,
    /// The gazetteer entry's IRI, when the name is known.
    pub known: Option<String>,
    /// The rule that found it (an id of `ontology/rules.toml`).
    pub rule: &'static str,
    /// Code of the region it is attributed to.
    pub region: String,
    pub span: Span,
}

/// How a target's value compares with the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
}

impl Comparator {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ge => ">=",
            Self::Gt => ">",
            Self::Le => "<=",
            Self::Lt => "<",
        }
    }
}

/// Whether a target is a plan or a reported achievement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Planned,
    Achieved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Achieved => "achieved",
        }
    }
}

/// A quantitative target or reported figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub region: String,
    pub metric: String,
    pub value: Decimal,
    pub unit: String,
    pub comparator: Comparator,
    pub year: Option<i32>,
    pub status: Status,
    pub span: Span,
    /// The rule that read it.
    pub rule: &'static str,
    /// The value a change starts from ("从12项拓展到30项": 12).
    pub baseline: Option<Decimal>,
}

/// A dated goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub region: String,
    pub year: i32,
    pub statement: String,
    pub span: Span,
    /// The rule that read it.
    pub rule: &'static str,
    /// Whether it is about digital government and government services (its statement names
    /// them, or its passage is about them); other dated goals (粮食产量, 人均预期寿命) are kept
    /// but marked.
    pub digital_government: bool,
}

/// Everything read from one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// What the document is: genre, issuer, date, period.
    pub document: DocumentModel,
    pub regions: Vec<RegionMention>,
    pub names: Vec<NameMention>,
    pub targets: Vec<Target>,
    pub goals: Vec<Goal>,
}

/// The compiled rules, gazetteer and region automata; build once, use for every document.
pub struct Extractor {
    rules: Rules,
    layout: layout::LayoutRules,
    names: names::NameRules,
    targets: targets::TargetRules,
    dates: dates::DateRules,
    scope: scope::ScopeRules,
}

impl Extractor {
    pub fn new(
        regions: &Regions,
        gazetteer: &Gazetteer,
        rules: Rules,
    ) -> Result<Self, ExtractError> {
        Ok(Self {
            layout: layout::LayoutRules::new(regions, &rules)?,
            names: names::NameRules::new(gazetteer, regions, &rules)?,
            targets: targets::TargetRules::new(&rules)?,
            dates: dates::DateRules::new(&rules)?,
            scope: scope::ScopeRules::new(&rules)?,
            rules,
        })
    }

    /// The extractor over the bundled data, built on first use.
    pub fn bundled() -> Result<&'static Extractor, &'static ExtractError> {
        static EXTRACTOR: OnceLock<Result<Extractor, ExtractError>> = OnceLock::new();
        EXTRACTOR
            .get_or_init(|| {
                Extractor::new(Regions::bundled(), Gazetteer::bundled(), Rules::bundled()?)
            })
            .as_ref()
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Reads the facts of one document.
    pub fn extract(&self, document: &Document) -> Extraction {
        self.extract_with(document, &Overrides::default())
    }

    /// Reads the facts of one document, taking what `overrides` says of it (a manifest row)
    /// over what its text says.
    pub fn extract_with(&self, document: &Document, overrides: &Overrides) -> Extraction {
        let text = NormText::new(&document.text);
        let scan = self.names.scan(&text);
        let platforms = self.names.platform_province(&scan);
        let mut layout =
            self.layout
                .analyse(&text, platforms.as_deref(), Some(&document.name), overrides);
        let markers = self.dates.find(&text, &layout);
        let mut names = self.names.known(&text, &layout, &scan);
        let scope = self.scope.analyse(&text, &layout, &names);
        let discovered = self.names.discover(&text, &layout, &names, &scope);
        names.extend(discovered);
        names.sort_by_key(|n| n.span);
        let targets = self
            .targets
            .find(&text, &document.text, &layout, &scope, &markers);
        let goals = self
            .dates
            .goals(&text, &document.text, &layout, &markers, &scope);
        Extraction {
            document: layout.document.clone(),
            // Taken, not copied: a long document names regions a million times.
            regions: std::mem::take(&mut layout.region_mentions),
            names,
            targets,
            goals,
        }
    }
}
