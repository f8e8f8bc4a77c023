//! Serving: the store over HTTP with the SPARQL 1.1 Protocol — queries by GET or POST, results
//! in the format the client asks for, CORS for browser clients. Read-only; SERVICE calls are
//! refused unless the policy allows the endpoint.

use crate::query::{self, QueryError, QuerySource, ServicePolicy};
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {bind}: {source}")]
    Bind {
        bind: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    /// Endpoints a query may call with SERVICE.
    pub services: ServicePolicy,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Connections served at once.
    pub max_connections: usize,
    /// Time a connection may stay idle.
    pub connection_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            services: ServicePolicy::default(),
            max_body: 1 << 20,
            max_connections: 64,
            connection_timeout: Duration::from_secs(60),
        }
    }
}

/// Starts serving `store`; the server runs on its own threads until the process ends.
pub fn serve(store: Store, config: ServerConfig) -> Result<oxhttp::ListeningServer, ServeError> {
    let bind = config.bind;
    let shared = Arc::new((store, config.clone()));
    oxhttp::Server::new(move |request| {
        let (store, config) = &*shared;
        let mut response = handle(store, config, request);
        cors(&mut response);
        response
    })
    .bind(bind)
    .with_global_timeout(config.connection_timeout)
    .with_max_concurrent_connections(config.max_connections)
    .spawn()
    .map_err(|source| ServeError::Bind { bind, source })
}

fn cors(response: &mut Response<Body>) {
    let headers = response.headers_mut();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("accept, content-type, authorization"),
    );
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
}

fn text(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    let mut response = Response::new(Body::from(message.into() + "\n"));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn handle(store: &Store, config: &ServerConfig, request: &mut Request<Body>) -> Response<Body> {
    let path = request.uri().path().to_string();
    match (request.method().clone(), path.as_str()) {
        (Method::OPTIONS, _) => text(StatusCode::NO_CONTENT, ""),
        (Method::GET, "/query" | "/sparql") => {
            let query = request
                .uri()
                .query()
                .and_then(|q| param(q.as_bytes(), "query"));
            match query {
                Some(q) => answer(store, config, request, &q),
                None => text(StatusCode::BAD_REQUEST, "no query parameter"),
            }
        }
        (Method::POST, "/query" | "/sparql") => match read_query(request, config.max_body) {
            Ok(q) => answer(store, config, request, &q),
            Err(response) => *response,
        },
        (_, "/query" | "/sparql") => text(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST"),
        (_, "/update") => text(StatusCode::FORBIDDEN, "the server is read-only"),
        _ => text(StatusCode::NOT_FOUND, format!("no such page: {path}")),
    }
}

/// A parameter of an `application/x-www-form-urlencoded` string.
fn param(form: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(form)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The query of a POST: a form with `query=`, or the body itself (`application/sparql-query`).
fn read_query(request: &mut Request<Body>, max_body: usize) -> Result<String, Box<Response<Body>>> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut body = Vec::new();
    let read = request
        .body_mut()
        .take(max_body as u64 + 1)
        .read_to_end(&mut body);
    if read.is_err() {
        return Err(Box::new(text(
            StatusCode::BAD_REQUEST,
            "cannot read the request body",
        )));
    }
    if body.len() > max_body {
        return Err(Box::new(text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {max_body} bytes"),
        )));
    }
    if content_type.starts_with("application/sparql-query") {
        String::from_utf8(body)
            .map_err(|_| Box::new(text(StatusCode::BAD_REQUEST, "the query is not UTF-8")))
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        param(&body, "query")
            .ok_or_else(|| Box::new(text(StatusCode::BAD_REQUEST, "no query parameter")))
    } else {
        Err(Box::new(text(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send application/sparql-query or application/x-www-form-urlencoded",
        )))
    }
}

/// The results format a client asks for in its Accept header (JSON when it does not say).
fn results_format(accept: &str) -> Option<QueryResultsFormat> {
    if accept.trim().is_empty() {
        return Some(QueryResultsFormat::Json);
    }
    for part in accept.split(',') {
        let media = part.split(';').next().unwrap_or_default().trim();
        if media == "*/*" || media == "application/*" {
            return Some(QueryResultsFormat::Json);
        }
        if let Some(f) = QueryResultsFormat::from_media_type(media) {
            return Some(f);
        }
    }
    None
}

fn graph_format(accept: &str) -> Option<RdfFormat> {
    if accept.trim().is_empty() {
        return Some(RdfFormat::Turtle);
    }
    for part in accept.split(',') {
        let media = part.split(';').next().unwrap_or_default().trim();
        if media == "*/*" || media == "text/*" {
            return Some(RdfFormat::Turtle);
        }
        if let Some(f) = RdfFormat::from_media_type(media) {
            return Some(f);
        }
    }
    None
}

fn answer(
    store: &Store,
    config: &ServerConfig,
    request: &Request<Body>,
    q: &str,
) -> Response<Body> {
    let accept = request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let source = QuerySource {
        label: "query".into(),
        text: q.to_string(),
    };
    let results = match query::run_with(store, &source, &config.services) {
        Ok(r) => r,
        Err(e @ (QueryError::ServiceRefused { .. } | QueryError::ServiceVariable { .. })) => {
            return text(StatusCode::FORBIDDEN, e.to_string())
        }
        Err(e @ QueryError::Syntax { .. }) => return text(StatusCode::BAD_REQUEST, e.to_string()),
        Err(e) => return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let mut out = Vec::new();
    let media = match &results {
        QueryResults::Graph(_) => match graph_format(&accept) {
            Some(f) => f.media_type(),
            None => {
                return text(
                    StatusCode::NOT_ACCEPTABLE,
                    "ask for text/turtle, application/n-triples or another RDF format",
                )
            }
        },
        _ => match results_format(&accept) {
            Some(f) => f.media_type(),
            None => {
                return text(
                    StatusCode::NOT_ACCEPTABLE,
                    "ask for JSON, XML, CSV or TSV results",
                )
            }
        },
    };
    let format = match &results {
        QueryResults::Graph(_) => graph_format(&accept).map(query::OutputFormat::Rdf),
        _ => results_format(&accept).map(query::OutputFormat::Results),
    };
    if let Err(e) = query::write_results(results, format, false, &mut out) {
        return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    let mut response = Response::new(Body::from(out));
    if let Ok(v) = HeaderValue::from_str(&format!("{media}; charset=utf-8")) {
        response.headers_mut().insert(CONTENT_TYPE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_choose_formats() {
        let cases = [
            ("", Some(QueryResultsFormat::Json)),
            (
                "application/sparql-results+json",
                Some(QueryResultsFormat::Json),
            ),
            (
                "application/sparql-results+xml",
                Some(QueryResultsFormat::Xml),
            ),
            ("text/csv", Some(QueryResultsFormat::Csv)),
            ("text/tab-separated-values", Some(QueryResultsFormat::Tsv)),
            ("text/html, */*;q=0.8", Some(QueryResultsFormat::Json)),
            ("image/png", None),
        ];
        for (accept, expected) in cases {
            assert_eq!(results_format(accept), expected, "{accept}");
        }
        assert_eq!(
            graph_format("application/n-triples"),
            Some(RdfFormat::NTriples)
        );
    }

    #[test]
    fn form_parameters_are_decoded() {
        assert_eq!(
            param(b"x=1&query=SELECT%20*%20WHERE%20%7B%7D", "query").as_deref(),
            Some("SELECT * WHERE {}")
        );
    }
}
