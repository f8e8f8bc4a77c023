//! Mapping to RDF: an [`Extraction`] becomes the quads of its document's named graph, and the
//! reference data (regions, ontology, gazetteer) becomes quads of graphs of their own.
//!
//! Instance IRIs are stable keys, never counters: regions by GB/T 2260 code, platforms and
//! initiatives by canonical name, documents by their key (their path below the folder they
//! were built from, their file name when built on their own, or a manifest id), facts by their
//! document and their position in it. Building the same document twice gives the same quads.

pub mod vocabulary;

use crate::extract::{DocumentModel, Extraction, Genre, Span};
use crate::read::Document;
use crate::reference::{EntryKind, RegionLevel, Regions, GAZETTEER_TTL};
use crate::vocab::{self, dcterms, gk, graph, prov, skos};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The ontology as shipped.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/govkg.ttl");
/// The SHACL shapes as shipped: what a well-formed graph is.
pub const SHAPES_TTL: &str = include_str!("../../ontology/shapes.ttl");

/// Why reference data could not be turned into RDF (a broken shipped file).
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RdfError {
    pub file: &'static str,
    pub message: String,
}

/// Characters of a name that cannot stand in an IRI path segment as they are.
fn escape_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_control()
            || c.is_whitespace()
            || matches!(
                c,
                '<' | '>'
                    | '"'
                    | '{'
                    | '}'
                    | '|'
                    | '\\'
                    | '^'
                    | '`'
                    | '#'
                    | '?'
                    | '%'
                    | '/'
                    | '['
                    | ']'
            )
        {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn id(kind: &str, key: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{kind}/{}", vocab::ID, escape_segment(key)))
}

/// IRI of a region.
pub fn region_iri(code: &str) -> NamedNode {
    id("region", code)
}

/// IRI of a platform or initiative with this canonical name.
pub fn entity_iri(kind: EntryKind, name: &str) -> String {
    let kind = match kind {
        EntryKind::Platform => "platform",
        EntryKind::Initiative => "initiative",
    };
    id(kind, name).into_string()
}

/// IRI of a document, which is also the name of its graph, from its key
/// ([`Document::key`]): a file built on its own, or at the top of the folder built, keeps the
/// IRI of its file name; `2025/plan.txt` is `…/id/document/2025%2Fplan.txt`.
pub fn document_iri(key: &str) -> NamedNode {
    id("document", key)
}

fn fact_iri(kind: &str, document: &str, span: Span) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}{kind}/{}/{}-{}",
        vocab::ID,
        escape_segment(document),
        span.start,
        span.end
    ))
}

/// Collects the quads of one graph, each once, in the order first added.
struct Quads {
    graph: GraphName,
    quads: Vec<Quad>,
    seen: HashSet<Quad>,
}

impl Quads {
    fn new(graph: NamedNodeRef<'_>) -> Self {
        Self {
            graph: graph.into_owned().into(),
            quads: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let quad = Quad::new(s, p.into_owned(), o, self.graph.clone());
        if self.seen.insert(quad.clone()) {
            self.quads.push(quad);
        }
    }
}

fn zh(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "zh")
}

fn en(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "en")
}

