//! The timeline: targets (and, when asked for, goals) by deadline year, a column per year and
//! a row per region, each fact a short chip ("≥90% · 高频事项网办率"), achieved figures told
//! apart from planned ones, facts without a deadline in a last column. Written as SVG.

use super::label::{comparator_symbol, goal_label, truncate, unit_in};
use super::select::Scope;
use super::style::{Lang, NodeKind};
use super::svg::{text_px, Svg};
use std::collections::BTreeMap;
use std::io::Write;

/// One chip.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: NodeKind,
    /// Short label, without the year (the column says it).
    pub label: String,
    /// Longer text for the tooltip.
    pub detail: String,
    pub achieved: bool,
}

/// A region's row.
#[derive(Debug, Clone)]
pub struct Row {
    pub code: String,
    pub name: String,
    /// Items per column, in the order of [`Timeline::years`].
    pub cells: Vec<Vec<Item>>,
}

/// The timeline.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Columns: deadline years, ascending; `None` (no deadline) last.
    pub years: Vec<Option<i32>>,
    pub rows: Vec<Row>,
}

const COLUMN: f64 = 250.0;
const CHIP: f64 = 18.0;
const GAP: f64 = 3.0;
const FONT: f64 = 11.0;
const ACHIEVED_FILL: &str = "#dcefc4";

impl Timeline {
    /// The targets and goals that `scope` lets through. Targets are shown by default, goals
    /// when the scope's kinds include them.
    pub fn from_scope(scope: &Scope<'_>, lang: Lang) -> Self {
        let facts = scope.facts;
        let mut items: BTreeMap<(String, String), BTreeMap<Option<i32>, Vec<Item>>> =
            BTreeMap::new();
        let mut push = |region: &str, year: Option<i32>, item: Item| {
            let key = (facts.code(region).to_string(), region.to_string());
            items
                .entry(key)
                .or_default()
                .entry(year)
                .or_default()
                .push(item);
        };
        if scope.kind(NodeKind::Target) {
            for t in &facts.targets {
                if !(scope.region(&t.region) && scope.year(t.year)) {
                    continue;
                }
                let head = format!(
                    "{}{}{}",
                    comparator_symbol(&t.comparator),
                    t.value,
                    unit_in(&t.unit, lang)
                );
                let label = if t.metric.is_empty() {
                    head
                } else {
                    format!("{head} · {}", t.metric)
                };
                push(
                    &t.region,
                    t.year,
                    Item {
                        kind: NodeKind::Target,
                        detail: format!("{label} ({})", t.status),
                        label,
                        achieved: t.status == "achieved",
                    },
                );
            }
        }
        if scope.kind(NodeKind::Goal) {
            for g in &facts.goals {
                if !(scope.region(&g.region) && scope.year(g.year)) {
                    continue;
                }
                push(
                    &g.region,
                    g.year,
                    Item {
                        kind: NodeKind::Goal,
                        label: goal_label("", &g.statement, 200),
                        detail: g.statement.clone(),
                        achieved: false,
                    },
                );
            }
        }
        let mut years: Vec<Option<i32>> = items
            .values()
            .flat_map(|cells| cells.keys().copied())
            .collect();
        years.sort_by_key(|y| (y.is_none(), *y));
        years.dedup();
        let rows = items
            .into_iter()
            .map(|((code, iri), mut cells)| Row {
                name: facts.region_label(&iri, lang),
                code,
                cells: years
                    .iter()
                    .map(|y| {
                        let mut v = cells.remove(y).unwrap_or_default();
                        v.sort_by(|a, b| (a.kind, &a.label).cmp(&(b.kind, &b.label)));
                        v
                    })
                    .collect(),
            })
            .collect();
        Self { years, rows }
    }

