//! A document far larger than a normal one is built in parts (issue 13, item 5): one line of
//! 20,000 short figure sentences, like `scripts/big-doc.py line` writes, gives one target per
//! sentence, and every mention quotes the text at its offsets — across the parts the build
//! writes it in. Nothing here measures time or memory (the README has those figures).

mod support;

use support::succeeds;

const PROVINCES: [&str; 31] = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
];
const CITIES: [&str; 4] = ["深圳市", "杭州市", "成都市", "武汉市"];
const RATES: [&str; 6] = [
    "政务服务事项网上可办率",
    "高频事项全程网办率",
    "电子证照共享应用率",
    "政务数据共享率",
    "企业开办全程网办率",
    "政务服务好差评满意率",
];
const COUNTS: [(&str, &str, &str); 4] = [
    ("新增", "电子证照", "项"),
    ("上线", "政务服务事项", "项"),
    ("建成", "便民服务站点", "个"),
    ("开放", "公共数据集", "个"),
];

/// `n` figure sentences on one line, each stating one figure, varied by a fixed seed.
fn figures(n: usize) -> String {
    let mut state: u64 = 13;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % below
    };
    let mut text = String::new();
    for _ in 0..n {
        let region = if next(5) == 0 {
            CITIES[next(CITIES.len())]
        } else {
            PROVINCES[next(PROVINCES.len())]
        };
        let year = 2021 + next(10);
        let rate = RATES[next(RATES.len())];
        let (verb, thing, unit) = COUNTS[next(COUNTS.len())];
        let sentence = match next(5) {
            0 => format!("{region}{rate}达到{}%。", 50 + next(51)),
            1 => format!("到{year}年，全省{rate}达到{}%以上。", 50 + next(50)),
            2 => format!("{region}{verb}{thing}{}{unit}。", 2 + next(900)),
            3 => format!(
                "{year}年{region}{rate}提高到{}.{}%。",
                50 + next(50),
                1 + next(9)
            ),
            _ => format!("{region}企业开办时间压缩至{}个工作日以内。", 1 + next(30)),
        };
        text.push_str(&sentence);
    }
    text
}

/// The rows of a SPARQL SELECT run with `--format json`: each row's values, in `vars` order.
fn rows(store: &str, sparql: &str, vars: &[&str]) -> Vec<Vec<String>> {
    let json = succeeds(&["query", "--store", store, "--format", "json", sparql]);
    let answer: serde_json::Value = serde_json::from_str(&json).expect("the answer is JSON");
    answer["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            vars.iter()
                .map(|v| b[*v]["value"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_one_line_document_of_20000_figures_gives_each_and_quotes_it_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let text = figures(20_000);
    assert!(!text.contains('\n'));
    let file = dir.path().join("figures.txt");
    std::fs::write(&file, &text).unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();

    let built = succeeds(&["build", "--store", store, file.to_str().unwrap()]);
    assert!(built.contains("conforms"), "the shapes: {built}");

    let count = rows(
        store,
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a gk:Target }",
        &["n"],
    );
    assert_eq!(count, [["20000"]], "one target per sentence");
    let said = rows(store, "SELECT ?n WHERE { ?d gk:targetCount ?n }", &["n"]);
    assert_eq!(said, [["20000"]], "the document's own count");

    let chars: Vec<char> = text.chars().collect();
    let mentions = rows(
        store,
        "SELECT ?start ?end ?quote WHERE {
           ?m a gk:Mention ; gk:start ?start ; gk:end ?end ; gk:quote ?quote
         }",
        &["start", "end", "quote"],
    );
    // Every target's mention, and those of its goals and regions.
    assert!(mentions.len() > 20_000, "{} mentions", mentions.len());
    for row in &mentions {
        let start: usize = row[0].parse().unwrap();
        let end: usize = row[1].parse().unwrap();
        assert!(start < end && end <= chars.len(), "{row:?}");
        let at: String = chars[start..end].iter().collect();
        assert_eq!(at, row[2], "the quote of the mention at {start}..{end}");
    }
    // Facts were read to the end of the line.
    let last = mentions
        .iter()
        .map(|r| r[1].parse::<usize>().unwrap())
        .max()
        .unwrap();
    assert!(last + 40 > chars.len(), "the last mention ends at {last}");
}
