//! The region × initiative matrix: which region adopts which initiative, and in how many
//! passages it says so. Written as CSV (a row per region, a column per initiative, the count
//! of passages in each cell, 0 where it does not adopt it) and as an SVG heat map with the
//! number of initiatives per region and of adopters per initiative in the margins.

use super::label::truncate;
use super::select::Scope;
use super::style::Lang;
use super::svg::{text_px, Svg};
use super::ExportError;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// The matrix.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    /// Rows: (code, name) of the regions that adopt at least one initiative shown.
    pub regions: Vec<(String, String)>,
    /// Columns: (IRI, name) of the initiatives, most widely adopted first.
    pub initiatives: Vec<(String, String)>,
    /// `cells[row][column]`: passages in which the region adopts the initiative; 0 when it
    /// does not.
    pub cells: Vec<Vec<u32>>,
}

/// Blues from light to dark, for 1 passage up to the most.
const SCALE: [&str; 5] = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
const EMPTY: &str = "#f2f3f5";

impl Matrix {
    /// The adoptions that `scope` lets through (its regions and initiatives; kinds and years
    /// do not apply).
    pub fn from_scope(scope: &Scope<'_>, lang: Lang) -> Self {
        let facts = scope.facts;
        let links: Vec<_> = facts
            .adopts
            .iter()
            .filter(|l| scope.region(&l.region) && scope.initiative(&l.object))
            .collect();
        let mut rows: BTreeMap<(String, String), HashMap<&str, u32>> = BTreeMap::new();
        let mut adopters: HashMap<&str, usize> = HashMap::new();
        for l in &links {
            let key = (facts.code(&l.region).to_string(), l.region.clone());
            *rows.entry(key).or_default().entry(&l.object).or_insert(0) += l.mentions;
            *adopters.entry(&l.object).or_insert(0) += 1;
        }
        let mut initiatives: Vec<(String, String)> = adopters
            .keys()
            .map(|i| (i.to_string(), facts.label(i, lang)))
            .collect();
        initiatives.sort_by(|a, b| {
            adopters[b.0.as_str()]
                .cmp(&adopters[a.0.as_str()])
                .then_with(|| a.1.cmp(&b.1))
        });
        let mut m = Matrix {
            initiatives,
            ..Self::default()
        };
        for ((code, iri), counts) in rows {
            m.regions.push((code, facts.region_label(&iri, lang)));
            m.cells.push(
                m.initiatives
                    .iter()
                    .map(|(i, _)| counts.get(i.as_str()).copied().unwrap_or(0))
                    .collect(),
            );
        }
        m
    }

    /// True when no region adopts any initiative shown.
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// CSV: `code,region,<initiative>…`, a row per region.
    pub fn write_csv(&self, out: &mut impl Write) -> Result<(), ExportError> {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["code".to_string(), "region".to_string()];
        header.extend(self.initiatives.iter().map(|(_, l)| l.clone()));
        w.write_record(&header).map_err(csv_error)?;
        for ((code, name), row) in self.regions.iter().zip(&self.cells) {
            let mut record = vec![code.clone(), name.clone()];
            record.extend(row.iter().map(u32::to_string));
            w.write_record(&record).map_err(csv_error)?;
        }
        w.flush()?;
        Ok(())
    }

