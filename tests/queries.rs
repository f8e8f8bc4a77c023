//! Golden files for the named queries: each `queries/NAME.rq`, run on the bundled corpus with
//! the open datasets of `data/open/` imported, must print `tests/golden/NAME.csv`. After an intended change, regenerate them with
//! `GOVKG_BLESS=1 cargo test --release --test queries` and review the diff.

mod support;

use std::path::{Path, PathBuf};
use support::govkg;

fn named_queries() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("queries/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn named_queries_match_their_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let built = govkg(&["build", "--store", store]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for dataset in ["un-egov-survey-china.csv", "divisions-per-province.csv"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/open")
            .join(dataset);
        let imported = govkg(&["import", "--store", store, path.to_str().unwrap()]);
        assert!(
            imported.status.success(),
            "{}",
            String::from_utf8_lossy(&imported.stderr)
        );
    }
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("GOVKG_BLESS").is_some();
    let names = named_queries();
    assert!(names.len() >= 10, "at least ten named queries");
    let mut failures = Vec::new();
    for name in &names {
        let out = govkg(&["query", "--store", store, "--format", "csv", name]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = String::from_utf8(out.stdout).unwrap();
        let path: PathBuf = golden.join(format!("{name}.csv"));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{}: missing; run with GOVKG_BLESS=1", path.display()));
        if got != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}\n--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_golden_file_has_its_query() {
    let names = named_queries();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for entry in std::fs::read_dir(golden).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(names.contains(&stem), "{} has no query", path.display());
    }
}

#[test]
fn every_named_query_states_its_question() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    for name in named_queries() {
        let text = std::fs::read_to_string(dir.join(format!("{name}.rq"))).unwrap();
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("# ") && first.contains('?'),
            "{name}.rq must open with a comment asking its question, not {first:?}"
        );
    }
}

