//! The cue words of the extraction rules, read from `ontology/rules.toml`.

use super::ExtractError;
use std::collections::BTreeMap;

/// The rules file as shipped.
pub const RULES_TOML: &str = include_str!("../../ontology/rules.toml");

/// Cue words, one field per list of `ontology/rules.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub comparators: ComparatorCues,
    pub scope: ScopeCues,
    pub status: StatusCues,
    pub units: UnitCues,
    pub numbers: NumberCues,
    pub dates: DateCues,
    pub names: NameCues,
    pub regions: RegionCues,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparatorCues {
    pub ge: Vec<String>,
    pub gt: Vec<String>,
    pub le: Vec<String>,
    pub lt: Vec<String>,
    pub eq: Vec<String>,
    pub suffix_ge: Vec<String>,
    pub suffix_le: Vec<String>,
    pub approximate_gt: Vec<String>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeCues {
    pub keywords: Vec<String>,
    pub topic_keywords: Vec<String>,
    pub document_share: f64,
    pub document_min_sentences: usize,
    pub topic_sentence_max_chars: usize,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCues {
    pub achieved: Vec<String>,
    pub review_parts: Vec<String>,
    pub plan_parts: Vec<String>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitCues {
    pub count: Vec<String>,
    pub scale: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberCues {
    pub not_after: Vec<String>,
    pub not_before: Vec<String>,
    pub not_counting: Vec<String>,
    pub policy_nouns: Vec<String>,
    pub policy_noun_window: usize,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateCues {
    pub deadline_after: Vec<String>,
    pub deadline_before: Vec<String>,
    pub deadline_trail: Vec<String>,
    pub deadline_verbs: Vec<String>,
    pub deadline_verb_gap: usize,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameCues {
    pub platform_after: Vec<String>,
    pub cue_gap: usize,
    pub platform_before: Vec<String>,
    pub platform_suffixes: Vec<String>,
    pub platform_suffix_words: Vec<String>,
    pub initiative_not_platform_suffixes: Vec<String>,
    pub initiative_patterns: Vec<String>,
    pub unquoted_initiative_patterns: Vec<String>,
    pub plus_prefixes: Vec<String>,
    pub initiative_after: Vec<String>,
    pub slogan_marks: Vec<String>,
    pub slogan_counters: Vec<String>,
    pub manner_suffixes: Vec<String>,
    pub max_name_chars: usize,
    pub abbreviation_app_suffixes: Vec<String>,
    pub region_brand_prefixes: Vec<String>,
    pub region_brand_after: Vec<String>,
    pub action_verbs: Vec<String>,
    pub action_heads: Vec<String>,
    pub action_markers: Vec<String>,
    pub action_not: Vec<String>,
    pub unquoted_platform_heads: Vec<String>,
    pub generic_platform_words: Vec<String>,
    pub platform_name_openers: Vec<String>,
    pub platform_category_after: Vec<String>,
    pub min_unquoted_platform_chars: usize,
    pub max_unquoted_platform_chars: usize,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionCues {
    pub connectives: Vec<String>,
    pub subject_verbs: Vec<String>,
}

impl Rules {
    /// Parses a rules file; every list is sorted longest first, so that the first cue that
    /// matches is the longest one.
    pub fn from_toml(text: &str) -> Result<Self, ExtractError> {
        let mut rules: Rules = toml::from_str(text).map_err(|e| ExtractError::Rules {
            message: e.to_string(),
        })?;
        for list in [
            &mut rules.comparators.ge,
            &mut rules.comparators.gt,
            &mut rules.comparators.le,
            &mut rules.comparators.lt,
            &mut rules.comparators.eq,
            &mut rules.comparators.suffix_ge,
            &mut rules.comparators.suffix_le,
            &mut rules.comparators.approximate_gt,
            &mut rules.units.count,
            &mut rules.numbers.not_after,
            &mut rules.numbers.not_before,
            &mut rules.numbers.not_counting,
            &mut rules.dates.deadline_after,
            &mut rules.dates.deadline_before,
            &mut rules.dates.deadline_trail,
            &mut rules.dates.deadline_verbs,
            &mut rules.names.platform_after,
            &mut rules.names.platform_before,
            &mut rules.names.initiative_after,
            &mut rules.names.action_verbs,
            &mut rules.names.action_heads,
            &mut rules.names.unquoted_platform_heads,
            &mut rules.names.generic_platform_words,
            &mut rules.names.platform_name_openers,
            &mut rules.names.plus_prefixes,
            &mut rules.regions.connectives,
            &mut rules.regions.subject_verbs,
        ] {
            list.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        }
        Ok(rules)
    }

    /// The bundled rules.
    pub fn bundled() -> Result<Self, ExtractError> {
        Self::from_toml(RULES_TOML)
    }
}

/// The longest cue of `cues` (sorted longest first) that `text` starts with.
pub fn starts_with_any<'a>(text: &str, cues: &'a [String]) -> Option<&'a str> {
    cues.iter()
        .find(|c| text.starts_with(c.as_str()))
        .map(String::as_str)
}

/// The longest cue of `cues` (sorted longest first) that `text` ends with.
pub fn ends_with_any<'a>(text: &str, cues: &'a [String]) -> Option<&'a str> {
    cues.iter()
        .find(|c| text.ends_with(c.as_str()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_parse_and_lists_are_longest_first() {
        let rules = Rules::bundled().unwrap();
        assert_eq!(
            starts_with_any("个工作日内", &rules.units.count),
            Some("个工作日")
        );
        assert_eq!(
            ends_with_any("时间不超过", &rules.comparators.le),
            Some("不超过")
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let text = RULES_TOML.replace("[regions]", "[regions]\nsurprise = 1");
        assert!(Rules::from_toml(&text).is_err());
    }
}