fn int(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

fn year(y: i32) -> Literal {
    Literal::new_typed_literal(format!("{y:04}"), xsd::G_YEAR)
}

/// Characters of context kept on each side of a quote in its passage.
const PASSAGE_CONTEXT: usize = 50;

/// The sentence around `start..end` (code points of `text`), cut to [`PASSAGE_CONTEXT`]
/// characters on each side (marked …), with the quote between 【 and 】.
pub fn passage(text: &[char], start: usize, end: usize) -> String {
    let end = end.min(text.len());
    let start = start.min(end);
    let ends_sentence = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n');
    let mut from = start;
    while from > 0 && !ends_sentence(text[from - 1]) && start - from < PASSAGE_CONTEXT {
        from -= 1;
    }
    let mut to = end;
    while to < text.len() && !ends_sentence(text[to]) && to - end < PASSAGE_CONTEXT {
        to += 1;
    }
    if to < text.len() && ends_sentence(text[to]) && text[to] != '\n' {
        to += 1; // the sentence's own full stop
    }
    let cut_before = from > 0 && !ends_sentence(text[from - 1]);
    let cut_after = to < text.len() && !ends_sentence(text[to - 1]);
    let piece = |a: usize, b: usize| -> String {
        text[a..b]
            .iter()
            .map(|&c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    format!(
        "{}{}【{}】{}{}",
        if cut_before { "…" } else { "" },
        piece(from, start).trim_start(),
        piece(start, end),
        piece(end, to).trim_end(),
        if cut_after { "…" } else { "" }
    )
}

/// Byte offsets of every [`CharIndex::STEP`]th code point of a text: the byte offset of any
/// code point after a walk of fewer than `STEP` characters, in a sixty-fourth of the memory of
/// a table of every offset (the folded view, [`NormText`](crate::read::NormText), keeps two).
struct CharIndex<'a> {
    text: &'a str,
    marks: Vec<usize>,
    /// Number of code points.
    len: usize,
}

impl<'a> CharIndex<'a> {
    const STEP: usize = 64;

    fn new(text: &'a str) -> Self {
        let mut marks = Vec::with_capacity(text.len() / Self::STEP + 1);
        let mut len = 0;
        for (i, _) in text.char_indices() {
            if len % Self::STEP == 0 {
                marks.push(i);
            }
            len += 1;
        }
        Self { text, marks, len }
    }

    /// Byte offset of code point `at` (the end of the text past the last).
    fn byte(&self, at: usize) -> usize {
        if at >= self.len {
            return self.text.len();
        }
        let from = self.marks[at / Self::STEP];
        self.text[from..]
            .char_indices()
            .nth(at % Self::STEP)
            .map_or(self.text.len(), |(i, _)| from + i)
    }

    /// The text between two code-point offsets (as
    /// [`NormText::original`](crate::read::NormText::original) cuts it).
    fn slice(&self, start: usize, end: usize) -> &'a str {
        let end = end.max(start).min(self.len);
        let start = start.min(end);
        &self.text[self.byte(start)..self.byte(end)]
    }

    /// [`passage`] of `start..end`, read from the characters around it only.
    fn passage(&self, start: usize, end: usize) -> String {
        let end = end.min(self.len);
        let start = start.min(end);
        // The passage looks at most PASSAGE_CONTEXT + 1 characters beyond the quote on each
        // side; one more keeps what it sees of the window's edges that of the text's.
        let from = start.saturating_sub(PASSAGE_CONTEXT + 2);
        let to = (end + PASSAGE_CONTEXT + 2).min(self.len);
        let window: Vec<char> = self.slice(from, to).chars().collect();
        passage(&window, start - from, end - from)
    }
}

/// What a fact of an [`Extraction`] is, in the order a mention's facts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum FactKind {
    Region,
    Name,
    Target,
    Goal,
}

/// The quads of one part of a document's graph. A fact's quads (its node, its mention) stay
/// together: every fact with the same span shares one mention, and is written in one group.
struct Part {
    graph: GraphName,
    quads: Vec<Quad>,
    /// Where the group being written starts in `quads`: a quad is written once per group.
    group: usize,
}

impl Part {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let quad = Quad::new(s, p.into_owned(), o, self.graph.clone());
        if !self.quads[self.group..].contains(&quad) {
            self.quads.push(quad);
        }
    }

    /// Adds `quad` unless `seen` has it (quads that facts of different spans share).
    fn add_once(&mut self, seen: &mut HashSet<Quad>, quad: Quad) {
        if !seen.contains(&quad) {
            seen.insert(quad.clone());
            self.quads.push(quad);
        }
    }

    fn start_group(&mut self) {
        self.group = self.quads.len();
    }
}

/// The quads of a document's graph: the document, its mentions and its facts.
pub fn document_quads(document: &Document, extraction: &Extraction) -> Vec<Quad> {
    let mut all = Vec::new();
    let _ = document_quads_in_parts(document, extraction, usize::MAX, |part, _| {
        all.extend(part);
        Ok::<(), std::convert::Infallible>(())
    });
    all
}

