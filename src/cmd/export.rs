//! `govkg export`: the store as RDF, or pictures of it — the policy graph (all of it, a
//! filtered part, or a CONSTRUCT query's triples) as DOT, as SVG/PNG/PDF drawn by GraphViz, as
//! GraphML or node-link JSON; the region × initiative matrix (CSV or SVG); the timeline (SVG).

use crate::cli::{ExportArgs, ExportFormat};
use anyhow::{bail, Context};
use govkg::export::dot::{to_dot, DotOptions};
use govkg::export::graphviz;
use govkg::export::matrix::Matrix;
use govkg::export::raster;
use govkg::export::timeline::Timeline;
use govkg::export::{
    self, graphml, nodelink, ExportError, Facts, Image, Lang, Layout, NodeKind, PolicyGraph,
    Selection,
};
use govkg::query;
use govkg::store::GraphStore;
use std::path::Path;
use std::time::Duration;

const FORMATS: &str =
    "turtle, ntriples, nquads, trig, rdfxml, jsonld, dot, svg, png, pdf, graphml, json or csv";

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let format = format(&args)?;
    let store = GraphStore::open_read_only(&args.store.path())?;
    if let Some(rdf) = rdf_format(format) {
        let drawing = args.view != "graph"
            || args.query.is_some()
            || !args.region.is_empty()
            || !args.kind.is_empty()
            || args.year.is_some()
            || !args.initiative.is_empty()
            || args.layout.is_some();
        if drawing {
            bail!("--format {} writes the whole store as RDF; the filters, --query, --view and --layout are for drawings (for RDF of a part of the graph, run a CONSTRUCT query with `govkg query`)", rdf.name().to_ascii_lowercase());
        }
        super::write_output(args.output.as_deref(), |out| {
            let mut out = out;
            export::write_rdf(store.store(), rdf, &mut out)?;
            Ok(())
        })?;
        wrote(&args, format, None);
        return Ok(());
    }

    let lang: Lang = args.lang.parse()?;
    let selection = Selection {
        regions: args.region.clone(),
        kinds: args
            .kind
            .iter()
            .map(|k| k.parse::<NodeKind>())
            .collect::<Result<_, _>>()?,
        years: args.year.as_deref().map(str::parse).transpose()?,
        initiatives: args.initiative.clone(),
    };
    match args.view.as_str() {
        "matrix" => matrix(&args, store.store(), format, &selection, lang)?,
        "timeline" => timeline(&args, store.store(), format, &selection, lang)?,
        _ => return graph(&args, store.store(), format, &selection, lang),
    }
    wrote(&args, format, None);
    Ok(())
}

/// --format, else the --output extension, else the view's own format.
fn format(args: &ExportArgs) -> anyhow::Result<ExportFormat> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    let extension = args
        .output
        .as_deref()
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let from_extension = match extension.as_deref() {
        Some("ttl") => Some(ExportFormat::Turtle),
        Some("nt") => Some(ExportFormat::Ntriples),
        Some("nq") => Some(ExportFormat::Nquads),
        Some("trig") => Some(ExportFormat::Trig),
        Some("rdf" | "owl") => Some(ExportFormat::Rdfxml),
        Some("jsonld") => Some(ExportFormat::Jsonld),
        Some("dot" | "gv") => Some(ExportFormat::Dot),
        Some("svg") => Some(ExportFormat::Svg),
        Some("png") => Some(ExportFormat::Png),
        Some("pdf") => Some(ExportFormat::Pdf),
        Some("graphml") => Some(ExportFormat::Graphml),
        Some("json") => Some(ExportFormat::Json),
        Some("csv") => Some(ExportFormat::Csv),
        _ => None,
    };
    match (from_extension, args.view.as_str()) {
        (Some(f), _) => Ok(f),
        (None, "matrix") => Ok(ExportFormat::Csv),
        (None, "timeline") => Ok(ExportFormat::Svg),
        (None, _) => bail!("choose an output format with --format ({FORMATS})"),
    }
}

fn rdf_format(format: ExportFormat) -> Option<oxigraph::io::RdfFormat> {
    let name = match format {
        ExportFormat::Turtle => "turtle",
        ExportFormat::Ntriples => "ntriples",
        ExportFormat::Nquads => "nquads",
        ExportFormat::Trig => "trig",
        ExportFormat::Rdfxml => "rdfxml",
        ExportFormat::Jsonld => "jsonld",
        _ => return None,
    };
    export::rdf_format(name)
}

