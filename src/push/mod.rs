//! Pushing: the store's named graphs sent to another triple store with the SPARQL 1.1 Graph
//! Store HTTP Protocol — one HTTP PUT of Turtle per graph to `ENDPOINT?graph=IRI`, which
//! replaces that graph there, so pushing twice leaves the same data. Each document's graph,
//! the reference graphs (ontology, shapes, gazetteer, regions) and imported data go; the
//! remote store does the scaling. A failed graph is recorded and the others still go; a
//! server that cannot be reached at all stops the push.

mod digest;

use crate::vocab;
use digest::Challenge;
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION};
use oxhttp::model::{Body, HeaderValue, Method, Request, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};
use std::io::Read;
use std::time::{Duration, Instant};

/// Why a push could not be made at all (graphs that failed one by one are in the report).
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("{url:?} is not an http:// or https:// URL")]
    Endpoint { url: String },
    #[error("{iri:?} is not an IRI")]
    Graph { iri: String },
    #[error("no graph {iri} in the store")]
    MissingGraph { iri: String },
    #[error("the store has no named graph to push (build documents into it first)")]
    Empty,
    #[error("cannot read the store: {0}")]
    Storage(#[from] StorageError),
    #[error("cannot serialize graph {graph}: {source}")]
    Serialize {
        graph: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot reach {url}: {}", in_words(.cause, *.timeout))]
    Unreachable {
        url: String,
        timeout: Duration,
        cause: std::io::Error,
    },
}

/// How to prove who we are to the remote store.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    #[default]
    None,
    Basic {
        user: String,
        password: String,
    },
    Bearer(String),
}

impl Auth {
    fn header(&self) -> Option<String> {
        match self {
            Auth::None => None,
            Auth::Basic { user, password } => Some(crate::serve::basic_credentials(user, password)),
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
        }
    }
}

/// Where and how to push.
#[derive(Debug, Clone)]
pub struct PushConfig {
    /// The Graph Store Protocol endpoint (graphs go to `endpoint?graph=IRI`).
    pub endpoint: String,
    pub auth: Auth,
    /// Time one graph's request may take.
    pub timeout: Duration,
    /// Time the whole push may take: graphs not started by then are not sent (and listed).
    pub deadline: Duration,
    /// Only these graphs (all named graphs when empty).
    pub graphs: Vec<String>,
}

/// A graph to send and its size.
#[derive(Debug, Clone)]
pub struct GraphInfo {
    pub graph: NamedNode,
    pub triples: usize,
}

/// What happened to one graph.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub graph: NamedNode,
    pub triples: usize,
    pub elapsed: Duration,
    /// The HTTP status the remote store answered with, or why no answer came.
    pub result: Result<u16, String>,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        self.result.is_ok()
    }
}

/// Progress, as each graph goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// Graph `index` (from 1) of `total` is about to be sent.
    Sending {
        index: usize,
        total: usize,
        graph: &'a GraphInfo,
    },
    /// It was answered (or failed).
    Done {
        index: usize,
        total: usize,
        outcome: &'a Outcome,
    },
}

/// What a push did.
#[derive(Debug, Clone)]
pub struct PushReport {
    pub endpoint: String,
    pub outcomes: Vec<Outcome>,
    /// Graphs not sent because the deadline had passed.
    pub not_sent: Vec<GraphInfo>,
    pub elapsed: Duration,
}

impl PushReport {
    pub fn failed(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| !o.succeeded())
    }

    pub fn triples_sent(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.succeeded())
            .map(|o| o.triples)
            .sum()
    }
}

/// The named graphs of the store with their sizes: the reference graphs first, then the
/// documents and imported data in IRI order.
pub fn graphs(store: &Store, only: &[String]) -> Result<Vec<GraphInfo>, PushError> {
    let mut names: Vec<NamedNode> = Vec::new();
    if only.is_empty() {
        for g in store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g? {
                names.push(n);
            }
        }
    } else {
        for iri in only {
            let n =
                NamedNode::new(iri.clone()).map_err(|_| PushError::Graph { iri: iri.clone() })?;
            if !store.contains_named_graph(n.as_ref())? {
                return Err(PushError::MissingGraph { iri: iri.clone() });
            }
            names.push(n);
        }
    }
    let reference: Vec<&str> = vocab::graph::ALL.iter().map(|g| g.as_str()).collect();
    names.sort_by_key(|n| {
        (
            reference
                .iter()
                .position(|r| *r == n.as_str())
                .unwrap_or(usize::MAX),
            n.as_str().to_string(),
        )
    });
    let mut out = Vec::with_capacity(names.len());
    for graph in names {
        let triples = store
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .count();
        if triples > 0 {
            out.push(GraphInfo { graph, triples });
        }
    }
    if out.is_empty() {
        return Err(PushError::Empty);
    }
    Ok(out)
}

