//! Pages to browse the graph without writing a query, linked to each other, each also as JSON
//! (`&format=json`):
//!
//! - `GET /browse/search?q=…`: regions (any form of their name or code), platforms and
//!   initiatives (any of their labels) and documents (file name or title) that match.
//! - `GET /browse/region?code=440000`: a region's platforms, initiatives, targets (with their
//!   status and passages), goals and documents.
//! - `GET /browse/entity?iri=…`: a platform or initiative: who runs or adopts it, and every
//!   passage that names it.
//! - `GET /browse/document?file=NAME`: a document's model, its facts, and its text with every
//!   mention highlighted and linked.
//!
//! The pages' queries are written with the terms they ask about serialized by oxigraph (an IRI
//! checked as an IRI, a literal escaped), never with request text spliced in.

use super::page::{document_text, escape};
use super::{content, param, sparql, text, State};
use crate::reference::{Reconciled, Reconciler, Regions};
use oxhttp::model::{Body, Response, StatusCode};
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::QuerySolution;
use serde_json::{json, Value};

const PREFIXES: &str = "PREFIX gk: <https://w3id.org/govkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n";

pub(super) fn handle(state: &State, form: &[u8], path: &str) -> Response<Body> {
    let json = param(form, "format").as_deref() == Some("json");
    let page = match path {
        "/browse/search" => search(state, &param(form, "q").unwrap_or_default()),
        "/browse/region" => region(state, &param(form, "code").unwrap_or_default()),
        "/browse/entity" => entity(state, &param(form, "iri").unwrap_or_default()),
        "/browse/document" => document(state, &param(form, "file").unwrap_or_default()),
        _ => return text(StatusCode::NOT_FOUND, format!("no such page: {path}")),
    };
    match page {
        Ok(page) if json => content(
            "application/json; charset=utf-8",
            serde_json::to_string_pretty(&page.data).unwrap_or_default(),
        ),
        Ok(page) => content("text/html; charset=utf-8", html(&page)),
        Err(response) => response,
    }
}

/// A page: its title, its data (the JSON form), and its body as HTML.
struct Page {
    title: String,
    data: Value,
    body: String,
}

fn html(page: &Page) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} · govkg</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body class=\"browse\">\n<header class=\"top\"><h1><a href=\"/\">govkg</a></h1>{search}</header>\n<main class=\"browse\">\n<h2>{title}</h2>\n{body}</main>\n</body>\n</html>\n",
        title = escape(&page.title),
        search = SEARCH_FORM,
        body = page.body
    )
}

/// The search box every page carries (the query page too).
pub(super) const SEARCH_FORM: &str = "<form class=\"search\" action=\"/browse/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" id=\"search\" placeholder=\"广东, 粤, Guangdong, 浙里办, 一网通办, a file…\" aria-label=\"search regions, names and documents\"><button type=\"submit\">Search</button></form>";

fn link(path: &str, key: &str, value: &str, label: &str) -> String {
    let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    format!(
        "<a href=\"{path}?{key}={}\">{}</a>",
        escape(&value),
        escape(label)
    )
}

fn region_link(code: &str, name: &str) -> String {
    link("/browse/region", "code", code, name)
}

fn entity_link(iri: &str, name: &str) -> String {
    link("/browse/entity", "iri", iri, name)
}

fn document_link(file: &str, label: &str) -> String {
    link("/browse/document", "file", file, label)
}

fn source_link(file: &str, start: &str, end: &str) -> String {
    let f: String = form_urlencoded::byte_serialize(file.as_bytes()).collect();
    format!(
        "<a class=\"source-link\" href=\"/document?file={}&amp;start={}&amp;end={}#quote\">source</a>",
        escape(&f),
        escape(start),
        escape(end)
    )
}

