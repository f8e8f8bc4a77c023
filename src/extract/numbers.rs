//! Numbers as Chinese policy text writes them: Arabic digits with decimals, Chinese numerals,
//! and scale words (1万 → 10000), kept as exact decimals.

use std::fmt;

/// An exact non-negative decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    mantissa: u128,
    scale: u32,
}

impl Decimal {
    pub fn from_int(n: u128) -> Self {
        Self {
            mantissa: n,
            scale: 0,
        }
    }

    /// Parses `123` or `12.5` (ASCII digits, one optional point).
    pub fn parse(digits: &str) -> Option<Self> {
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 18 {
            return None;
        }
        let mantissa: u128 = format!("{int}{frac}").parse().ok()?;
        Some(
            Self {
                mantissa,
                scale: frac.len() as u32,
            }
            .normalized(),
        )
    }

    /// Multiplies by `10^exp` (万 is 4, 亿 is 8).
    pub fn scaled(self, exp: u32) -> Option<Self> {
        let mut d = self;
        for _ in 0..exp {
            if d.scale > 0 {
                d.scale -= 1;
            } else {
                d.mantissa = d.mantissa.checked_mul(10)?;
            }
        }
        Some(d.normalized())
    }

    fn normalized(mut self) -> Self {
        while self.scale > 0 && self.mantissa.is_multiple_of(10) {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The sum of two decimals.
    pub fn checked_add(self, other: Decimal) -> Option<Self> {
        let scale = self.scale.max(other.scale);
        let widen = |d: Decimal| d.mantissa.checked_mul(10u128.checked_pow(scale - d.scale)?);
        Some(
            Self {
                mantissa: widen(self)?.checked_add(widen(other)?)?,
                scale,
            }
            .normalized(),
        )
    }

    /// Whether the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    pub fn as_f64(&self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let digits = format!(
            "{:0>width$}",
            self.mantissa,
            width = self.scale as usize + 1
        );
        let (int, frac) = digits.split_at(digits.len() - self.scale as usize);
        write!(f, "{int}.{frac}")
    }
}

/// Value of a Chinese numeral digit.
fn digit(c: char) -> Option<u128> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u128> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_chinese_numeral_char(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

/// Parses a Chinese numeral: 三 → 3, 十五 → 15, 二十五 → 25, 一百零八 → 108, 两千 → 2000,
/// 三万 → 30000, 一二〇 → 120 (digit by digit).
pub fn parse_chinese(s: &str) -> Option<u128> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| digit(c).is_some()) {
        return s
            .chars()
            .try_fold(0u128, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total: u128 = 0; // completed 万/亿 groups
    let mut section: u128 = 0; // below 万
    let mut pending: Option<u128> = None; // digit waiting for its unit
    for c in s.chars() {
        if let Some(d) = digit(c) {
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u >= 10_000 {
                let group = section + pending.take().unwrap_or(0);
                let group = if group == 0 { 1 } else { group };
                total = (total + group).checked_mul(u)?;
                section = 0;
            } else {
                section += pending.take().unwrap_or(1) * u;
            }
        } else {
            return None;
        }
    }
    Some(total + section + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse_scale_and_print_exactly() {
        let cases = [
            ("95", 0, "95"),
            ("6.5", 0, "6.5"),
            ("1", 4, "10000"),
            ("2.37", 8, "237000000"),
            ("1.5", 4, "15000"),
            ("0.05", 0, "0.05"),
            ("3.60", 0, "3.6"),
            ("13.6", 1, "136"),
        ];
        for (text, exp, expected) in cases {
            let d = Decimal::parse(text).unwrap().scaled(exp).unwrap();
            assert_eq!(d.to_string(), expected, "{text} × 10^{exp}");
        }
        assert!(Decimal::parse("1.2.3").is_none());
        let sum = Decimal::parse("10000")
            .unwrap()
            .checked_add(Decimal::parse("6000").unwrap());
        assert_eq!(sum.unwrap().to_string(), "16000");
        let sum = Decimal::parse("1.5")
            .unwrap()
            .checked_add(Decimal::parse("0.25").unwrap());
        assert_eq!(sum.unwrap().to_string(), "1.75");
        assert!(Decimal::parse(".5").is_none());
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("三", 3),
            ("十", 10),
            ("十五", 15),
            ("二十五", 25),
            ("一百零八", 108),
            ("两千", 2000),
            ("三万", 30000),
            ("十二万五千", 125000),
            ("一亿", 100_000_000),
            ("一二〇", 120),
            ("二〇二五", 2025),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_chinese(text), Some(expected), "{text}");
        }
        assert_eq!(parse_chinese("三个"), None);
    }
}
