//! The document model, read before any fact: what a document is — its title, genre (work
//! report, plan, annual work points, notice, interpretation, news, summary, proposal), the
//! region that issues it or that it is about, its date and year, its 文号 and the period it
//! plans for — from its title and date lines, the 文号, the salutation, the issuing body and
//! the opening sentence. Attribution, deadlines and status all start from it; a manifest can
//! override any of it.

use super::rules::{starts_with_any, DocumentCues};
use super::segment::Segments;
use super::ExtractError;
use crate::read::{Line, NormText};
use crate::reference::{RegionLevel, Regions, COUNTRY_CODE};
use regex::Regex;

/// The kinds of document govkg tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Genre {
    /// 政府工作报告: a review part and a plan part.
    WorkReport,
    /// 规划, 方案, 行动计划, 意见: a plan over one or more years.
    Plan,
    /// 工作要点, 年度工作计划: an annual plan; its year is the deadline of its tasks.
    WorkPoints,
    /// 通知, 通报, 决定.
    Notice,
    /// 政策解读, 答记者问.
    Interpretation,
    /// A news item or press release.
    News,
    /// 工作总结, 典型经验: a report of what was done.
    Summary,
    /// 建议, 提案, 社情民意.
    Proposal,
    /// Anything else (an article, a commentary).
    Article,
}

impl Genre {
    pub const ALL: [Genre; 9] = [
        Genre::WorkReport,
        Genre::Plan,
        Genre::WorkPoints,
        Genre::Notice,
        Genre::Interpretation,
        Genre::News,
        Genre::Summary,
        Genre::Proposal,
        Genre::Article,
    ];

    /// The genre's id, as rules, manifests and the graph write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Genre::WorkReport => "work-report",
            Genre::Plan => "plan",
            Genre::WorkPoints => "work-points",
            Genre::Notice => "notice",
            Genre::Interpretation => "interpretation",
            Genre::News => "news",
            Genre::Summary => "summary",
            Genre::Proposal => "proposal",
            Genre::Article => "article",
        }
    }

    pub fn parse(s: &str) -> Option<Genre> {
        Genre::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The genre an id (plan) or a Chinese name (规划, 工作要点) names.
    pub fn parse_label(s: &str) -> Option<Genre> {
        let s = s.trim();
        Genre::parse(&s.to_ascii_lowercase()).or(match s {
            "政府工作报告" | "工作报告" => Some(Genre::WorkReport),
            "规划" | "方案" | "实施方案" | "行动计划" | "意见" => Some(Genre::Plan),
            "工作要点" | "年度计划" | "年度工作计划" => Some(Genre::WorkPoints),
            "通知" | "通报" | "决定" => Some(Genre::Notice),
            "解读" | "政策解读" => Some(Genre::Interpretation),
            "新闻" | "新闻稿" | "报道" => Some(Genre::News),
            "总结" | "工作总结" | "典型经验" => Some(Genre::Summary),
            "建议" | "提案" | "社情民意" => Some(Genre::Proposal),
            "文章" | "评论" => Some(Genre::Article),
            _ => None,
        })
    }

    /// Whether the document plans (its undated figures are targets to reach).
    pub fn plans(self) -> bool {
        matches!(
            self,
            Genre::Plan | Genre::WorkPoints | Genre::Notice | Genre::Proposal
        )
    }

    /// Whether the document reports what happened (its undated figures are achievements).
    pub fn reports(self) -> bool {
        matches!(self, Genre::News | Genre::Summary | Genre::Interpretation)
    }
}

/// What a user says about a document (a manifest row): it overrides what the text says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub title: Option<String>,
    pub genre: Option<Genre>,
    /// GB/T 2260 code.
    pub region: Option<String>,
    /// ISO date or its year-month or year.
    pub date: Option<String>,
    pub year: Option<i32>,
    pub number: Option<String>,
    pub period: Option<(i32, i32)>,
    pub url: Option<String>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self == &Overrides::default()
    }
}

/// What is known about a document as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentModel {
    /// The line that names the document.
    pub title: Option<String>,
    pub genre: Genre,
    /// The region that issues the document or that it is about, at its level.
    pub region: Option<String>,
    /// The province of `region` (its own code for a province), which decides ambiguous names.
    pub province: Option<String>,
    /// The issue date, as written in ISO form (2023-08-19), or only its year.
    pub date: Option<String>,
    /// The year the document was issued.
    pub year: Option<i32>,
    /// The year an annual plan or a work report's plan part is for.
    pub plan_year: Option<i32>,
    /// First and last year of the period it plans for (十四五 → 2021–2025).
    pub period: Option<(i32, i32)>,
    /// 文号 (川办函〔2021〕7号).
    pub number: Option<String>,
    /// Where the document was published (a manifest's url).
    pub url: Option<String>,
    /// Which fields a manifest set (they are not read from the text).
    pub from_manifest: Vec<&'static str>,
}