/// The quads of a document's graph in parts of about `part_quads` quads, handed to `write`
/// with whether the part is the last; each quad is in one part only. A fact is never split
/// between parts, so each part holds whole facts with their mentions (the document node, which
/// they link to, and the platforms and initiatives a document names are in the part where they
/// first occur). A document of any size takes the memory of a part, not of its whole graph.
/// Returns the number of quads.
pub fn document_quads_in_parts<E>(
    document: &Document,
    extraction: &Extraction,
    part_quads: usize,
    mut write: impl FnMut(Vec<Quad>, bool) -> Result<(), E>,
) -> Result<usize, E> {
    let doc = document_iri(&document.key);
    let text = CharIndex::new(&document.text);
    let mut q = Part {
        graph: doc.clone().into(),
        quads: Vec::new(),
        group: 0,
    };
    let mut written = 0;

    q.add(doc.clone(), rdf::TYPE, gk::DOCUMENT.into_owned());
    q.add(
        doc.clone(),
        gk::FILE_NAME,
        Literal::from(document.name.as_str()),
    );
    q.add(
        doc.clone(),
        gk::DOCUMENT_KEY,
        Literal::from(document.key.as_str()),
    );
    if let Some(source) = &document.source {
        q.add(
            doc.clone(),
            gk::SOURCE_FILE,
            Literal::from(source.to_string_lossy().as_ref()),
        );
    }
    q.add(doc.clone(), gk::ENCODING, Literal::from(document.encoding));
    q.add(
        doc.clone(),
        gk::SOURCE_FORMAT,
        Literal::from(document.format.as_str()),
    );
    q.add(
        doc.clone(),
        gk::TEXT_FROM,
        Literal::from(document.how.as_str()),
    );
    if let Some(original) = &document.original {
        q.add(
            doc.clone(),
            gk::BYTE_SIZE,
            Literal::new_typed_literal(original.bytes.to_string(), xsd::INTEGER),
        );
        q.add(
            doc.clone(),
            gk::SHA256,
            Literal::from(original.sha256.as_str()),
        );
    }
    let meta = &document.meta;
    for (property, value) in [
        (gk::FILE_TITLE, &meta.title),
        (gk::FILE_DATE, &meta.date),
        (gk::SITE_NAME, &meta.site),
    ] {
        if let Some(value) = value {
            q.add(doc.clone(), property, Literal::from(value.as_str()));
        }
    }
    q.add(doc.clone(), gk::CHARACTERS, int(text.len));
    q.add(doc.clone(), gk::TEXT, Literal::from(document.text.as_str()));
    document_model(&mut q, &doc, &extraction.document);

    // Every fact by its span: the facts of one span share a mention and are written together.
    let mut facts: Vec<(Span, FactKind, usize)> = Vec::with_capacity(
        extraction.regions.len()
            + extraction.names.len()
            + extraction.targets.len()
            + extraction.goals.len(),
    );
    facts.extend(
        extraction
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.span, FactKind::Region, i)),
    );
    facts.extend(
        extraction
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.span, FactKind::Name, i)),
    );
    facts.extend(
        extraction
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.span, FactKind::Target, i)),
    );
    facts.extend(
        extraction
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| (g.span, FactKind::Goal, i)),
    );
    facts.sort_unstable();

    // Quads that facts of different spans share: a region's link to a platform it operates,
    // and what the document says of a platform or initiative the gazetteer does not know.
    let mut links = HashSet::new();
    let mut declared = BTreeSet::new();
    let (mut mentions, mut targets, mut goals) = (0, 0, 0);
    let mut rest = facts.as_slice();
    while let Some(&(span, _, _)) = rest.first() {
        let same = rest.partition_point(|f| f.0 == span);
        let (group, after) = rest.split_at(same);
        rest = after;
        q.start_group();
        mentions += 1;
        // A fact's mention carries its passage; a region's (thousands per document) does not.
        let m = fact_iri("mention", &document.key, span);
        q.add(m.clone(), rdf::TYPE, gk::MENTION.into_owned());
        q.add(m.clone(), gk::DOCUMENT_PROP, doc.clone());
        q.add(
            m.clone(),
            gk::QUOTE,
            Literal::from(text.slice(span.start, span.end)),
        );
        q.add(m.clone(), gk::START, int(span.start));
        q.add(m.clone(), gk::END, int(span.end));
        if group.iter().any(|f| f.1 != FactKind::Region) {
            q.add(
                m.clone(),
                gk::PASSAGE,
                Literal::from(text.passage(span.start, span.end)),
            );
        }
        if group.iter().any(|f| f.1 == FactKind::Target) {
            targets += 1;
        }
        if group.iter().any(|f| f.1 == FactKind::Goal) {
            goals += 1;
        }
        for &(_, kind, i) in group {
            match kind {
                FactKind::Region => {
                    let r = &extraction.regions[i];
                    q.add(
                        m.clone(),
                        gk::RULE,
                        Literal::from(crate::extract::rules::ids::REGION_NAME),
                    );
                    q.add(m.clone(), gk::REFERS_TO, region_iri(&r.code));
                }
                FactKind::Name => {
                    let n = &extraction.names[i];
                    let entity = NamedNode::new_unchecked(
                        n.known
                            .clone()
                            .unwrap_or_else(|| entity_iri(n.kind, &n.name)),
                    );
                    let (class, link) = match n.kind {
                        EntryKind::Platform => (gk::PLATFORM, gk::OPERATES_PLATFORM),
                        EntryKind::Initiative => (gk::INITIATIVE, gk::ADOPTS_INITIATIVE),
                    };
                    let region = region_iri(&n.region);
                    q.add_once(
                        &mut links,
                        Quad::new(
                            region.clone(),
                            link.into_owned(),
                            entity.clone(),
                            q.graph.clone(),
                        ),
                    );
                    if n.known.is_none() && declared.insert(entity.clone()) {
                        q.add(entity.clone(), rdf::TYPE, class.into_owned());
                        q.add(entity.clone(), rdfs::LABEL, zh(&n.name));
                        q.add(entity.clone(), skos::PREF_LABEL, zh(&n.name));
                        q.add(entity.clone(), gk::DISCOVERED_BY, Literal::from(n.rule));
                    }
                    q.add(m.clone(), gk::RULE, Literal::from(n.rule));
                    q.add(m.clone(), gk::REFERS_TO, entity);
                    q.add(m.clone(), gk::REGION_PROP, region);
                }
                FactKind::Target => {
                    let t = &extraction.targets[i];
                    let node = fact_iri("target", &document.key, t.span);
                    let number = |d: &crate::extract::Decimal| {
                        if d.is_integer() {
                            Literal::new_typed_literal(d.to_string(), xsd::INTEGER)
                        } else {
                            Literal::new_typed_literal(d.to_string(), xsd::DECIMAL)
                        }
                    };
                    let value = number(&t.value);
                    if let Some(b) = &t.baseline {
                        q.add(node.clone(), gk::BASELINE, number(b));
                    }
                    q.add(node.clone(), rdf::TYPE, gk::TARGET.into_owned());
                    q.add(node.clone(), gk::REGION_PROP, region_iri(&t.region));
                    q.add(node.clone(), gk::METRIC, zh(&t.metric));
                    q.add(node.clone(), gk::VALUE, value);
                    q.add(node.clone(), gk::UNIT, Literal::from(t.unit.as_str()));
                    q.add(
                        node.clone(),
                        gk::COMPARATOR,
                        Literal::from(t.comparator.as_str()),
                    );
                    if let Some(y) = t.year {
                        q.add(node.clone(), gk::TARGET_YEAR, year(y));
                    }
                    q.add(node.clone(), gk::STATUS, Literal::from(t.status.as_str()));
                    q.add(node.clone(), gk::DOCUMENT_PROP, doc.clone());
                    q.add(m.clone(), gk::RULE, Literal::from(t.rule));
                    q.add(m.clone(), gk::REGION_PROP, region_iri(&t.region));
                    q.add(node, prov::WAS_DERIVED_FROM, m.clone());
                }
                FactKind::Goal => {
                    let g = &extraction.goals[i];
                    let node = fact_iri("goal", &document.key, g.span);
                    q.add(node.clone(), rdf::TYPE, gk::GOAL.into_owned());
                    q.add(node.clone(), gk::REGION_PROP, region_iri(&g.region));
                    q.add(node.clone(), gk::TARGET_YEAR, year(g.year));
                    q.add(node.clone(), gk::STATEMENT, zh(&g.statement));
                    q.add(
                        node.clone(),
                        gk::DIGITAL_GOVERNMENT,
                        Literal::from(g.digital_government),
                    );
                    q.add(node.clone(), gk::DOCUMENT_PROP, doc.clone());
                    q.add(m.clone(), gk::RULE, Literal::from(g.rule));
                    q.add(m.clone(), gk::REGION_PROP, region_iri(&g.region));
                    q.add(node, prov::WAS_DERIVED_FROM, m.clone());
                }
            }
        }
        if q.quads.len() >= part_quads {
            written += q.quads.len();
            write(std::mem::take(&mut q.quads), false)?;
            q.group = 0;
        }
    }

    // What the document holds, counted here once: counting it in the store costs a lookup per
    // mention, seconds on a large store.
    q.start_group();
    q.add(doc.clone(), gk::TARGET_COUNT, int(targets));
    q.add(doc.clone(), gk::GOAL_COUNT, int(goals));
    q.add(doc, gk::MENTION_COUNT, int(mentions));
    written += q.quads.len();
    write(q.quads, true)?;
    Ok(written)
}

