//! The extraction rules as records, read from `ontology/rules.toml` (or a file given with
//! `--rules`): each has an id, a kind, a priority, its cues or patterns, and examples. The
//! stages read the records they need through the typed views below; a record no stage reads is
//! an error, so that a misspelt id in a user's rules file is caught, not ignored.

use super::ExtractError;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The rules file as shipped.
pub const RULES_TOML: &str = include_str!("../../ontology/rules.toml");

/// The ids of the rules that make facts; every fact records one of them.
pub mod ids {
    pub const GAZETTEER: &str = "gazetteer";
    pub const GAZETTEER_LIST: &str = "gazetteer-list";
    pub const REGION_BRAND: &str = "region-brand";
    pub const REGION_PORTAL: &str = "region-portal";
    pub const QUOTED_PLATFORM_LIST: &str = "quoted-platform-list";
    pub const QUOTED_PLATFORM_CUE: &str = "quoted-platform-cue";
    pub const INITIATIVE_FAMILY: &str = "initiative-family";
    pub const QUOTED_LIST_FAMILY: &str = "quoted-list-family";
    pub const PLATFORM_SUFFIX: &str = "platform-suffix";
    pub const ABBREVIATION_APP: &str = "abbreviation-app";
    pub const QUOTED_INITIATIVE_CUE: &str = "quoted-initiative-cue";
    pub const ACTION: &str = "action";
    pub const UNQUOTED_FAMILY: &str = "unquoted-family";
    pub const UNQUOTED_PLATFORM: &str = "unquoted-platform";
    pub const TARGET_VALUE: &str = "target-value";
    pub const TARGET_LIST_VALUE: &str = "target-list-value";
    pub const GOAL_DEADLINE_BEFORE: &str = "goal-deadline-before";
    pub const GOAL_DEADLINE_AFTER: &str = "goal-deadline-after";
    pub const GOAL_YEAR_VERB: &str = "goal-year-verb";
    pub const GOAL_YEAR_OPENS_CLAUSE: &str = "goal-year-opens-clause";
    pub const REGION_NAME: &str = "region-name";

    /// Every fact-making rule the code cites.
    pub const ALL: &[&str] = &[
        GAZETTEER,
        GAZETTEER_LIST,
        REGION_BRAND,
        REGION_PORTAL,
        QUOTED_PLATFORM_LIST,
        QUOTED_PLATFORM_CUE,
        INITIATIVE_FAMILY,
        QUOTED_LIST_FAMILY,
        PLATFORM_SUFFIX,
        ABBREVIATION_APP,
        QUOTED_INITIATIVE_CUE,
        ACTION,
        UNQUOTED_FAMILY,
        UNQUOTED_PLATFORM,
        TARGET_VALUE,
        TARGET_LIST_VALUE,
        GOAL_DEADLINE_BEFORE,
        GOAL_DEADLINE_AFTER,
        GOAL_YEAR_VERB,
        GOAL_YEAR_OPENS_CLAUSE,
        REGION_NAME,
    ];
}

/// One rule as written in the rules file.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleRecord {
    pub id: String,
    pub kind: String,
    #[serde(default)]
    pub priority: i64,
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub cues: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub table: BTreeMap<String, i64>,
    #[serde(default)]
    pub needs_scope: bool,
    /// Words looked for in a document's head and opening (the markers of a genre).
    #[serde(default)]
    pub markers: Vec<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// A text and the facts the whole extractor should read from it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    pub facts: Vec<String>,
    /// The kinds of fact checked (platform, initiative, target, goal, document); by default
    /// those of the rule's kind.
    #[serde(default)]
    pub kinds: Option<Vec<String>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<RuleRecord>,
}

/// The kinds a rule record may have.
pub const KINDS: &[&str] = &[
    "segment",
    "document",
    "region",
    "scope",
    "number",
    "unit",
    "comparator",
    "status",
    "target",
    "date",
    "goal",
    "name",
    "platform",
    "initiative",
];