impl Default for DocumentModel {
    fn default() -> Self {
        Self {
            title: None,
            genre: Genre::Article,
            region: None,
            province: None,
            date: None,
            year: None,
            plan_year: None,
            period: None,
            number: None,
            url: None,
            from_manifest: Vec::new(),
        }
    }
}

impl DocumentModel {
    /// Takes what a manifest says over what the text said; `province_of` gives a region's
    /// province. The plan year follows the genre and year it ends with.
    pub fn apply(&mut self, o: &Overrides, province_of: impl Fn(&str) -> Option<String>) {
        let mut set = Vec::new();
        if let Some(t) = &o.title {
            self.title = Some(t.clone());
            set.push("title");
        }
        if let Some(g) = o.genre {
            self.genre = g;
            set.push("genre");
        }
        if let Some(r) = &o.region {
            self.province = province_of(r).or_else(|| Some(r.clone()));
            self.region = Some(r.clone());
            set.push("region");
        }
        if let Some(d) = &o.date {
            self.date = Some(d.clone());
            set.push("date");
        }
        if let Some(y) = o.year {
            self.year = Some(y);
            set.push("year");
        }
        if let Some(n) = &o.number {
            self.number = Some(n.clone());
            set.push("number");
        }
        if let Some(p) = o.period {
            self.period = Some(p);
            set.push("period");
        }
        if let Some(u) = &o.url {
            self.url = Some(u.clone());
            set.push("url");
        }
        match self.genre {
            Genre::WorkReport => self.plan_year = self.year,
            Genre::WorkPoints => {
                if o.year.is_some() || self.plan_year.is_none() {
                    self.plan_year = self.year;
                }
                if let Some(y) = self.plan_year.filter(|_| o.period.is_none()) {
                    self.period = Some((y, y));
                }
            }
            _ if set.contains(&"genre") => self.plan_year = None,
            _ => {}
        }
        self.from_manifest = set;
    }

    /// The model as "key=value" pairs (the rule examples compare these).
    pub fn fields(&self) -> Vec<String> {
        let mut out = vec![format!("genre={}", self.genre.as_str())];
        if let Some(r) = &self.region {
            out.push(format!("region={r}"));
        }
        if let Some(y) = self.year {
            out.push(format!("year={y}"));
        }
        if let Some(y) = self.plan_year {
            out.push(format!("plan-year={y}"));
        }
        if let Some((a, b)) = self.period {
            out.push(format!("period={a}-{b}"));
        }
        if let Some(n) = &self.number {
            out.push(format!("number={n}"));
        }
        if let Some(d) = &self.date {
            out.push(format!("date={d}"));
        }
        out
    }
}

/// A region named in the text, resolved without context.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub start: usize,
    pub end: usize,
    pub code: String,
    pub level: RegionLevel,
    pub province: String,
}

/// Compiled document rules.
pub(crate) struct DocumentRules {
    cues: DocumentCues,
    number: Regex,
    dates: Vec<Regex>,
    year_range: Regex,
    dateline: Regex,
    year: Regex,
    heading: Regex,
    file_year: Regex,
    title_goal_year: Regex,
    /// One-character abbreviations of provinces (川 → 510000), for the 文号.
    abbreviations: Vec<(char, String)>,
    /// Prefectures by the first character of their name, with their province.
    prefecture_initials: Vec<(char, String, String)>,
}

fn compile(p: &str) -> Result<Regex, ExtractError> {
    Regex::new(p).map_err(|e| ExtractError::Pattern {
        pattern: p.to_string(),
        message: e.to_string(),
    })
}

/// Where a region was learnt from, strongest first.
struct Found {
    code: String,
    province: String,
}

