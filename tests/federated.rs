//! Federated queries: SERVICE calls only the endpoints it is allowed to, against a real SPARQL
//! endpoint (govkg's own server) started on a free loopback port inside the test.

mod support;

use support::{govkg, serve};

#[test]
fn service_calls_an_allowed_endpoint_and_refuses_others() {
    let dir = tempfile::tempdir().unwrap();
    // The remote endpoint serves the bundled corpus; the local store holds one imported table.
    let remote = dir.path().join("remote");
    let remote = remote.to_str().unwrap();
    assert!(govkg(&["build", "--store", remote]).status.success());
    let server = serve(remote, &[]);
    let endpoint = format!("{}/query", server.base);

    let local = dir.path().join("local");
    let local = local.to_str().unwrap();
    let table = dir.path().join("budgets.csv");
    std::fs::write(&table, "province,budget\n广东省,100\n湖南省,80\n").unwrap();
    assert!(
        govkg(&["import", "--store", local, table.to_str().unwrap()])
            .status
            .success()
    );

    // Joins the local table with the platforms the remote store knows.
    let query = format!(
        "SELECT ?code ?platform WHERE {{ ?row gk:region ?r . ?r gk:adminCode ?code . SERVICE <{endpoint}> {{ ?r gk:operatesPlatform/rdfs:label ?platform FILTER(lang(?platform) = \"zh\") }} }} ORDER BY ?code ?platform"
    );
    let allowed = govkg(&[
        "query",
        "--store",
        local,
        "--format",
        "csv",
        "--allow-service",
        &endpoint,
        &query,
    ]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let csv = String::from_utf8(allowed.stdout).unwrap().replace('\r', "");
    assert_eq!(
        csv,
        "code,platform\n430000,湘政通\n440000,粤政易\n440000,粤治慧\n"
    );

    // The same query without permission is refused before any request, with a clear message.
    let refused = govkg(&["query", "--store", local, "--format", "csv", &query]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("is not allowed")
            && err.contains(&endpoint)
            && err.contains("--allow-service"),
        "{err}"
    );

    // Another address is refused even when one endpoint is allowed.
    let other = query.replace(&endpoint, "http://127.0.0.1:9/sparql");
    let refused = govkg(&[
        "query",
        "--store",
        local,
        "--allow-service",
        &endpoint,
        &other,
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("http://127.0.0.1:9/sparql"));
}
