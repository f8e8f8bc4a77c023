//! Every class and property the graph uses is declared in `ontology/govkg.ttl`, and every term
//! declared in code (`govkg::vocab`) is defined there with Chinese and English labels.

use govkg::ingest;
use govkg::query::{self, QuerySource};
use govkg::store::GraphStore;
use govkg::vocab;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::BTreeSet;

/// Vocabularies reused as they are; their terms are declared by their own ontologies.
const REUSED: &[&str] = &[
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://purl.org/linked-data/cube#",
    "http://www.w3.org/ns/shacl#",
];

fn iris(store: &Store, sparql: &str, var: &str) -> BTreeSet<String> {
    let source = QuerySource {
        label: "test".into(),
        text: sparql.into(),
    };
    let QueryResults::Solutions(rows) = query::run(store, &source).unwrap() else {
        panic!("not a SELECT")
    };
    rows.map(|r| match r.unwrap().get(var) {
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        other => panic!("{other:?}"),
    })
    .collect()
}

#[test]
fn every_term_used_is_declared() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = GraphStore::open_or_create(&dir.path().join("store")).unwrap();
    ingest::build(
        &mut store,
        &ingest::bundled_documents(),
        ingest::BuildOptions::bundled(ingest::Check::Nothing).unwrap(),
    )
    .unwrap();
    let s = store.store();
    let ontology = "<https://w3id.org/govkg/graph/ontology>";
    let declared = iris(
        s,
        &format!("SELECT DISTINCT ?t WHERE {{ GRAPH {ontology} {{ ?t a ?kind ; rdfs:label ?zh , ?en ; rdfs:comment ?c FILTER(lang(?zh) = \"zh\" && lang(?en) = \"en\") }} }}"),
        "t",
    );
    let used_properties = iris(
        s,
        &format!("SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {ontology}) }}"),
        "p",
    );
    let used_classes = iris(
        s,
        &format!("SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?s a ?c }} FILTER(?g != {ontology}) }}"),
        "c",
    );
    let mut undeclared = Vec::new();
    for term in used_properties.iter().chain(&used_classes) {
        if REUSED.iter().any(|ns| term.starts_with(ns)) {
            continue;
        }
        if !declared.contains(term) {
            undeclared.push(term.clone());
        }
    }
    assert!(
        undeclared.is_empty(),
        "used but not declared: {undeclared:?}"
    );
    assert!(used_properties.iter().any(|p| p.starts_with(vocab::GK)));
}

#[test]
fn every_vocab_term_is_defined_with_labels() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = GraphStore::open_or_create(&dir.path().join("store")).unwrap();
    ingest::build(
        &mut store,
        &[],
        ingest::BuildOptions::bundled(ingest::Check::Nothing).unwrap(),
    )
    .unwrap();
    let declared = iris(
        store.store(),
        "SELECT DISTINCT ?t WHERE { GRAPH <https://w3id.org/govkg/graph/ontology> { ?t rdfs:label ?zh , ?en ; rdfs:comment ?c ; rdfs:isDefinedBy ?o FILTER(lang(?zh) = \"zh\" && lang(?en) = \"en\") } }",
        "t",
    );
    for term in vocab::gk::ALL {
        assert!(
            declared.contains(term.as_str()),
            "{term} is not defined in ontology/govkg.ttl"
        );
    }
}

#[test]
fn the_vocabulary_document_is_made_from_the_ontology_and_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/vocabulary.md");
    let made = govkg::rdf::vocabulary::markdown();
    // Every term the code writes is listed.
    for term in govkg::vocab::gk::ALL {
        let local = term.as_str().trim_start_matches(govkg::vocab::GK);
        assert!(
            made.contains(&format!("`gk:{local}`")),
            "gk:{local} is missing from the vocabulary document"
        );
    }
    if std::env::var_os("GOVKG_BLESS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == made,
        "docs/vocabulary.md is not what ontology/govkg.ttl says; run GOVKG_BLESS=1 cargo test --release --test ontology"
    );
}
