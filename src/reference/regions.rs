//! The regions table: the country and the 31 provincial-level divisions.

use super::ReferenceError;
use std::collections::HashMap;
use std::sync::OnceLock;

/// GB/T 2260-style code govkg uses for the whole country.
pub const COUNTRY_CODE: &str = "100000";

const PROVINCES_CSV: &str = include_str!("../../data/provinces.csv");

/// Administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionLevel {
    Country,
    Province,
    Prefecture,
    County,
}

/// One region with its codes and names.
#[derive(Debug, Clone)]
pub struct Region {
    /// Six-digit GB/T 2260 code (`100000` for the country).
    pub code: String,
    /// Full Chinese name (广东省).
    pub name: String,
    /// Short name (广东), empty when the region has none.
    pub short_name: String,
    /// One-character abbreviation (粤), empty when none.
    pub abbreviation: String,
    pub name_en: String,
    /// ISO 3166-2 code (CN-GD).
    pub iso3166: String,
    /// Wikidata item (Q15175).
    pub wikidata: String,
    /// municipality, province, autonomous region, …
    pub kind: String,
    pub level: RegionLevel,
    /// Code of the parent region; `None` only for the country.
    pub parent: Option<String>,
}

impl Region {
    /// Names a text may use for this region, longest first (full name, short name).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [self.name.as_str(), self.short_name.as_str()]
            .into_iter()
            .filter(|n| !n.is_empty())
    }
}

/// All regions govkg knows, by code.
#[derive(Debug)]
pub struct Regions {
    list: Vec<Region>,
    by_code: HashMap<String, usize>,
}

#[derive(serde::Deserialize)]
struct ProvinceRow {
    code: String,
    name: String,
    short_name: String,
    abbreviation: String,
    name_en: String,
    iso3166_2: String,
    wikidata: String,
    kind: String,
}

impl Regions {
    /// The bundled table, parsed once.
    pub fn bundled() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(|| match Self::from_csv(PROVINCES_CSV) {
            Ok(regions) => regions,
            // The table is compiled in and checked by a test; an empty table keeps the
            // library panic-free should it ever be broken.
            Err(_) => Self::from_list(vec![country()]),
        })
    }

    /// Parses a provinces table in the format of `data/provinces.csv`.
    pub fn from_csv(csv_text: &str) -> Result<Self, ReferenceError> {
        let mut list = vec![country()];
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        for (i, row) in reader.deserialize::<ProvinceRow>().enumerate() {
            let row = row.map_err(|e| ReferenceError::Table {
                file: "data/provinces.csv",
                row: i + 2,
                message: e.to_string(),
            })?;
            if row.code.len() != 6 || !row.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ReferenceError::Table {
                    file: "data/provinces.csv",
                    row: i + 2,
                    message: format!("code {:?} is not six digits", row.code),
                });
            }
            list.push(Region {
                code: row.code,
                name: row.name,
                short_name: row.short_name,
                abbreviation: row.abbreviation,
                name_en: row.name_en,
                iso3166: row.iso3166_2,
                wikidata: row.wikidata,
                kind: row.kind,
                level: RegionLevel::Province,
                parent: Some(COUNTRY_CODE.to_string()),
            });
        }
        Ok(Self::from_list(list))
    }

    fn from_list(list: Vec<Region>) -> Self {
        let by_code = list
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        Self { list, by_code }
    }

    pub fn get(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code).map(|&i| &self.list[i])
    }

    pub fn country(&self) -> &Region {
        &self.list[0]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

fn country() -> Region {
    Region {
        code: COUNTRY_CODE.to_string(),
        name: "中国".to_string(),
        short_name: "全国".to_string(),
        abbreviation: String::new(),
        name_en: "China".to_string(),
        iso3166: "CN".to_string(),
        wikidata: "Q148".to_string(),
        kind: "country".to_string(),
        level: RegionLevel::Country,
        parent: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_has_the_country_and_31_provinces() {
        let regions = Regions::from_csv(PROVINCES_CSV).unwrap();
        assert_eq!(regions.len(), 32);
        let gd = regions.get("440000").unwrap();
        assert_eq!(
            (
                gd.name.as_str(),
                gd.short_name.as_str(),
                gd.iso3166.as_str()
            ),
            ("广东省", "广东", "CN-GD")
        );
        assert_eq!(regions.country().code, COUNTRY_CODE);
        assert!(regions
            .iter()
            .skip(1)
            .all(|r| r.parent.as_deref() == Some(COUNTRY_CODE)));
    }

    #[test]
    fn a_bad_code_names_its_row() {
        let csv = "code,name,short_name,abbreviation,name_en,iso3166_2,wikidata,kind\n44,广东省,广东,粤,Guangdong,CN-GD,Q15175,province\n";
        match Regions::from_csv(csv) {
            Err(ReferenceError::Table { row, .. }) => assert_eq!(row, 2),
            other => panic!("{other:?}"),
        }
    }
}
