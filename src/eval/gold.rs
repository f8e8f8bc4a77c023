//! Gold files: the annotations of one document, in the format of the project's evaluation set.

use super::{EvalError, NATIONAL};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One annotated fact (platform, initiative, target or goal).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GoldItem {
    pub region: String,
    pub region_code: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub either: bool,
    pub optional: bool,
    pub evidence: String,
    pub metric: String,
    pub value: Option<f64>,
    pub unit: String,
    pub comparator: String,
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GoldRegion {
    pub name: String,
    pub code: Option<String>,
    pub level: String,
}

/// The gold annotations of one document. A kind left out is not scored.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Gold {
    /// The document, relative to the gold file.
    pub doc: String,
    /// Its encoding, when not UTF-8.
    pub encoding: Option<String>,
    pub regions: Vec<GoldRegion>,
    pub platforms: Option<Vec<GoldItem>>,
    pub initiatives: Option<Vec<GoldItem>>,
    pub targets: Option<Vec<GoldItem>>,
    pub goals: Option<Vec<GoldItem>>,
    #[serde(skip)]
    path: PathBuf,
    #[serde(skip)]
    names: HashMap<String, String>,
}

impl Gold {
    pub fn read(path: &Path) -> Result<Self, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.into(),
            source,
        })?;
        let mut gold: Gold = serde_json::from_str(&text).map_err(|e| EvalError::Json {
            path: path.into(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        gold.path = path.into();
        gold.names = gold
            .regions
            .iter()
            .filter_map(|r| r.code.clone().map(|c| (r.name.clone(), c)))
            .collect();
        Ok(gold)
    }

    /// The six-digit code of an item's region (`CN`, 全国, 中国, 国家 → 100000).
    pub fn region_code(&self, item: &GoldItem) -> Result<String, EvalError> {
        if let Some(code) = item.region_code.as_deref().filter(|c| !c.is_empty()) {
            return Ok(if code == "CN" {
                NATIONAL.into()
            } else {
                code.into()
            });
        }
        if matches!(item.region.as_str(), "全国" | "中国" | "国家") {
            return Ok(NATIONAL.into());
        }
        self.names
            .get(&item.region)
            .cloned()
            .ok_or_else(|| EvalError::UnknownRegion {
                path: self.path.clone(),
                name: item.region.clone(),
            })
    }
}
