//! The SPARQL 1.1 Protocol: queries at `/query` (GET, POST as a form or as
//! `application/sparql-query`), results in the format the client accepts, and updates at
//! `/update` for a writable server. A query is a [`Job`] evaluated under a deadline — in a
//! worker process the server kills when the deadline passes or the worker holds too much
//! memory (see `workers`), or, for a server without workers (a store in memory), on a thread
//! whose evaluation is cancelled — and the client is answered 503 at the deadline. At most the
//! configured number of rows are answered.

use super::workers::Stop;
use super::{authorize, content, content_type, header, param, params, publish, read_body, text};
use super::{url_query, with_charset, writer, State};
use crate::query::{self, QueryError, QuerySource, ServicePolicy};
use oxhttp::model::header::ACCEPT;
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator,
};
use oxigraph::store::Store;
use spargebra::GraphUpdateOperation;
use std::collections::{HashMap, HashSet};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `work` on a thread of its own and waits for it until `limit` has passed; then cancels
/// it through its token and answers [`Failure::TimedOut`] without waiting further.
pub(super) fn limited<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce(&CancellationToken) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let token = CancellationToken::new();
    let (send, receive) = mpsc::sync_channel(1);
    let worker_token = token.clone();
    std::thread::Builder::new()
        .name("govkg query".into())
        .spawn(move || {
            let result = work(&worker_token);
            // The handler may have given up waiting; then nobody reads this.
            let _ = send.send(result);
        })
        .map_err(|e| Failure::Query(QueryError::Write(e)))?;
    match receive.recv_timeout(limit) {
        Ok(Err(Failure::Query(_))) if token.is_cancelled() => Err(Failure::TimedOut),
        Ok(result) => result,
        Err(_) => {
            token.cancel();
            Err(Failure::TimedOut)
        }
    }
}

/// Which graphs a query reads: the protocol's `default-graph-uri` and `named-graph-uri`, else
/// the union of all graphs as the default graph.
#[derive(Debug, Default)]
pub(super) struct Dataset {
    default: Vec<NamedNode>,
    named: Vec<NamedNode>,
}

impl Dataset {
    fn from_params(form: &[u8]) -> Result<Self, Box<Response<Body>>> {
        let iris = |name: &str| {
            params(form, name)
                .into_iter()
                .map(|iri| {
                    NamedNode::new(iri.clone()).map_err(|e| {
                        Box::new(text(
                            StatusCode::BAD_REQUEST,
                            format!("{name} {iri:?} is not an IRI: {e}"),
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Self {
            default: iris("default-graph-uri")?,
            named: iris("named-graph-uri")?,
        })
    }
}

/// Why an evaluation gave no results.
pub(super) enum Failure {
    TimedOut,
    Query(QueryError),
}

impl Failure {
    pub(super) fn response(self, limit: Duration) -> Response<Body> {
        match self {
            Failure::TimedOut => text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query was stopped after {} s, the server's time limit (--timeout): ask for less (add LIMIT, name the graph or narrow the patterns)",
                    limit.as_secs_f64()
                ),
            ),
            Failure::Query(e) => failure_outcome(e).response(),
        }
    }
}

fn failure(token: &CancellationToken, error: impl Into<QueryError>) -> Failure {
    let error = error.into();
    if token.is_cancelled()
        || matches!(
            error,
            QueryError::Evaluation(QueryEvaluationError::Cancelled)
        )
    {
        Failure::TimedOut
    } else {
        Failure::Query(error)
    }
}

/// Parses and starts `text` on `store`, cancelled by `token`: the results are computed as
/// they are read.
fn start<'a>(
    services: &ServicePolicy,
    store: &'a Store,
    text: &str,
    dataset: &Dataset,
    token: &CancellationToken,
) -> Result<QueryResults<'a>, Failure> {
    let source = QuerySource {
        label: "query".into(),
        text: text.to_string(),
    };
    let mut prepared = query::evaluator(&source, services)
        .map_err(Failure::Query)?
        .with_cancellation_token(token.clone())
        .parse_query(text)
        .map_err(|e| {
            Failure::Query(QueryError::Syntax {
                origin: "query".into(),
                message: query::syntax_message(&e.to_string(), text),
            })
        })?;
    let spec = prepared.dataset_mut();
    // Without a dataset in the request, the store's default graph: the union of all graphs.
    if !(dataset.default.is_empty() && dataset.named.is_empty()) {
        spec.set_default_graph(
            dataset
                .default
                .iter()
                .cloned()
                .map(GraphName::from)
                .collect(),
        );
        if !dataset.named.is_empty() {
            spec.set_available_named_graphs(
                dataset
                    .named
                    .iter()
                    .cloned()
                    .map(NamedOrBlankNode::from)
                    .collect(),
            );
        }
    }
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| failure(token, e))
}

/// A query to evaluate, as the protocol asked for it: what the server sends a worker.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Job {
    pub query: String,
    /// The protocol's `default-graph-uri` and `named-graph-uri` (none: the union of all
    /// graphs as the default graph).
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    /// Media types of the formats to answer in: for solutions and booleans, and for triples
    /// (None: the client accepts none, answered 406).
    pub results: Option<String>,
    pub graph: Option<String>,
    pub max_rows: usize,
}

