//! Command-line types (clap). They stay in the binary; subcommands convert them into library
//! calls.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// govkg — Chinese digital-government policy text as an RDF knowledge graph.
#[derive(Debug, Parser)]
#[command(name = "govkg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read documents, extract their facts and store them (with no FILE, the bundled corpus).
    Build(BuildArgs),
    /// Run a SPARQL query: a .rq file, the name of a shipped query (see --list), or SPARQL text.
    #[command(disable_help_flag = true)]
    Query(QueryArgs),
    /// Write the store as RDF, or as a GraphViz diagram (--format dot).
    Export(ExportArgs),
    /// Count the facts per class and per region.
    Stats(StatsArgs),
    /// Score extraction against gold annotations (the format of the project's evaluation set).
    Eval(EvalArgs),
    /// Import open data: a table (CSV, TSV or a spreadsheet) linked to regions, or RDF, each into
    /// a graph of its own.
    Import(ImportArgs),
    /// Serve the store over HTTP: the SPARQL 1.1 Protocol, the Graph Store Protocol and a web
    /// page (read-only unless --writable).
    Serve(ServeArgs),
    /// Send each graph to another triple store with the SPARQL 1.1 Graph Store Protocol.
    Push(PushArgs),
    /// Remove documents from the store, all at once (an unknown one removes nothing).
    Remove(RemoveArgs),
    /// Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 if it does not conform.
    Validate(ValidateArgs),
    /// Evaluate queries for `govkg serve` (its worker processes; not for use by hand).
    #[command(hide = true)]
    ServeWorker(ServeWorkerArgs),
    /// Recover a store whose marker (govkg-store.json) or pointer (current) was lost, from its
    /// intact generations; nothing is deleted.
    Repair(RepairArgs),
}

#[derive(Debug, Args)]
pub struct RulesArg {
    /// Extraction rules to use instead of the shipped ontology/rules.toml (the same format),
    /// to try a rule change without recompiling; their examples are checked first.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StoreArg {
    /// Store directory [default: $GOVKG_STORE, else $XDG_DATA_HOME/govkg/store, else
    /// ~/.local/share/govkg/store].
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Character encoding of the inputs (utf-8, gb18030, gbk, big5, …) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Do not check what the build writes against the SHACL shapes (`govkg validate` does it
    /// later); for large builds, where the check takes about a third of the time.
    #[arg(long)]
    pub no_validate: bool,
    #[command(flatten)]
    pub rules: RulesArg,
    /// A manifest (CSV or JSON: file, id, title, url, region, date, genre, number, period)
    /// whose rows override what govkg reads from the documents; manifest.csv or manifest.json
    /// beside the inputs is read too.
    #[arg(long, value_name = "FILE")]
    pub manifest: Vec<PathBuf>,
    /// Make the store's documents from these folders what the folders hold now: documents
    /// built before from a file in them that this build does not make (the file was deleted or
    /// moved) are removed, in the same write.
    #[arg(long, requires = "inputs")]
    pub sync: bool,
    /// Documents (text, web pages, PDF, .docx, OFD; told by their content), or directories of
    /// them (.txt, .html, .htm, .pdf, .docx, .ofd). A document is keyed by its path below the
    /// directory given (its file name when the file is given itself), or by its manifest id.
    #[arg(value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Documents to remove: each by its key (its path below the folder it was built from, as
    /// `govkg query documents` lists it), the path of the file it was built from, or a file
    /// name only one document has.
    #[arg(value_name = "DOC", required = true)]
    pub documents: Vec<String>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Output format [default: from --output's extension; else table on a terminal, csv
    /// otherwise; turtle for CONSTRUCT]. xlsx is an Excel workbook.
    #[arg(long, short, value_name = "FORMAT", value_parser = [
        "table", "xlsx", "csv", "tsv", "json", "xml", "turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld",
    ])]
    pub format: Option<String>,
    /// Write the answers to this file instead of standard output (answers.xlsx, answers.csv,
    /// …: the extension gives the format unless --format does); written whole or not at all.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// List the named queries, the question each answers and the parameters each takes.
    #[arg(long, conflicts_with = "query")]
    pub list: bool,
    /// A .rq file, a named query (see --list), or SPARQL text.
    #[arg(value_name = "QUERY", required_unless_present_any = ["list", "help", "suggest"])]
    pub query: Option<String>,
    /// Give a named query's parameter a value (repeat for more): --param region=广东 (any form:
    /// 广东省, 粤, Guangdong, 440000, a city), --param year=2030. `govkg query NAME --help`
    /// lists a query's parameters.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// List the values a parameter of this kind may take in the store (region, initiative,
    /// platform, year).
    #[arg(long, value_name = "KIND", conflicts_with = "query")]
    pub suggest: Option<String>,
    /// Keep each row of a table on one line (long cells cut) instead of fitting the table to
    /// the terminal's width ($COLUMNS) with long cells wrapped.
    #[arg(long)]
    pub wide: bool,
    /// Print help; with a named query, its question and parameters.
    #[arg(long, short = 'h')]
    pub help: bool,
    /// Stop the query after this many seconds (the process ends, freeing its CPU and memory,
    /// whatever the evaluator is doing) and exit 1 with a message.
    #[arg(long = "timeout", value_name = "SECONDS")]
    pub query_timeout: Option<f64>,
    /// Begin CSV or TSV output with a byte-order mark, so that Excel (Chinese Windows included)
    /// opens it as UTF-8.
    #[arg(long)]
    pub bom: bool,
    #[command(flatten)]
    pub services: ServiceArgs,
}