    /// The heat map as SVG.
    pub fn write_svg(&self, title: &str, lang: Lang, out: &mut impl Write) -> std::io::Result<()> {
        const CELL: f64 = 22.0;
        const FONT: f64 = 12.0;
        const HEAD: f64 = 44.0;
        let column_labels: Vec<String> = self
            .initiatives
            .iter()
            .map(|(_, l)| truncate(l, 28))
            .collect();
        let left = self
            .regions
            .iter()
            .map(|(_, l)| text_px(l, FONT))
            .fold(60.0, f64::max)
            + 16.0;
        let rise = column_labels
            .iter()
            .map(|l| text_px(l, FONT))
            .fold(40.0, f64::max)
            * 0.82
            + 12.0;
        let top = HEAD + rise;
        let cols = self.initiatives.len() as f64;
        let rows = self.regions.len() as f64;
        let title_px = text_px(title, 18.0);
        let width = (left + (cols + 1.5) * CELL + rise * 0.6)
            .max(title_px + 40.0)
            .max(420.0);
        let height = top + (rows + 1.5) * CELL + 70.0;
        let max = self
            .cells
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(1)
            .max(1);
        let colour = |c: u32| -> &'static str {
            if c == 0 {
                return EMPTY;
            }
            let step = ((c - 1) as usize * SCALE.len()) / max as usize;
            SCALE[step.min(SCALE.len() - 1)]
        };

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
        for (j, label) in column_labels.iter().enumerate() {
            let x = left + (j as f64 + 0.5) * CELL + 4.0;
            svg.text(
                x,
                top - 6.0,
                label,
                FONT,
                "start",
                "#333333",
                None,
                Some(-55.0),
            )?;
        }
        for (i, ((code, name), row)) in self.regions.iter().zip(&self.cells).enumerate() {
            let y = top + i as f64 * CELL;
            svg.text(
                left - 8.0,
                y + CELL * 0.7,
                name,
                FONT,
                "end",
                "#333333",
                None,
                None,
            )?;
            for (j, &c) in row.iter().enumerate() {
                let x = left + j as f64 * CELL;
                let tip = format!(
                    "{name} ({code}) · {}: {}",
                    self.initiatives[j].1,
                    match (c, lang) {
                        (0, Lang::Zh) => "未提及".to_string(),
                        (0, Lang::En) => "not adopted".to_string(),
                        (c, Lang::Zh) => format!("{c} 处提及"),
                        (c, Lang::En) => format!("{c} passage{}", if c == 1 { "" } else { "s" }),
                    }
                );
                svg.rect(
                    x + 1.0,
                    y + 1.0,
                    CELL - 2.0,
                    CELL - 2.0,
                    colour(c),
                    None,
                    Some(&tip),
                )?;
                if c > 0 {
                    let ink = if colour(c) == SCALE[3] || colour(c) == SCALE[4] {
                        "#ffffff"
                    } else {
                        "#1b2a41"
                    };
                    svg.text(
                        x + CELL / 2.0,
                        y + CELL * 0.68,
                        &c.to_string(),
                        10.0,
                        "middle",
                        ink,
                        None,
                        None,
                    )?;
                }
            }
            let adopted = row.iter().filter(|&&c| c > 0).count();
            svg.text(
                left + cols * CELL + 8.0,
                y + CELL * 0.7,
                &adopted.to_string(),
                10.0,
                "start",
                "#666666",
                None,
                None,
            )?;
        }
        let bottom = top + rows * CELL;
        for j in 0..self.initiatives.len() {
            let n = self.cells.iter().filter(|r| r[j] > 0).count();
            svg.text(
                left + (j as f64 + 0.5) * CELL,
                bottom + 15.0,
                &n.to_string(),
                10.0,
                "middle",
                "#666666",
                None,
                None,
            )?;
        }
        svg.text(
            left - 8.0,
            bottom + 15.0,
            lang.pick("地区数", "regions"),
            10.0,
            "end",
            "#666666",
            None,
            None,
        )?;
        svg.text(
            left + cols * CELL + 8.0,
            top - 6.0,
            lang.pick("举措数", "initiatives"),
            10.0,
            "start",
            "#666666",
            None,
            Some(-55.0),
        )?;
        // Legend: what a colour means.
        let ly = bottom + 40.0;
        svg.text(
            16.0,
            ly + 12.0,
            lang.pick(
                "格中数字：提及该举措的段落数",
                "number of passages naming the initiative",
            ),
            11.0,
            "start",
            "#444444",
            None,
            None,
        )?;
        let mut x =
            16.0 + text_px(
                lang.pick(
                    "格中数字：提及该举措的段落数",
                    "number of passages naming the initiative",
                ),
                11.0,
            ) + 12.0;
        svg.rect(x, ly, 14.0, 14.0, EMPTY, None, None)?;
        svg.text(
            x + 18.0,
            ly + 11.5,
            "0",
            10.0,
            "start",
            "#444444",
            None,
            None,
        )?;
        x += 34.0;
        for (k, c) in SCALE.iter().enumerate() {
            svg.rect(x + k as f64 * 16.0, ly, 14.0, 14.0, c, None, None)?;
        }
        svg.text(
            x + SCALE.len() as f64 * 16.0 + 4.0,
            ly + 11.5,
            &format!("1 – {max}"),
            10.0,
            "start",
            "#444444",
            None,
            None,
        )?;
        svg.finish()
    }
}

fn csv_error(e: csv::Error) -> ExportError {
    ExportError::Write(std::io::Error::other(e))
}
