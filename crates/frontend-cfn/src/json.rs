//! Reads JSON templates into the document [`tree`](crate::tree) with the line of every node.
//!
//! A small hand-written reader rather than serde_json because the front-end needs three things a
//! data parser does not give: the line of every key (for spans), duplicate keys reported rather
//! than silently collapsed, and recovery — a template cut off mid-way (a truncated answer) or
//! with a trailing comma still yields everything before the problem. Comments and trailing commas
//! are reported and read past; any other error stops reading, keeping the nodes finished so far.

use crate::tree::{insert_entry, number_of, Entry, Node, NodeKind, Scalar};
use crate::yaml::ReadProblem;

const MAX_DEPTH: usize = 128;

/// What a JSON text held.
#[derive(Debug, Default)]
pub(crate) struct JsonRead {
    pub root: Option<Node>,
    pub problems: Vec<ReadProblem>,
    /// True when reading stopped early at a syntax error.
    pub truncated: bool,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    problems: Vec<ReadProblem>,
    failed: bool,
    reported_comment: bool,
    reported_elision: bool,
}

/// Reads one JSON value from `text`.
pub(crate) fn read(text: &str) -> JsonRead {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        problems: Vec::new(),
        failed: false,
        reported_comment: false,
        reported_elision: false,
    };
    reader.skip_ws();
    if reader.at_end() {
        return JsonRead::default();
    }
    let root = reader.value(0);
    if !reader.failed {
        reader.skip_ws();
        if !reader.at_end() {
            let line = reader.line;
            reader.problem(line, "text after the end of the JSON value is ignored");
        }
    }
    JsonRead {
        root: Some(root),
        problems: reader.problems,
        truncated: reader.failed,
    }
}