/// The rules: the records, and the typed views the stages read.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Where the rules came from (a path, or the shipped file).
    pub source: String,
    pub records: Vec<RuleRecord>,
    pub segments: SegmentCues,
    pub layout: LayoutCues,
    pub document: DocumentCues,
    pub comparators: ComparatorCues,
    pub scope: ScopeCues,
    pub status: StatusCues,
    pub units: UnitCues,
    pub numbers: NumberCues,
    pub targets: TargetCues,
    pub dates: DateCues,
    pub names: NameCues,
    pub regions: RegionCues,
}

#[derive(Debug, Clone)]
pub struct SegmentCues {
    pub sentence_marks: Vec<char>,
    pub clause_marks: Vec<char>,
    pub phrase_marks: Vec<char>,
    pub list_joiners: Vec<String>,
    pub portal_suffixes: Vec<String>,
    pub name_bounds: Vec<char>,
}

#[derive(Debug, Clone)]
pub struct LayoutCues {
    pub numbering: String,
    pub heading: String,
    pub heading_max_chars: usize,
    pub part: String,
    /// An unnumbered line that is a top-level heading when it names a part (a word of
    /// [`StatusCues::review_parts`] or [`StatusCues::plan_parts`]).
    pub unnumbered_part: String,
}

#[derive(Debug, Clone)]
pub struct DocumentCues {
    pub title_words: Vec<String>,
    pub title_max_chars: usize,
    pub title_max_lines: usize,
    pub chrome: Vec<String>,
    pub head_end: Vec<String>,
    /// Genre rules, highest priority first.
    pub genres: Vec<GenreRule>,
    pub number: String,
    pub dates: Vec<String>,
    pub year_range: String,
    pub dateline: String,
    pub five_year_plans: Vec<(String, i32)>,
    pub national: Vec<String>,
    pub national_numbers: Vec<String>,
    pub salutation_country: Vec<String>,
    pub salutation_province: Vec<String>,
    pub salutation_prefecture: Vec<String>,
    pub salutation_county: Vec<String>,
    /// Short heading lines of a work report's review part and plan part.
    pub review_words: Vec<String>,
    pub plan_words: Vec<String>,
    pub self_reference: Vec<String>,
    pub file_year: String,
    /// A title's year that names the goals it collects (2025年目标汇总): not the issue year.
    pub title_goal_year: String,
}

/// How a genre is told: words of its title, markers in its head and opening.
#[derive(Debug, Clone)]
pub struct GenreRule {
    pub genre: super::document::Genre,
    pub priority: i64,
    pub title: Vec<String>,
    pub markers: Vec<String>,
}

#[derive(Debug, Clone)]
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

#[derive(Debug, Clone)]
pub struct ScopeCues {
    pub keywords: Vec<String>,
    pub not_keywords: Vec<String>,
    pub not_metrics: Vec<String>,
    pub topic_keywords: Vec<String>,
    pub document_share: f64,
    pub document_min_sentences: usize,
    pub topic_sentence_max_chars: usize,
}