/// The URL a graph is PUT to: the endpoint with `graph=IRI` added to its query string.
pub fn graph_url(endpoint: &str, graph: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{separator}graph={encoded}")
}

fn turtle(store: &Store, graph: &NamedNode) -> Result<Vec<u8>, PushError> {
    let failed = |source| PushError::Serialize {
        graph: graph.to_string(),
        source,
    };
    let mut out = Vec::new();
    let mut serializer = crate::export::serializer(RdfFormat::Turtle).for_writer(&mut out);
    for quad in store.quads_for_pattern(
        None,
        None,
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        let quad: Quad = quad?;
        serializer.serialize_triple(quad.as_ref()).map_err(failed)?;
    }
    serializer.finish().map_err(failed)?;
    Ok(out)
}

/// Sends every graph (or those `config.graphs` names) to the endpoint, telling `progress`
/// about each.
pub fn push(
    store: &Store,
    config: &PushConfig,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<PushReport, PushError> {
    let endpoint = config.endpoint.trim().to_string();
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        return Err(PushError::Endpoint { url: endpoint });
    }
    let list = graphs(store, &config.graphs)?;
    // Redirects are not followed: a redirected PUT would be re-sent elsewhere with our
    // credentials (or as a GET without its body); they are reported instead.
    let client = oxhttp::Client::new()
        .with_global_timeout(config.timeout)
        .with_redirection_limit(0);
    let authorization = config.auth.header();
    let mut scheme = Scheme::Unknown;
    let mut uses = 0;
    let started = Instant::now();
    let total = list.len();
    let mut outcomes = Vec::with_capacity(total);
    let mut not_sent = Vec::new();
    for (i, info) in list.iter().enumerate() {
        if started.elapsed() >= config.deadline {
            not_sent = list[i..].to_vec();
            break;
        }
        let index = i + 1;
        progress(Progress::Sending {
            index,
            total,
            graph: info,
        });
        let body = turtle(store, &info.graph)?;
        let url = graph_url(&endpoint, info.graph.as_str());
        let sent = Instant::now();
        // With a user and password, a HEAD without them first learns how the store wants them:
        // Basic, or Digest (Virtuoso's authenticated endpoint answers a Basic header with a
        // bare 401, and only a request without one with its Digest challenge). A PUT would do
        // as well, but a store that refuses it before reading the body breaks the pipe.
        if let (Scheme::Unknown, Auth::Basic { .. }) = (&scheme, &config.auth) {
            scheme = match challenge_of(&client, &url) {
                Some(challenge) => Scheme::Digest(challenge),
                None => Scheme::Basic,
            };
            uses = 0;
        }
        let first = match (&scheme, &config.auth) {
            (Scheme::Digest(challenge), _) => {
                Some(digest_header(&config.auth, challenge, &url, &mut uses))
            }
            (Scheme::Unknown, Auth::Basic { .. }) => None,
            _ => authorization.clone(),
        };
        let mut result = put(&client, &url, body.clone(), first.as_deref());
        if let (Ok(reply), Auth::Basic { .. }) = (&result, &config.auth) {
            let refused = reply
                .result
                .as_ref()
                .err()
                .is_some_and(|e| e.starts_with("401"));
            if let Some(challenge) = reply.digest.clone() {
                uses = 0;
                let header = digest_header(&config.auth, &challenge, &url, &mut uses);
                scheme = Scheme::Digest(challenge);
                result = put(&client, &url, body, Some(&header));
            } else if refused && matches!(scheme, Scheme::Unknown) {
                scheme = Scheme::Basic;
                result = put(&client, &url, body, authorization.as_deref());
            } else if matches!(scheme, Scheme::Unknown) && reply.result.is_ok() {
                // The store took it without credentials: send them from now on all the same.
                scheme = Scheme::Basic;
            }
        }
        let result = result.map(|reply| reply.result);
        let outcome = Outcome {
            graph: info.graph.clone(),
            triples: info.triples,
            elapsed: sent.elapsed(),
            result: match result {
                Ok(r) => r,
                // Nothing answered: no other graph would fare better.
                Err(source) if outcomes.is_empty() => {
                    return Err(PushError::Unreachable {
                        url: endpoint,
                        timeout: config.timeout,
                        cause: source,
                    })
                }
                Err(source) => Err(in_words(&source, config.timeout)),
            },
        };
        progress(Progress::Done {
            index,
            total,
            outcome: &outcome,
        });
        outcomes.push(outcome);
    }
    Ok(PushReport {
        endpoint,
        outcomes,
        not_sent,
        elapsed: started.elapsed(),
    })
}

