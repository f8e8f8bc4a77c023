//! Queries: SPARQL over the whole store (the default graph is the union of all graphs), the
//! named queries shipped in `queries/`, and the output formats — the W3C results formats, RDF
//! for CONSTRUCT/DESCRIBE, and a table for terminals.

mod lint;
pub mod params;
mod table;
mod xlsx;

pub use lint::warnings;
pub use table::write_table;

use crate::vocab;
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::Write;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/named_queries.rs"));

/// Why a query could not be run or printed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("{origin}: SPARQL syntax error: {message}")]
    Syntax { origin: String, message: String },
    #[error("{origin}: the query is too deeply nested or too long to evaluate safely: {found} {what}, more than the limit of {limit}")]
    TooComplex {
        origin: String,
        what: &'static str,
        found: usize,
        limit: usize,
    },
    #[error("parameter {param}: {problem}")]
    BadParam { param: String, problem: String },
    #[error("unknown query name {name:?}; named queries: {known}")]
    UnknownName { name: String, known: String },
    #[error("{path}: cannot read the query: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("SERVICE <{url}> is not allowed: govkg makes no request to another endpoint unless told to (pass --allow-service {url}, or set GOVKG_ALLOW_SERVICE); allowed now: {allowed}")]
    ServiceRefused { url: String, allowed: String },
    #[error("SERVICE with a variable endpoint ({variable}) is not allowed: name the endpoint")]
    ServiceVariable { variable: String },
    #[error("query failed: {0}")]
    Evaluation(#[from] QueryEvaluationError),
    #[error("cannot read the store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("format {format} cannot print {what}; use {suggest}")]
    Format {
        format: String,
        what: &'static str,
        suggest: &'static str,
    },
    #[error("cannot write the results: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
}

/// A query ready to run: where it came from and its text.
#[derive(Debug, Clone)]
pub struct QuerySource {
    /// The file path, the query's name, or "query text".
    pub label: String,
    pub text: String,
}

/// Deepest nesting of brackets a query may have: the parser and the evaluator recurse once per
/// level, and 4,000 levels overflow the stack (which no thread survives).
pub const MAX_NESTING: usize = 256;
/// Most operators (`+ - * / ! = < > & |`) and UNIONs a query may hold: each is a level of the
/// expression or pattern tree too (`1+1+…` with 12,000 terms overflowed the stack).
pub const MAX_OPERATORS: usize = 2_000;