#[derive(Debug, Clone)]
pub struct StatusCues {
    pub achieved: Vec<String>,
    pub planned: Vec<String>,
    pub review_parts: Vec<String>,
    pub plan_parts: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct UnitCues {
    pub count: Vec<String>,
    pub scale: BTreeMap<String, u32>,
    pub percent_words: Vec<String>,
    pub counted_nouns: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct NumberCues {
    pub pattern: String,
    pub small_chinese: usize,
    pub not_after: Vec<String>,
    pub not_before: Vec<String>,
    pub not_counting: Vec<String>,
    pub policy_nouns: Vec<String>,
    pub policy_noun_window: usize,
}

#[derive(Debug, Clone)]
pub struct TargetCues {
    pub leading_verbs: Vec<String>,
    pub metric_max_chars: usize,
    pub change_verbs: Vec<String>,
    pub award_words: Vec<String>,
    pub award_followers: Vec<String>,
    pub baseline_openers: Vec<String>,
    pub bare_change_metrics: Vec<String>,
    pub line_ends: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DateCues {
    pub year: String,
    pub deadline_after: Vec<String>,
    pub deadline_before: Vec<String>,
    pub deadline_trail: Vec<String>,
    pub deadline_verbs: Vec<String>,
    pub deadline_verb_gap: usize,
    pub min_statement_chars: usize,
    pub month: String,
    pub month_after: Vec<String>,
    pub scope_breakers: Vec<String>,
}

#[derive(Debug, Clone)]
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
    pub list_joiners: Vec<String>,
    pub portal_suffixes: Vec<String>,
    pub list_category_words: Vec<String>,
    pub not_sectors: Vec<String>,
    /// Priority of each name rule: where several could type a quotation, the highest wins.
    pub priorities: HashMap<String, i64>,
    /// Name rules whose names count only in passages about digital government.
    pub needs_scope: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct RegionCues {
    pub connectives: Vec<String>,
    pub subject_verbs: Vec<String>,
    pub province_words: Vec<String>,
    pub city_words: Vec<String>,
    /// Words after a region that keep it from being a subject (上海、浙江; 江苏的).
    pub not_subject_after: Vec<String>,
}

/// Reads records by id and remembers which were read.
struct Reader<'a> {
    by_id: HashMap<&'a str, &'a RuleRecord>,
    read: RefCell<BTreeSet<&'a str>>,
}

fn rules_error(message: String) -> ExtractError {
    ExtractError::Rules { message }
}

impl<'a> Reader<'a> {
    fn record(&self, id: &str) -> Result<&'a RuleRecord, ExtractError> {
        let (key, record) = self.by_id.get_key_value(id).ok_or_else(|| {
            rules_error(format!("no rule with id {id:?} (the extractor needs it)"))
        })?;
        self.read.borrow_mut().insert(key);
        Ok(record)
    }

    /// The cues of `id`, longest first, so that the first cue that matches is the longest.
    fn cues(&self, id: &str) -> Result<Vec<String>, ExtractError> {
        let mut cues = self.record(id)?.cues.clone();
        cues.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        Ok(cues)
    }

    /// The cues of `id` in the order written (where order is meaning, not length).
    fn cues_as_written(&self, id: &str) -> Result<Vec<String>, ExtractError> {
        Ok(self.record(id)?.cues.clone())
    }

    /// Cues of one character each.
    fn chars(&self, id: &str) -> Result<Vec<char>, ExtractError> {
        let record = self.record(id)?;
        record
            .cues
            .iter()
            .map(|c| {
                let mut chars = c.chars();
                match (chars.next(), chars.next()) {
                    (Some(one), None) => Ok(one),
                    _ => Err(rules_error(format!(
                        "rule {id:?}: cue {c:?} should be one character"
                    ))),
                }
            })
            .collect()
    }

    fn patterns(&self, id: &str) -> Result<Vec<String>, ExtractError> {
        Ok(self.record(id)?.patterns.clone())
    }

    fn pattern(&self, id: &str) -> Result<String, ExtractError> {
        match self.record(id)?.patterns.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(rules_error(format!("rule {id:?} should have one pattern"))),
        }
    }

    fn value(&self, id: &str) -> Result<f64, ExtractError> {
        self.record(id)?
            .value
            .ok_or_else(|| rules_error(format!("rule {id:?} should have a value")))
    }

    fn count(&self, id: &str) -> Result<usize, ExtractError> {
        let v = self.value(id)?;
        if v < 0.0 || v.fract() != 0.0 {
            return Err(rules_error(format!(
                "rule {id:?}: value {v} should be a whole number"
            )));
        }
        Ok(v as usize)
    }

    fn table_entry(&self, id: &str, key: &str) -> Result<usize, ExtractError> {
        let record = self.record(id)?;
        record
            .table
            .get(key)
            .and_then(|&v| usize::try_from(v).ok())
            .ok_or_else(|| {
                rules_error(format!(
                    "rule {id:?} should have a table entry {key} = a whole number"
                ))
            })
    }
}

