//! The web page: a query editor with the named queries to pick from, a results table, a
//! diagram of CONSTRUCT results, and each fact's source — its document with the quoted passage
//! highlighted. The HTML, CSS and JavaScript are built into the binary (nothing is fetched from
//! the network); the page calls the endpoints below and `/query`.
//!
//! - `GET /queries`: the named queries as JSON (name, the question it answers, text).
//! - `POST /sources`: where IRIs and quotes come from: `{"iris": […], "quotes": […]}` →
//!   the mentions (file, start, end, quote) of each.
//! - `GET /document?file=KEY&start=S&end=E`: the text of the document with that key (its
//!   file name in a store built before documents had keys), the passage from code
//!   point S to E highlighted.
//! - `GET /diagram?query=…&lang=zh|en`: a CONSTRUCT or DESCRIBE query drawn as SVG, as
//!   `govkg export --query` draws it.

use super::sparql;
use super::{content, param, read_body, text, url_query, State};
use crate::export::dot::{to_dot, DotOptions};
use crate::export::{graphviz, ExportError, Image, Lang, Layout, PolicyGraph};
use crate::query::{self, NAMED_QUERIES};
use crate::vocab::gk;
use oxhttp::model::{Body, Request, Response, StatusCode};
use oxigraph::model::{Literal, NamedNode, Term};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const STYLE_CSS: &str = include_str!("web/style.css");
/// The document page's one script (scripts are never inline: the page's content security
/// policy allows only the server's own).
const QUOTE_JS: &str = "var q = document.getElementById('quote'); if (q && q.textContent) q.scrollIntoView({block: 'center'});\n";

/// Most IRIs or quotes looked up at once, and sources given for each.
const MAX_LOOKUPS: usize = 2000;
const SOURCES_PER_ITEM: usize = 3;

pub(super) fn handle(state: &State, request: &Request<Body>, path: &str) -> Response<Body> {
    let form = url_query(request);
    match path {
        "/" | "/index.html" => content("text/html; charset=utf-8", INDEX_HTML),
        "/app.js" => content("text/javascript; charset=utf-8", APP_JS),
        "/style.css" => content("text/css; charset=utf-8", STYLE_CSS),
        "/quote.js" => content("text/javascript; charset=utf-8", QUOTE_JS),
        "/queries" => named_queries(),
        "/bind" => bind(state, &form),
        "/suggest" => suggest(state, &form),
        "/document" => document(state, &form),
        "/diagram" => diagram(state, &form),
        "/favicon.ico" => text(StatusCode::NO_CONTENT, ""),
        _ => text(StatusCode::NOT_FOUND, format!("no such page: {path}")),
    }
}

fn json_response(value: &Value) -> Response<Body> {
    content("application/json; charset=utf-8", value.to_string())
}

fn named_queries() -> Response<Body> {
    let list: Vec<Value> = NAMED_QUERIES
        .iter()
        .map(|(name, text)| {
            json!({
                "name": name,
                "question": query::question(text),
                "text": text,
                "params": query::params::declared(text).unwrap_or_default(),
            })
        })
        .collect();
    json_response(&Value::Array(list))
}

