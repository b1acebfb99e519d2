//! findings.csv: every finding of the corpus, one row each, for a spreadsheet or a script.
//!
//! Cells are quoted as RFC 4180 says (a cell holding a comma, a quote or a line break is put in
//! double quotes, its quotes doubled; rows end in CRLF). A cell a spreadsheet would read as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`:
//! findings quote model-written text, and opening the export must never run any of it.

use std::io::{self, Write};

/// The columns of findings.csv, in order.
pub const CSV_COLUMNS: [&str; 17] = [
    "task",
    "task_path",
    "platform",
    "language",
    "rule",
    "name",
    "severity",
    "category",
    "status",
    "suppression",
    "suppression_reason",
    "side",
    "file",
    "line",
    "message",
    "fix",
    "docs",
];

/// Characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell as written to the file: neutralised against formulas, then quoted when needed.
pub fn csv_cell(text: &str) -> String {
    let guarded;
    let text = if text.starts_with(FORMULA_STARTS) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Writes one row of cells, ending it with CRLF.
pub fn write_csv_row<W: Write, S: AsRef<str>>(out: &mut W, cells: &[S]) -> io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_cell(cell.as_ref()).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_stay_as_they_are() {
        assert_eq!(csv_cell("API001"), "API001");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("lib/tap stack.ts"), "lib/tap stack.ts");
    }

    #[test]
    fn separators_quotes_and_line_breaks_are_quoted() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("one\ntwo"), "\"one\ntwo\"");
        assert_eq!(csv_cell("one\r\ntwo"), "\"one\r\ntwo\"");
    }

    #[test]
    fn formulas_are_turned_into_text() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+cmd"), "'+cmd");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[test]
    fn rows_end_in_crlf() {
        let mut out = Vec::new();
        write_csv_row(&mut out, &["a", "b,c", ""]).expect("writes");
        assert_eq!(out, b"a,\"b,c\",\r\n");
    }
}