impl Rules {
    /// Parses a rules file. `source` names it in errors.
    pub fn from_toml(text: &str, source: &str) -> Result<Self, ExtractError> {
        let file: RulesFile = toml::from_str(text).map_err(|e| ExtractError::Rules {
            message: format!("{source}: {e}"),
        })?;
        let records = file.rule;
        let mut by_id = HashMap::new();
        for r in &records {
            if !KINDS.contains(&r.kind.as_str()) {
                return Err(rules_error(format!(
                    "{source}: rule {:?} has kind {:?}; expected one of {}",
                    r.id,
                    r.kind,
                    KINDS.join(", ")
                )));
            }
            if by_id.insert(r.id.as_str(), r).is_some() {
                return Err(rules_error(format!(
                    "{source}: two rules have the id {:?}",
                    r.id
                )));
            }
        }
        let rd = Reader {
            by_id,
            read: RefCell::new(BTreeSet::new()),
        };
        let rules = Self::views(&rd, source.to_string(), &records)?;
        for id in ids::ALL {
            rd.record(id)?;
        }
        let read = rd.read.borrow();
        if let Some(unread) = records.iter().find(|r| !read.contains(r.id.as_str())) {
            return Err(rules_error(format!(
                "{source}: no stage reads a rule with id {:?} (a misspelt id?)",
                unread.id
            )));
        }
        drop(read);
        Ok(rules)
    }

