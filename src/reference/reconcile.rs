//! Region reconciliation: the region a value in someone else's table means, in any of the
//! common forms — 广东省, 广东, 粤, Guangdong, CN-GD, 440000, 4400, 44, 深圳市, 深圳.

use super::{Region, RegionLevel, Regions};
use std::collections::HashMap;

/// What a value names.
#[derive(Debug, Clone)]
pub enum Reconciled<'a> {
    One(&'a Region),
    /// Several regions go by this name (a county name shared by two provinces).
    Ambiguous(Vec<&'a Region>),
    None,
}

/// An index of every form of every region's name and code.
pub struct Reconciler<'a> {
    regions: &'a Regions,
    by_form: HashMap<String, Vec<&'a Region>>,
}

/// The form a value is looked up by: trimmed, ASCII lowercased, inner spaces removed.
fn key(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl<'a> Reconciler<'a> {
    pub fn new(regions: &'a Regions) -> Self {
        let mut by_form: HashMap<String, Vec<&'a Region>> = HashMap::new();
        for r in regions.iter() {
            let mut forms = vec![r.name.as_str(), r.short_name.as_str(), r.name_en.as_str()];
            if r.level == RegionLevel::Province || r.level == RegionLevel::Country {
                forms.extend([r.abbreviation.as_str(), r.iso3166.as_str()]);
            }
            for form in forms.into_iter().filter(|f| !f.is_empty()) {
                let list = by_form.entry(key(form)).or_default();
                if !list.iter().any(|x| x.code == r.code) {
                    list.push(r);
                }
            }
        }
        Self { regions, by_form }
    }

    /// The region `value` names.
    pub fn reconcile(&self, value: &str) -> Reconciled<'a> {
        let k = key(value);
        if k.is_empty() {
            return Reconciled::None;
        }
        if k.bytes().all(|b| b.is_ascii_digit()) {
            // 440000, 4403 (a prefecture's four digits), 44 (a province's two).
            let code = match k.len() {
                6 => k.clone(),
                4 => format!("{k}00"),
                2 => format!("{k}0000"),
                _ => return Reconciled::None,
            };
            return self
                .regions
                .get(&code)
                .map_or(Reconciled::None, Reconciled::One);
        }
        match self.by_form.get(&k).map(Vec::as_slice) {
            None | Some([]) => Reconciled::None,
            Some([one]) => Reconciled::One(one),
            Some(many) => {
                // A province and a lower region of the same name: the province (吉林).
                let provinces: Vec<_> = many
                    .iter()
                    .filter(|r| matches!(r.level, RegionLevel::Province | RegionLevel::Country))
                    .collect();
                match provinces.as_slice() {
                    [p] => Reconciled::One(p),
                    _ => Reconciled::Ambiguous(many.to_vec()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_form_reconciles() {
        let r = Reconciler::new(Regions::bundled());
        for form in [
            "广东省",
            "广东",
            "粤",
            "Guangdong",
            "guangdong",
            " GUANGDONG ",
            "CN-GD",
            "cn-gd",
            "440000",
            "4400",
            "44",
        ] {
            match r.reconcile(form) {
                Reconciled::One(region) => assert_eq!(region.code, "440000", "{form}"),
                other => panic!("{form}: {other:?}"),
            }
        }
        for (form, code) in [
            ("深圳市", "440300"),
            ("深圳", "440300"),
            ("Shenzhen", "440300"),
            ("4403", "440300"),
            ("浦东新区", "310115"),
            ("Inner Mongolia", "150000"),
            ("内蒙古", "150000"),
            ("全国", "100000"),
            ("吉林", "220000"),
        ] {
            match r.reconcile(form) {
                Reconciled::One(region) => assert_eq!(region.code, code, "{form}"),
                other => panic!("{form}: {other:?}"),
            }
        }
        assert!(matches!(r.reconcile("广东生"), Reconciled::None));
        assert!(matches!(r.reconcile("999999"), Reconciled::None));
        assert!(matches!(r.reconcile("朝阳区"), Reconciled::Ambiguous(v) if v.len() >= 2));
    }
}
