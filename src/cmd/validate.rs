//! `govkg validate`: the store checked against the SHACL shapes, each violation printed with
//! its focus node and the quote it came from; exit status 1 when the store does not conform.

use crate::cli::ValidateArgs;
use govkg::query::{compact_iri, display_term};
use govkg::store::GraphStore;
use govkg::validate::{self, Report, Violation};
use oxigraph::model::vocab::xsd;
use oxigraph::model::Term;
use std::io::Write;

/// Longest quote printed, in characters.
const QUOTE_CHARS: usize = 120;

pub fn run(args: ValidateArgs) -> anyhow::Result<()> {
    let path = args.store.path();
    let store = GraphStore::open_read_only(&path)?;
    let report = validate::validate(&store)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for v in &report.violations {
        writeln!(out, "{}", focus(v))?;
        writeln!(out, "  {}", problem(v))?;
        if let Some(quote) = &v.quote {
            writeln!(out, "  quote: {}", quoted(quote))?;
        }
    }
    if !report.violations.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(&report))?;
    out.flush()?;
    if !report.conforms {
        anyhow::bail!(
            "the store at {} does not conform to ontology/shapes.ttl: {}",
            path.display(),
            count(report.violations.len())
        );
    }
    Ok(())
}

/// The whole violation on one line, for the warnings of a build.
pub fn one_line(v: &Violation) -> String {
    let mut line = format!("{} {}", focus(v), problem(v));
    if let Some(quote) = &v.quote {
        line.push(' ');
        line.push_str(&quoted(quote));
    }
    line
}

/// `N violations (T triples in G graphs checked in S s)`, or that the store conforms.
pub fn summary(report: &Report) -> String {
    let checked = format!(
        "{} triples in {} graphs checked in {:.2} s",
        report.triples,
        report.graphs,
        report.elapsed.as_secs_f64()
    );
    if report.conforms {
        format!("conforms to ontology/shapes.ttl ({checked})")
    } else {
        format!("{} ({checked})", count(report.violations.len()))
    }
}

fn count(n: usize) -> String {
    format!("{n} violation{}", if n == 1 { "" } else { "s" })
}

/// The focus node: a full IRI in angle brackets unless a known prefix shortens it.
fn focus(v: &Violation) -> String {
    display_term(&v.focus)
}

/// What is wrong: `gk:value: missing — a target has exactly one gk:value [gksh:Target-value]`.
fn problem(v: &Violation) -> String {
    let mut s = String::new();
    if let Some(path) = &v.path {
        s.push_str(path);
        s.push_str(": ");
    }
    s.push_str(&finding(v));
    if let Some(value) = &v.value {
        s.push_str(&format!(" ({})", show(value)));
    }
    if v.message != v.detail {
        s.push_str(" — ");
        s.push_str(&v.message);
    }
    match &v.shape {
        Some(shape) => s.push_str(&format!(" [{}]", validate::shape_name(shape.as_ref()))),
        None => s.push_str(&format!(" [sh:{}]", v.component)),
    }
    s
}

/// The broken constraint in a few words.
fn finding(v: &Violation) -> String {
    match v.component.trim_end_matches("ConstraintComponent") {
        "MinCount" => "missing",
        "MaxCount" => "too many values",
        "Datatype" => "wrong datatype",
        "Class" => "not of the required class",
        "In" => "not one of the allowed values",
        "Pattern" => "does not match the pattern",
        "MinLength" => "too short",
        "MaxLength" => "too long",
        "NodeKind" => "wrong kind of node",
        "Node" => "does not conform",
        "MinInclusive" | "MinExclusive" => "too small",
        "MaxInclusive" | "MaxExclusive" => "too large",
        _ => v.detail.as_str(),
    }
    .to_string()
}

/// A term as people read it: prefixed IRIs, literals quoted with a shortened datatype.
fn show(term: &Term) -> String {
    match term {
        Term::Literal(l) => {
            let mut s = format!("{:?}", l.value());
            if let Some(lang) = l.language() {
                s.push('@');
                s.push_str(lang);
            } else if l.datatype() != xsd::STRING {
                s.push_str("^^");
                s.push_str(&compact_iri(l.datatype().as_str()));
            }
            s
        }
        other => display_term(other),
    }
}

/// A quote in “…”, on one line and cut at [`QUOTE_CHARS`]; `(empty)` when there is none.
fn quoted(quote: &str) -> String {
    if quote.trim().is_empty() {
        return "(empty)".to_string();
    }
    let one_line: String = quote
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > QUOTE_CHARS {
        let cut: String = one_line.chars().take(QUOTE_CHARS).collect();
        format!("“{cut}…”")
    } else {
        format!("“{one_line}”")
    }
}