impl DocumentRules {
    pub fn new(
        regions: &Regions,
        cues: &DocumentCues,
        heading: &str,
    ) -> Result<Self, ExtractError> {
        let mut abbreviations = Vec::new();
        let mut prefecture_initials = Vec::new();
        for r in regions.iter() {
            match r.level {
                RegionLevel::Province => {
                    if let Some(c) = r.abbreviation.chars().next() {
                        abbreviations.push((c, r.code.clone()));
                    }
                }
                RegionLevel::Prefecture => {
                    if let (Some(c), Some(p)) = (r.name.chars().next(), r.parent.clone()) {
                        prefecture_initials.push((c, r.code.clone(), p));
                    }
                }
                _ => {}
            }
        }
        Ok(Self {
            number: compile(&cues.number)?,
            dates: cues
                .dates
                .iter()
                .map(|p| compile(p))
                .collect::<Result<_, _>>()?,
            year_range: compile(&cues.year_range)?,
            dateline: compile(&cues.dateline)?,
            year: compile(r"((?:19|20)\d\d)年")?,
            heading: compile(heading)?,
            file_year: compile(&cues.file_year)?,
            title_goal_year: compile(&cues.title_goal_year)?,
            abbreviations,
            prefecture_initials,
            cues: cues.clone(),
        })
    }

    /// Whether a line is page furniture or a date line: it opens with a chrome cue, or once its
    /// dates, times and punctuation are gone fewer than two Han characters are left.
    fn is_chrome(&self, line: &str) -> bool {
        let s = line.trim();
        if starts_with_any(s, &self.cues.chrome).is_some() {
            return true;
        }
        let mut rest = s.to_string();
        for d in &self.dates {
            rest = d.replace_all(&rest, "").into_owned();
        }
        rest.chars().filter(|&c| super::is_han(c)).count() < 2
    }

    /// The 文号 of a line that holds little else (川办函〔2021〕7号 under a notice's title), not
    /// one cited in a sentence: (the number, its issuer prefix, its year).
    fn number_line(&self, line: &str) -> Option<(String, String, Option<i32>)> {
        let s = line.trim();
        let m = self.number.captures(s)?;
        let all = m.get(0)?;
        let rest = s.chars().count() - all.as_str().chars().count();
        (rest <= 4).then(|| {
            (
                all.as_str().trim().to_string(),
                m.get(1).map_or("", |x| x.as_str()).to_string(),
                m.get(2).and_then(|y| y.as_str().parse::<i32>().ok()),
            )
        })
    }