fn title(lang: Lang, base: (&str, &str), details: &str) -> String {
    let base = lang.pick(base.0, base.1);
    if details.is_empty() {
        base.to_string()
    } else {
        format!("{base} · {details}")
    }
}

/// Says on standard error what an export wrote: where, in which format, how much.
fn wrote(args: &ExportArgs, format: ExportFormat, drawn: Option<(usize, usize)>) {
    let format = format!("{format:?}").to_ascii_lowercase();
    let what = match drawn {
        Some((nodes, edges)) => format!("{format}, {nodes} nodes, {edges} edges"),
        None => format,
    };
    match &args.output {
        Some(path) => {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            eprintln!("wrote {} ({what}, {size} bytes)", path.display());
        }
        None => eprintln!("wrote to standard output ({what})"),
    }
}

fn graph(
    args: &ExportArgs,
    store: &oxigraph::store::Store,
    format: ExportFormat,
    selection: &Selection,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut drawn = (0, 0);
    draw_graph(args, store, format, selection, lang, &mut drawn)?;
    wrote(args, format, Some(drawn));
    Ok(())
}

fn draw_graph(
    args: &ExportArgs,
    store: &oxigraph::store::Store,
    format: ExportFormat,
    selection: &Selection,
    lang: Lang,
    drawn: &mut (usize, usize),
) -> anyhow::Result<()> {
    let base = (
        "govkg · 数字政府政策图谱",
        "govkg · digital-government policy graph",
    );
    let (graph, title) = match &args.query {
        Some(q) => {
            let source = query::resolve(q)?;
            let graph = PolicyGraph::from_query(store, &source, lang)?;
            // The question a query answers is its first comment line, else its name.
            let details = match query::description(&source.text) {
                "" if source.label == "query text" => String::new(),
                "" => source.label.clone(),
                question => question.to_string(),
            };
            (graph, title(lang, base, &details))
        }
        None => {
            let facts = Facts::load(store)?;
            let scope = selection.resolve(&facts, &default_kinds(selection))?;
            let graph = PolicyGraph::from_facts(&scope, lang);
            (graph, title(lang, base, &selection.describe(&facts, lang)))
        }
    };
    if graph.node_count() == 0 {
        bail!("{}", nothing_to_draw(args, selection));
    }
    let layout = match &args.layout {
        Some(l) => l.parse::<Layout>()?,
        None => Layout::for_size(graph.node_count(), graph.top_clusters()),
    };
    let options = DotOptions {
        title: title.clone(),
        layout,
        legend: !args.no_legend,
    };
    *drawn = (graph.node_count(), graph.edge_count());
    let image = match format {
        ExportFormat::Svg => Image::Svg,
        ExportFormat::Png => Image::Png,
        ExportFormat::Pdf => Image::Pdf,
        ExportFormat::Dot => {
            let dot = to_dot(&graph, &options);
            return super::write_output(args.output.as_deref(), |out| {
                out.write_all(dot.as_bytes())
                    .context("cannot write the diagram")
            });
        }
        ExportFormat::Graphml => {
            return super::write_output(args.output.as_deref(), |out| {
                let mut out = out;
                graphml::write_graphml(&graph, &mut out).context("cannot write the GraphML")
            });
        }
        ExportFormat::Json => {
            return super::write_output(args.output.as_deref(), |out| {
                let mut out = out;
                nodelink::write_json(&graph, &title, &mut out).context("cannot write the JSON")
            });
        }
        ExportFormat::Csv => {
            bail!("csv is the table of the matrix view: add --view matrix, or choose --format dot, svg, png, pdf, graphml or json")
        }
        _ => bail!("choose an output format with --format ({FORMATS})"),
    };
    let dot = to_dot(&graph, &options);
    let rendered = match graphviz::render(
        &dot,
        layout,
        image,
        Duration::from_secs(args.timeout),
        (graph.node_count(), graph.edge_count()),
    ) {
        Ok(r) => r,
        Err(e @ ExportError::GraphvizMissing) => bail!(
            "{e}. Or write the drawing without GraphViz: --format dot (render it elsewhere with `dot -Tsvg`), graphml or json"
        ),
        Err(e @ ExportError::GraphvizTimeout { .. }) => bail!(
            "{e}. Draw less with --region, --kind, --year or --initiative, try --layout sfdp, or write --format dot or graphml and lay it out elsewhere"
        ),
        Err(e) => return Err(e.into()),
    };
    if !rendered.warnings.is_empty() {
        eprintln!("warning: GraphViz: {}", rendered.warnings);
    }
    super::write_output(args.output.as_deref(), |out| {
        out.write_all(&rendered.bytes)
            .context("cannot write the drawing")
    })
}

