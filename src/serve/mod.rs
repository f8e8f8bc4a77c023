//! Serving: the store over HTTP. The SPARQL 1.1 Protocol at `/query` (GET or POST, results in
//! the format the client asks for, CORS for browser clients), the Graph Store Protocol at
//! `/store`, SPARQL Update at `/update`, and a web page at `/` to query the graph, draw
//! CONSTRUCT results and read each fact's source passage in its document.
//!
//! The server is read-only unless it is made writable and given a token: then updates and
//! graph writes need `Authorization: Bearer TOKEN` (or Basic with the token as password).
//! Every query runs in a worker process under a time limit and a memory limit, past which the
//! worker is killed (so its CPU and memory are freed whatever the evaluator is doing), and
//! answers at most a set number of rows. Connections are tasks with a deadline per request,
//! capped in all and per client (`http`), so slow clients starve nobody. SERVICE calls only
//! the endpoints the policy allows. A read-only server follows the store:
//! a `govkg build` made while it serves is answered from as soon as it is complete.

// A handler's error is the response it sends; it is built once per request.
#![allow(clippy::result_large_err)]

mod auth;
mod browse;
mod graphs;
mod http;
mod page;
mod sparql;
mod workers;

pub use auth::basic_credentials;
pub use http::Listening;
pub use sparql::{evaluate, Job, Outcome};
pub use workers::{work, WorkerConfig, WorkerError};

use crate::query::ServicePolicy;
use crate::store::GraphStore;
use oxhttp::model::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::store::Store;
use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {bind}: {source}")]
    Bind {
        bind: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "a writable server needs a token (--token, or $GOVKG_TOKEN) that clients send to update it"
    )]
    NoToken,
}

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    /// Endpoints a query may call with SERVICE.
    pub services: ServicePolicy,
    /// Largest request accepted (body, or URL of a GET), in bytes.
    pub max_body: usize,
    /// Largest graph accepted by a Graph Store PUT or POST, in bytes.
    pub max_upload: usize,
    /// Connections open at once, in all.
    pub max_connections: usize,
    /// Connections open at once from one client address.
    pub max_per_client: usize,
    /// Time a request's head may take to arrive (and an idle kept-alive connection may stay).
    pub header_timeout: Duration,
    /// Time a request's body may take to arrive.
    pub connection_timeout: Duration,
    /// The worker processes queries run in; None: on threads of the server (which cannot stop
    /// an evaluation that spins in memory). A store in memory has no workers.
    pub workers: Option<WorkerConfig>,
    /// Time a query (or an update) may run before it is stopped.
    pub query_timeout: Duration,
    /// Most rows (or triples) a query answers; the rest are left out and the response says so
    /// in its `govkg-truncated` header.
    pub max_rows: usize,
    /// Time GraphViz may take to lay out a diagram.
    pub diagram_timeout: Duration,
    /// Whether updates (`/update`, and PUT, POST, DELETE on `/store`) are accepted.
    pub writable: bool,
    /// The token writers must present; required when writable.
    pub token: Option<String>,
    /// The origin browsers on other sites may read from (`*` for any), on the read routes
    /// only; None: no cross-origin reads.
    pub cors_origin: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            services: ServicePolicy::default(),
            max_body: 1 << 20,
            max_upload: 64 << 20,
            max_connections: 1024,
            max_per_client: 64,
            header_timeout: Duration::from_secs(10),
            connection_timeout: Duration::from_secs(30),
            workers: None,
            query_timeout: Duration::from_secs(5),
            max_rows: 10_000,
            diagram_timeout: Duration::from_secs(20),
            writable: false,
            token: None,
            cors_origin: Some("*".into()),
        }
    }
}

/// What the request handlers share.
struct State {
    /// The store queries read: replaced by the new one after each write, or after a build by
    /// another process.
    store: RwLock<Store>,
    /// For a read-only server: the store directory, to follow builds made while serving.
    follow: Option<Follow>,
    /// The store writes go to, one at a time (None when read-only).
    writer: Option<Mutex<GraphStore>>,
    /// The processes queries are evaluated in.
    workers: Option<workers::Pool>,
    config: ServerConfig,
}

/// A read-only server follows the store's current generation: a build made by another process
/// while serving switches the store's `current` pointer, and the server reopens the store.
struct Follow {
    path: PathBuf,
    /// When `current` was last read, and what it said.
    seen: Mutex<(Instant, String)>,
}

/// How often a read-only server looks for a new generation.
const FOLLOW_EVERY: Duration = Duration::from_millis(500);