/// A failed request in words: a timeout says so, whatever the OS called it.
fn in_words(e: &std::io::Error, timeout: Duration) -> String {
    use std::io::ErrorKind::{TimedOut, WouldBlock};
    if matches!(e.kind(), TimedOut | WouldBlock) {
        format!(
            "no answer within {} s (--timeout); the store may still be loading the graph",
            timeout.as_secs()
        )
    } else {
        e.to_string()
    }
}

/// How the store wants a user and password: not known before its first answer.
enum Scheme {
    Unknown,
    Basic,
    Digest(Challenge),
}

/// The Digest answer to `challenge` for a PUT to `url`, its `uses`-th use of the nonce.
fn digest_header(auth: &Auth, challenge: &Challenge, url: &str, uses: &mut u32) -> String {
    let Auth::Basic { user, password } = auth else {
        return String::new();
    };
    *uses += 1;
    // The request-target: the URL's path and query.
    let target = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let cnonce = format!(
        "{:016x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default()
            ^ u64::from(*uses)
    );
    challenge.authorization(user, password, "PUT", target, *uses, &cnonce)
}

/// A store's answer to a PUT: the status it stored the graph with, or why not; and its Digest
/// challenge when it refused us for want of one.
struct Reply {
    result: Result<u16, String>,
    digest: Option<Challenge>,
}

impl From<Result<u16, String>> for Reply {
    fn from(result: Result<u16, String>) -> Self {
        Self {
            result,
            digest: None,
        }
    }
}

/// One PUT: Ok(reply) when the store answered (the graph stored, or why not), Err when it
/// could not be reached.
/// The Digest challenge a HEAD of `url` without credentials is answered with, if any.
fn challenge_of(client: &oxhttp::Client, url: &str) -> Option<Challenge> {
    let request = Request::builder()
        .method(Method::HEAD)
        .uri(url)
        .body(Body::empty())
        .ok()?;
    let response = client.request(request).ok()?;
    if response.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    response
        .headers()
        .get_all(oxhttp::model::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(Challenge::parse)
}

fn put(
    client: &oxhttp::Client,
    url: &str,
    body: Vec<u8>,
    authorization: Option<&str>,
) -> std::io::Result<Reply> {
    let invalid = |e: &dyn std::fmt::Display| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string())
    };
    let mut builder = Request::builder().method(Method::PUT).uri(url).header(
        CONTENT_TYPE,
        HeaderValue::from_static("text/turtle; charset=utf-8"),
    );
    if let Some(a) = authorization {
        builder = builder.header(
            AUTHORIZATION,
            HeaderValue::from_str(a).map_err(|e| invalid(&e))?,
        );
    }
    let request = builder.body(Body::from(body)).map_err(|e| invalid(&e))?;
    // oxhttp, asked to follow no redirect, reports a 301/302/303 as an error naming its
    // target (the redirected request is built but never sent); 307/308 come back as answers.
    const REDIRECTED: &str = "The latest redirection target is ";
    let mut response = match client.request(request) {
        Ok(r) => r,
        Err(e) if e.to_string().contains(REDIRECTED) => {
            let message = e.to_string();
            let target = message.split(REDIRECTED).nth(1).unwrap_or("elsewhere");
            return Ok(Err(not_followed("3xx", target)).into());
        }
        // The store answered and closed the connection before it read the graph (Virtuoso
        // does so on wrong credentials): a refusal, not an unreachable store.
        Err(e)
            if authorization.is_some()
                && matches!(
                    e.kind(),
                    std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
                ) =>
        {
            return Ok(Err(format!(
                "refused: the store closed the connection before reading the graph ({e}); most often a 401 for wrong credentials (check --user/--password or --token), else a graph larger than it accepts"
            ))
            .into());
        }
        Err(e) => return Err(e),
    };
    let status = response.status();
    if status.is_success() {
        return Ok(Ok(status.as_u16()).into());
    }
    if status.is_redirection() {
        let target = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .unwrap_or("nowhere");
        return Ok(Err(not_followed(status.as_str(), target)).into());
    }
    let digest = (status == StatusCode::UNAUTHORIZED)
        .then(|| {
            response
                .headers()
                .get_all(oxhttp::model::header::WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(Challenge::parse)
        })
        .flatten();
    let mut message = String::new();
    let _ = response.body_mut().take(2000).read_to_string(&mut message);
    let first = message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    Ok(Reply {
        result: Err(describe(status, first)),
        digest,
    })
}