#[test]
fn a_parameter_given_in_any_form_of_a_name_gives_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = support::bundled_store(dir.path());
    let rows = |args: &[&str]| {
        let mut all = vec!["query", "--store", &store, "--format", "csv"];
        all.extend_from_slice(args);
        let out = govkg(&all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let default = rows(&["region-targets"]);
    assert!(default.lines().count() > 3, "{default}");
    for form in ["广东", "粤", "Guangdong", "440000", "CN-GD"] {
        let given = rows(&["region-targets", "--param", &format!("region={form}")]);
        assert_eq!(given, default, "region={form}");
    }
    // Another region and year give other rows; the passages mark their quotes.
    let hunan = rows(&[
        "region-targets",
        "--param",
        "region=湖南",
        "--param",
        "year=2025",
    ]);
    assert_ne!(hunan, default);
    assert!(hunan.lines().skip(1).all(|l| l.contains('【')), "{hunan}");
    // An initiative by any of its names.
    let adopters = rows(&["initiative-adopters", "--param", "initiative=一网通办"]);
    assert!(adopters.contains("【一网通办】"), "{adopters}");

    // A value that names nothing, or a parameter the query does not take, is an error that
    // says what would do, not an empty answer.
    for (args, says) in [
        (
            vec!["region-targets", "--param", "region=广"],
            "no region goes by this name",
        ),
        (
            vec!["region-targets", "--param", "province=广东"],
            "takes region (region), year (year)",
        ),
        (
            vec!["region-targets", "--param", "year=twenty"],
            "four digits",
        ),
        (
            vec!["documents", "--param", "region=广东"],
            "takes no parameters",
        ),
    ] {
        let mut all = vec!["query", "--store", &store];
        all.extend(args.iter().copied());
        let out = govkg(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn a_named_query_lists_its_parameters() {
    let help = govkg(&["query", "region-targets", "--help"]);
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--param region=VALUE"), "{help}");
    assert!(help.contains("--param year=VALUE"), "{help}");
    assert!(help.contains("default 广东省"), "{help}");
    let list = govkg(&["query", "--list"]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains("[--param initiative=跨省通办]"), "{list}");
    // Without a name, the options.
    let options = govkg(&["query", "--help"]);
    assert!(String::from_utf8_lossy(&options.stdout).contains("--timeout"));
}

#[test]
fn each_declared_parameter_default_is_what_its_query_binds() {
    // Binding a query's declared default changes none of its rows: the header and the VALUES
    // clause say the same.
    let dir = tempfile::tempdir().unwrap();
    let store = support::bundled_store(dir.path());
    for (name, text) in govkg::query::NAMED_QUERIES {
        let params = govkg::query::params::declared(text).unwrap();
        if params.is_empty() {
            continue;
        }
        let plain = govkg(&["query", "--store", &store, "--format", "csv", name]);
        let mut args = vec![
            "query".to_string(),
            "--store".into(),
            store.clone(),
            "--format".into(),
            "csv".into(),
            name.to_string(),
        ];
        for p in &params {
            args.push("--param".into());
            args.push(format!("{}={}", p.name, p.default));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let bound = govkg(&args);
        assert!(
            bound.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&bound.stderr)
        );
        assert_eq!(plain.stdout, bound.stdout, "{name}");
    }
}

#[test]
fn a_table_fits_an_80_column_terminal_and_wide_keeps_one_line_per_row() {
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().unwrap();
    let store = support::bundled_store(dir.path());
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_govkg"))
            .args([
                "query",
                "--store",
                &store,
                "--format",
                "table",
                "region-profile",
            ])
            .args(extra)
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let fitted = run(&[]);
    let widest = fitted.lines().map(|l| l.width()).max().unwrap();
    assert!(widest <= 80, "{widest} columns:\n{fitted}");
    // Nothing is lost: the passages wrap instead of being cut.
    assert!(!fitted.contains('…') || fitted.contains("…【") || fitted.contains("】…"));
    let rows = fitted.lines().last().unwrap().to_string();
    let wide = run(&["--wide"]);
    assert_eq!(wide.lines().last().unwrap(), rows);
    // One line per row: header, rule, the rows, the count.
    let count: usize = rows
        .trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap();
    assert_eq!(wide.lines().count(), count + 3);
    assert!(fitted.lines().count() > wide.lines().count());
}

/// `--output answers.xlsx` writes a workbook a spreadsheet reads: the CSV's header and rows,
/// labels without language tags, numbers as numbers.
#[test]
fn answers_saved_as_xlsx_hold_the_rows_of_the_csv_with_numbers_as_numbers() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let store = support::bundled_store(dir.path());
    let query = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_govkg"))
            .args(["query", "--store", &store, "region-targets"])
            .args(["--param", "region=广东"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let csv = String::from_utf8(query(&["--format", "csv"])).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert!(rows.len() >= 3, "{csv}");

    let path = dir.path().join("answers.xlsx");
    query(&["--output", path.to_str().unwrap()]);
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let sheet = book.worksheet_range("answers").unwrap();
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let text = |d: &Data| match d {
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    assert_eq!(cells[0].iter().map(text).collect::<Vec<_>>(), header);
    assert_eq!(cells.len() - 1, rows.len());
    for (got, want) in cells[1..].iter().zip(&rows) {
        assert_eq!(got.iter().map(text).collect::<Vec<_>>(), *want);
    }
    let value = header
        .iter()
        .position(|h| h == "value")
        .expect("a value column");
    assert!(cells[1..]
        .iter()
        .all(|r| matches!(r[value], Data::Float(_) | Data::Int(_))));
    assert!(!cells.iter().flatten().any(|c| text(c).ends_with("@zh")));

    // Without --output, a terminal would get binary: refused, and an unknown extension too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_govkg"))
        .args(["query", "--store", &store, "region-targets", "-o"])
        .arg(dir.path().join("answers.foo"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the format"));
}