pub(crate) fn current_generation(path: &Path) -> String {
    std::fs::read_to_string(path.join("current")).unwrap_or_default()
}

impl State {
    /// Reopens the store if a build has made a new generation current since the last look.
    fn follow(&self) {
        let Some(follow) = &self.follow else {
            return;
        };
        let mut seen = follow.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.0.elapsed() < FOLLOW_EVERY {
            return;
        }
        seen.0 = Instant::now();
        let current = current_generation(&follow.path);
        if current == seen.1 || current.is_empty() {
            return;
        }
        // A failed open (a build half-way through switching) is tried again next time.
        if let Ok(reopened) = GraphStore::open_read_only(&follow.path) {
            *self.store.write().unwrap_or_else(PoisonError::into_inner) = reopened.store().clone();
            seen.1 = current;
        }
    }

    /// The current store (a cheap handle; a write made meanwhile does not change it).
    fn store(&self) -> Store {
        self.follow();
        self.store
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Starts serving `store`; the server runs on its own threads until the process ends. A
/// writable server (`config.writable`) needs `store` opened for writing, and a token.
pub fn serve(store: GraphStore, config: ServerConfig) -> Result<Listening, ServeError> {
    if config.writable && config.token.as_deref().is_none_or(str::is_empty) {
        return Err(ServeError::NoToken);
    }
    let bind = config.bind;
    let on_disk = store.path().is_dir();
    let follow = (!config.writable && on_disk).then(|| Follow {
        path: store.path().to_path_buf(),
        seen: Mutex::new((Instant::now(), current_generation(store.path()))),
    });
    let workers = config
        .workers
        .clone()
        .filter(|_| on_disk)
        .map(|w| workers::Pool::new(w, store.path(), config.services.clone()));
    let limits = http::Limits {
        header_timeout: config.header_timeout,
        request_timeout: config.connection_timeout,
        max_connections: config.max_connections,
        max_per_client: config.max_per_client,
        max_body: config.max_body,
        max_upload: config.max_upload,
        handlers: 64,
    };
    let state = Arc::new(State {
        store: RwLock::new(store.store().clone()),
        follow,
        writer: config.writable.then(|| Mutex::new(store)),
        workers,
        config,
    });
    let handler: http::Handler = Arc::new(move |request: &mut Request<Body>| {
        let read = is_read_route(request);
        let mut response = handle(&state, request);
        if read {
            if let Some(origin) = &state.config.cors_origin {
                cors(&mut response, origin);
            }
        }
        secure(&mut response);
        response
    });
    http::spawn(bind, limits, handler).map_err(|source| ServeError::Bind { bind, source })
}

fn handle(state: &State, request: &mut Request<Body>) -> Response<Body> {
    let path = request.uri().path().to_string();
    let too_long = request
        .uri()
        .query()
        .is_some_and(|q| q.len() > state.config.max_body);
    if too_long {
        return text(
            StatusCode::URI_TOO_LONG,
            format!(
                "the request is larger than {} bytes; send a long query with POST",
                state.config.max_body
            ),
        );
    }
    let method = request.method().clone();
    match (method, path.as_str()) {
        (Method::OPTIONS, _) => text(StatusCode::NO_CONTENT, ""),
        (_, "/query" | "/sparql") => sparql::query(state, request),
        (_, "/update") => sparql::update(state, request),
        (_, "/store") => graphs::handle(state, request),
        (Method::GET | Method::HEAD, p) if p.starts_with("/browse/") => {
            browse::handle(state, &url_query(request), p)
        }
        (Method::GET | Method::HEAD, _) => page::handle(state, request, &path),
        (Method::POST, "/sources") => page::sources(state, request),
        _ => text(StatusCode::NOT_FOUND, format!("no such page: {path}")),
    }
}

/// Whether a request only reads: queries, pages, and GET or HEAD on the graph store (and their
/// preflights). Writes (/update, PUT, POST, DELETE on /store) get no CORS headers: a page on
/// another site cannot make a browser send them.
fn is_read_route(request: &Request<Body>) -> bool {
    let path = request.uri().path();
    let method = request.method();
    let preflight_of = header(request, "access-control-request-method").to_ascii_uppercase();
    match path {
        "/update" => false,
        "/store" => {
            matches!(*method, Method::GET | Method::HEAD)
                || (*method == Method::OPTIONS && matches!(preflight_of.as_str(), "GET" | "HEAD"))
        }
        _ => true,
    }
}

fn cors(response: &mut Response<Body>, origin: &str) {
    let headers = response.headers_mut();
    if let Ok(origin) = HeaderValue::from_str(origin) {
        headers.insert("access-control-allow-origin", origin);
    }
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("accept, content-type"),
    );
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, HEAD, POST, OPTIONS"),
    );
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("govkg-truncated, govkg-warning, content-type"),
    );
}

