//! The document model: what a document is — its title, genre, issuing region, date and year,
//! and the period it plans for — read from its own lines before any fact.

/// What is known about a document as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentModel {
    /// The region that issues the document or that it is about.
    pub region: Option<String>,
    /// The year the document was issued.
    pub year: Option<i32>,
}

impl DocumentModel {
    /// The model as "key=value" pairs (the rule examples compare these).
    pub fn fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(r) = &self.region {
            out.push(format!("region={r}"));
        }
        if let Some(y) = self.year {
            out.push(format!("year={y}"));
        }
        out
    }
}
