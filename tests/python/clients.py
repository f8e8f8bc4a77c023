"""Python clients against `govkg serve`: SPARQLWrapper (SELECT as JSON, CONSTRUCT as Turtle
parsed by rdflib, ASK) and requests (CSV that matches `govkg query`, an update refused, a query
past the time limit). tests/serve.rs starts the server and runs this:

    python clients.py BASE_URL EXPECTED_PLATFORMS.csv
"""
import sys
import time

import requests
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, QueryBadFormed

base, expected_csv = sys.argv[1], sys.argv[2]
endpoint = base + "/query"
checks = []


def check(name):
    def register(body):
        checks.append((name, body))
        return body

    return register


@check("SPARQLWrapper: SELECT as JSON")
def select_json():
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(
        'SELECT ?code ?label WHERE { ?r a gk:Province ; gk:adminCode ?code ; rdfs:label ?label '
        'FILTER(lang(?label) = "zh") } ORDER BY ?code'
    )
    sparql.setReturnFormat(JSON)
    rows = sparql.query().convert()["results"]["bindings"]
    assert len(rows) == 31, len(rows)
    assert rows[0]["code"]["value"] == "110000" and rows[0]["label"]["value"] == "北京市", rows[0]
    assert rows[0]["label"]["xml:lang"] == "zh"


@check("SPARQLWrapper: POST, CSV")
def select_post_csv():
    sparql = SPARQLWrapper(endpoint)
    sparql.setMethod("POST")
    sparql.setQuery(
        "SELECT ?code ?region ?platform WHERE { ?r gk:adminCode ?code ; rdfs:label ?region ; "
        "gk:operatesPlatform ?p . ?p rdfs:label ?platform . "
        'FILTER(lang(?region) = "zh" && lang(?platform) = "zh") } ORDER BY ?code ?platform'
    )
    sparql.setReturnFormat(CSV)
    got = sparql.query().convert().decode("utf-8")
    assert got == open(expected_csv, encoding="utf-8", newline="").read(), (got[:200], "…")


@check("SPARQLWrapper: CONSTRUCT as Turtle, parsed by rdflib")
def construct_turtle():
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(
        'CONSTRUCT { ?r gk:operatesPlatform ?p . ?p rdfs:label ?l } WHERE { ?r gk:adminCode "440000" ; '
        "gk:operatesPlatform ?p . ?p rdfs:label ?l }"
    )
    sparql.setReturnFormat(TURTLE)
    graph = sparql.queryAndConvert()
    if isinstance(graph, bytes):
        import rdflib

        graph = rdflib.Graph().parse(data=graph.decode("utf-8"), format="turtle")
    labels = sorted(str(o) for s, p, o in graph if str(p).endswith("#label"))
    assert "粤政易" in labels and "粤治慧" in labels, labels


@check("SPARQLWrapper: ASK")
def ask():
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery("ASK { ?t a gk:Target ; gk:value ?v FILTER(?v >= 90) }")
    sparql.setReturnFormat(JSON)
    assert sparql.query().convert()["boolean"] is True


@check("SPARQLWrapper: a syntax error is QueryBadFormed")
def bad_query():
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery("SELECT WHERE {")
    sparql.setReturnFormat(JSON)
    try:
        sparql.query()
    except QueryBadFormed as e:
        assert "syntax error" in str(e), e
    else:
        raise AssertionError("no error")


@check("requests: a named query as CSV is what govkg query prints")
def requests_csv():
    queries = requests.get(base + "/queries", timeout=10).json()
    text = next(q["text"] for q in queries if q["name"] == "platforms-by-region")
    r = requests.get(endpoint, params={"query": text}, headers={"Accept": "text/csv"}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.content.decode("utf-8") == open(expected_csv, encoding="utf-8", newline="").read()


@check("requests: an update is refused by a read-only server")
def update_refused():
    r = requests.post(
        base + "/update",
        data={"update": 'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "o" } }'},
        timeout=10,
    )
    assert r.status_code == 403, (r.status_code, r.text)
    assert "read-only" in r.text


@check("requests: a query past the time limit gets 503 while another is answered")
def timeout():
    import threading

    result = {}

    def slow():
        started = time.monotonic()
        r = requests.post(
            endpoint, data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"}, timeout=30
        )
        result["slow"] = (r.status_code, r.text, time.monotonic() - started)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    quick = requests.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    thread.join()
    status, text, elapsed = result["slow"]
    assert status == 503, (status, text)
    assert "time limit" in text and 0.9 < elapsed < 4, (text, elapsed)


@check("SPARQLWrapper: the time limit is an EndPointInternalError")
def timeout_wrapper():
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")
    sparql.setReturnFormat(JSON)
    try:
        sparql.query()
    except EndPointInternalError as e:
        assert "time limit" in str(e), e
    except Exception as e:  # SPARQLWrapper maps 503 to a plain HTTPError in some versions
        assert "503" in str(e), e
    else:
        raise AssertionError("no timeout")


failed = 0
for name, body in checks:
    try:
        body()
        print("ok -", name)
    except Exception as e:  # noqa: BLE001 - report every failure, then exit non-zero
        failed += 1
        print("FAILED -", name, "-", repr(e))
print(f"{len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