impl Reader<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    fn problem(&mut self, line: usize, message: &str) {
        self.problems.push(ReadProblem {
            line,
            message: message.to_string(),
        });
    }

    /// Records a syntax error that stops reading.
    fn fail(&mut self, message: &str) {
        if !self.failed {
            let line = self.line;
            self.problem(line, &format!("JSON syntax error: {message}"));
            self.failed = true;
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    self.bump();
                }
                b'/' if matches!(self.bytes.get(self.pos + 1), Some(b'/') | Some(b'*')) => {
                    if !self.reported_comment {
                        self.reported_comment = true;
                        let line = self.line;
                        self.problem(line, "comments are not allowed in JSON templates");
                    }
                    self.skip_comment();
                }
                _ => break,
            }
        }
    }

    fn skip_comment(&mut self) {
        self.bump();
        let block = self.bump() == Some(b'*');
        while let Some(b) = self.bump() {
            if !block && b == b'\n' {
                break;
            }
            if block && b == b'*' && self.peek() == Some(b'/') {
                self.bump();
                break;
            }
        }
    }

    /// Whether the text continues with `...`, the mark answers use for content they leave out.
    fn at_elision(&self) -> bool {
        self.bytes[self.pos..].starts_with(b"...")
    }

    /// Skips an elision: the dots, and the rest of the line unless the line goes on with a
    /// closing bracket or a comma (`[...]`, `{ ... },`). Reported once per file.
    fn skip_elision(&mut self) {
        if !self.reported_elision {
            self.reported_elision = true;
            let line = self.line;
            self.problem(line, "content left out with `...` is skipped");
        }
        while self.peek() == Some(b'.') {
            self.bump();
        }
        let rest_start = self.pos;
        let line_end = self.bytes[rest_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |i| rest_start + i);
        let rest = &self.bytes[rest_start..line_end];
        let first = rest.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if !matches!(first, None | Some(b']' | b'}' | b',')) {
            self.pos = line_end;
        }
    }

    fn value(&mut self, depth: usize) -> Node {
        let line = self.line;
        if depth > MAX_DEPTH {
            self.fail(&format!("nesting deeper than {MAX_DEPTH} levels"));
            return Node::null(line);
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Node::new(line, NodeKind::Scalar(Scalar::Str(self.string()))),
            Some(b't') => self.literal("true", Scalar::Bool(true)),
            Some(b'f') => self.literal("false", Scalar::Bool(false)),
            Some(b'n') => self.literal("null", Scalar::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'.') if self.at_elision() => {
                self.skip_elision();
                Node::null(line)
            }
            Some(_) => {
                self.fail("expected a value");
                Node::null(line)
            }
            None => {
                self.fail("the text ends where a value was expected");
                Node::null(line)
            }
        }
    }

    fn literal(&mut self, word: &str, scalar: Scalar) -> Node {
        let line = self.line;
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Node::new(line, NodeKind::Scalar(scalar))
        } else {
            self.fail("expected a value");
            Node::null(line)
        }
    }

    fn number(&mut self) -> Node {
        let line = self.line;
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.pos += 1;
        }
        let text = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        if text.parse::<f64>().is_err() {
            self.fail("malformed number");
            return Node::null(line);
        }
        // Same rule as YAML: keep the spelling when the number would not write back the same.
        let scalar = match number_of(&text) {
            Some(n) => Scalar::Num(n),
            None => Scalar::Str(text),
        };
        Node::new(line, NodeKind::Scalar(scalar))
    }

    /// Reads a string starting at the opening quote. Invalid escapes are kept as written.
    fn string(&mut self) -> String {
        self.bump();
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.bump() else {
                self.fail("unterminated string");
                break;
            };
            match b {
                b'"' => break,
                b'\\' => match self.bump() {
                    Some(b'n') => out.push(b'\n'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b'b') => out.push(8),
                    Some(b'f') => out.push(12),
                    Some(b'u') => {
                        let c = self.unicode_escape();
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    Some(other) => out.push(other),
                    None => {
                        self.fail("unterminated string");
                        break;
                    }
                },
                other => out.push(other),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        let value = u32::from_str_radix(text, 16).ok()?;
        self.pos += 4;
        Some(value)
    }

    fn unicode_escape(&mut self) -> char {
        let Some(first) = self.hex4() else {
            return char::REPLACEMENT_CHARACTER;
        };
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            self.pos += 2;
            if let Some(second) = self.hex4() {
                let code =
                    0x10000 + ((first - 0xD800) << 10) + (second.wrapping_sub(0xDC00) & 0x3FF);
                return char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
            }
        }
        char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    fn object(&mut self, depth: usize) -> Node {
        let line = self.line;
        self.bump();
        let mut entries: Vec<Entry> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.bump();
                    break;
                }
                Some(b'"') => {}
                Some(b'.') if self.at_elision() => {
                    self.skip_elision();
                    self.skip_ws();
                    if self.peek() == Some(b',') {
                        self.bump();
                    }
                    continue;
                }
                _ => {
                    self.fail("expected a key in double quotes or `}`");
                    break;
                }
            }
            let key_line = self.line;
            let key = self.string();
            self.skip_ws();
            if self.peek() != Some(b':') {
                self.fail("expected `:` after a key");
                entries.push(Entry {
                    key,
                    line: key_line,
                    value: Node::null(key_line),
                });
                break;
            }
            self.bump();
            self.skip_ws();
            let value = self.value(depth + 1);
            let entry = Entry {
                key,
                line: key_line,
                value,
            };
            let problems = &mut self.problems;
            insert_entry(&mut entries, entry, &mut |key, first, again| {
                problems.push(ReadProblem {
                    line: again,
                    message: format!(
                        "duplicate key `{key}` (first at line {first}); the later value is used"
                    ),
                })
            });
            if self.failed {
                break;
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        let line = self.line;
                        self.problem(line, "trailing comma before `}`");
                    }
                }
                Some(b'}') => {}
                _ => {
                    self.fail("expected `,` or `}` after a value");
                    break;
                }
            }
        }
        Node::new(line, NodeKind::Map(entries))
    }

    fn array(&mut self, depth: usize) -> Node {
        let line = self.line;
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(b']') {
                self.bump();
                break;
            }
            if self.at_end() {
                self.fail("the text ends inside an array");
                break;
            }
            if self.at_elision() {
                self.skip_elision();
                self.skip_ws();
                if self.peek() == Some(b',') {
                    self.bump();
                }
                continue;
            }
            items.push(self.value(depth + 1));
            if self.failed {
                break;
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        let line = self.line;
                        self.problem(line, "trailing comma before `]`");
                    }
                }
                Some(b']') => {}
                _ => {
                    self.fail("expected `,` or `]` after a value");
                    break;
                }
            }
        }
        Node::new(line, NodeKind::Seq(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_of_keys() {
        let read =
            read("{\n  \"A\": {\n    \"Type\": \"X\"\n  },\n  \"B\": [1, \"two\", true, null]\n}");
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        let root = read.root.expect("root");
        assert_eq!(root.entry("A").map(|e| e.line), Some(2));
        assert_eq!(root.entry("B").map(|e| e.line), Some(5));
        assert_eq!(
            root.get("A")
                .and_then(|a| a.get("Type"))
                .and_then(Node::as_text),
            Some("X".to_string())
        );
    }

    #[test]
    fn truncated_text_keeps_what_came_before() {
        let read = read("{\"Resources\": {\"A\": {\"Type\": \"X\"}, \"B\": {\"Type\": ");
        assert!(read.truncated);
        let root = read.root.expect("root");
        let resources = root.get("Resources").expect("resources");
        assert_eq!(resources.entries().len(), 2);
    }

    #[test]
    fn trailing_commas_and_comments_are_reported_and_survived() {
        let read = read("{\n // note\n \"a\": [1, 2,],\n \"b\": 3,\n}");
        assert!(!read.truncated);
        assert_eq!(read.problems.len(), 3);
        assert_eq!(read.root.expect("root").entries().len(), 2);
    }

    #[test]
    fn elisions_are_skipped() {
        let text = "{\n  \"A\": [...],\n  \"B\": { ... },\n  ... (the rest, as before)\n  \"C\": ...,\n  \"D\": 1\n}";
        let read = read(text);
        assert!(!read.truncated, "{:?}", read.problems);
        assert_eq!(read.problems.len(), 1);
        let root = read.root.expect("root");
        let keys: Vec<&str> = root.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["A", "B", "C", "D"]);
    }

    #[test]
    fn escapes() {
        let read = read(r#"["a\"b\\c\u00e9\ud83d\ude00\n"]"#);
        let root = read.root.expect("root");
        let NodeKind::Seq(items) = root.kind else {
            panic!("seq")
        };
        assert_eq!(
            items[0].as_text().as_deref(),
            Some("a\"b\\c\u{e9}\u{1F600}\n")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = "[".repeat(100_000);
        let read = read(&text);
        assert!(read.truncated);
    }
}
