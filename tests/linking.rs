//! Linking with open data: every region carries its codes and links, tables keyed by any form
//! of a region's name import with every row matched, unmatched rows are reviewed (or refused
//! with --strict), and RDF imports into a graph of its own.

mod support;

use std::path::Path;
use std::process::Output;
use support::govkg;

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The single number a COUNT query prints.
fn count(store: &str, sparql: &str) -> u64 {
    let csv = ok(govkg(&[
        "query", "--store", store, "--format", "csv", sparql,
    ]));
    csv.lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("{csv}"))
}

fn built_store(dir: &Path) -> String {
    let store = dir.join("store").to_string_lossy().into_owned();
    ok(govkg(&["build", "--store", &store]));
    store
}

/// The 31 provinces as `data/provinces.csv` lists them.
fn provinces() -> Vec<Vec<String>> {
    let csv =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/provinces.csv"))
            .unwrap();
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn every_province_has_one_wikidata_item_and_one_iso_code_and_every_division_a_parent() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let linked = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?p (COUNT(DISTINCT ?wd) AS ?w) (COUNT(DISTINCT ?iso) AS ?i) WHERE { ?p a gk:Province ; skos:exactMatch ?wd ; gk:iso3166Code ?iso FILTER(STRSTARTS(STR(?wd), \"http://www.wikidata.org/entity/Q\")) } GROUP BY ?p } FILTER(?w = 1 && ?i = 1) }",
    );
    assert_eq!(linked, 31);
    let orphans = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?r a ?c FILTER(?c IN (gk:Prefecture, gk:County)) FILTER NOT EXISTS { ?r gk:partOf ?parent . ?parent a gk:Region } }",
    );
    assert_eq!(orphans, 0);
    let divisions = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?r a ?c FILTER(?c IN (gk:Prefecture, gk:County)) }",
    );
    assert!(divisions > 3000, "{divisions}");
    let english = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/govkg/id/region/440300> rdfs:label \"Shenzhen\"@en }");
    assert_eq!(english, 1);
}

#[test]
fn a_table_keyed_by_mixed_forms_matches_all_31_provinces() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let mut csv = String::from("region,online_rate\n");
    for (i, p) in provinces().iter().enumerate() {
        // code,name,short_name,abbreviation,name_en,iso3166_2,wikidata,kind
        let forms = [
            &p[1],
            &p[2],
            &p[3],
            &p[4],
            &p[5],
            &p[0],
            &p[0][..4].to_string(),
        ];
        csv.push_str(&format!("{},{}\n", forms[i % forms.len()], 80 + i));
    }
    let table = dir.path().join("rates.csv");
    std::fs::write(&table, csv).unwrap();
    let out = ok(govkg(&[
        "import",
        "--store",
        &store,
        "--strict",
        table.to_str().unwrap(),
    ]));
    assert!(out.contains("31 rows, 31 linked to regions"), "{out}");
    let rows = count(
        &store,
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?row qb:dataSet <https://w3id.org/govkg/id/dataset/rates> ; gk:region ?r . ?r a gk:Province }",
    );
    assert_eq!(rows, 31);
    // Importing again replaces the graph rather than adding to it.
    ok(govkg(&[
        "import",
        "--store",
        &store,
        table.to_str().unwrap(),
    ]));
    let quads = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govkg/graph/import/rates> { ?s ?p ?o } }");
    // Per row: type, dataset, region, value; the dataset: type, title, time; the column: label.
    assert_eq!(quads, 31 * 4 + 3 + 1);
}