/// Headers every answer carries: no guessing of media types, no framing by other sites (the page
/// frames its own document view), and for
/// pages a content security policy that lets them load only the server's own scripts and styles.
fn secure(response: &mut Response<Body>) {
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    secure_headers(response.headers_mut(), html);
}

fn secure_headers(headers: &mut oxhttp::model::HeaderMap, html: bool) {
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    if html {
        headers.insert(
            "content-security-policy",
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
            ),
        );
    }
}

/// A plain-text answer (errors and short messages).
fn text(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    let message = message.into();
    let body = if message.is_empty() {
        message
    } else {
        message + "\n"
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// An answer with this body and media type.
fn content(media: &str, body: impl Into<Body>) -> Response<Body> {
    let mut response = Response::new(body.into());
    if let Ok(v) = HeaderValue::from_str(media) {
        response.headers_mut().insert(CONTENT_TYPE, v);
    }
    response
}

/// A text media type with its charset said.
fn with_charset(media: &str) -> String {
    if media.contains("charset") {
        media.to_string()
    } else {
        format!("{media}; charset=utf-8")
    }
}

/// A parameter of an `application/x-www-form-urlencoded` string.
fn param(form: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(form)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Every value of a parameter.
fn params(form: &[u8], name: &str) -> Vec<String> {
    form_urlencoded::parse(form)
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// The URL's query string.
fn url_query(request: &Request<Body>) -> Vec<u8> {
    request
        .uri()
        .query()
        .unwrap_or_default()
        .as_bytes()
        .to_vec()
}

fn header(request: &Request<Body>, name: impl oxhttp::model::header::AsHeaderName) -> &str {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The media type of the request body, lower case, without parameters.
fn content_type(request: &Request<Body>) -> String {
    header(request, CONTENT_TYPE)
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Reads the request body, refusing one larger than the limit.
fn read_body(request: &mut Request<Body>, max_body: usize) -> Result<Vec<u8>, Box<Response<Body>>> {
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
            format!("the request body is larger than the server's limit of {max_body} bytes"),
        )));
    }
    Ok(body)
}

/// Whether the request may write: the server is writable and the request carries its token.
fn authorize(state: &State, request: &Request<Body>) -> Result<(), Box<Response<Body>>> {
    if !state.config.writable {
        return Err(Box::new(text(
            StatusCode::FORBIDDEN,
            "the server is read-only: updates are refused (start it with --writable and a --token to accept them)",
        )));
    }
    let presented = header(request, oxhttp::model::header::AUTHORIZATION);
    let token = state.config.token.as_deref().unwrap_or_default();
    if auth::accepts(presented, token) {
        return Ok(());
    }
    let mut response = text(
        StatusCode::UNAUTHORIZED,
        if presented.is_empty() {
            "updates need the server's token: send Authorization: Bearer TOKEN"
        } else {
            "the token is not the server's"
        },
    );
    response.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"govkg\", Basic realm=\"govkg\""),
    );
    Err(Box::new(response))
}

/// The writer, when the server is writable.
fn writer(state: &State) -> Result<std::sync::MutexGuard<'_, GraphStore>, Box<Response<Body>>> {
    match &state.writer {
        Some(w) => Ok(w.lock().unwrap_or_else(PoisonError::into_inner)),
        None => Err(Box::new(text(
            StatusCode::FORBIDDEN,
            "the server is read-only",
        ))),
    }
}

/// After a write: queries from now on read the store as written.
fn publish(state: &State, writer: &GraphStore) {
    *state.store.write().unwrap_or_else(PoisonError::into_inner) = writer.store().clone();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_parameters_are_decoded() {
        assert_eq!(
            param(b"x=1&query=SELECT%20*%20WHERE%20%7B%7D", "query").as_deref(),
            Some("SELECT * WHERE {}")
        );
        assert_eq!(
            params(b"g=a&x=1&g=b%2Fc", "g"),
            vec!["a".to_string(), "b/c".to_string()]
        );
    }

    #[test]
    fn a_writable_server_needs_a_token() {
        let store = GraphStore::in_memory().unwrap();
        let config = ServerConfig {
            writable: true,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            ..ServerConfig::default()
        };
        assert!(matches!(serve(store, config), Err(ServeError::NoToken)));
    }
}