/// An evaluation's answer: its HTTP status, media type, whether rows were left out (the
/// cap), and its body.
#[derive(Debug)]
pub struct Outcome {
    pub status: u16,
    pub media: String,
    pub truncated: Option<usize>,
    pub body: Vec<u8>,
}

impl Outcome {
    fn text(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status: status.as_u16(),
            media: "text/plain; charset=utf-8".into(),
            truncated: None,
            body: (message.into() + "\n").into_bytes(),
        }
    }

    fn ok(&self) -> bool {
        self.status == 200
    }

    /// The message of an outcome that is not an answer.
    fn message(&self) -> String {
        String::from_utf8_lossy(&self.body).trim_end().to_string()
    }

    fn response(self) -> Response<Body> {
        let mut response = content(&self.media, self.body);
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Some(max) = self.truncated {
            response.headers_mut().insert(
                "govkg-truncated",
                HeaderValue::from_str(&max.to_string()).unwrap_or(HeaderValue::from_static("true")),
            );
        }
        response
    }
}

/// Evaluates a job on `store` (in the server, or in a worker process): the serialized
/// results, or the error as the client is to be told it.
pub fn evaluate(
    store: &Store,
    services: &ServicePolicy,
    job: &Job,
    token: &CancellationToken,
) -> Outcome {
    let iris = |iris: &[String]| {
        iris.iter()
            .map(|iri| {
                NamedNode::new(iri.clone()).map_err(|e| format!("{iri:?} is not an IRI: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let dataset = match (iris(&job.default_graphs), iris(&job.named_graphs)) {
        (Ok(default), Ok(named)) => Dataset { default, named },
        (Err(e), _) | (_, Err(e)) => return Outcome::text(StatusCode::BAD_REQUEST, e),
    };
    let results_format = job
        .results
        .as_deref()
        .and_then(QueryResultsFormat::from_media_type);
    let graph_format = job.graph.as_deref().and_then(RdfFormat::from_media_type);
    let written = start(services, store, &job.query, &dataset, token)
        .and_then(|results| write(results, results_format, graph_format, job.max_rows, token));
    match written {
        Ok((body, media, truncated)) => Outcome {
            status: 200,
            media: with_charset(media),
            truncated,
            body,
        },
        Err(Failure::Query(e @ QueryError::Format { .. })) => {
            Outcome::text(StatusCode::NOT_ACCEPTABLE, e.to_string())
        }
        Err(Failure::TimedOut) => Outcome::text(
            StatusCode::SERVICE_UNAVAILABLE,
            "the query was stopped (cancelled)",
        ),
        Err(Failure::Query(e)) => failure_outcome(e),
    }
}

/// How a query's error is told to a remote client.
fn failure_outcome(error: QueryError) -> Outcome {
    match error {
        // Remote clients are not told which endpoints are allowed nor how the server is run.
        QueryError::ServiceRefused { url, .. } => Outcome::text(
            StatusCode::FORBIDDEN,
            format!("SERVICE <{url}> is not allowed by this server"),
        ),
        e @ QueryError::ServiceVariable { .. } => {
            Outcome::text(StatusCode::FORBIDDEN, e.to_string())
        }
        e @ (QueryError::Syntax { .. } | QueryError::TooComplex { .. }) => {
            Outcome::text(StatusCode::BAD_REQUEST, e.to_string())
        }
        e => Outcome::text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Runs a job within the server's limits: in a worker process when the server has them
/// (killed at the time limit or past its memory), else on a thread of the server's.
fn run(state: &State, job: Job) -> Outcome {
    let limit = state.config.query_timeout;
    let timed_out = || {
        Outcome::text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query was stopped after {} s, the server's time limit (--timeout): ask for less (add LIMIT, name the graph or narrow the patterns)",
                limit.as_secs_f64()
            ),
        )
    };
    if let Some(pool) = &state.workers {
        return match pool.run(&job, limit) {
            Ok(outcome) => outcome,
            Err(Stop::TimedOut) => timed_out(),
            Err(Stop::Memory(max)) => Outcome::text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query was stopped when it held more than {} MiB, the server's limit (--max-query-memory): ask for less (add LIMIT, name the graph or narrow the patterns)",
                    max >> 20
                ),
            ),
            Err(Stop::Busy) => Outcome::text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the server is busy: no query worker became free within {} s; try again shortly",
                    limit.as_secs_f64()
                ),
            ),
            Err(Stop::Failed(message)) => {
                Outcome::text(StatusCode::INTERNAL_SERVER_ERROR, message)
            }
        };
    }
    let (store, services) = (state.store(), state.config.services.clone());
    match limited(limit, move |token| {
        Ok(evaluate(&store, &services, &job, token))
    }) {
        Ok(outcome) if outcome.status == 503 => timed_out(),
        Ok(outcome) => outcome,
        Err(Failure::TimedOut) => timed_out(),
        Err(Failure::Query(e)) => failure_outcome(e),
    }
}