    /// Reads the model of one document; `named` are the regions it names, resolved alone.
    pub fn read(
        &self,
        text: &NormText,
        segments: &Segments,
        named: &[Named],
        platform_province: Option<&str>,
        file_name: Option<&str>,
    ) -> DocumentModel {
        let c = &self.cues;
        let slice = |l: &Line| text.slice(l.start, l.end);
        let nonempty: Vec<Line> = segments
            .lines
            .iter()
            .copied()
            .filter(|l| !slice(l).trim().is_empty())
            .collect();
        // The head: the leading short lines, up to a salutation or an introduction ending in a
        // colon (各位代表: / 现将…解读如下:).
        let head: Vec<Line> = nonempty
            .iter()
            .copied()
            .take_while(|l| {
                let s = slice(l).trim();
                let introduces = s.ends_with(':') && s.chars().count() > 6 && !self.is_chrome(s);
                l.end - l.start <= c.title_max_chars
                    && !introduces
                    && starts_with_any(s, &c.head_end).is_none()
            })
            .take(c.title_max_lines)
            .collect();
        // Title lines: the head's lines that are not furniture, dates or sentences.
        let title_lines: Vec<Line> = head
            .iter()
            .copied()
            .filter(|l| {
                let s = slice(l);
                !self.is_chrome(s) && !s.contains('。') && !self.heading.is_match(s.trim())
            })
            .collect();
        let has_title_word = |l: &Line| c.title_words.iter().any(|w| slice(l).contains(w.as_str()));
        let titled: Vec<Line> = title_lines.iter().copied().filter(has_title_word).collect();
        let title = self.title(&title_lines, &titled, &slice);
        let titled_text: String = titled.iter().map(|l| slice(l).trim()).collect();
        let genre_text = if titled.is_empty() {
            title.clone().unwrap_or_default()
        } else {
            titled_text.clone()
        };
        // A head that is only a 《title》 names another document, which this one reports on.
        let quoted_title = genre_text.starts_with('《') && genre_text.ends_with('》');
        // The opening: the first lines after the head and a salutation.
        let head_end = head.last().map_or(0, |l| l.end);
        let opening_lines: Vec<Line> = nonempty
            .iter()
            .copied()
            .filter(|l| l.start >= head_end && !self.is_chrome(slice(l)))
            .take(4)
            .collect();
        let opening: String = opening_lines
            .iter()
            .map(&slice)
            .collect::<Vec<_>>()
            .join("\n");
        let head_text: String = head.iter().map(&slice).collect::<Vec<_>>().join("\n");
        // Genre markers may sit in the head, a salutation or the opening.
        let top_text: String = nonempty
            .iter()
            .take(head.len() + 6)
            .map(&slice)
            .collect::<Vec<_>>()
            .join("\n");

        let mut model = DocumentModel {
            genre: self.genre(&genre_text, quoted_title, &top_text, &opening),
            title,
            ..DocumentModel::default()
        };

        // The 文号: a line of its own near the top.
        let top: Vec<Line> = nonempty.iter().copied().take(20).collect();
        let number = top.iter().find_map(|l| self.number_line(slice(l)));
        let mut number_year = None;
        let mut number_prefix = None;
        if let Some((full, prefix, year)) = number {
            model.number = Some(full);
            number_prefix = Some(prefix);
            number_year = year;
        }

        // Date and year: a date of the head or of a date line near the top (a notice's
        // signature), else the title's year, else the 文号's, else (a work report) the year
        // after the one its review part looks back on.
        let mut date = head.iter().find_map(|l| self.date(slice(l)));
        if date.is_none() {
            date = nonempty
                .iter()
                .take(30)
                .filter(|l| self.is_chrome(slice(l)))
                .find_map(|l| self.date(slice(l)));
        }
        let title_source = if titled.is_empty() {
            model.title.clone().unwrap_or_default()
        } else {
            titled_text.clone()
        };
        // The title's year, not a year of the span it plans for (行动计划(2023—2025年)) nor of
        // the goals it names (2025年目标汇总).
        let title_without_span = self.year_range.replace_all(&title_source, "");
        let title_without_span = self.title_goal_year.replace_all(&title_without_span, "");
        let title_year = self
            .year
            .captures(&title_without_span)
            .and_then(|m| m[1].parse::<i32>().ok());
        if let Some((y, iso)) = date {
            model.year = Some(y);
            model.date = Some(iso);
        } else {
            model.year = title_year.or(number_year);
        }
        if model.year.is_none() && model.genre == Genre::WorkReport {
            model.year = self.report_year(&nonempty, &slice);
        }
        // Last, a year in the file's name (2023_数字政府工作要点.txt, 1982.txt).
        if model.year.is_none() {
            model.year = file_name
                .and_then(|n| self.file_year.captures(n))
                .and_then(|m| m[1].parse::<i32>().ok());
        }

        // The period it plans for.
        if let Some(m) = self.year_range.captures(&title_source) {
            if let (Ok(a), Ok(b)) = (m[1].parse::<i32>(), m[2].parse::<i32>()) {
                if a <= b {
                    model.period = Some((a, b));
                }
            }
        }
        if model.period.is_none() {
            model.period = c
                .five_year_plans
                .iter()
                .find(|(name, _)| title_source.contains(name.as_str()))
                .map(|(_, start)| (*start, *start + 4));
        }
        match model.genre {
            Genre::WorkPoints => {
                model.plan_year = title_year.or(model.year);
                if let Some(y) = model.plan_year {
                    model.period = Some((y, y));
                }
            }
            Genre::WorkReport => model.plan_year = model.year,
            _ => {}
        }

        // The region: of the title, else of the head, else the country when the State Council
        // speaks, else of the 文号, else of the opening sentence.
        let in_lines =
            |lines: &[Line], n: &Named| lines.iter().any(|l| l.start <= n.start && n.end <= l.end);
        let datelines: Vec<(usize, usize)> = opening_lines
            .iter()
            .chain(head.iter())
            .flat_map(|l| {
                self.dateline.find_iter(slice(l)).map(move |m| {
                    let s = slice(l);
                    let a = l.start + s[..m.start()].chars().count();
                    (a, a + m.as_str().chars().count())
                })
            })
            .collect();
        let not_dateline = |n: &&Named| !datelines.iter().any(|&(a, b)| a <= n.start && n.end <= b);
        let level = top.iter().find_map(|l| self.salutation_level(slice(l)));
        let pick = |found: Vec<&Named>| most_specific(&found, level);
        let head_lines: Vec<Line> = head
            .iter()
            .copied()
            .filter(|l| !slice(l).contains('。'))
            .collect();
        let mut region = None;
        if !titled.is_empty() {
            region = pick(named.iter().filter(|n| in_lines(&titled, n)).collect());
        }
        if region.is_none() {
            region = pick(
                named
                    .iter()
                    .filter(|n| in_lines(&head_lines, n))
                    .filter(not_dateline)
                    .collect(),
            );
        }
        let national = c.national.iter().any(|w| {
            title_source.contains(w.as_str())
                || head_text.contains(w.as_str())
                || opening
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .contains(w.as_str())
        }) || number_prefix
            .as_deref()
            .is_some_and(|p| c.national_numbers.iter().any(|n| p.starts_with(n.as_str())))
            || level == Some(RegionLevel::Country);
        if region.is_none() && national {
            region = Some(Found {
                code: COUNTRY_CODE.to_string(),
                province: COUNTRY_CODE.to_string(),
            });
        }
        if region.is_none() {
            region = number_prefix
                .as_deref()
                .and_then(|p| self.region_of_number(p, named));
        }
        if region.is_none() {
            // The opening sentence of a news item or an unheaded text names its subject.
            let start = opening_lines.first().map_or(0, |l| l.start);
            let first_end = opening_lines
                .first()
                .map_or(0, |l| l.start + first_sentence(slice(l)).chars().count());
            region = pick(
                named
                    .iter()
                    .filter(|n| n.start >= start && n.end <= first_end)
                    .filter(not_dateline)
                    .collect(),
            );
        }
        // A text that speaks as a local government (我市) without naming itself is of the
        // province whose platforms it names.
        let speaks_locally = c
            .self_reference
            .iter()
            .any(|w| text.as_str().contains(w.as_str()));
        if region.is_none() && speaks_locally {
            region = platform_province.map(|p| Found {
                code: p.to_string(),
                province: p.to_string(),
            });
        }
        if let Some(f) = region {
            model.region = Some(f.code);
            model.province = Some(f.province);
        }
        model
    }