/// Refuses, before it is parsed, a query (or update) whose nesting or chains of operators could
/// overflow the stack. Strings, IRIs and comments are skipped.
pub fn check_complexity(origin: &str, text: &str) -> Result<(), QueryError> {
    let too = |what, found, limit| QueryError::TooComplex {
        origin: origin.to_string(),
        what,
        found,
        limit,
    };
    let chars: Vec<char> = text.chars().collect();
    let (mut depth, mut deepest, mut operators) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' | '\'' => {
                // A string, short or long ("""…"""), escapes included.
                let long = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                i += if long { 3 } else { 1 };
                while i < chars.len() {
                    if chars[i] == '\\' {
                        i += 2;
                        continue;
                    }
                    if chars[i] == c
                        && (!long || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c)))
                    {
                        i += if long { 3 } else { 1 };
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '<' => {
                // An IRI has no spaces up to its '>'; anything else is an operator.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == '>' || d.is_whitespace() || d == '<')
                    .map(|p| i + 1 + p);
                if let Some(e) = end.filter(|&e| chars[e] == '>') {
                    i = e + 1;
                    continue;
                }
                operators += 1;
            }
            '(' | '{' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | '}' | ']' => depth = depth.saturating_sub(1),
            '+' | '-' | '*' | '/' | '!' | '=' | '>' | '&' | '|' | '^' => operators += 1,
            'U' | 'u' => {
                let word: String = chars[i..chars.len().min(i + 5)].iter().collect();
                if word.eq_ignore_ascii_case("union") {
                    operators += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if deepest > MAX_NESTING {
        return Err(too("levels of brackets", deepest, MAX_NESTING));
    }
    if operators > MAX_OPERATORS {
        return Err(too("operators and UNIONs", operators, MAX_OPERATORS));
    }
    Ok(())
}

/// The named query `name`, if shipped.
pub fn named(name: &str) -> Option<&'static str> {
    NAMED_QUERIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The question a named query answers, whole: its opening comment lines joined (the first line
/// alone may stop mid-sentence).
pub fn question(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .map_while(|l| l.strip_prefix('#'))
        .map(str::trim)
        .filter(|l| !l.starts_with("param "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The question a named query answers: its first comment line (a title).
pub fn description(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.trim().strip_prefix('#'))
        .map(str::trim)
        .unwrap_or("")
}

/// Resolves a QUERY argument: an existing file, the name of a shipped query, or SPARQL text.
pub fn resolve(arg: &str) -> Result<QuerySource, QueryError> {
    let path = Path::new(arg);
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|error| QueryError::Read {
            path: arg.to_string(),
            error,
        })?;
        return Ok(QuerySource {
            label: arg.to_string(),
            text,
        });
    }
    if let Some(text) = named(arg) {
        return Ok(QuerySource {
            label: format!("query {arg}"),
            text: text.to_string(),
        });
    }
    if arg.ends_with(".rq") || arg.ends_with(".sparql") {
        return Err(QueryError::Read {
            path: arg.to_string(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let looks_like_name = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if looks_like_name {
        return Err(QueryError::UnknownName {
            name: arg.to_string(),
            known: NAMED_QUERIES
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(QuerySource {
        label: "query text".to_string(),
        text: arg.to_string(),
    })
}

/// Which SPARQL endpoints a query may call with SERVICE, and for how long. By default none:
/// a query makes no outbound request.
#[derive(Debug, Clone)]
pub struct ServicePolicy {
    /// Endpoint URLs allowed, exactly as the query names them.
    pub allowed: Vec<String>,
    /// How long a call to an endpoint may take.
    pub timeout: std::time::Duration,
}

impl Default for ServicePolicy {
    fn default() -> Self {
        Self {
            allowed: Vec::new(),
            timeout: std::time::Duration::from_secs(10),
        }
    }
}

/// The endpoints a query calls with SERVICE (IRIs, or `?variables`).
pub fn service_endpoints(query: &QuerySource) -> Result<Vec<String>, QueryError> {
    let parsed = algebra(query)?;
    // The algebra in SSE form names each call "(service [silent] <iri>|?var ...".
    let sse = parsed.to_sse();
    let mut out = Vec::new();
    let mut rest = sse.as_str();
    while let Some(i) = rest.find("(service ") {
        rest = &rest[i + "(service ".len()..];
        let target = rest.strip_prefix("silent ").unwrap_or(rest);
        let end = target.find([' ', ')']).unwrap_or(target.len());
        let name = &target[..end];
        out.push(
            name.trim_start_matches('<')
                .trim_end_matches('>')
                .to_string(),
        );
    }
    Ok(out)
}

/// A SPARQL parser that knows the predeclared prefixes.
pub fn parser(origin: &str) -> Result<spargebra::SparqlParser, QueryError> {
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, iri) in vocab::PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .map_err(|e| QueryError::Syntax {
                origin: origin.to_string(),
                message: e.to_string(),
            })?;
    }
    Ok(parser)
}

/// The query's algebra (spargebra's), parsed with the predeclared prefixes.
pub fn algebra(query: &QuerySource) -> Result<spargebra::Query, QueryError> {
    parser(&query.label)?
        .parse_query(&query.text)
        .map_err(|e| QueryError::Syntax {
            origin: query.label.clone(),
            message: syntax_message(&e.to_string(), &query.text),
        })
}

/// Runs a query; its default graph is the store's, the union of all graphs. SERVICE calls are
/// refused.
pub fn run<'a>(store: &'a Store, query: &QuerySource) -> Result<QueryResults<'a>, QueryError> {
    run_with(store, query, &ServicePolicy::default())
}

/// Runs a query on the union of all graphs, calling only the endpoints `policy` allows.
pub fn run_with<'a>(
    store: &'a Store,
    query: &QuerySource,
    policy: &ServicePolicy,
) -> Result<QueryResults<'a>, QueryError> {
    let prepared = evaluator(query, policy)?
        .parse_query(&query.text)
        .map_err(|e| QueryError::Syntax {
            origin: query.label.clone(),
            message: syntax_message(&e.to_string(), &query.text),
        })?;
    Ok(prepared.on_store(store).execute()?)
}

/// The evaluator for `query`: the predeclared prefixes, and SERVICE calls only to the
/// endpoints `policy` allows (a query calling another is refused here, before any request).
/// Callers add what they need (a cancellation token) and parse the query with it.
pub fn evaluator(
    query: &QuerySource,
    policy: &ServicePolicy,
) -> Result<SparqlEvaluator, QueryError> {
    check_complexity(&query.label, &query.text)?;
    let endpoints = if query.text.to_ascii_lowercase().contains("service") {
        service_endpoints(query)?
    } else {
        Vec::new()
    };
    for endpoint in &endpoints {
        if endpoint.starts_with('?') || endpoint.starts_with('$') {
            return Err(QueryError::ServiceVariable {
                variable: endpoint.clone(),
            });
        }
        if !policy.allowed.iter().any(|a| a == endpoint) {
            return Err(QueryError::ServiceRefused {
                url: endpoint.clone(),
                allowed: if policy.allowed.is_empty() {
                    "none".to_string()
                } else {
                    policy.allowed.join(", ")
                },
            });
        }
    }
    let mut evaluator = if endpoints.is_empty() {
        SparqlEvaluator::new().without_default_http_service_handler()
    } else {
        SparqlEvaluator::new().with_http_timeout(policy.timeout)
    };
    for (prefix, iri) in vocab::PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *iri)
            .map_err(|e| QueryError::Syntax {
                origin: query.label.clone(),
                message: e.to_string(),
            })?;
    }
    Ok(evaluator)
}

/// The parser's message in plain words: where (line:column, and the line with a caret under
/// the place), and what was expected — said as a person would, instead of the parser's list of
/// tokens and character ranges.
pub fn syntax_message(message: &str, text: &str) -> String {
    let (at, rest) = match message
        .strip_prefix("error at ")
        .and_then(|m| m.split_once(": "))
    {
        Some((at, rest)) => (at.to_string(), rest.to_string()),
        None => return message.to_string(),
    };
    let (line, column) = at
        .split_once(':')
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)))
        .unwrap_or((1, 1));
    let before: String = text
        .lines()
        .take(line.saturating_sub(1))
        .map(|l| format!("{l}\n"))
        .collect();
    let offset = before.chars().count() + column.saturating_sub(1);
    let at_end = text.chars().skip(offset).all(char::is_whitespace);
    let expected: Vec<&str> = rest
        .strip_prefix("expected one of ")
        .map(|list| {
            list.split(", ")
                .filter_map(|t| t.strip_prefix('"').and_then(|t| t.strip_suffix('"')))
                .collect()
        })
        .unwrap_or_default();
    let term_expected = ["?", "<", "$"].iter().any(|t| expected.contains(t));
    let digits_only = rest.contains("['0'..='9']") && !term_expected;
    let said = if message.contains("Prefix not found") {
        let known: Vec<&str> = vocab::PREFIXES.iter().map(|(p, _)| *p).collect();
        format!(
            "unknown prefix (declare it with PREFIX; predeclared: {})",
            known.join(", ")
        )
    } else if rest.starts_with("expected ")
        && !rest.starts_with("expected one of")
        && rest != "expected CONSTRUCT"
    {
        format!("{rest} here")
    } else if rest.contains("STR,") || rest.contains("ABS,") {
        "expected an expression here: a ?variable, a number, a \"literal\" or a function such as STR(…)".to_string()
    } else if digits_only {
        "expected a number here".to_string()
    } else if at_end && (expected.contains(&"}") || rest.contains("\"}\"")) {
        "the query ends before a `{` is closed: add the missing `}`".to_string()
    } else if at_end {
        "the query ends too early: it stops in the middle of a clause".to_string()
    } else if rest == "expected CONSTRUCT" || rest.starts_with("expected one of \"ASK\"") {
        "a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE (after its PREFIX lines)"
            .to_string()
    } else if term_expected && expected.contains(&"}") {
        "expected a term to complete the triple here (a ?variable, an <IRI>, a prefix:name or a \"literal\"), or `}`".to_string()
    } else if term_expected {
        "expected a term here: a ?variable, an <IRI>, a prefix:name or a \"literal\"".to_string()
    } else if expected.contains(&".") && expected.contains(&"}") {
        "expected the end of a pattern here: `.` before the next triple, `;` or `,` to go on with the same subject, or `}`".to_string()
    } else if let Some(word) = rest.strip_prefix("expected ") {
        if expected.is_empty() {
            format!("expected {word} here")
        } else {
            format!("expected one of {} here", expected.join(" "))
        }
    } else {
        rest.clone()
    };
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let caret_at: String = source_line.chars().take(column.saturating_sub(1)).collect();
    let pad = " ".repeat(unicode_width::UnicodeWidthStr::width(caret_at.as_str()));
    format!("at {at}: {said}\n  {source_line}\n  {pad}^")
}