/// A job over the union of all graphs, for the page's own look-ups.
fn page_job(state: &State, query: &str, results: Option<&str>, graph: Option<&str>) -> Job {
    Job {
        query: query.to_string(),
        default_graphs: Vec::new(),
        named_graphs: Vec::new(),
        results: results.map(str::to_string),
        graph: graph.map(str::to_string),
        max_rows: state.config.max_rows,
    }
}

/// Runs a SELECT query over the union of all graphs, within the limits (for the page's own
/// look-ups).
pub(super) fn select(state: &State, query: &str) -> Result<Vec<QuerySolution>, Response<Body>> {
    let json = QueryResultsFormat::Json;
    let outcome = run(state, page_job(state, query, Some(json.media_type()), None));
    if outcome.status == 406 {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "a table needs a SELECT query",
        ));
    }
    if !outcome.ok() {
        return Err(outcome.response());
    }
    let unreadable = |e: &dyn std::fmt::Display| {
        text(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read the query's results: {e}"),
        )
    };
    match QueryResultsParser::from_format(json)
        .for_slice(&outcome.body)
        .map_err(|e| unreadable(&e))?
    {
        SliceQueryResultsParserOutput::Solutions(solutions) => {
            solutions.map(|s| s.map_err(|e| unreadable(&e))).collect()
        }
        SliceQueryResultsParserOutput::Boolean(_) => Err(text(
            StatusCode::BAD_REQUEST,
            "a table needs a SELECT query",
        )),
    }
}

/// Runs a CONSTRUCT or DESCRIBE query over the union of all graphs, within the limits; with
/// the store the triples came from.
pub(super) fn construct(
    state: &State,
    query: &str,
) -> Result<(Store, Vec<Triple>), Response<Body>> {
    let labels = state.store();
    let ntriples = RdfFormat::NTriples;
    let outcome = run(
        state,
        page_job(state, query, None, Some(ntriples.media_type())),
    );
    if outcome.status == 406 {
        return Err(text(
            StatusCode::BAD_REQUEST,
            format!(
                "a diagram needs a CONSTRUCT or DESCRIBE query, which gives triples ({})",
                outcome.message()
            ),
        ));
    }
    if !outcome.ok() {
        return Err(outcome.response());
    }
    let triples = RdfParser::from_format(ntriples)
        .for_slice(&outcome.body)
        .map(|q| q.map(Triple::from))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            text(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot read the query's triples: {e}"),
            )
        })?;
    Ok((labels, triples))
}

/// The results formats a client accepts, in its order of preference (JSON when it does not
/// say).
fn results_format(accept: &str) -> Option<QueryResultsFormat> {
    preferred(accept, |media| match media {
        "*/*" | "application/*" => Some(QueryResultsFormat::Json),
        "application/json" => Some(QueryResultsFormat::Json),
        "application/xml" | "text/xml" => Some(QueryResultsFormat::Xml),
        other => QueryResultsFormat::from_media_type(other),
    })
    .or_else(|| accept.trim().is_empty().then_some(QueryResultsFormat::Json))
}

