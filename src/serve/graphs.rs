//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store`, with graphs named indirectly
//! (`?graph=IRI`, `?default`): GET and HEAD read a graph (Turtle unless the client asks for
//! another format; the whole store as N-Quads or TriG when no graph is named); PUT replaces a
//! graph, POST adds to it and DELETE empties it, on a writable server for a writer with the
//! token. What `govkg push` sends is what this accepts.

use super::{authorize, content, content_type, header, param, publish, read_body, text};
use super::{url_query, writer, State};
use oxhttp::model::header::ACCEPT;
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, Quad};
use oxigraph::store::Store;

/// Longest parser message sent back, in characters: a message quotes the bad token, which may be
/// the whole body.
const MAX_MESSAGE_CHARS: usize = 300;

/// Which graph a request names.
enum Target {
    Default,
    Named(NamedNode),
    Everything,
}

fn target(form: &[u8]) -> Result<Target, Box<Response<Body>>> {
    if let Some(iri) = param(form, "graph") {
        return NamedNode::new(iri.clone()).map(Target::Named).map_err(|e| {
            Box::new(text(
                StatusCode::BAD_REQUEST,
                format!("graph {iri:?} is not an IRI: {e}"),
            ))
        });
    }
    if form_urlencoded::parse(form).any(|(k, _)| k == "default") {
        return Ok(Target::Default);
    }
    Ok(Target::Everything)
}

pub(super) fn handle(state: &State, request: &mut Request<Body>) -> Response<Body> {
    let target = match target(&url_query(request)) {
        Ok(t) => t,
        Err(response) => return *response,
    };
    let method = request.method().clone();
    match method {
        Method::GET | Method::HEAD => read(state, request, &target),
        Method::PUT | Method::POST | Method::DELETE => {
            if let Err(response) = authorize(state, request) {
                return *response;
            }
            let graph = match target {
                Target::Named(g) => g,
                Target::Default => {
                    return text(
                        StatusCode::BAD_REQUEST,
                        "govkg keeps every triple in a named graph: name one with ?graph=IRI",
                    )
                }
                Target::Everything => {
                    return text(StatusCode::BAD_REQUEST, "name the graph with ?graph=IRI")
                }
            };
            write(state, request, &method, graph)
        }
        _ => text(
            StatusCode::METHOD_NOT_ALLOWED,
            "use GET or HEAD, or PUT, POST or DELETE on a writable server",
        ),
    }
}

fn graph_quads(store: &Store, graph: GraphNameRef<'_>) -> Result<Vec<Quad>, Response<Body>> {
    store
        .quads_for_pattern(None, None, None, Some(graph))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

fn read(state: &State, request: &Request<Body>, target: &Target) -> Response<Body> {
    let store = state.store();
    let accept = header(request, ACCEPT).to_string();
    let (quads, format) = match target {
        Target::Everything => {
            let format = match preferred_dataset_format(&accept) {
                Some(f) => f,
                None => {
                    return text(
                        StatusCode::NOT_ACCEPTABLE,
                        "the whole store has named graphs: ask for application/n-quads or application/trig, or name a graph with ?graph=IRI",
                    )
                }
            };
            // The named graphs; the default graph is their union.
            match crate::store::named_graph_quads(&store).collect::<Result<Vec<_>, _>>() {
                Ok(q) => (q, format),
                Err(e) => return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            }
        }
        Target::Default | Target::Named(_) => {
            let name = match target {
                Target::Named(g) => GraphNameRef::NamedNode(g.as_ref()),
                _ => GraphNameRef::DefaultGraph,
            };
            let Some(format) = super::sparql::graph_format(&accept) else {
                return text(
                    StatusCode::NOT_ACCEPTABLE,
                    "ask for text/turtle, application/n-triples, application/n-quads or another RDF format",
                );
            };
            let quads = match graph_quads(&store, name) {
                Ok(q) => q,
                Err(response) => return response,
            };
            if quads.is_empty() {
                if let Target::Named(g) = target {
                    return text(
                        StatusCode::NOT_FOUND,
                        format!("no graph <{}> in the store", g.as_str()),
                    );
                }
            }
            (quads, format)
        }
    };
    let mut out = Vec::new();
    let mut serializer = crate::export::serializer(format).for_writer(&mut out);
    for quad in &quads {
        let written = if format.supports_datasets() {
            serializer.serialize_quad(quad)
        } else {
            serializer.serialize_triple(quad.as_ref())
        };
        if let Err(e) = written {
            return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        }
    }
    if let Err(e) = serializer.finish() {
        return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    content(&super::with_charset(format.media_type()), out)
}

/// N-Quads or TriG, as the client prefers (N-Quads when it does not say).
fn preferred_dataset_format(accept: &str) -> Option<RdfFormat> {
    if accept.trim().is_empty() || accept.contains("*/*") {
        return Some(RdfFormat::NQuads);
    }
    super::sparql::graph_format(accept).filter(|f| f.supports_datasets())
}

fn write(
    state: &State,
    request: &mut Request<Body>,
    method: &Method,
    graph: NamedNode,
) -> Response<Body> {
    let mut incoming = Vec::new();
    if *method != Method::DELETE {
        let media = content_type(request);
        let Some(format) = RdfFormat::from_media_type(&media) else {
            return text(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("cannot read {media:?}: send text/turtle, application/n-triples, application/rdf+xml or another RDF format"),
            );
        };
        let body = match read_body(request, state.config.max_upload) {
            Ok(b) => b,
            Err(response) => return *response,
        };
        for quad in RdfParser::from_format(format)
            .with_default_graph(graph.clone())
            .for_slice(&body)
        {
            match quad {
                // Every triple goes into the graph named, whatever graph a dataset format gave.
                Ok(q) => incoming.push(Quad::new(q.subject, q.predicate, q.object, graph.clone())),
                Err(e) => {
                    let mut message = e.to_string();
                    if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
                        message.truncate(cut);
                        message.push('…');
                    }
                    return text(
                        StatusCode::BAD_REQUEST,
                        format!("the {} body is not valid: {message}", format.name()),
                    );
                }
            }
        }
    }
    let mut guard = match writer(state) {
        Ok(w) => w,
        Err(response) => return *response,
    };
    let store: &mut crate::store::GraphStore = &mut guard;
    let existing = match graph_quads(store.store(), GraphNameRef::NamedNode(graph.as_ref())) {
        Ok(q) => q,
        Err(response) => return response,
    };
    let existed = !existing.is_empty();
    let content = match *method {
        Method::DELETE if !existed => {
            return text(
                StatusCode::NOT_FOUND,
                format!("no graph <{}> in the store", graph.as_str()),
            )
        }
        Method::DELETE => Vec::new(),
        Method::POST => {
            let mut seen = std::collections::HashSet::new();
            existing
                .into_iter()
                .chain(incoming)
                .filter(|q| seen.insert(q.clone()))
                .collect()
        }
        _ => incoming,
    };
    let triples = content.len();
    if let Err(e) = store.replace_graphs(vec![(graph.clone(), content)]) {
        return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    publish(state, store);
    if existed || *method == Method::DELETE {
        text(StatusCode::NO_CONTENT, "")
    } else {
        text(
            StatusCode::CREATED,
            format!("created <{}> with {triples} triples", graph.as_str()),
        )
    }
}