    /// True when nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The timeline as SVG.
    pub fn write_svg(&self, title: &str, lang: Lang, out: &mut impl Write) -> std::io::Result<()> {
        let left = self
            .rows
            .iter()
            .map(|r| text_px(&r.name, 13.0))
            .fold(60.0, f64::max)
            + 24.0;
        let top = 92.0;
        let heights: Vec<f64> = self
            .rows
            .iter()
            .map(|r| {
                let most = r.cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                most as f64 * (CHIP + GAP) + 10.0
            })
            .collect();
        let width =
            (left + self.years.len() as f64 * COLUMN + 16.0).max(text_px(title, 18.0) + 40.0);
        let height = top + heights.iter().sum::<f64>() + 50.0;
        let chip_columns = ((COLUMN - 16.0) / (FONT * 0.56)) as usize;

        let mut svg = Svg::start(out, width, height, title)?;
        svg.text(
            16.0,
            28.0,
            title,
            18.0,
            "start",
            "#222222",
            Some("bold"),
            None,
        )?;
        // Column heads: the year and how many facts fall due in it.
        for (j, year) in self.years.iter().enumerate() {
            let x = left + j as f64 * COLUMN;
            let count: usize = self.rows.iter().map(|r| r.cells[j].len()).sum();
            let head = match year {
                Some(y) => y.to_string(),
                None => lang.pick("未定年份", "no deadline").to_string(),
            };
            svg.rect(x + 2.0, 44.0, COLUMN - 4.0, 36.0, "#e8edf6", None, None)?;
            svg.text(
                x + 10.0,
                68.0,
                &head,
                16.0,
                "start",
                "#1b2a41",
                Some("bold"),
                None,
            )?;
            svg.text(
                x + COLUMN - 10.0,
                67.0,
                &count.to_string(),
                11.0,
                "end",
                "#555555",
                None,
                None,
            )?;
        }
        let mut y = top;
        for (i, (row, h)) in self.rows.iter().zip(&heights).enumerate() {
            if i % 2 == 0 {
                svg.rect(4.0, y, width - 8.0, *h, "#f7f8fa", None, None)?;
            }
            svg.text(
                left - 12.0,
                y + 18.0,
                &row.name,
                13.0,
                "end",
                "#1b2a41",
                Some("bold"),
                None,
            )?;
            for (j, cell) in row.cells.iter().enumerate() {
                let x = left + j as f64 * COLUMN + 6.0;
                for (k, item) in cell.iter().enumerate() {
                    let cy = y + 5.0 + k as f64 * (CHIP + GAP);
                    let style = item.kind.style();
                    let fill = if item.achieved {
                        ACHIEVED_FILL
                    } else {
                        style.fill
                    };
                    let tip = format!("{} · {}", row.name, item.detail);
                    svg.rect(
                        x,
                        cy,
                        COLUMN - 12.0,
                        CHIP,
                        fill,
                        Some(style.border),
                        Some(&tip),
                    )?;
                    svg.text(
                        x + 5.0,
                        cy + CHIP - 5.0,
                        &truncate(&item.label, chip_columns),
                        FONT,
                        "start",
                        "#222222",
                        None,
                        None,
                    )?;
                }
            }
            y += h;
        }
        for j in 0..=self.years.len() {
            let x = left + j as f64 * COLUMN;
            svg.line((x, 44.0), (x, y), "#d0d5dd", 0.8)?;
        }
        // Legend.
        let ly = y + 18.0;
        let mut x = 16.0;
        let mut entries = vec![(
            NodeKind::Target.style().fill,
            NodeKind::Target.style().border,
            lang.pick("计划指标", "planned target"),
        )];
        entries.push((
            ACHIEVED_FILL,
            NodeKind::Target.style().border,
            lang.pick("已实现指标", "achieved figure"),
        ));
        if self
            .rows
            .iter()
            .any(|r| r.cells.iter().flatten().any(|i| i.kind == NodeKind::Goal))
        {
            entries.push((
                NodeKind::Goal.style().fill,
                NodeKind::Goal.style().border,
                lang.pick("目标", "goal"),
            ));
        }
        for (fill, border, name) in entries {
            svg.rect(x, ly, 26.0, 14.0, fill, Some(border), None)?;
            svg.text(
                x + 32.0,
                ly + 11.5,
                name,
                11.0,
                "start",
                "#444444",
                None,
                None,
            )?;
            x += 32.0 + text_px(name, 11.0) + 24.0;
        }
        svg.finish()
    }
}
