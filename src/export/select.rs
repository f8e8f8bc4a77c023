//! What to draw: the filters of `govkg export` — regions by name or code with the regions
//! below them, kinds of node, deadline years, and the regions that adopt an initiative — and
//! their resolution against the store's [`Facts`] into a [`Scope`] that says yes or no to each
//! region, fact and year.

use super::facts::Facts;
use super::style::{Lang, NodeKind};
use super::ExportError;
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::str::FromStr;

/// Deadline years, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    pub from: i32,
    pub to: i32,
}

impl YearRange {
    pub fn contains(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

impl fmt::Display for YearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}–{}", self.from, self.to)
        }
    }
}

/// Text that is not a year or a range of years.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0:?} is not a year (2025) or a range of years (2021-2025)")]
pub struct BadYear(pub String);

impl FromStr for YearRange {
    type Err = BadYear;

    /// `2025`, `2021-2025`, `2021..2025`, `2021–2025`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadYear(s.to_string());
        let year = |t: &str| -> Result<i32, BadYear> {
            let t = t.trim();
            if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
                t.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let s = s.trim();
        let parts: Vec<&str> = if s.contains("..") {
            s.split("..").collect()
        } else {
            s.split(['-', '–']).collect()
        };
        match parts.as_slice() {
            [one] => {
                let y = year(one)?;
                Ok(Self { from: y, to: y })
            }
            [a, b] => {
                let (from, to) = (year(a)?, year(b)?);
                if from > to {
                    return Err(bad());
                }
                Ok(Self { from, to })
            }
            _ => Err(bad()),
        }
    }
}

/// The filters, as given.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Region names (广东省, 广东, Guangdong) or codes (440000); each with the regions below it.
    pub regions: Vec<String>,
    /// Kinds of fact to show; empty for the view's default.
    pub kinds: Vec<NodeKind>,
    /// Targets and goals due in these years only.
    pub years: Option<YearRange>,
    /// Only the regions that adopt one of these initiatives, and of initiatives only these.
    pub initiatives: Vec<String>,
}

impl Selection {
    /// True when no filter is set.
    pub fn is_everything(&self) -> bool {
        self.regions.is_empty()
            && self.kinds.is_empty()
            && self.years.is_none()
            && self.initiatives.is_empty()
    }

    /// "广东省 · 2025 · 一网通办": the filters for a title, names in `lang` where known.
    pub fn describe(&self, facts: &Facts, lang: Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        let sep = lang.pick("、", ", ");
        if !self.regions.is_empty() {
            let names: Vec<String> = self
                .regions
                .iter()
                .map(|n| match facts.find_regions(n).first() {
                    Some(r) => r.names.label(lang, n),
                    None => n.clone(),
                })
                .collect();
            parts.push(names.join(sep));
        }
        if !self.initiatives.is_empty() {
            let names: Vec<String> = self
                .initiatives
                .iter()
                .map(|n| match facts.find_initiatives(n).first() {
                    Some(i) => facts.label(i, lang),
                    None => n.clone(),
                })
                .collect();
            parts.push(names.join(sep));
        }
        if let Some(y) = self.years {
            parts.push(y.to_string());
        }
        if !self.kinds.is_empty() {
            let kinds: Vec<&str> = self
                .kinds
                .iter()
                .map(|k| lang.pick(k.style().zh, k.style().en))
                .collect();
            parts.push(kinds.join(sep));
        }
        parts.join(" · ")
    }

    /// Resolves the names against `facts`. `default_kinds` are shown when no kind is asked
    /// for. Fails on a region or initiative name that names nothing.
    pub fn resolve<'f>(
        &self,
        facts: &'f Facts,
        default_kinds: &[NodeKind],
    ) -> Result<Scope<'f>, ExportError> {
        let mut scope = Scope {
            facts,
            regions: None,
            initiatives: None,
            kinds: if self.kinds.is_empty() {
                default_kinds.iter().copied().collect()
            } else {
                self.kinds.iter().copied().collect()
            },
            years: self.years,
        };
        if !self.regions.is_empty() {
            let mut roots = HashSet::new();
            for name in &self.regions {
                let found = facts.find_regions(name);
                if found.is_empty() {
                    return Err(ExportError::UnknownRegion(name.clone()));
                }
                roots.extend(found.into_iter().map(|r| r.iri.as_str()));
            }
            let within: HashSet<&str> = facts
                .regions
                .keys()
                .map(String::as_str)
                .filter(|r| facts.ancestry(r).any(|a| roots.contains(a)))
                .collect();
            scope.regions = Some(within);
        }
        if !self.initiatives.is_empty() {
            let mut chosen = HashSet::new();
            for name in &self.initiatives {
                let found = facts.find_initiatives(name);
                if found.is_empty() {
                    return Err(ExportError::UnknownInitiative(name.clone()));
                }
                chosen.extend(found);
            }
            let adopters: HashSet<&str> = facts
                .adopts
                .iter()
                .filter(|l| chosen.contains(l.object.as_str()))
                .map(|l| l.region.as_str())
                .collect();
            scope.regions = Some(match scope.regions {
                Some(within) => within.intersection(&adopters).copied().collect(),
                None => adopters,
            });
            scope.initiatives = Some(chosen);
        }
        Ok(scope)
    }
}

/// A [`Selection`] resolved against the facts.
#[derive(Debug, Clone)]
pub struct Scope<'f> {
    pub facts: &'f Facts,
    regions: Option<HashSet<&'f str>>,
    initiatives: Option<HashSet<&'f str>>,
    kinds: BTreeSet<NodeKind>,
    years: Option<YearRange>,
}

impl Scope<'_> {
    /// Is this region (IRI) shown?
    pub fn region(&self, iri: &str) -> bool {
        self.regions.as_ref().is_none_or(|r| r.contains(iri))
    }

    /// Are facts of this kind shown?
    pub fn kind(&self, kind: NodeKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Is a target or goal with this deadline shown?
    pub fn year(&self, year: Option<i32>) -> bool {
        match (self.years, year) {
            (None, _) => true,
            (Some(range), Some(y)) => range.contains(y),
            (Some(_), None) => false,
        }
    }

    /// Is this initiative (IRI) shown?
    pub fn initiative(&self, iri: &str) -> bool {
        self.initiatives.as_ref().is_none_or(|i| i.contains(iri))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_ranges_parse() {
        assert_eq!(
            "2025".parse::<YearRange>().unwrap(),
            YearRange {
                from: 2025,
                to: 2025
            }
        );
        for s in ["2021-2025", "2021..2025", "2021–2025"] {
            assert_eq!(
                s.parse::<YearRange>().unwrap(),
                YearRange {
                    from: 2021,
                    to: 2025
                },
                "{s}"
            );
        }
        for s in ["25", "2025-2021", "二〇二五", "2025-", ""] {
            assert!(s.parse::<YearRange>().is_err(), "{s}");
        }
    }
}