    /// The document's title: its first line with a title word (or its first title line),
    /// with the lines before or after it that close a 《 or “ it leaves open.
    fn title<'t>(
        &self,
        title_lines: &[Line],
        titled: &[Line],
        slice: &impl Fn(&Line) -> &'t str,
    ) -> Option<String> {
        let first = titled.first().or(title_lines.first())?;
        let i = title_lines.iter().position(|l| l == first)?;
        let balance = |s: &str| {
            let count = |cs: &[char]| s.chars().filter(|c| cs.contains(c)).count() as i64;
            count(&['《', '“']) - count(&['》', '”'])
        };
        let mut text = slice(first).trim().to_string();
        let (mut lo, mut hi) = (i, i);
        while balance(&text) < 0 && lo > 0 {
            lo -= 1;
            text = format!("{}{text}", slice(&title_lines[lo]).trim());
        }
        while balance(&text) > 0 && hi + 1 < title_lines.len() {
            hi += 1;
            text.push_str(slice(&title_lines[hi]).trim());
        }
        Some(text)
    }

    /// A work report's year when it states none: the year after the one its review part looks
    /// back on (一、2024年工作回顾 → 2025), or the year its plan part is for.
    fn report_year<'t>(&self, lines: &[Line], slice: &impl Fn(&Line) -> &'t str) -> Option<i32> {
        lines.iter().take(400).find_map(|l| {
            let s = slice(l).trim();
            if s.chars().count() > 30 {
                return None;
            }
            let y = self.year.captures(s)?[1].parse::<i32>().ok()?;
            if self
                .cues
                .review_words
                .iter()
                .any(|w| s.contains(w.as_str()))
            {
                Some(y + 1)
            } else if self.cues.plan_words.iter().any(|w| s.contains(w.as_str())) {
                Some(y)
            } else {
                None
            }
        })
    }

    /// The genre: by the title's words (a quoted 《title》 is another document's), else by the
    /// markers of a work report or a news item in the head and opening.
    fn genre(&self, title: &str, quoted_title: bool, head: &str, opening: &str) -> Genre {
        let c = &self.cues;
        let mut best: Option<(i64, Genre)> = None;
        for rule in &c.genres {
            let in_title = !quoted_title && rule.title.iter().any(|w| title.contains(w.as_str()));
            let marked = rule
                .markers
                .iter()
                .any(|w| head.contains(w.as_str()) || opening.contains(w.as_str()));
            if (in_title || marked) && best.is_none_or(|(p, _)| rule.priority > p) {
                best = Some((rule.priority, rule.genre));
            }
        }
        best.map_or(
            if quoted_title {
                Genre::News
            } else {
                Genre::Article
            },
            |(_, g)| g,
        )
    }

    /// The level of the issuer a salutation line implies (各市、州人民政府 → a province).
    fn salutation_level(&self, line: &str) -> Option<RegionLevel> {
        let first = line.trim();
        for (level, cues) in [
            (RegionLevel::Country, &self.cues.salutation_country),
            (RegionLevel::Province, &self.cues.salutation_province),
            (RegionLevel::Prefecture, &self.cues.salutation_prefecture),
            (RegionLevel::County, &self.cues.salutation_county),
        ] {
            if cues.iter().any(|w| first.starts_with(w.as_str())) {
                return Some(level);
            }
        }
        None
    }

    /// A date in a line: (year, ISO form).
    fn date(&self, s: &str) -> Option<(i32, String)> {
        for re in &self.dates {
            let Some(m) = re.captures(s) else { continue };
            let get = |name: &str| m.name(name).map(|x| x.as_str());
            let year = get("y").and_then(parse_year)?;
            if !(1949..=2100).contains(&year) {
                continue;
            }
            let month = get("m").and_then(parse_small);
            let day = get("d").and_then(parse_small);
            let iso = match (month, day) {
                (Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                    format!("{year:04}-{m:02}-{d:02}")
                }
                _ => format!("{year:04}"),
            };
            return Some((year, iso));
        }
        None
    }

    /// The region a 文号's prefix names: a province's abbreviation (川办函 → 四川), or a
    /// prefecture's first character when the text names that prefecture (渭政办发 → 渭南).
    fn region_of_number(&self, prefix: &str, named: &[Named]) -> Option<Found> {
        let first = prefix.chars().next()?;
        let named_prefecture = self
            .prefecture_initials
            .iter()
            .find(|(c, code, _)| *c == first && named.iter().any(|n| &n.code == code));
        if let Some((_, code, province)) = named_prefecture {
            return Some(Found {
                code: code.clone(),
                province: province.clone(),
            });
        }
        self.abbreviations
            .iter()
            .find(|(c, _)| *c == first)
            .map(|(_, code)| Found {
                code: code.clone(),
                province: code.clone(),
            })
    }
}