/// Output formats of `govkg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    /// An Excel workbook (binary).
    Xlsx,
    Results(QueryResultsFormat),
    Rdf(RdfFormat),
}

impl OutputFormat {
    /// Parses a format name (table, xlsx, csv, tsv, json, xml, turtle, ntriples, nquads, trig,
    /// rdfxml, jsonld).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "table" => Self::Table,
            "xlsx" => Self::Xlsx,
            "csv" => Self::Results(QueryResultsFormat::Csv),
            "tsv" => Self::Results(QueryResultsFormat::Tsv),
            "json" => Self::Results(QueryResultsFormat::Json),
            "xml" => Self::Results(QueryResultsFormat::Xml),
            other => Self::Rdf(crate::export::rdf_format(other)?),
        })
    }
}

/// Prints results. `format` None picks the table for solutions on a terminal (`terminal`),
/// CSV otherwise, and Turtle for graphs.
pub fn write_results(
    results: QueryResults<'_>,
    format: Option<OutputFormat>,
    terminal: bool,
    table_width: Option<usize>,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    match results {
        QueryResults::Solutions(solutions) => {
            let format = format.unwrap_or(if terminal {
                OutputFormat::Table
            } else {
                OutputFormat::Results(QueryResultsFormat::Csv)
            });
            match format {
                OutputFormat::Table => write_table(solutions, table_width, out),
                OutputFormat::Xlsx => Ok(out.write_all(&xlsx::workbook(solutions)?)?),
                OutputFormat::Results(f) => {
                    let mut serializer = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut *out, solutions.variables().to_vec())?;
                    for solution in solutions {
                        serializer.serialize(&solution?)?;
                    }
                    serializer.finish()?;
                    Ok(())
                }
                OutputFormat::Rdf(f) => Err(QueryError::Format {
                    format: f.name().to_string(),
                    what: "SELECT results",
                    suggest: "--format table, csv, tsv, json or xml",
                }),
            }
        }
        QueryResults::Boolean(value) => match format.unwrap_or(OutputFormat::Table) {
            OutputFormat::Table => Ok(writeln!(out, "{value}")?),
            OutputFormat::Xlsx => Err(QueryError::Format {
                format: "xlsx".to_string(),
                what: "an ASK result",
                suggest: "--format table, csv, tsv, json or xml",
            }),
            OutputFormat::Results(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *out, value)?;
                Ok(())
            }
            OutputFormat::Rdf(f) => Err(QueryError::Format {
                format: f.name().to_string(),
                what: "an ASK result",
                suggest: "--format table, csv, tsv, json or xml",
            }),
        },
        QueryResults::Graph(triples) => {
            let format = match format {
                None => RdfFormat::Turtle,
                Some(OutputFormat::Rdf(f)) => f,
                Some(_) => {
                    return Err(QueryError::Format {
                        format: "a results format".to_string(),
                        what: "CONSTRUCT or DESCRIBE results",
                        suggest: "--format turtle, ntriples, nquads, trig, rdfxml or jsonld",
                    })
                }
            };
            let mut serializer = crate::export::serializer(format).for_writer(&mut *out);
            for triple in triples {
                serializer.serialize_triple(&triple?)?;
            }
            serializer.finish()?;
            Ok(())
        }
    }
}