/// The RDF format a client accepts for triples (Turtle when it does not say).
pub(super) fn graph_format(accept: &str) -> Option<RdfFormat> {
    preferred(accept, |media| match media {
        "*/*" | "text/*" => Some(RdfFormat::Turtle),
        other => RdfFormat::from_media_type(other),
    })
    .or_else(|| accept.trim().is_empty().then_some(RdfFormat::Turtle))
}

/// The acceptable media type with the highest q value (the first of equals) that `known`
/// recognises.
fn preferred<T>(accept: &str, known: impl Fn(&str) -> Option<T>) -> Option<T> {
    let mut best: Option<(f32, T)> = None;
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let media = pieces
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let q = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        if let Some(format) = known(&media) {
            if best.as_ref().is_none_or(|(b, _)| q > *b) {
                best = Some((q, format));
            }
        }
    }
    best.map(|(_, f)| f)
}

/// The `format` parameter (json, xml, csv, tsv, turtle, ntriples, …), which overrides Accept:
/// links in a browser cannot set headers.
fn format_param(form: &[u8]) -> Option<(Option<QueryResultsFormat>, Option<RdfFormat>)> {
    let name = param(form, "format")?;
    let results = match name.as_str() {
        "json" => Some(QueryResultsFormat::Json),
        "xml" => Some(QueryResultsFormat::Xml),
        "csv" => Some(QueryResultsFormat::Csv),
        "tsv" => Some(QueryResultsFormat::Tsv),
        _ => None,
    };
    Some((results, crate::export::rdf_format(&name)))
}