/// The first sentence (or clause before a semicolon) of `s`.
fn first_sentence(s: &str) -> &str {
    let end = s
        .find(['。', '!', '?', '！', '？', ';', '；', '\n'])
        .unwrap_or(s.len());
    &s[..end]
}

/// Parses a year written in digits or Chinese numerals (二〇二六).
fn parse_year(s: &str) -> Option<i32> {
    if let Ok(y) = s.parse::<i32>() {
        return Some(y);
    }
    super::numbers::parse_chinese(s).and_then(|n| i32::try_from(n).ok())
}

/// Parses a month or a day in digits or Chinese numerals (一月, 二十七日).
fn parse_small(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    super::numbers::parse_chinese(s).and_then(|n| u32::try_from(n).ok())
}

fn depth(l: RegionLevel) -> u8 {
    match l {
        RegionLevel::Country => 0,
        RegionLevel::Province => 1,
        RegionLevel::Prefecture => 2,
        RegionLevel::County => 3,
    }
}

/// The region a set of names is about: all in one province, the most specific one named
/// (广东省深圳市 → 深圳市), or the one at `level` when the salutation tells the issuer's level;
/// regions of several provinces name none.
fn most_specific(found: &[&Named], level: Option<RegionLevel>) -> Option<Found> {
    let first = found.first()?;
    if found.iter().any(|r| r.province != first.province) {
        return None;
    }
    if let Some(l) = level {
        if let Some(at) = found.iter().find(|r| r.level == l) {
            return Some(Found {
                code: at.code.clone(),
                province: at.province.clone(),
            });
        }
    }
    let deepest = found.iter().map(|r| depth(r.level)).max()?;
    let mut at_depth = found.iter().filter(|r| depth(r.level) == deepest);
    let chosen = at_depth.next()?;
    if at_depth.any(|r| r.code != chosen.code) {
        let province = found.iter().find(|r| r.level == RegionLevel::Province)?;
        return Some(Found {
            code: province.code.clone(),
            province: province.province.clone(),
        });
    }
    Some(Found {
        code: chosen.code.clone(),
        province: chosen.province.clone(),
    })
}