/// A term as people read it: a literal's text, an IRI shortened with the known prefixes.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => compact_iri(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// `https://w3id.org/govkg/ontology#Target` → `gk:Target`.
pub fn compact_iri(iri: &str) -> String {
    vocab::PREFIXES
        .iter()
        .find_map(|(p, ns)| {
            iri.strip_prefix(ns)
                .filter(|local| !local.contains('/'))
                .map(|local| format!("{p}:{local}"))
        })
        .unwrap_or_else(|| format!("<{iri}>"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn syntax_errors_are_said_in_plain_words_with_a_caret() {
        let cases = [
            ("SELECT ?x WHERE { ?x gk:region }", "expected a term"),
            (
                "SELECT ?x WHERE { ?x a gk:Target } ORDER ?x",
                "expected BY here",
            ),
            (
                "SELEC ?x WHERE { ?x a gk:Target }",
                "a query begins with SELECT",
            ),
            ("SELECT ?x WHERE { ?x a gk:Target ", "add the missing `}`"),
            (
                "SELECT ?x WHERE { ?x a gk:Target } LIMIT x",
                "expected a number",
            ),
            (
                "SELECT ?x WHERE { ?x a gk:T . FILTER(?x = ) }",
                "expected an expression",
            ),
            ("SELECT ?x WHERE { ?x a foo:Target }", "unknown prefix"),
        ];
        for (text, says) in cases {
            let error = parser("q").unwrap().parse_query(text).unwrap_err();
            let message = syntax_message(&error.to_string(), text);
            assert!(message.contains(says), "{text}: {message}");
            // No parser token lists, no character ranges.
            assert!(!message.contains("..="), "{text}: {message}");
            assert!(message.lines().last().unwrap().trim() == "^", "{message}");
        }
    }

    use super::*;

    fn source(text: &str) -> QuerySource {
        QuerySource {
            label: "test".into(),
            text: text.into(),
        }
    }

    #[test]
    fn service_endpoints_are_found_in_the_algebra() {
        let q = source(
            "SELECT * WHERE { ?s ?p ?o SERVICE <http://127.0.0.1:1/sparql> { ?s ?q ?r } OPTIONAL { SERVICE SILENT <http://example.org/q> { ?o ?p ?x } } }",
        );
        assert_eq!(
            service_endpoints(&q).unwrap(),
            ["http://127.0.0.1:1/sparql", "http://example.org/q"]
        );
        assert_eq!(
            service_endpoints(&source("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }")).unwrap(),
            ["?e"]
        );
        assert!(
            service_endpoints(&source("SELECT * WHERE { ?s ?p \"SERVICE\" }"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_service_not_allowed_is_refused_before_any_request() {
        let store = Store::new().unwrap();
        let q = source("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }");
        match run(&store, &q) {
            Err(QueryError::ServiceRefused { url, allowed }) => {
                assert_eq!(
                    (url.as_str(), allowed.as_str()),
                    ("http://127.0.0.1:9/sparql", "none")
                )
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a SERVICE call was allowed"),
        }
        let variable = source("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }");
        assert!(matches!(
            run(&store, &variable),
            Err(QueryError::ServiceVariable { .. })
        ));
    }
}
