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