/// `/bind?name=NAME&PARAM=VALUE…`: the named query with its parameters bound (as a term in its
/// VALUES clause, never as text), as `{"query": …}`; 400 with a message when a value names
/// nothing.
fn bind(state: &State, form: &[u8]) -> Response<Body> {
    let Some(name) = param(form, "name") else {
        return text(StatusCode::BAD_REQUEST, "no name parameter");
    };
    let Some(named) = query::named(&name) else {
        return text(StatusCode::NOT_FOUND, format!("no named query {name}"));
    };
    let values: Vec<(String, String)> = form_urlencoded::parse(form)
        .filter(|(k, v)| k != "name" && !v.trim().is_empty())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    match query::params::bind(named, &values, &state.store(), &name) {
        Ok(bound) => json_response(&json!({ "query": bound })),
        Err(e) => text(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

/// `/suggest?kind=KIND`: the values a parameter of this kind may take in the store.
fn suggest(state: &State, form: &[u8]) -> Response<Body> {
    let kind = param(form, "kind").unwrap_or_default();
    let Some(kind) = query::params::Kind::parse(&kind) else {
        return text(
            StatusCode::BAD_REQUEST,
            "kind is one of region, initiative, platform, year",
        );
    };
    match query::params::suggestions(kind, &state.store()) {
        Ok(values) => json_response(&json!(values)),
        Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The full text of the document with this key (or, in a store built before documents had
/// keys, this file name), if the store holds it.
pub(super) fn document_text(state: &State, file: &str) -> Result<Option<String>, Response<Body>> {
    let store = state.store();
    let error =
        |e: oxigraph::store::StorageError| text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    let name = Term::from(Literal::from(file));
    let by_key = store.quads_for_pattern(None, Some(gk::DOCUMENT_KEY), Some(name.as_ref()), None);
    let by_name = store.quads_for_pattern(None, Some(gk::FILE_NAME), Some(name.as_ref()), None);
    for quad in by_key.chain(by_name) {
        let quad = quad.map_err(error)?;
        let texts = store.quads_for_pattern(
            Some(quad.subject.as_ref()),
            Some(gk::TEXT),
            None,
            Some(quad.graph_name.as_ref()),
        );
        for t in texts {
            if let Term::Literal(l) = t.map_err(error)?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
    }
    Ok(None)
}

pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The document page: its text with characters `start..end` (code points, end exclusive)
/// highlighted and scrolled into view.
fn document(state: &State, form: &[u8]) -> Response<Body> {
    let Some(file) = param(form, "file") else {
        return text(StatusCode::BAD_REQUEST, "name the document: ?file=NAME");
    };
    let number = |name: &str| param(form, name).and_then(|v| v.parse::<usize>().ok());
    let body = match document_text(state, &file) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return text(
                StatusCode::NOT_FOUND,
                format!("the store holds no text of a document named {file:?} (a store built before govkg kept texts: build it again)"),
            )
        }
        Err(response) => return response,
    };
    let chars: Vec<char> = body.chars().collect();
    let start = number("start").unwrap_or(0).min(chars.len());
    let end = number("end").unwrap_or(start).clamp(start, chars.len());
    let part = |a: usize, b: usize| escape(&chars[a..b].iter().collect::<String>());
    let (before, quote, after) = (part(0, start), part(start, end), part(end, chars.len()));
    let title = escape(&file);
    let position = if end > start {
        format!("characters {start}–{end} of {}", chars.len())
    } else {
        format!("{} characters", chars.len())
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body class=\"document\">\n<header><a href=\"/\">govkg</a> · <span class=\"file\">{title}</span> · <span class=\"position\">{position}</span></header>\n<article class=\"text\">{before}<mark id=\"quote\">{quote}</mark>{after}</article>\n<script src=\"/quote.js\"></script>\n</body>\n</html>\n"
    );
    content("text/html; charset=utf-8", html)
}

/// `POST /sources`: the mentions each IRI (a fact, a mention, a platform or initiative) and
/// each quote come from.
pub(super) fn sources(state: &State, request: &mut Request<Body>) -> Response<Body> {
    let body = match read_body(request, state.config.max_body) {
        Ok(b) => b,
        Err(response) => return *response,
    };
    let asked: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return text(StatusCode::BAD_REQUEST, format!("not JSON: {e}")),
    };
    let strings = |key: &str| -> Vec<String> {
        asked
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .take(MAX_LOOKUPS)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let iris: Vec<String> = strings("iris")
        .into_iter()
        .filter_map(|i| NamedNode::new(i).ok())
        .map(|n| n.to_string())
        .collect();
    let quotes: Vec<String> = strings("quotes")
        .iter()
        .map(|q| Literal::from(q.as_str()).to_string())
        .collect();
    let mut answer = Map::new();
    let lookups = [
        (
            "iris",
            iris,
            "SELECT ?key ?file ?start ?end ?quote WHERE {\n  VALUES ?key { VALUES_HERE }\n  { ?key a gk:Mention . BIND(?key AS ?m) }\n  UNION { ?key prov:wasDerivedFrom ?m }\n  UNION { ?m gk:refersTo ?key . ?key a ?class FILTER(?class IN (gk:Platform, gk:Initiative)) }\n  ?m gk:quote ?quote ; gk:start ?start ; gk:end ?end ; gk:document ?doc .\n  ?doc gk:fileName ?name . OPTIONAL { ?doc gk:documentKey ?k } BIND(COALESCE(?k, ?name) AS ?file)\n} ORDER BY ?key ?file ?start",
        ),
        (
            "quotes",
            quotes,
            "SELECT ?key ?file ?start ?end ?quote WHERE {\n  VALUES ?key { VALUES_HERE }\n  ?m gk:quote ?key ; gk:start ?start ; gk:end ?end ; gk:document ?doc .\n  ?doc gk:fileName ?name . OPTIONAL { ?doc gk:documentKey ?k } BIND(COALESCE(?k, ?name) AS ?file)\n  BIND(?key AS ?quote)\n} ORDER BY ?key ?file ?start",
        ),
    ];
    for (name, values, template) in lookups {
        let mut found: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        if !values.is_empty() {
            let sparql = template.replace("VALUES_HERE", &values.join(" "));
            let rows = match sparql::select(state, &sparql) {
                Ok(r) => r,
                Err(response) => return response,
            };
            for row in rows {
                let value = |v: &str| match row.get(v) {
                    Some(Term::Literal(l)) => l.value().to_string(),
                    Some(Term::NamedNode(n)) => n.as_str().to_string(),
                    _ => String::new(),
                };
                let number = |v: &str| value(v).parse::<u64>().unwrap_or(0);
                let list = found.entry(value("key")).or_default();
                if list.len() < SOURCES_PER_ITEM {
                    list.push(json!({
                        "file": value("file"),
                        "start": number("start"),
                        "end": number("end"),
                        "quote": value("quote"),
                    }));
                }
            }
        }
        answer.insert(
            name.to_string(),
            Value::Object(
                found
                    .into_iter()
                    .map(|(k, v)| (k, Value::Array(v)))
                    .collect(),
            ),
        );
    }
    json_response(&Value::Object(answer))
}

/// `GET /diagram?query=…`: the triples of a CONSTRUCT query drawn as SVG.
fn diagram(state: &State, form: &[u8]) -> Response<Body> {
    let Some(sparql) = param(form, "query") else {
        return text(StatusCode::BAD_REQUEST, "no query parameter");
    };
    let lang: Lang = match param(form, "lang").as_deref().unwrap_or("zh").parse() {
        Ok(l) => l,
        Err(e) => return text(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let (store, triples) = match sparql::construct(state, &sparql) {
        Ok(t) => t,
        Err(response) => return response,
    };
    let graph = match PolicyGraph::from_triples(&store, &triples, lang) {
        Ok(g) => g,
        Err(e) => return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    if graph.node_count() == 0 {
        return text(
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing to draw: the query returned no triples",
        );
    }
    let base = lang.pick(
        "govkg · 数字政府政策图谱",
        "govkg · digital-government policy graph",
    );
    let title = match query::description(&sparql) {
        "" => base.to_string(),
        question => format!("{base} · {question}"),
    };
    let layout = Layout::for_size(graph.node_count(), graph.top_clusters());
    let options = DotOptions {
        title,
        layout,
        legend: true,
    };
    let dot = to_dot(&graph, &options);
    match graphviz::render(
        &dot,
        layout,
        Image::Svg,
        state.config.diagram_timeout,
        (graph.node_count(), graph.edge_count()),
    ) {
        Ok(rendered) => content("image/svg+xml", rendered.bytes),
        Err(e @ ExportError::GraphvizMissing) => text(StatusCode::NOT_IMPLEMENTED, e.to_string()),
        Err(e @ ExportError::GraphvizTimeout { .. }) => {
            text(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
        }
        Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
