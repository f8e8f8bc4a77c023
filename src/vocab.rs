//! Every IRI govkg writes, declared once (like `oxrdf::vocab`).
//!
//! `gk` is the project's ontology (`ontology/govkg.ttl` declares each term; a test checks it),
//! `id` builds instance IRIs, `graph` names the store's fixed named graphs, and the other
//! modules hold the terms reused from SKOS, PROV-O and DCTERMS. RDF, RDFS and XSD come from
//! `oxigraph::model::vocab`.

/// Namespace of the govkg ontology.
pub const GK: &str = "https://w3id.org/govkg/ontology#";
/// Base of every instance IRI.
pub const ID: &str = "https://w3id.org/govkg/id/";

macro_rules! terms {
    ($ns:expr; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: oxigraph::model::NamedNodeRef<'static> =
                oxigraph::model::NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
        /// Every term of this module, for checks against the ontology.
        pub const ALL: &[oxigraph::model::NamedNodeRef<'static>] = &[$($name),*];
    };
}

/// Classes and properties of the govkg ontology (`gk:`).
pub mod gk {
    terms! { "https://w3id.org/govkg/ontology#";
        /// An administrative region of China, keyed by its GB/T 2260 code.
        REGION = "Region";
        /// The whole country (code 100000).
        COUNTRY = "Country";
        /// A provincial-level division.
        PROVINCE = "Province";
        /// A prefecture-level division.
        PREFECTURE = "Prefecture";
        /// A county-level division.
        COUNTY = "County";
        /// A named government-service platform, app, portal or system brand.
        PLATFORM = "Platform";
        /// A named reform or service model.
        INITIATIVE = "Initiative";
        /// A quantitative target or reported figure.
        TARGET = "Target";
        /// A dated goal.
        GOAL = "Goal";
        /// A passage of a document that a fact was read from.
        MENTION = "Mention";
        /// A source document.
        DOCUMENT = "Document";
        /// The concept scheme of known initiatives.
        INITIATIVE_SCHEME = "initiatives";
        /// The concept scheme of known platforms.
        PLATFORM_SCHEME = "platforms";

        ADMIN_CODE = "adminCode";
        PART_OF = "partOf";
        ISO3166 = "iso3166Code";
        OPERATES_PLATFORM = "operatesPlatform";
        ADOPTS_INITIATIVE = "adoptsInitiative";
        REGION_PROP = "region";
        METRIC = "metric";
        VALUE = "value";
        UNIT = "unit";
        COMPARATOR = "comparator";
        TARGET_YEAR = "targetYear";
        /// The value a change starts from ("从12项拓展到30项": 12).
        BASELINE = "baseline";
        /// On a goal: whether it is about digital government and government services.
        DIGITAL_GOVERNMENT = "digitalGovernment";
        STATUS = "status";
        STATEMENT = "statement";
        DOCUMENT_PROP = "document";
        QUOTE = "quote";
        PASSAGE = "passage";
        START = "start";
        END = "end";
        REFERS_TO = "refersTo";
        FILE_NAME = "fileName";
        /// A document's key in the store: its path below the folder it was built from, or the
        /// id its manifest gives it.
        DOCUMENT_KEY = "documentKey";
        /// The file a document was built from, as an absolute path.
        SOURCE_FILE = "sourceFile";
        ENCODING = "encoding";
        /// The format of the file a document's text came from (text, html, pdf, docx, ofd).
        SOURCE_FORMAT = "sourceFormat";
        /// How a document's text was obtained from its file.
        TEXT_FROM = "textFrom";
        /// The size of the original file, in bytes, and its SHA-256.
        BYTE_SIZE = "byteSize";
        SHA256 = "sha256";
        /// What the file says of itself: its title, its date (as written), the site it was
        /// published on.
        FILE_TITLE = "fileTitle";
        FILE_DATE = "fileDate";
        SITE_NAME = "siteName";
        CHARACTERS = "characters";
        TARGET_COUNT = "targetCount";
        GOAL_COUNT = "goalCount";
        MENTION_COUNT = "mentionCount";
        /// The full text of a document as decoded (what gk:start and gk:end count in).
        TEXT = "text";
        DOCUMENT_YEAR = "documentYear";
        /// The year an annual plan, or a work report's plan part, is for.
        PLAN_YEAR = "planYear";
        PERIOD_START = "periodStart";
        PERIOD_END = "periodEnd";
        /// The concept scheme of document genres, and its concepts (dcterms:type of a document).
        GENRES = "genres";
        GENRE_WORK_REPORT = "genre-work-report";
        GENRE_PLAN = "genre-plan";
        GENRE_WORK_POINTS = "genre-work-points";
        GENRE_NOTICE = "genre-notice";
        GENRE_INTERPRETATION = "genre-interpretation";
        GENRE_NEWS = "genre-news";
        GENRE_SUMMARY = "genre-summary";
        GENRE_PROPOSAL = "genre-proposal";
        GENRE_ARTICLE = "genre-article";
        DISCOVERED_BY = "discoveredBy";
        /// On a mention: the id of the extraction rule that read its fact (ontology/rules.toml).
        RULE = "rule";
        QUOTED_ONLY = "quotedOnly";
    }
}

/// Terms of SKOS.
pub mod skos {
    terms! { "http://www.w3.org/2004/02/skos/core#";
        CONCEPT = "Concept";
        CONCEPT_SCHEME = "ConceptScheme";
        PREF_LABEL = "prefLabel";
        ALT_LABEL = "altLabel";
        IN_SCHEME = "inScheme";
        EXACT_MATCH = "exactMatch";
    }
}

/// Terms of PROV-O.
pub mod prov {
    terms! { "http://www.w3.org/ns/prov#";
        WAS_DERIVED_FROM = "wasDerivedFrom";
    }
}

/// Terms of DCTERMS.
pub mod dcterms {
    terms! { "http://purl.org/dc/terms/";
        TITLE = "title";
        TYPE = "type";
        ISSUED = "issued";
        IDENTIFIER = "identifier";
        SPATIAL = "spatial";
        SOURCE = "source";
        LICENSE = "license";
        CREATED = "created";
        DESCRIPTION = "description";
    }
}

/// Terms of the RDF Data Cube vocabulary, for imported tables.
pub mod qb {
    terms! { "http://purl.org/linked-data/cube#";
        DATA_SET_CLASS = "DataSet";
        OBSERVATION = "Observation";
        DATA_SET = "dataSet";
    }
}

/// The store's fixed named graphs; each document's facts live in the graph named by its IRI.
pub mod graph {
    terms! { "https://w3id.org/govkg/graph/";
        /// `ontology/govkg.ttl`.
        ONTOLOGY = "ontology";
        /// `ontology/gazetteer.ttl`.
        GAZETTEER = "gazetteer";
        /// Regions, their codes and links, from `data/`.
        REFERENCE = "reference";
        /// `ontology/shapes.ttl`: the SHACL shapes the store is validated against.
        SHAPES = "shapes";
    }
}

/// Prefixes used when printing IRIs for people (tables, diagrams, Turtle).
pub const PREFIXES: &[(&str, &str)] = &[
    ("gk", GK),
    ("region", "https://w3id.org/govkg/id/region/"),
    ("platform", "https://w3id.org/govkg/id/platform/"),
    ("initiative", "https://w3id.org/govkg/id/initiative/"),
    ("doc", "https://w3id.org/govkg/id/document/"),
    ("id", ID),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("qb", "http://purl.org/linked-data/cube#"),
    ("wd", "http://www.wikidata.org/entity/"),
];
