//! Questions about spans asked for every match of a document — which known names lie inside
//! this quotation, does this name lie inside another, which province names does this city name
//! overlap — answered by binary search over the spans that can answer them, so that a long
//! document (hundreds of thousands of names and quotations) does not cost a scan per match.

use super::Span;

/// Spans sorted by start, each with a value.
pub(crate) struct SpanIndex<T> {
    entries: Vec<(Span, T)>,
    /// The longest span, which bounds how far left of a span another reaching into it starts.
    longest: usize,
}

impl<T> SpanIndex<T> {
    pub fn new(mut entries: Vec<(Span, T)>) -> Self {
        entries.sort_by_key(|(span, _)| span.start);
        let longest = entries.iter().map(|(s, _)| length(*s)).max().unwrap_or(0);
        Self { entries, longest }
    }

    pub fn insert(&mut self, span: Span, value: T) {
        let at = self.entries.partition_point(|(s, _)| s.start <= span.start);
        self.entries.insert(at, (span, value));
        self.longest = self.longest.max(length(span));
    }

    /// The entries whose start lies in `from..=to`.
    fn starting_in(&self, from: usize, to: usize) -> &[(Span, T)] {
        let lo = self.entries.partition_point(|(s, _)| s.start < from);
        let hi = self.entries.partition_point(|(s, _)| s.start <= to);
        &self.entries[lo..hi.max(lo)]
    }

    /// The entries that may reach into `span` or contain it: a superset, to be filtered.
    fn near(&self, span: Span) -> &[(Span, T)] {
        let from = span.start.min(span.end).saturating_sub(self.longest);
        self.starting_in(from, span.end.max(span.start))
    }

    /// The entries whose span lies inside `outer`.
    pub fn inside(&self, outer: Span) -> impl Iterator<Item = &(Span, T)> {
        self.starting_in(outer.start, outer.end)
            .iter()
            .filter(move |(s, _)| outer.contains(*s))
    }

    /// The entries whose span contains `inner`.
    pub fn containing(&self, inner: Span) -> impl Iterator<Item = &(Span, T)> {
        self.near(inner)
            .iter()
            .filter(move |(s, _)| s.contains(inner))
    }

    /// The entries whose span shares a code point with `span`.
    pub fn overlapping(&self, span: Span) -> impl Iterator<Item = &(Span, T)> {
        self.near(span)
            .iter()
            .filter(move |(s, _)| s.start < span.end && span.start < s.end)
    }

    /// Whether an entry lies inside `span` or contains it.
    pub fn nested(&self, span: Span) -> bool {
        self.near(span)
            .iter()
            .any(|(s, _)| span.contains(*s) || s.contains(span))
    }
}

fn length(span: Span) -> usize {
    span.end.saturating_sub(span.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_a_scan_of_all_spans_would() {
        // A small generator of overlapping, nested, empty and repeated spans.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        let mut spans: Vec<Span> = (0..300)
            .map(|_| {
                let start = next(200);
                Span::new(start, start + next(12))
            })
            .collect();
        let mut index = SpanIndex::new(spans.iter().map(|&s| (s, ())).collect());
        for _ in 0..50 {
            let start = next(200);
            let extra = Span::new(start, start + next(30));
            index.insert(extra, ());
            spans.push(extra);
        }
        for _ in 0..2000 {
            let start = next(220);
            let probe = Span::new(start, start + next(25));
            let count = |f: &dyn Fn(Span) -> bool| spans.iter().filter(|s| f(**s)).count();
            let nested = count(&|s| probe.contains(s) || s.contains(probe)) > 0;
            assert_eq!(index.nested(probe), nested, "{probe:?}");
            let inside = count(&|s| probe.contains(s));
            assert_eq!(index.inside(probe).count(), inside, "{probe:?}");
            let containing = count(&|s| s.contains(probe));
            assert_eq!(index.containing(probe).count(), containing, "{probe:?}");
            let overlapping = count(&|s| s.start < probe.end && probe.start < s.end);
            assert_eq!(index.overlapping(probe).count(), overlapping, "{probe:?}");
        }
    }
}