#[test]
fn a_misspelt_province_is_reviewed_and_refused_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let table = dir.path().join("typo.csv");
    std::fs::write(&table, "province,value\n广东省,1\n江苏生,2\n浙江,3\n").unwrap();
    let review = dir.path().join("typo.csv.review.csv");

    let strict = govkg(&[
        "import",
        "--store",
        &store,
        "--strict",
        table.to_str().unwrap(),
    ]);
    assert!(!strict.status.success());
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(err.contains("line 3") && err.contains("江苏生"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let graphs = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govkg/graph/import/typo> { ?s ?p ?o } }");
    assert_eq!(graphs, 0, "--strict imports nothing");

    let out = govkg(&["import", "--store", &store, table.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 rows, 2 linked"));
    let listed = std::fs::read_to_string(&review).unwrap();
    assert!(listed.contains("3,江苏生,names no region"), "{listed}");
}

#[test]
fn rdf_imports_into_a_graph_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let ttl = dir.path().join("budget.ttl");
    std::fs::write(
        &ttl,
        "@prefix ex: <http://example.org/> .\n<https://w3id.org/govkg/id/region/440000> ex:budget 42 .\n",
    )
    .unwrap();
    ok(govkg(&["import", "--store", &store, ttl.to_str().unwrap()]));
    let n = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govkg/graph/import/budget> { ?r <http://example.org/budget> 42 } ?r gk:adminCode \"440000\" }",
    );
    assert_eq!(n, 1);
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, "<a> <b> .\n").unwrap();
    let out = govkg(&["import", "--store", &store, bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.ttl"));
}

/// One table as Excel users have it: a Chinese header, region names in several forms, a
/// decimal, dates and an empty cell.
const RATES: &str = "省份,在线办理率,调查日期,备注\n广东省,92,2024-05-01,粤省事\n江苏,95.5,2024-05-02,\nCN-ZJ,96,2024-05-03,浙里办\n440300,88,2024-05-04,深圳\n";
/// The same columns for another year, on a second sheet.
const RATES_2023: &str =
    "省份,在线办理率,调查日期,备注\n广东省,90,2023-05-01,\n湖南,85,2023-05-02,\n";

/// Runs a program, failing the test when it cannot run or fails.
fn run(program: &Path, args: &[&str]) {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The quads of an import graph, sorted, without the time of the import.
fn import_graph(store: &str, name: &str) -> Vec<String> {
    let nquads = ok(govkg(&["export", "--store", store, "--format", "nquads"]));
    let graph = format!("<https://w3id.org/govkg/graph/import/{name}> .");
    let mut lines: Vec<String> = nquads
        .lines()
        .filter(|l| l.ends_with(&graph) && !l.contains("<http://purl.org/dc/terms/created>"))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn a_table_in_utf8_gbk_utf8_with_bom_and_xlsx_imports_to_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let path = |p: &str| d.join(p).to_string_lossy().into_owned();
    for sub in ["utf8", "gbk", "bom", "xlsx"] {
        std::fs::create_dir(d.join(sub)).unwrap();
    }
    std::fs::write(d.join("utf8/rates.csv"), RATES).unwrap();
    std::fs::write(d.join("rates-2023.csv"), RATES_2023).unwrap();
    // Written as Excel on Chinese Windows saves "CSV": GBK, and UTF-8 with a BOM
    // ("CSV UTF-8"); and as an .xlsx workbook by openpyxl, the table on the first sheet.
    let python3 = Path::new("python3");
    let encode = "import sys; open(sys.argv[3], 'wb').write(open(sys.argv[1], encoding='utf-8').read().encode(sys.argv[2]))";
    run(
        python3,
        &[
            "-c",
            encode,
            &path("utf8/rates.csv"),
            "gbk",
            &path("gbk/rates.csv"),
        ],
    );
    run(
        python3,
        &[
            "-c",
            encode,
            &path("utf8/rates.csv"),
            "utf-8-sig",
            &path("bom/rates.csv"),
        ],
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/make_xlsx.py");
    run(
        &support::python(),
        &[
            script.to_str().unwrap(),
            &path("xlsx/rates.xlsx"),
            &format!("{}=数据", path("utf8/rates.csv")),
            &format!("{}=2023", path("rates-2023.csv")),
        ],
    );
    let gbk = std::fs::read(d.join("gbk/rates.csv")).unwrap();
    assert!(std::str::from_utf8(&gbk).is_err(), "not GBK");
    assert!(std::fs::read(d.join("bom/rates.csv"))
        .unwrap()
        .starts_with(b"\xEF\xBB\xBF"));
    assert!(std::fs::read(d.join("xlsx/rates.xlsx"))
        .unwrap()
        .starts_with(b"PK"));

    let mut graphs = Vec::new();
    for (file, read_as) in [
        ("utf8/rates.csv", ""),
        ("gbk/rates.csv", " (gb18030)"),
        ("bom/rates.csv", ""),
        ("xlsx/rates.xlsx", " (sheet \"数据\")"),
    ] {
        let store = path(&format!("{file}.store"));
        let out = ok(govkg(&[
            "import",
            "--store",
            &store,
            "--strict",
            &path(file),
        ]));
        assert!(
            out.contains(&format!(
                "{read_as}: 4 rows, 4 linked to regions by column \"省份\""
            )),
            "{file}: {out}"
        );
        graphs.push((file, import_graph(&store, "rates")));
    }
    let (first, expected) = &graphs[0];
    assert!(
        expected
            .iter()
            .any(|l| l.contains("\"95.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>")),
        "{expected:#?}"
    );
    assert!(
        expected.iter().any(|l| l.contains("\"2024-05-04\"")),
        "{expected:#?}"
    );
    for (file, graph) in &graphs[1..] {
        assert_eq!(graph, expected, "{file} and {first} import differently");
    }

    // Another sheet by name; an unknown one is refused, naming the sheets.
    let store = path("sheet.store");
    let out = ok(govkg(&[
        "import",
        "--store",
        &store,
        "--sheet",
        "2023",
        &path("xlsx/rates.xlsx"),
    ]));
    assert!(out.contains("(sheet \"2023\"): 2 rows, 2 linked"), "{out}");
    let out = govkg(&[
        "import",
        "--store",
        &store,
        "--sheet",
        "2022",
        &path("xlsx/rates.xlsx"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rates.xlsx: no sheet named \"2022\" (its sheets: 数据, 2023)"),
        "{err}"
    );
    // --sheet is for spreadsheets, --encoding for text tables.
    for (args, words) in [
        (
            vec!["--sheet", "数据", "utf8/rates.csv"],
            "--sheet is for spreadsheets",
        ),
        (
            vec!["--encoding", "gbk", "xlsx/rates.xlsx"],
            "--encoding is for CSV and TSV files",
        ),
    ] {
        let mut all = vec!["import".to_string(), "--store".into(), store.clone()];
        all.extend(args[..2].iter().map(|a| a.to_string()));
        all.push(path(args[2]));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = govkg(&all);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{err}");
    }
    // A named encoding wins over detection: GBK read as UTF-8 fails where it breaks.
    let out = govkg(&[
        "import",
        "--store",
        &store,
        "--encoding",
        "utf-8",
        &path("gbk/rates.csv"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gbk/rates.csv: line 1, column 2: invalid UTF-8 byte sequence"),
        "{err}"
    );
}

/// Regression: a UTF-8 table with a damaged byte was reported as "line 0: …: line 3, …".
#[test]
fn a_damaged_utf8_table_is_located_once() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("damaged.csv");
    let mut bytes = "省份,值\n广东省,1\n江苏".as_bytes().to_vec();
    bytes.push(0xFF);
    bytes.extend("省,2\n浙江省,3\n".as_bytes());
    std::fs::write(&table, bytes).unwrap();
    let store = dir.path().join("store");
    let out = govkg(&[
        "import",
        "--store",
        store.to_str().unwrap(),
        table.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("damaged.csv: line 3, column 3: invalid UTF-8 byte sequence (the file is otherwise UTF-8; fix the file or pass --encoding)"),
        "{err}"
    );
    assert!(!err.contains("line 0"), "{err}");
    assert!(!store.exists(), "a failed import made a store");
}