fn not_followed(status: &str, target: &str) -> String {
    format!(
        "{status} redirect: the endpoint redirects to {target}; not followed (the graph and any credentials go only to the endpoint given); push to that URL if you trust it"
    )
}

fn describe(status: StatusCode, message: &str) -> String {
    let hint = match status.as_u16() {
        401 => " (check --user/--password or --token)",
        403 => " (the store refuses writes from us)",
        404 => " (is the endpoint the store's Graph Store Protocol URL?)",
        405 => " (the endpoint does not accept PUT: is it the Graph Store Protocol URL?)",
        413 => " (the graph is larger than the store accepts)",
        _ => "",
    };
    let reason = status.canonical_reason().unwrap_or("");
    if message.is_empty() {
        format!("{} {reason}{hint}", status.as_u16())
    } else {
        format!("{} {reason}: {message}{hint}", status.as_u16())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNodeRef};

    #[test]
    fn graph_urls_carry_the_graph_iri() {
        assert_eq!(
            graph_url(
                "http://h:7878/store",
                "https://w3id.org/govkg/id/document/a b.txt"
            ),
            "http://h:7878/store?graph=https%3A%2F%2Fw3id.org%2Fgovkg%2Fid%2Fdocument%2Fa+b.txt"
        );
        assert_eq!(
            graph_url("http://h/crud?x=1", "urn:g"),
            "http://h/crud?x=1&graph=urn%3Ag"
        );
    }

    #[test]
    fn reference_graphs_go_first_and_empty_graphs_not_at_all() {
        let store = Store::new().unwrap();
        let s = NamedNodeRef::new_unchecked("http://example.org/s");
        for g in ["http://example.org/a", vocab::graph::REFERENCE.as_str()] {
            store
                .insert(&Quad::new(
                    s,
                    s,
                    Literal::from("x"),
                    NamedNode::new_unchecked(g),
                ))
                .unwrap();
        }
        store
            .insert_named_graph(NamedNodeRef::new_unchecked("http://example.org/empty"))
            .unwrap();
        let list = graphs(&store, &[]).unwrap();
        let names: Vec<&str> = list.iter().map(|g| g.graph.as_str()).collect();
        assert_eq!(
            names,
            [vocab::graph::REFERENCE.as_str(), "http://example.org/a"]
        );
        assert!(matches!(
            graphs(&store, &["http://example.org/nope".into()]),
            Err(PushError::MissingGraph { .. })
        ));
    }

    #[test]
    fn an_endpoint_must_be_http() {
        let store = Store::new().unwrap();
        let config = PushConfig {
            endpoint: "ftp://x".into(),
            auth: Auth::None,
            timeout: Duration::from_secs(1),
            deadline: Duration::from_secs(1),
            graphs: Vec::new(),
        };
        assert!(matches!(
            push(&store, &config, |_| {}),
            Err(PushError::Endpoint { .. })
        ));
    }
}