    fn views(
        rd: &Reader<'_>,
        source: String,
        records: &[RuleRecord],
    ) -> Result<Self, ExtractError> {
        let name_rules = [
            ids::GAZETTEER,
            ids::GAZETTEER_LIST,
            ids::REGION_BRAND,
            ids::REGION_PORTAL,
            ids::QUOTED_PLATFORM_LIST,
            ids::QUOTED_PLATFORM_CUE,
            ids::INITIATIVE_FAMILY,
            ids::QUOTED_LIST_FAMILY,
            ids::PLATFORM_SUFFIX,
            ids::ABBREVIATION_APP,
            ids::QUOTED_INITIATIVE_CUE,
            ids::ACTION,
            ids::UNQUOTED_FAMILY,
            ids::UNQUOTED_PLATFORM,
        ];
        let mut priorities = HashMap::new();
        let mut needs_scope = BTreeSet::new();
        for id in name_rules {
            let r = rd.record(id)?;
            priorities.insert(id.to_string(), r.priority);
            if r.needs_scope {
                needs_scope.insert(id.to_string());
            }
        }
        let scale = {
            let r = rd.record("unit-scale")?;
            r.table
                .iter()
                .map(|(k, &v)| {
                    u32::try_from(v).map(|v| (k.clone(), v)).map_err(|_| {
                        rules_error(format!("rule \"unit-scale\": {k} = {v} is no exponent"))
                    })
                })
                .collect::<Result<_, _>>()?
        };
        Ok(Self {
            source,
            records: records.to_vec(),
            segments: SegmentCues {
                sentence_marks: rd.chars("segment-sentence-marks")?,
                clause_marks: rd.chars("segment-clause-marks")?,
                phrase_marks: rd.chars("segment-phrase-marks")?,
                list_joiners: rd.cues_as_written("segment-list-joiners")?,
                portal_suffixes: rd.cues(ids::REGION_PORTAL)?,
                name_bounds: rd.chars("segment-name-bounds")?,
            },
            layout: LayoutCues {
                numbering: rd.pattern("layout-numbering")?,
                heading: rd.pattern("layout-heading")?,
                heading_max_chars: rd.count("layout-heading")?,
                part: rd.pattern("layout-part")?,
                unnumbered_part: rd.pattern("layout-part-unnumbered")?,
            },
            document: DocumentCues {
                title_words: rd.cues("document-title-words")?,
                title_max_chars: rd.table_entry("document-title-lines", "max_chars")?,
                title_max_lines: rd.table_entry("document-title-lines", "max_lines")?,
                chrome: rd.cues("document-chrome")?,
                head_end: rd.cues("document-head-end")?,
                genres: {
                    let mut genres = Vec::new();
                    for g in super::document::Genre::ALL {
                        if g == super::document::Genre::Article {
                            continue;
                        }
                        let id = format!("document-genre-{}", g.as_str());
                        let r = rd.record(&id)?;
                        genres.push(GenreRule {
                            genre: g,
                            priority: r.priority,
                            title: r.cues.clone(),
                            markers: r.markers.clone(),
                        });
                    }
                    genres.sort_by_key(|g| std::cmp::Reverse(g.priority));
                    genres
                },
                number: rd.pattern("document-number")?,
                dates: rd.patterns("document-date")?,
                year_range: rd.pattern("document-period")?,
                dateline: rd.pattern("document-dateline")?,
                five_year_plans: {
                    let r = rd.record("document-five-year-plans")?;
                    r.table
                        .iter()
                        .map(|(k, &v)| (k.clone(), v as i32))
                        .collect()
                },
                national: rd.cues("document-national")?,
                national_numbers: rd.cues("document-national-numbers")?,
                salutation_country: rd.cues("document-salutation-country")?,
                salutation_province: rd.cues("document-salutation-province")?,
                salutation_prefecture: rd.cues("document-salutation-prefecture")?,
                salutation_county: rd.cues("document-salutation-county")?,
                review_words: rd.cues("status-review-parts")?,
                self_reference: rd.cues("document-platform-region")?,
                file_year: rd.pattern("document-file-year")?,
                title_goal_year: rd.pattern("document-title-goal-year")?,
                plan_words: rd.cues("document-plan-headings")?,
            },
            comparators: ComparatorCues {
                ge: rd.cues("comparator-ge")?,
                gt: rd.cues("comparator-gt")?,
                le: rd.cues("comparator-le")?,
                lt: rd.cues("comparator-lt")?,
                eq: rd.cues("comparator-eq")?,
                suffix_ge: rd.cues("comparator-suffix-ge")?,
                suffix_le: rd.cues("comparator-suffix-le")?,
                approximate_gt: rd.cues("comparator-approximate")?,
            },
            scope: ScopeCues {
                keywords: rd.cues_as_written("scope-keywords")?,
                not_keywords: rd.cues("scope-not-keywords")?,
                not_metrics: rd.cues("scope-not-metrics")?,
                topic_keywords: rd.cues_as_written("scope-topic-keywords")?,
                document_share: rd.value("scope-document-share")?,
                document_min_sentences: rd.count("scope-document-min-sentences")?,
                topic_sentence_max_chars: rd.count("scope-topic-sentence")?,
            },
            status: StatusCues {
                achieved: rd.cues("status-achieved")?,
                planned: rd.cues("status-planned")?,
                review_parts: rd.cues("status-review-parts")?,
                plan_parts: rd.cues("status-plan-parts")?,
            },
            units: UnitCues {
                count: rd.cues("unit-count")?,
                scale,
                percent_words: rd.cues("unit-percent-words")?,
                counted_nouns: rd.cues("unit-counted-nouns")?,
            },
            numbers: NumberCues {
                pattern: rd.pattern("number")?,
                small_chinese: rd.count("number-small-chinese")?,
                not_after: rd.cues("number-not-after")?,
                not_before: rd.cues("number-not-before")?,
                not_counting: rd.cues("number-not-counting")?,
                policy_nouns: rd.cues("number-policy-nouns")?,
                policy_noun_window: rd.count("number-policy-nouns")?,
            },
            targets: TargetCues {
                leading_verbs: rd.cues_as_written("target-leading-verbs")?,
                metric_max_chars: rd.count("target-metric-max")?,
                change_verbs: rd.cues("target-change")?,
                award_words: rd.cues("target-not-awards")?,
                award_followers: rd.cues("target-not-awards-followers")?,
                baseline_openers: rd.cues("target-not-baselines")?,
                bare_change_metrics: rd.cues("target-not-bare-changes")?,
                line_ends: rd.cues("target-metric-line-breaks")?,
            },
            dates: DateCues {
                year: rd.pattern("date-year")?,
                deadline_after: rd.cues("goal-deadline-after")?,
                deadline_before: rd.cues("goal-deadline-before")?,
                deadline_trail: rd.cues("date-deadline-trail")?,
                deadline_verbs: rd.cues("goal-year-verb")?,
                deadline_verb_gap: rd.count("goal-year-verb")?,
                min_statement_chars: {
                    rd.record("goal-not-past")?;
                    rd.count("goal-min-statement")?
                },
                month: rd.pattern("date-month")?,
                month_after: rd.cues("date-month")?,
                scope_breakers: rd.cues("date-scope-breakers")?,
            },
            names: NameCues {
                platform_after: rd.cues("quoted-platform-cue")?,
                cue_gap: rd.count("name-cue-gap")?,
                platform_before: rd.cues("platform-cue-before")?,
                platform_suffixes: rd.cues_as_written("platform-suffix")?,
                platform_suffix_words: rd.cues_as_written("platform-suffix-words")?,
                initiative_not_platform_suffixes: rd
                    .cues_as_written("initiative-not-platform-suffixes")?,
                initiative_patterns: rd.patterns(ids::INITIATIVE_FAMILY)?,
                unquoted_initiative_patterns: rd.patterns(ids::UNQUOTED_FAMILY)?,
                plus_prefixes: rd.cues("name-plus-prefixes")?,
                initiative_after: rd.cues("quoted-initiative-cue")?,
                slogan_marks: rd.cues_as_written("name-slogan-marks")?,
                slogan_counters: rd.cues_as_written("name-slogan-counters")?,
                manner_suffixes: rd.cues_as_written("name-manner-suffixes")?,
                max_name_chars: rd.count("name-max-chars")?,
                abbreviation_app_suffixes: rd.cues_as_written(ids::ABBREVIATION_APP)?,
                region_brand_prefixes: rd.cues_as_written(ids::REGION_BRAND)?,
                region_brand_after: rd.cues_as_written("region-brand-after")?,
                action_verbs: rd.cues(ids::ACTION)?,
                action_heads: rd.cues("action-heads")?,
                action_markers: rd.cues_as_written("action-markers")?,
                action_not: rd.cues_as_written("action-not")?,
                unquoted_platform_heads: rd.cues(ids::UNQUOTED_PLATFORM)?,
                generic_platform_words: rd.cues("platform-generic-words")?,
                platform_name_openers: rd.cues("platform-name-openers")?,
                platform_category_after: rd.cues_as_written("platform-category-after")?,
                min_unquoted_platform_chars: rd.table_entry("platform-name-length", "min")?,
                max_unquoted_platform_chars: rd.table_entry("platform-name-length", "max")?,
                list_joiners: rd.cues_as_written("segment-list-joiners")?,
                portal_suffixes: rd.cues(ids::REGION_PORTAL)?,
                list_category_words: rd.cues(ids::GAZETTEER_LIST)?,
                not_sectors: rd.cues("platform-not-sectors")?,
                priorities,
                needs_scope,
            },
            regions: RegionCues {
                connectives: rd.cues("region-connectives")?,
                subject_verbs: rd.cues("region-subject-verbs")?,
                province_words: rd.cues("region-province-words")?,
                city_words: rd.cues("region-city-words")?,
                not_subject_after: rd.cues("region-city-subjects")?,
            },
        })
    }

    /// The bundled rules.
    pub fn bundled() -> Result<Self, ExtractError> {
        Self::from_toml(RULES_TOML, "ontology/rules.toml")
    }

    /// Reads a rules file from disk.
    pub fn from_file(path: &std::path::Path) -> Result<Self, ExtractError> {
        let text = std::fs::read_to_string(path).map_err(|e| ExtractError::Rules {
            message: format!("{}: cannot read: {e}", path.display()),
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// The record with this id.
    pub fn record(&self, id: &str) -> Option<&RuleRecord> {
        self.records.iter().find(|r| r.id == id)
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
    fn unknown_fields_misspelt_ids_and_duplicates_are_errors() {
        let broken = [
            RULES_TOML.replace(
                "id = \"comparator-ge\"",
                "id = \"comparator-ge\"\nsurprise = 1",
            ),
            RULES_TOML.replace("id = \"comparator-ge\"", "id = \"comparator-gee\""),
            RULES_TOML.replace("id = \"comparator-gt\"", "id = \"comparator-ge\""),
            RULES_TOML.replace("kind = \"comparator\"", "kind = \"comparators\""),
        ];
        for text in broken {
            assert!(Rules::from_toml(&text, "test").is_err());
        }
    }
}