/// `/query`: the SPARQL 1.1 Protocol's query operation.
pub(super) fn query(state: &State, request: &mut Request<Body>) -> Response<Body> {
    let url = url_query(request);
    let (sparql, form) = match *request.method() {
        Method::GET | Method::HEAD => match param(&url, "query") {
            Some(q) => (q, url),
            None => return text(StatusCode::BAD_REQUEST, "no query parameter"),
        },
        Method::POST => {
            let media = content_type(request);
            let body = match read_body(request, state.config.max_body) {
                Ok(b) => b,
                Err(response) => return *response,
            };
            match media.as_str() {
                "application/sparql-query" => match String::from_utf8(body) {
                    Ok(q) => (q, url),
                    Err(_) => return text(StatusCode::BAD_REQUEST, "the query is not UTF-8"),
                },
                "application/x-www-form-urlencoded" => match param(&body, "query") {
                    Some(q) => (q, body),
                    None => return text(StatusCode::BAD_REQUEST, "no query parameter"),
                },
                _ => {
                    return text(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "send application/sparql-query or application/x-www-form-urlencoded",
                    )
                }
            }
        }
        _ => return text(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST"),
    };
    let dataset = match Dataset::from_params(&form) {
        Ok(d) => d,
        Err(response) => return *response,
    };
    let accept = header(request, ACCEPT).to_string();
    let (results_format, graph_format) = match format_param(&form) {
        Some(formats) => formats,
        None => (results_format(&accept), graph_format(&accept)),
    };
    // The small mistakes that make a query answer nothing, said in `govkg-warning` headers
    // (percent-encoded UTF-8), which the page shows above the results.
    let source = QuerySource {
        label: "query".into(),
        text: sparql.clone(),
    };
    let warnings = query::warnings(&state.store(), &source);
    let mut response = answer(state, sparql, dataset, results_format, graph_format);
    for warning in warnings {
        let encoded: String = form_urlencoded::byte_serialize(warning.as_bytes()).collect();
        if let Ok(value) = HeaderValue::from_str(&encoded) {
            response.headers_mut().append("govkg-warning", value);
        }
    }
    response
}

/// A serialized answer: its bytes, its media type, and the row cap if rows were left out.
type Written = (Vec<u8>, &'static str, Option<usize>);

fn answer(
    state: &State,
    query: String,
    dataset: Dataset,
    results_format: Option<QueryResultsFormat>,
    graph_format: Option<RdfFormat>,
) -> Response<Body> {
    let job = Job {
        query,
        default_graphs: dataset
            .default
            .iter()
            .map(|n| n.as_str().to_string())
            .collect(),
        named_graphs: dataset
            .named
            .iter()
            .map(|n| n.as_str().to_string())
            .collect(),
        results: results_format.map(|f| f.media_type().to_string()),
        graph: graph_format.map(|f| f.media_type().to_string()),
        max_rows: state.config.max_rows,
    };
    run(state, job).response()
}

/// Serializes at most `max` rows or triples of `results`.
fn write(
    results: QueryResults<'_>,
    results_format: Option<QueryResultsFormat>,
    graph_format: Option<RdfFormat>,
    max: usize,
    token: &CancellationToken,
) -> Result<Written, Failure> {
    let mut out = Vec::new();
    let mut truncated = None;
    let io = |e: std::io::Error| Failure::Query(e.into());
    match results {
        QueryResults::Solutions(solutions) => {
            let format = results_format.ok_or(Failure::Query(QueryError::Format {
                format: "the one asked for".into(),
                what: "SELECT results",
                suggest: "Accept: application/sparql-results+json, application/sparql-results+xml, text/csv or text/tab-separated-values",
            }))?;
            let mut serializer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                .map_err(io)?;
            for (i, solution) in solutions.enumerate() {
                let solution = solution.map_err(|e| failure(token, e))?;
                if i == max {
                    truncated = Some(max);
                    break;
                }
                serializer.serialize(&solution).map_err(io)?;
            }
            serializer.finish().map_err(io)?;
            Ok((out, format.media_type(), truncated))
        }
        QueryResults::Boolean(value) => {
            let format = results_format.ok_or(Failure::Query(QueryError::Format {
                format: "the one asked for".into(),
                what: "an ASK result",
                suggest:
                    "Accept: application/sparql-results+json or application/sparql-results+xml",
            }))?;
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut out, value)
                .map_err(io)?;
            Ok((out, format.media_type(), None))
        }
        QueryResults::Graph(triples) => {
            let format = graph_format.ok_or(Failure::Query(QueryError::Format {
                format: "the one asked for".into(),
                what: "CONSTRUCT or DESCRIBE results",
                suggest: "Accept: text/turtle, application/n-triples or another RDF format",
            }))?;
            let mut serializer = crate::export::serializer(format).for_writer(&mut out);
            for (i, triple) in triples.enumerate() {
                let triple = triple.map_err(|e| failure(token, e))?;
                if i == max {
                    truncated = Some(max);
                    break;
                }
                serializer.serialize_triple(&triple).map_err(io)?;
            }
            serializer.finish().map_err(io)?;
            Ok((out, format.media_type(), truncated))
        }
    }
}

/// `/update`: SPARQL Update, for a writable server and a writer with the token.
pub(super) fn update(state: &State, request: &mut Request<Body>) -> Response<Body> {
    if *request.method() != Method::POST {
        return text(StatusCode::METHOD_NOT_ALLOWED, "send updates with POST");
    }
    if let Err(response) = authorize(state, request) {
        return *response;
    }
    let media = content_type(request);
    let body = match read_body(request, state.config.max_body) {
        Ok(b) => b,
        Err(response) => return *response,
    };
    let sparql = match media.as_str() {
        "application/sparql-update" => match String::from_utf8(body) {
            Ok(u) => u,
            Err(_) => return text(StatusCode::BAD_REQUEST, "the update is not UTF-8"),
        },
        "application/x-www-form-urlencoded" => match param(&body, "update") {
            Some(u) => u,
            None => return text(StatusCode::BAD_REQUEST, "no update parameter"),
        },
        _ => {
            return text(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send application/sparql-update or application/x-www-form-urlencoded",
            )
        }
    };
    match run_update(state, &sparql) {
        Ok(changed) => text(
            StatusCode::OK,
            format!("updated: {changed} graph(s) changed"),
        ),
        Err(response) => response,
    }
}

/// Applies an update: evaluated on a copy of the store in memory, then the graphs it changed
/// are replaced in the store at once (so the store's own rules of writing hold: one writer,
/// all or nothing).
fn run_update(state: &State, sparql: &str) -> Result<usize, Response<Body>> {
    let parser = query::parser("update")
        .map_err(|e| text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    query::check_complexity("update", sparql)
        .map_err(|e| text(StatusCode::BAD_REQUEST, e.to_string()))?;
    let parsed = parser.parse_update(sparql).map_err(|e| {
        text(
            StatusCode::BAD_REQUEST,
            format!(
                "update: SPARQL syntax error: {}",
                query::syntax_message(&e.to_string(), sparql)
            ),
        )
    })?;
    if parsed
        .operations
        .iter()
        .any(|op| matches!(op, GraphUpdateOperation::Load { .. }))
    {
        return Err(text(
            StatusCode::FORBIDDEN,
            "LOAD is refused: the server makes no outbound request (PUT the data to /store instead)",
        ));
    }
    let limit = state.config.query_timeout;
    let server_error =
        |e: &dyn std::fmt::Display| text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());

    let mut guard = writer(state).map_err(|r| *r)?;
    let store: &mut crate::store::GraphStore = &mut guard;
    let before: Vec<Quad> = store
        .store()
        .iter()
        .collect::<Result<_, _>>()
        .map_err(|e| server_error(&e))?;
    let copy = Store::new().map_err(|e| server_error(&e))?;
    let mut loader = copy.bulk_loader();
    loader
        .load_quads(before.iter().cloned())
        .map_err(|e| server_error(&e))?;
    loader.commit().map_err(|e| server_error(&e))?;
    if copy.len().map_err(|e| server_error(&e))? != before.len() {
        return Err(text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the copy of the store to update is incomplete; nothing was written",
        ));
    }
    let copy = limited(limit, move |token| {
        SparqlEvaluator::new()
            .without_default_http_service_handler()
            .with_cancellation_token(token.clone())
            .for_update(parsed)
            .on_store(&copy)
            .execute()
            .map_err(|e| {
                if token.is_cancelled() {
                    Failure::TimedOut
                } else {
                    Failure::Query(QueryError::Syntax {
                        origin: "update".into(),
                        message: e.to_string(),
                    })
                }
            })?;
        Ok(copy)
    })
    .map_err(|f| match f {
        Failure::Query(QueryError::Syntax { message, .. }) => {
            text(StatusCode::BAD_REQUEST, format!("update failed: {message}"))
        }
        f => f.response(limit),
    })?;
    let after: Vec<Quad> = copy
        .iter()
        .collect::<Result<_, _>>()
        .map_err(|e| server_error(&e))?;
    let (old, new) = (by_graph(before), by_graph(after));
    if old.get(&GraphName::DefaultGraph) != new.get(&GraphName::DefaultGraph) {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "the update writes into the default graph: govkg keeps every triple in a named graph (write inside GRAPH <…> { … })",
        ));
    }
    let empty = HashSet::new();
    let mut changed = Vec::new();
    for name in old.keys().chain(new.keys()).collect::<HashSet<_>>() {
        let GraphName::NamedNode(graph) = name else {
            continue;
        };
        let (a, b) = (
            old.get(name).unwrap_or(&empty),
            new.get(name).unwrap_or(&empty),
        );
        if a != b {
            changed.push((graph.clone(), b.iter().cloned().collect::<Vec<_>>()));
        }
    }
    let count = changed.len();
    if count > 0 {
        store
            .replace_graphs(changed)
            .map_err(|e| server_error(&e))?;
        publish(state, store);
    }
    Ok(count)
}

