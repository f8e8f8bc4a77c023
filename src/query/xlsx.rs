//! The `xlsx` output: answers as an Excel workbook, for people who read them in a spreadsheet.
//! One sheet, a bold frozen header row, columns sized to their cells; numbers are numbers
//! (sortable, summable), labels are their text without a language tag, IRIs are compacted as in
//! the table.

use super::{display_term, QueryError};
use oxigraph::model::Term;
use oxigraph::sparql::QuerySolutionIter;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Widest a column is made, in characters (longer cells wrap in Excel when opened).
const MAX_COLUMN: f64 = 60.0;

impl From<XlsxError> for QueryError {
    fn from(e: XlsxError) -> Self {
        QueryError::Xlsx(e.to_string())
    }
}

/// The solutions as the bytes of an `.xlsx` workbook.
pub fn workbook(solutions: QuerySolutionIter<'_>) -> Result<Vec<u8>, QueryError> {
    let variables: Vec<_> = solutions.variables().to_vec();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("answers")?;
    let bold = Format::new().set_bold();
    for (col, v) in variables.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, v.as_str(), &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row = 0u32;
    for solution in solutions {
        let solution = solution?;
        row += 1;
        if row > 1_048_575 {
            return Err(QueryError::Xlsx(
                "more rows than a worksheet holds (1,048,576): add LIMIT or use --format csv"
                    .into(),
            ));
        }
        for (col, v) in variables.iter().enumerate() {
            match solution.get(v) {
                None => {}
                Some(term) => match number(term) {
                    Some(n) => {
                        sheet.write_number(row, col as u16, n)?;
                    }
                    None => {
                        // A cell holds at most 32,767 characters.
                        let text: String = display_term(term).chars().take(32_767).collect();
                        sheet.write_string(row, col as u16, text)?;
                    }
                },
            }
        }
    }
    sheet.set_autofit_max_width((MAX_COLUMN * 7.0) as u32);
    sheet.autofit();
    Ok(book.save_to_buffer()?)
}

/// A numeric literal's value (xsd:integer, decimal, double, float and their kin).
fn number(term: &Term) -> Option<f64> {
    let Term::Literal(l) = term else { return None };
    let datatype = l.datatype().as_str();
    let numeric = datatype
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
        .is_some_and(|t| {
            matches!(
                t,
                "integer"
                    | "decimal"
                    | "double"
                    | "float"
                    | "int"
                    | "long"
                    | "short"
                    | "nonNegativeInteger"
                    | "positiveInteger"
                    | "gYear"
            )
        });
    if !numeric {
        return None;
    }
    l.value().parse::<f64>().ok().filter(|n| n.is_finite())
}