/// The genre's concept in the ontology.
pub fn genre_iri(genre: Genre) -> NamedNodeRef<'static> {
    match genre {
        Genre::WorkReport => gk::GENRE_WORK_REPORT,
        Genre::Plan => gk::GENRE_PLAN,
        Genre::WorkPoints => gk::GENRE_WORK_POINTS,
        Genre::Notice => gk::GENRE_NOTICE,
        Genre::Interpretation => gk::GENRE_INTERPRETATION,
        Genre::News => gk::GENRE_NEWS,
        Genre::Summary => gk::GENRE_SUMMARY,
        Genre::Proposal => gk::GENRE_PROPOSAL,
        Genre::Article => gk::GENRE_ARTICLE,
    }
}

/// What the document model says of a document: title, genre, region, date, year, 文号, period.
fn document_model(q: &mut Part, doc: &NamedNode, m: &DocumentModel) {
    if let Some(t) = &m.title {
        q.add(doc.clone(), dcterms::TITLE, zh(t));
    }
    q.add(doc.clone(), dcterms::TYPE, genre_iri(m.genre).into_owned());
    if let Some(code) = &m.region {
        q.add(doc.clone(), gk::REGION_PROP, region_iri(code));
    }
    if let Some(d) = &m.date {
        let literal = if d.len() == 10 {
            Literal::new_typed_literal(d, xsd::DATE)
        } else {
            Literal::new_typed_literal(d, xsd::G_YEAR)
        };
        q.add(doc.clone(), dcterms::ISSUED, literal);
    }
    if let Some(y) = m.year {
        q.add(doc.clone(), gk::DOCUMENT_YEAR, year(y));
    }
    if let Some(y) = m.plan_year {
        q.add(doc.clone(), gk::PLAN_YEAR, year(y));
    }
    if let Some((a, b)) = m.period {
        q.add(doc.clone(), gk::PERIOD_START, year(a));
        q.add(doc.clone(), gk::PERIOD_END, year(b));
    }
    if let Some(n) = &m.number {
        q.add(doc.clone(), dcterms::IDENTIFIER, Literal::from(n.as_str()));
    }
    if let Some(url) = &m.url {
        q.add(doc.clone(), dcterms::SOURCE, Literal::from(url.as_str()));
    }
}