/// A `NAME=VALUE` parameter.
fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!(
            "expected NAME=VALUE (such as region=广东), not {text:?}"
        )),
    }
}

/// Which SPARQL endpoints SERVICE may call: none unless named here or in $GOVKG_ALLOW_SERVICE.
#[derive(Debug, Args)]
pub struct ServiceArgs {
    /// Let SERVICE call this endpoint (repeat for more; also $GOVKG_ALLOW_SERVICE, space- or
    /// comma-separated). Without it, no query makes an outbound request.
    #[arg(long = "allow-service", value_name = "URL")]
    pub allow: Vec<String>,
    /// Give up on a SERVICE call after this many seconds.
    #[arg(long = "service-timeout", value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
    /// GraphViz DOT, to render yourself.
    Dot,
    /// Drawn by GraphViz; the matrix and timeline views are written directly.
    Svg,
    /// Drawn by GraphViz.
    Png,
    /// Drawn by GraphViz.
    Pdf,
    /// For Gephi, yEd, Cytoscape, networkx.
    Graphml,
    /// Node-link JSON as D3 and networkx read it.
    Json,
    /// The matrix view as a table.
    Csv,
}

/// Draws the policy graph (regions, platforms, initiatives, targets, goals) as DOT, SVG, PNG,
/// PDF, GraphML or JSON, a region × initiative matrix, or a timeline of targets; or writes the
/// whole store as RDF.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Output format [default: from the --output extension; csv for --view matrix, svg for
    /// --view timeline].
    #[arg(long, short, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// What to draw: the node-link graph, the region × initiative matrix, or the targets by
    /// deadline year.
    #[arg(long, value_name = "VIEW", default_value = "graph", value_parser = ["graph", "matrix", "timeline"])]
    pub view: String,
    /// Draw the triples of a SPARQL CONSTRUCT query (a .rq file, a named query or text)
    /// instead of the store's facts.
    #[arg(long, short, value_name = "QUERY", conflicts_with_all = ["region", "kind", "year", "initiative"])]
    pub query: Option<String>,
    /// Only these regions (name, short name, English name or code), with the regions below
    /// them.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub region: Vec<String>,
    /// Only these kinds of fact [default: all in the graph, but with --initiative the
    /// initiative and with --year targets and goals; target in the timeline].
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = ["platform", "initiative", "target", "goal"])]
    pub kind: Vec<String>,
    /// Only targets and goals due in this year or range of years (2025, 2021-2025); platforms
    /// and initiatives have no year and are shown only when --kind asks for them.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
    /// Only the regions that adopt this initiative, and it (add --kind for more of them).
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub initiative: Vec<String>,
    /// Label language; names missing in it fall back to the other.
    #[arg(long, value_name = "LANG", default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
    /// GraphViz layout engine [default: dot up to 300 nodes, else sfdp].
    #[arg(long, value_name = "ENGINE", value_parser = ["dot", "neato", "fdp", "sfdp", "twopi", "circo", "osage", "patchwork"])]
    pub layout: Option<String>,
    /// Give up on a GraphViz layout after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Score the facts already built into this store, instead of building each document afresh
    /// in memory.
    #[arg(long, value_name = "DIR", conflicts_with = "rules")]
    pub store: Option<PathBuf>,
    /// Directory holding the documents [default: as each gold file's "doc" says, relative to it].
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
    /// List every missed and extra fact (an extra fact with the rule that read it).
    #[arg(long)]
    pub details: bool,
    #[command(flatten)]
    pub rules: RulesArg,
    /// Gold files (JSON).
    #[arg(value_name = "GOLD.json", required = true)]
    pub gold: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// How the table becomes RDF (CSVW-shaped JSON) [default: FILE-metadata.json beside a CSV
    /// if there is one, else columns as found].
    #[arg(long, value_name = "MAP.json")]
    pub mapping: Option<PathBuf>,
    /// Where rows whose region cannot be told are listed [default: FILE.review.csv beside it].
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// Fail, importing nothing, when any row names no region or several.
    #[arg(long)]
    pub strict: bool,
    /// Character encoding of a CSV or TSV table (utf-8, gb18030, gbk, big5, …) instead of
    /// detecting it (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// The sheet of a spreadsheet to import [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A table — CSV or TSV, or a spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods) — or an RDF
    /// file (.ttl, .nt, .nq, .trig, .rdf, .jsonld).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