/// Kinds shown when none is asked for: everything; with --initiative, the initiatives; with
/// --year, what has a deadline (targets and goals).
fn default_kinds(selection: &Selection) -> Vec<NodeKind> {
    let mut kinds = Vec::new();
    if !selection.initiatives.is_empty() {
        kinds.push(NodeKind::Initiative);
    }
    if selection.years.is_some() {
        kinds.extend([NodeKind::Target, NodeKind::Goal]);
    }
    if kinds.is_empty() {
        kinds = vec![
            NodeKind::Platform,
            NodeKind::Initiative,
            NodeKind::Target,
            NodeKind::Goal,
        ];
    }
    kinds
}

fn nothing_to_draw(args: &ExportArgs, selection: &Selection) -> String {
    if args.query.is_some() {
        "nothing to draw: the query returned no triples".to_string()
    } else if selection.is_everything() {
        "nothing to draw: the store holds no facts yet (build documents into it with `govkg build`)"
            .to_string()
    } else {
        "nothing to draw: no fact matches these filters".to_string()
    }
}

fn matrix(
    args: &ExportArgs,
    store: &oxigraph::store::Store,
    format: ExportFormat,
    selection: &Selection,
    lang: Lang,
) -> anyhow::Result<()> {
    if args.query.is_some() || !args.kind.is_empty() || args.year.is_some() {
        bail!("--view matrix shows regions and initiatives: --region and --initiative apply to it, --query, --kind and --year do not");
    }
    let facts = Facts::load(store)?;
    let scope = selection.resolve(&facts, &[NodeKind::Initiative])?;
    let m = Matrix::from_scope(&scope, lang);
    if m.is_empty() {
        bail!("{}", nothing_to_draw(args, selection));
    }
    let base = ("govkg · 地区 × 举措", "govkg · regions × initiatives");
    let title = title(lang, base, &selection.describe(&facts, lang));
    super::write_output(args.output.as_deref(), |out| match format {
        ExportFormat::Csv => {
            let mut out = out;
            Ok(m.write_csv(&mut out)?)
        }
        ExportFormat::Svg | ExportFormat::Png | ExportFormat::Pdf => {
            let mut svg = Vec::new();
            m.write_svg(&title, lang, &mut svg)
                .context("cannot write the matrix")?;
            Ok(out.write_all(&raster::convert(&svg, image(format))?)?)
        }
        _ => bail!("--view matrix writes --format csv, svg, png or pdf"),
    })
}

/// The drawing format of an image export format.
fn image(format: ExportFormat) -> Image {
    match format {
        ExportFormat::Png => Image::Png,
        ExportFormat::Pdf => Image::Pdf,
        _ => Image::Svg,
    }
}

fn timeline(
    args: &ExportArgs,
    store: &oxigraph::store::Store,
    format: ExportFormat,
    selection: &Selection,
    lang: Lang,
) -> anyhow::Result<()> {
    if !matches!(
        format,
        ExportFormat::Svg | ExportFormat::Png | ExportFormat::Pdf
    ) {
        bail!("--view timeline writes --format svg, png or pdf");
    }
    if args.query.is_some() {
        bail!("--view timeline draws the store's targets and goals; --query is for the graph view");
    }
    let facts = Facts::load(store)?;
    let scope = selection.resolve(&facts, &[NodeKind::Target])?;
    let t = Timeline::from_scope(&scope, lang);
    if t.is_empty() {
        bail!("{}", nothing_to_draw(args, selection));
    }
    let base = ("govkg · 指标时间线", "govkg · targets by deadline year");
    let title = title(lang, base, &selection.describe(&facts, lang));
    super::write_output(args.output.as_deref(), |out| {
        let mut svg = Vec::new();
        t.write_svg(&title, lang, &mut svg)
            .context("cannot write the timeline")?;
        Ok(out.write_all(&raster::convert(&svg, image(format))?)?)
    })
}