/// The reference graph: every region with its code, names, parent and links.
pub fn reference_quads(regions: &Regions) -> Vec<Quad> {
    let mut q = Quads::new(graph::REFERENCE);
    for r in regions.iter() {
        let node = region_iri(&r.code);
        q.add(node.clone(), rdf::TYPE, gk::REGION.into_owned());
        let class = match r.level {
            RegionLevel::Country => gk::COUNTRY,
            RegionLevel::Province => gk::PROVINCE,
            RegionLevel::Prefecture => gk::PREFECTURE,
            RegionLevel::County => gk::COUNTY,
        };
        q.add(node.clone(), rdf::TYPE, class.into_owned());
        q.add(node.clone(), gk::ADMIN_CODE, Literal::from(r.code.as_str()));
        q.add(node.clone(), rdfs::LABEL, zh(&r.name));
        if !r.name_en.is_empty() {
            q.add(node.clone(), rdfs::LABEL, en(&r.name_en));
        }
        q.add(node.clone(), skos::PREF_LABEL, zh(&r.name));
        for alt in [&r.short_name, &r.abbreviation] {
            if !alt.is_empty() {
                q.add(node.clone(), skos::ALT_LABEL, zh(alt));
            }
        }
        if !r.iso3166.is_empty() {
            q.add(node.clone(), gk::ISO3166, Literal::from(r.iso3166.as_str()));
        }
        if !r.wikidata.is_empty() {
            q.add(
                node.clone(),
                skos::EXACT_MATCH,
                NamedNode::new_unchecked(format!("http://www.wikidata.org/entity/{}", r.wikidata)),
            );
        }
        if let Some(parent) = &r.parent {
            q.add(node.clone(), gk::PART_OF, region_iri(parent));
        }
    }
    q.add(
        graph::REFERENCE.into_owned(),
        dcterms::SOURCE,
        Literal::from("data/provinces.csv (GB/T 2260 codes, ISO 3166-2, Wikidata)"),
    );
    q.quads
}