fn by_graph(quads: Vec<Quad>) -> HashMap<GraphName, HashSet<Quad>> {
    let mut out: HashMap<GraphName, HashSet<Quad>> = HashMap::new();
    for q in quads {
        out.entry(q.graph_name.clone()).or_default().insert(q);
    }
    out
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
            (
                "application/sparql-results+xml;q=0.5, text/csv",
                Some(QueryResultsFormat::Csv),
            ),
            (
                "text/csv;q=0, application/json",
                Some(QueryResultsFormat::Json),
            ),
            ("image/png", None),
        ];
        for (accept, expected) in cases {
            assert_eq!(results_format(accept), expected, "{accept}");
        }
        assert_eq!(
            graph_format("application/n-triples"),
            Some(RdfFormat::NTriples)
        );
        assert_eq!(
            graph_format("application/sparql-results+json, application/n-triples;q=0.9"),
            Some(RdfFormat::NTriples)
        );
    }

    #[test]
    fn work_past_the_limit_is_cancelled_and_answered_at_once() {
        let quick = limited(Duration::from_secs(5), |_| Ok(1));
        assert!(matches!(quick, Ok(1)));
        let (seen, saw) = mpsc::channel();
        let started = std::time::Instant::now();
        let slow = limited(Duration::from_millis(100), move |token| {
            // Work that checks its token only now and then.
            while !token.is_cancelled() {
                std::thread::sleep(Duration::from_millis(300));
            }
            let _ = seen.send(());
            Ok(())
        });
        assert!(matches!(slow, Err(Failure::TimedOut)));
        assert!(started.elapsed() < Duration::from_millis(250));
        // The work was told to stop, and did.
        saw.recv_timeout(Duration::from_secs(2)).unwrap();
    }
}