/// The value of a variable: a literal's lexical form, an IRI's text.
fn value(row: &QuerySolution, var: &str) -> String {
    match row.get(var) {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn rows(state: &State, query: &str) -> Result<Vec<QuerySolution>, Response<Body>> {
    sparql::select(state, &format!("{PREFIXES}{query}"))
}

/// A table of rows: the header, then each row's cells (already HTML).
fn table(class: &str, header: &[&str], cells: Vec<Vec<String>>) -> String {
    if cells.is_empty() {
        return "<p class=\"none\">none</p>\n".into();
    }
    let mut out = format!("<table class=\"{class}\"><thead><tr>");
    for h in header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in cells {
        out.push_str("<tr>");
        for c in row {
            out.push_str(&format!("<td>{c}</td>"));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
    out
}

/// Documents (rows with ?file and ?title), each linked to its page.
fn documents_table(documents: &[QuerySolution]) -> String {
    table(
        "documents",
        &["file", "title"],
        documents
            .iter()
            .map(|d| {
                vec![
                    document_link(&value(d, "file"), &value(d, "file")),
                    escape(&value(d, "title")),
                ]
            })
            .collect(),
    )
}

/// A passage with its quote (between 【 and 】) marked.
fn passage_html(passage: &str) -> String {
    escape(passage)
        .replace('【', "<mark>")
        .replace('】', "</mark>")
}

fn search(state: &State, q: &str) -> Result<Page, Response<Body>> {
    let q = q.trim();
    let mut regions = Vec::new();
    if !q.is_empty() {
        match Reconciler::new(Regions::bundled()).reconcile(q) {
            Reconciled::One(r) => regions.push((r.code.clone(), r.name.clone())),
            Reconciled::Ambiguous(many) => {
                regions.extend(many.iter().map(|r| (r.code.clone(), r.name.clone())))
            }
            Reconciled::None => {}
        }
    }
    let needle = Term::from(Literal::from(q.to_lowercase()));
    let names = if q.is_empty() {
        Vec::new()
    } else {
        rows(
            state,
            &format!(
                "SELECT DISTINCT ?x ?label ?kind WHERE {{
                   {{ ?x a gk:Platform BIND(\"platform\" AS ?kind) }} UNION {{ ?x a gk:Initiative BIND(\"initiative\" AS ?kind) }}
                   ?x rdfs:label ?label . ?x rdfs:label|<http://www.w3.org/2004/02/skos/core#altLabel> ?any
                   FILTER(lang(?label) = \"zh\" && CONTAINS(LCASE(STR(?any)), {needle}))
                 }} ORDER BY STRLEN(?label) ?label LIMIT 50"
            ),
        )?
    };
    let documents = if q.is_empty() {
        Vec::new()
    } else {
        rows(
            state,
            &format!(
                "SELECT DISTINCT ?file ?title WHERE {{
                   ?d a gk:Document ; gk:fileName ?fn OPTIONAL {{ ?d gk:documentKey ?k }} BIND(COALESCE(?k, ?fn) AS ?file) OPTIONAL {{ ?d dcterms:title ?title }}
                   FILTER(CONTAINS(LCASE(?file), {needle}) || CONTAINS(LCASE(STR(COALESCE(?title, \"\"))), {needle}))
                 }} ORDER BY ?file LIMIT 50"
            ),
        )?
    };
    let mut body = String::new();
    body.push_str("<h3>Regions</h3>\n");
    body.push_str(&table(
        "regions",
        &["region", "code"],
        regions
            .iter()
            .map(|(code, name)| vec![region_link(code, name), escape(code)])
            .collect(),
    ));
    body.push_str("<h3>Platforms and initiatives</h3>\n");
    body.push_str(&table(
        "names",
        &["name", "kind"],
        names
            .iter()
            .map(|r| {
                vec![
                    entity_link(&value(r, "x"), &value(r, "label")),
                    escape(&value(r, "kind")),
                ]
            })
            .collect(),
    ));
    body.push_str("<h3>Documents</h3>\n");
    body.push_str(&documents_table(&documents));
    Ok(Page {
        title: format!("Search: {q}"),
        data: json!({
            "query": q,
            "regions": regions.iter().map(|(code, name)| json!({"code": code, "name": name})).collect::<Vec<_>>(),
            "names": names.iter().map(|r| json!({"iri": value(r, "x"), "name": value(r, "label"), "kind": value(r, "kind")})).collect::<Vec<_>>(),
            "documents": documents.iter().map(|r| json!({"file": value(r, "file"), "title": value(r, "title")})).collect::<Vec<_>>(),
        }),
        body,
    })
}

fn not_found(what: String) -> Response<Body> {
    text(StatusCode::NOT_FOUND, what)
}

fn region(state: &State, code: &str) -> Result<Page, Response<Body>> {
    let region = match Reconciler::new(Regions::bundled()).reconcile(code) {
        Reconciled::One(r) => r,
        _ => {
            return Err(not_found(format!(
                "no region {code:?}: give its code, such as 440000"
            )))
        }
    };
    let iri = crate::rdf::region_iri(&region.code);
    let r = iri.to_string();
    let named = |link: &str| {
        rows(
            state,
            &format!(
                "SELECT DISTINCT ?x ?label WHERE {{ {r} gk:{link} ?x . ?x rdfs:label ?label FILTER(lang(?label) = \"zh\") }} ORDER BY ?label"
            ),
        )
    };
    let platforms = named("operatesPlatform")?;
    let initiatives = named("adoptsInitiative")?;
    let targets = rows(
        state,
        &format!(
            "SELECT ?metric ?value ?unit ?year ?status ?passage ?file ?start ?end WHERE {{
               ?t a gk:Target ; gk:region {r} ; gk:metric ?metric ; gk:value ?value ; gk:unit ?unit ;
                  prov:wasDerivedFrom ?m .
               OPTIONAL {{ ?t gk:targetYear ?year }} OPTIONAL {{ ?t gk:status ?status }}
               ?m gk:passage ?passage ; gk:start ?start ; gk:end ?end ; gk:document ?d . ?d gk:fileName ?fn OPTIONAL {{ ?d gk:documentKey ?k }} BIND(COALESCE(?k, ?fn) AS ?file)
             }} ORDER BY ?file ?start"
        ),
    )?;
    let goals = rows(
        state,
        &format!(
            "SELECT ?year ?statement ?file ?start ?end WHERE {{
               ?g a gk:Goal ; gk:region {r} ; gk:targetYear ?year ; gk:statement ?statement ; prov:wasDerivedFrom ?m .
               ?m gk:start ?start ; gk:end ?end ; gk:document ?d . ?d gk:fileName ?fn OPTIONAL {{ ?d gk:documentKey ?k }} BIND(COALESCE(?k, ?fn) AS ?file)
             }} ORDER BY ?year ?file ?start"
        ),
    )?;
    let documents = rows(
        state,
        &format!(
            "SELECT DISTINCT ?file ?title WHERE {{
               ?d a gk:Document ; gk:fileName ?fn OPTIONAL {{ ?d gk:documentKey ?k }} BIND(COALESCE(?k, ?fn) AS ?file)
               {{ ?d gk:region {r} }} UNION {{ ?m gk:document ?d ; gk:region {r} }} UNION {{ ?f gk:region {r} ; prov:wasDerivedFrom/gk:document ?d }}
               OPTIONAL {{ ?d dcterms:title ?title }}
             }} ORDER BY ?file"
        ),
    )?;
    let names = |list: &[QuerySolution]| {
        if list.is_empty() {
            return "<p class=\"none\">none</p>\n".to_string();
        }
        let items: Vec<String> = list
            .iter()
            .map(|x| {
                format!(
                    "<li>{}</li>",
                    entity_link(&value(x, "x"), &value(x, "label"))
                )
            })
            .collect();
        format!("<ul class=\"names\">{}</ul>\n", items.join(""))
    };
    let mut body = format!(
        "<p class=\"facts\">code {} · {} · <a href=\"{}\">IRI</a></p>\n",
        escape(&region.code),
        escape(&region.name_en),
        escape(iri.as_str())
    );
    body.push_str("<h3>Platforms</h3>\n");
    body.push_str(&names(&platforms));
    body.push_str("<h3>Initiatives</h3>\n");
    body.push_str(&names(&initiatives));
    body.push_str("<h3>Targets</h3>\n");
    body.push_str(&table(
        "targets",
        &["metric", "value", "year", "status", "passage", ""],
        targets
            .iter()
            .map(|t| {
                vec![
                    escape(&value(t, "metric")),
                    escape(&format!("{}{}", value(t, "value"), value(t, "unit"))),
                    escape(&value(t, "year")),
                    format!(
                        "<span class=\"status {0}\">{0}</span>",
                        escape(&value(t, "status"))
                    ),
                    passage_html(&value(t, "passage")),
                    source_link(&value(t, "file"), &value(t, "start"), &value(t, "end")),
                ]
            })
            .collect(),
    ));
    body.push_str("<h3>Goals</h3>\n");
    body.push_str(&table(
        "goals",
        &["year", "goal", ""],
        goals
            .iter()
            .map(|g| {
                vec![
                    escape(&value(g, "year")),
                    escape(&value(g, "statement")),
                    source_link(&value(g, "file"), &value(g, "start"), &value(g, "end")),
                ]
            })
            .collect(),
    ));
    body.push_str("<h3>Documents</h3>\n");
    body.push_str(&documents_table(&documents));
    let entities = |list: &[QuerySolution]| {
        list.iter()
            .map(|x| json!({"iri": value(x, "x"), "name": value(x, "label")}))
            .collect::<Vec<_>>()
    };
    Ok(Page {
        title: region.name.clone(),
        data: json!({
            "code": region.code, "name": region.name, "name_en": region.name_en, "iri": iri.as_str(),
            "platforms": entities(&platforms),
            "initiatives": entities(&initiatives),
            "targets": targets.iter().map(|t| json!({
                "metric": value(t, "metric"), "value": value(t, "value"), "unit": value(t, "unit"),
                "year": value(t, "year"), "status": value(t, "status"), "passage": value(t, "passage"),
                "file": value(t, "file"), "start": value(t, "start"), "end": value(t, "end"),
            })).collect::<Vec<_>>(),
            "goals": goals.iter().map(|g| json!({
                "year": value(g, "year"), "statement": value(g, "statement"),
                "file": value(g, "file"), "start": value(g, "start"), "end": value(g, "end"),
            })).collect::<Vec<_>>(),
            "documents": documents.iter().map(|d| json!({"file": value(d, "file"), "title": value(d, "title")})).collect::<Vec<_>>(),
        }),
        body,
    })
}

fn entity(state: &State, iri: &str) -> Result<Page, Response<Body>> {
    let node = NamedNode::new(iri.trim())
        .map_err(|e| text(StatusCode::BAD_REQUEST, format!("iri {iri:?}: {e}")))?;
    let x = node.to_string();
    let about = rows(
        state,
        &format!(
            "SELECT ?label ?en ?kind WHERE {{
               {{ {x} a gk:Platform BIND(\"platform\" AS ?kind) }} UNION {{ {x} a gk:Initiative BIND(\"initiative\" AS ?kind) }}
               {x} rdfs:label ?label FILTER(lang(?label) = \"zh\")
               OPTIONAL {{ {x} rdfs:label ?en FILTER(lang(?en) = \"en\") }}
             }} LIMIT 1"
        ),
    )?;
    let Some(about) = about.first() else {
        return Err(not_found(format!(
            "the store holds no platform or initiative <{iri}>"
        )));
    };
    let regions = rows(
        state,
        &format!(
            "SELECT DISTINCT ?code ?name WHERE {{
               ?r gk:operatesPlatform|gk:adoptsInitiative {x} ; gk:adminCode ?code ; rdfs:label ?name FILTER(lang(?name) = \"zh\")
             }} ORDER BY ?code"
        ),
    )?;
    let mentions = rows(
        state,
        &format!(
            "SELECT ?passage ?file ?start ?end ?code ?name WHERE {{
               ?m gk:refersTo {x} ; gk:passage ?passage ; gk:start ?start ; gk:end ?end ; gk:document ?d . ?d gk:fileName ?fn OPTIONAL {{ ?d gk:documentKey ?k }} BIND(COALESCE(?k, ?fn) AS ?file)
               OPTIONAL {{ ?m gk:region ?r . ?r gk:adminCode ?code ; rdfs:label ?name FILTER(lang(?name) = \"zh\") }}
             }} ORDER BY ?file ?start"
        ),
    )?;
    let kind = value(about, "kind");
    let (label, en) = (value(about, "label"), value(about, "en"));
    let who = if kind == "platform" {
        "Run by"
    } else {
        "Adopted by"
    };
    let mut body = format!(
        "<p class=\"facts\">{}{}</p>\n<h3>{who}</h3>\n",
        escape(&kind),
        if en.is_empty() {
            String::new()
        } else {
            format!(" · {}", escape(&en))
        }
    );
    body.push_str(&table(
        "regions",
        &["region", "code"],
        regions
            .iter()
            .map(|r| {
                vec![
                    region_link(&value(r, "code"), &value(r, "name")),
                    escape(&value(r, "code")),
                ]
            })
            .collect(),
    ));
    body.push_str("<h3>Where it is said</h3>\n");
    if mentions.is_empty() {
        body.push_str("<p class=\"none\">The gazetteer knows it, but no document in the store names it.</p>\n");
    }
    body.push_str(&table(
        "mentions",
        &["passage", "region", "document", ""],
        mentions
            .iter()
            .map(|m| {
                vec![
                    passage_html(&value(m, "passage")),
                    region_link(&value(m, "code"), &value(m, "name")),
                    document_link(&value(m, "file"), &value(m, "file")),
                    source_link(&value(m, "file"), &value(m, "start"), &value(m, "end")),
                ]
            })
            .collect(),
    ));
    Ok(Page {
        title: label.clone(),
        data: json!({
            "iri": node.as_str(), "name": label, "name_en": en, "kind": kind,
            "regions": regions.iter().map(|r| json!({"code": value(r, "code"), "name": value(r, "name")})).collect::<Vec<_>>(),
            "mentions": mentions.iter().map(|m| json!({
                "passage": value(m, "passage"), "region": value(m, "name"), "code": value(m, "code"),
                "file": value(m, "file"), "start": value(m, "start"), "end": value(m, "end"),
            })).collect::<Vec<_>>(),
        }),
        body,
    })
}

fn document(state: &State, file: &str) -> Result<Page, Response<Body>> {
    let Some(full) = document_text(state, file)? else {
        return Err(not_found(format!(
            "the store holds no document named {file:?}"
        )));
    };
    let name = Term::from(Literal::from(file)).to_string();
    let model = rows(
        state,
        &format!(
            "SELECT ?title ?genre ?issued ?code ?region ?format ?from ?bytes ?sha256 WHERE {{
               ?d a gk:Document ; gk:documentKey|gk:fileName {name} .
               OPTIONAL {{ ?d gk:sourceFormat ?format }} OPTIONAL {{ ?d gk:textFrom ?from }}
               OPTIONAL {{ ?d gk:byteSize ?bytes }} OPTIONAL {{ ?d gk:sha256 ?sha256 }}
               OPTIONAL {{ ?d dcterms:title ?title }} OPTIONAL {{ ?d dcterms:type/rdfs:label ?genre FILTER(lang(?genre) = \"en\") }}
               OPTIONAL {{ ?d dcterms:issued ?issued }}
               OPTIONAL {{ ?d gk:region ?r . ?r gk:adminCode ?code ; rdfs:label ?region FILTER(lang(?region) = \"zh\") }}
             }} LIMIT 1"
        ),
    )?;
    // Every mention that names something, and the facts read from the others.
    let mentions = rows(
        state,
        &format!(
            "SELECT ?start ?end ?x ?kind ?code WHERE {{
               ?d gk:documentKey|gk:fileName {name} . ?m gk:document ?d ; gk:start ?start ; gk:end ?end .
               OPTIONAL {{ ?m gk:refersTo ?x .
                 OPTIONAL {{ ?x a gk:Platform BIND(\"platform\" AS ?k1) }} OPTIONAL {{ ?x a gk:Initiative BIND(\"initiative\" AS ?k2) }}
                 OPTIONAL {{ ?x gk:adminCode ?code }} }}
               OPTIONAL {{ ?f prov:wasDerivedFrom ?m . ?f a gk:Target BIND(\"target\" AS ?k3) }}
               OPTIONAL {{ ?g prov:wasDerivedFrom ?m . ?g a gk:Goal BIND(\"goal\" AS ?k4) }}
               BIND(COALESCE(?k3, ?k4, ?k1, ?k2, IF(BOUND(?code), \"region\", \"other\")) AS ?kind)
             }} ORDER BY ?start DESC(?end)"
        ),
    )?;
    let chars: Vec<char> = full.chars().collect();
    let mut spans: Vec<(usize, usize, String, String, String)> = Vec::new();
    for m in &mentions {
        let (Ok(start), Ok(end)) = (value(m, "start").parse(), value(m, "end").parse()) else {
            continue;
        };
        spans.push((
            start,
            end,
            value(m, "kind"),
            value(m, "x"),
            value(m, "code"),
        ));
    }
    // Marks nest: a name inside a target's or goal's span is a link inside its mark; a span
    // that overlaps another without lying inside it is left out.
    let mut text_html = String::new();
    let mut at = 0;
    // The marks open now: where each ends, and its closing tag (a name is a link; a target's
    // or goal's span a highlight, since a link may not hold another).
    let mut open: Vec<(usize, &str)> = Vec::new();
    let mut marked = Vec::new();
    for (start, end, kind, x, code) in &spans {
        let (start, end) = (*start.min(&chars.len()), *end.min(&chars.len()));
        if end <= start || start < at {
            continue;
        }
        // Close the marks that end before this one starts.
        while let Some(&(close, tag)) = open.last() {
            if close > start {
                break;
            }
            text_html.push_str(&escape(&chars[at..close].iter().collect::<String>()));
            text_html.push_str(tag);
            at = close;
            open.pop();
        }
        let name = matches!(kind.as_str(), "region" | "platform" | "initiative");
        if open.last().is_some_and(|&(close, _)| end > close)
            || (name && open.iter().any(|(_, tag)| *tag == "</a>"))
        {
            continue;
        }
        text_html.push_str(&escape(&chars[at..start].iter().collect::<String>()));
        let href = match kind.as_str() {
            "region" => format!("/browse/region?code={}", escape(code)),
            _ => format!(
                "/browse/entity?iri={}",
                escape(&form_urlencoded::byte_serialize(x.as_bytes()).collect::<String>())
            ),
        };
        if name {
            text_html.push_str(&format!(
                "<a class=\"mention {}\" href=\"{href}\">",
                escape(kind)
            ));
            open.push((end, "</a>"));
        } else {
            text_html.push_str(&format!(
                "<mark class=\"mention {0}\" title=\"{0}\">",
                escape(kind)
            ));
            open.push((end, "</mark>"));
        }
        let quote: String = chars[start..end].iter().collect();
        marked.push(
            json!({"start": start, "end": end, "kind": kind, "refers_to": x, "quote": quote}),
        );
        at = start;
    }
    while let Some((close, tag)) = open.pop() {
        text_html.push_str(&escape(&chars[at..close].iter().collect::<String>()));
        text_html.push_str(tag);
        at = close;
    }
    text_html.push_str(&escape(
        &chars[at.min(chars.len())..].iter().collect::<String>(),
    ));
    let model = model.first();
    let get = |var: &str| model.map(|m| value(m, var)).unwrap_or_default();
    let mut body = format!(
        "<p class=\"facts\">{} · {} · issued {} by {}</p>\n<p class=\"legend\"><span class=\"mention region\">region</span> <span class=\"mention platform\">platform</span> <span class=\"mention initiative\">initiative</span> <span class=\"mention target\">target</span> <span class=\"mention goal\">goal</span></p>\n",
        escape(&get("title")),
        escape(&get("genre")),
        escape(&get("issued")),
        if get("code").is_empty() {
            "—".to_string()
        } else {
            region_link(&get("code"), &get("region"))
        }
    );
    // Where the text below came from: the file's format, how its text was read, the file's
    // size and digest (a store built before govkg read other formats has none of them).
    if !get("format").is_empty() {
        body.push_str(&format!(
            "<p class=\"provenance\">{} file of {} bytes, SHA-256 <code>{}</code>: {}</p>\n",
            escape(&get("format")),
            escape(&get("bytes")),
            escape(&get("sha256")),
            escape(&get("from"))
        ));
    }
    body.push_str(&format!("<article class=\"text\">{text_html}</article>\n"));
    Ok(Page {
        title: file.to_string(),
        data: json!({
            "file": file, "title": get("title"), "genre": get("genre"), "issued": get("issued"),
            "region": get("region"), "code": get("code"), "characters": chars.len(),
            "format": get("format"), "text_from": get("from"), "bytes": get("bytes"),
            "sha256": get("sha256"),
            "mentions": marked,
        }),
        body,
    })
}