#[derive(Debug, Args)]
pub struct RepairArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Address to listen on (loopback unless told otherwise).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Stop a query (or an update) that runs longer than this many seconds; the client gets
    /// 503 with a message.
    #[arg(long = "timeout", value_name = "SECONDS", default_value_t = 5.0)]
    pub query_timeout: f64,
    /// Answer at most this many rows (or triples) per query; the response's govkg-truncated
    /// header says when rows were left out.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_rows: usize,
    /// Refuse a request (query body, or URL) larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_request: usize,
    /// Refuse a graph sent to /store (PUT or POST) larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    pub max_upload: usize,
    /// Keep at most this many connections open at once; more are answered 503.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,
    /// Keep at most this many connections open at once from one client address.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_per_client: usize,
    /// Close a request whose head (request line and headers) has not arrived within this
    /// many seconds (answered 408); also how long an idle connection is kept.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub header_timeout: u64,
    /// Answer 408 to a request whose body has not arrived within this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub body_timeout: u64,
    /// Evaluate at most this many queries at once, each in a worker process of its own.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub query_workers: usize,
    /// Stop a query whose worker holds more than this many MiB of memory (answered 503).
    #[arg(long, value_name = "MIB", default_value_t = 1024)]
    pub max_query_memory: u64,
    /// Accept SPARQL Update at /update and PUT, POST, DELETE at /store, from clients that
    /// send the token.
    #[arg(long)]
    pub writable: bool,
    /// The token writers send (Authorization: Bearer TOKEN) [default: $GOVKG_TOKEN].
    #[arg(long, value_name = "TOKEN", requires = "writable")]
    pub token: Option<String>,
    /// The origin whose pages may read from this server in a browser (CORS), on the read
    /// routes only (queries, pages, GET on /store); `none` for no cross-origin reads.
    #[arg(long, value_name = "ORIGIN", default_value = "*")]
    pub cors_origin: String,
    #[command(flatten)]
    pub services: ServiceArgs,
}

#[derive(Debug, Args)]
pub struct ServeWorkerArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub services: ServiceArgs,
}

/// Sends the store's graphs to another triple store with the SPARQL 1.1 Graph Store Protocol.
#[derive(Debug, Args)]
pub struct PushArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// The Graph Store Protocol endpoint: each graph is PUT to URL?graph=IRI (oxigraph:
    /// http://host:7878/store, Fuseki: http://host:3030/DATASET/data, GraphDB:
    /// http://host:7200/repositories/REPO/rdf-graphs/service, govkg serve --writable:
    /// http://host:7878/store).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// User name for Basic authentication (with --password, or $GOVKG_PUSH_PASSWORD).
    #[arg(long, value_name = "NAME", conflicts_with = "token")]
    pub user: Option<String>,
    /// Password for Basic authentication [default: $GOVKG_PUSH_PASSWORD].
    #[arg(long, value_name = "PASSWORD", requires = "user")]
    pub password: Option<String>,
    /// Bearer token (Authorization: Bearer TOKEN) [default: $GOVKG_PUSH_TOKEN].
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Only this graph (repeat for more) [default: every named graph: the documents, the
    /// reference graphs and imported data].
    #[arg(long = "graph", value_name = "IRI")]
    pub graphs: Vec<String>,
    /// Give up on one graph's request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub timeout: u64,
    /// Start no graph after this many seconds from the start of the push; the graphs not
    /// sent are listed (pushing again sends everything).
    #[arg(long, value_name = "SECONDS", default_value_t = 3600)]
    pub deadline: u64,
}