/// Parses shipped Turtle into quads of the named graph `graph`. Blank nodes (OWL lists and
/// axioms) become skolem IRIs numbered in the order they appear, so that loading the same file
/// twice gives the same quads.
fn turtle_quads(
    file: &'static str,
    ttl: &str,
    graph: NamedNodeRef<'_>,
) -> Result<Vec<Quad>, RdfError> {
    let mut skolem: HashMap<BlankNode, NamedNode> = HashMap::new();
    let mut skolemize = |b: BlankNode| -> NamedNode {
        let n = skolem.len();
        skolem
            .entry(b)
            .or_insert_with(|| {
                NamedNode::new_unchecked(format!("{}/.well-known/genid/{n}", graph.as_str()))
            })
            .clone()
    };
    let mut out = Vec::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(graph.into_owned())
        .for_slice(ttl.as_bytes())
    {
        let quad = quad.map_err(|e| RdfError {
            file,
            message: e.to_string(),
        })?;
        let subject: NamedOrBlankNode = match quad.subject {
            NamedOrBlankNode::BlankNode(b) => skolemize(b).into(),
            other => other,
        };
        let object: Term = match quad.object {
            Term::BlankNode(b) => skolemize(b).into(),
            other => other,
        };
        out.push(Quad::new(subject, quad.predicate, object, quad.graph_name));
    }
    Ok(out)
}

/// The ontology graph.
pub fn ontology_quads() -> Result<Vec<Quad>, RdfError> {
    turtle_quads("ontology/govkg.ttl", ONTOLOGY_TTL, graph::ONTOLOGY)
}

/// The shapes graph.
pub fn shapes_quads() -> Result<Vec<Quad>, RdfError> {
    turtle_quads("ontology/shapes.ttl", SHAPES_TTL, graph::SHAPES)
}

/// The gazetteer graph.
pub fn gazetteer_quads() -> Result<Vec<Quad>, RdfError> {
    turtle_quads("ontology/gazetteer.ttl", GAZETTEER_TTL, graph::GAZETTEER)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_passage_is_the_sentence_around_its_quote_with_the_quote_marked() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let text = chars("第一句。到2025年，95%的事项可网上办理，群众满意。第三句");
        let start = "第一句。到2025年，".chars().count();
        let end = start + "95%的事项可网上办理".chars().count();
        assert_eq!(
            passage(&text, start, end),
            "到2025年，【95%的事项可网上办理】，群众满意。"
        );
        // A long sentence is cut on each side, and says so.
        let long = format!("{}重点事项{}。", "甲".repeat(80), "乙".repeat(80));
        let text = chars(&long);
        let p = passage(&text, 80, 84);
        assert!(p.starts_with('…') && p.ends_with('…'), "{p}");
        assert!(p.contains("【重点事项】"), "{p}");
        assert_eq!(p.chars().count(), 2 + 2 * PASSAGE_CONTEXT + 4 + 2);
        // At the edges of the text.
        assert_eq!(passage(&chars("一网通办"), 0, 4), "【一网通办】");
    }

    use super::*;

    #[test]
    fn iris_escape_what_an_iri_cannot_hold() {
        assert_eq!(
            entity_iri(EntryKind::Initiative, "互联网+监管"),
            "https://w3id.org/govkg/id/initiative/互联网+监管"
        );
        assert_eq!(
            document_iri("my plan#1.txt").as_str(),
            "https://w3id.org/govkg/id/document/my%20plan%231.txt"
        );
        // A key below the build folder is one segment: its slash is escaped.
        assert_eq!(
            document_iri("2025/440000_guangdong.txt").as_str(),
            "https://w3id.org/govkg/id/document/2025%2F440000_guangdong.txt"
        );
    }

    #[test]
    fn shipped_turtle_parses() {
        assert!(ontology_quads().unwrap().len() > 100);
        assert!(gazetteer_quads().unwrap().len() > 500);
        assert!(shapes_quads().unwrap().len() > 100);
    }
}
