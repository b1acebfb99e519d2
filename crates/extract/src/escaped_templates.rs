//! TypeScript/JavaScript blocks whose template literals were escaped for the markdown.
//!
//! Answers are often produced by tools that write the code into a template string of their own,
//! so the answer shows `` \`bucket-\${suffix}\` `` where the project's file has
//! `` `bucket-${suffix}` ``. Read as TypeScript, the escaped form is not code: the parser's
//! error recovery then attaches the next lines' properties to the wrong call, and every later
//! stage sees invented arguments. Often only some templates of a block are escaped, so the
//! block cannot be un-escaped wholesale either.
//!
//! [`unescape_template_delimiters`] reads the code with a small lexer (strings, comments,
//! regular expressions, templates and their `${}` expressions) and turns `` \` `` into a
//! template delimiter only where TypeScript could not mean anything else: outside every string,
//! comment and template, where a backslash is not valid code. Inside a template opened that way,
//! `` \` `` closes it and `\${` opens an expression; inside a template opened by a plain
//! backtick, both keep their TypeScript meaning (a literal backtick, a literal `${`). Only
//! characters are removed, never lines, so every line keeps its number.

/// Where the lexer is.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// Code (the whole file, or a template's `${ }` expression), with its open braces counted.
    Code { braces: usize },
    /// A template literal; `escaped` when it was opened by `` \` ``.
    Template { escaped: bool },
}

/// The code with escaped template delimiters read as the delimiters they stand for, or `None`
/// when the code has none (the common case, checked without scanning when no `` \` `` occurs).
pub(crate) fn unescape_template_delimiters(code: &str) -> Option<String> {
    if !code.contains("\\`") {
        return None;
    }
    let bytes = code.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut stack = vec![Frame::Code { braces: 0 }];
    let mut changed = false;
    // The last byte of code that was not whitespace or a comment: decides whether `/` starts a
    // regular expression or divides.
    let mut previous_significant: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let top = stack.last().copied().unwrap_or(Frame::Code { braces: 0 });
        match top {
            Frame::Code { braces } => match (b, next) {
                (b'\\', Some(b'`')) => {
                    out.push(b'`');
                    stack.push(Frame::Template { escaped: true });
                    changed = true;
                    i += 2;
                }
                (b'`', _) => {
                    out.push(b'`');
                    stack.push(Frame::Template { escaped: false });
                    i += 1;
                }
                (b'/', Some(b'/')) => {
                    let end = line_end(bytes, i);
                    out.extend_from_slice(&bytes[i..end]);
                    i = end;
                    continue;
                }
                (b'/', Some(b'*')) => {
                    let end = find(bytes, i + 2, b"*/").map_or(bytes.len(), |at| at + 2);
                    out.extend_from_slice(&bytes[i..end]);
                    i = end;
                    continue;
                }
                (b'/', _) if starts_regex(previous_significant, &out) => {
                    let end = regex_end(bytes, i);
                    out.extend_from_slice(&bytes[i..end]);
                    i = end;
                }
                (b'\'' | b'"', _) => {
                    let end = string_end(bytes, i);
                    out.extend_from_slice(&bytes[i..end]);
                    i = end;
                }
                (b'{', _) => {
                    set_braces(&mut stack, braces + 1);
                    out.push(b);
                    i += 1;
                }
                (b'}', _) => {
                    if braces > 0 {
                        set_braces(&mut stack, braces - 1);
                    } else if stack.len() > 1 {
                        // The end of a template's `${ }` expression.
                        stack.pop();
                    }
                    out.push(b);
                    i += 1;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            },
            Frame::Template { escaped } => match (b, next) {
                (b'\\', Some(b'`')) if escaped => {
                    out.push(b'`');
                    stack.pop();
                    i += 2;
                }
                (b'\\', Some(b'$')) if escaped && bytes.get(i + 2) == Some(&b'{') => {
                    out.extend_from_slice(b"${");
                    stack.push(Frame::Code { braces: 0 });
                    i += 3;
                }
                (b'\\', Some(_)) => {
                    // An escape of the template's own text (`\n`, `\``, `\${`): kept whole.
                    let width = utf8_width(bytes, i + 1);
                    out.extend_from_slice(&bytes[i..i + 1 + width]);
                    i += 1 + width;
                }
                (b'`', _) => {
                    out.push(b'`');
                    stack.pop();
                    i += 1;
                }
                (b'$', Some(b'{')) => {
                    out.extend_from_slice(b"${");
                    stack.push(Frame::Code { braces: 0 });
                    i += 2;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            },
        }
        if matches!(stack.last(), Some(Frame::Code { .. })) && !b.is_ascii_whitespace() {
            previous_significant = out.last().copied();
        }
    }
    if !changed {
        return None;
    }
    // Only ASCII backslashes were left out, so the bytes are still UTF-8.
    String::from_utf8(out).ok()
}

fn set_braces(stack: &mut [Frame], braces: usize) {
    if let Some(top) = stack.last_mut() {
        *top = Frame::Code { braces };
    }
}

/// Bytes of the UTF-8 character starting at `at` (1 past the end of the input).
fn utf8_width(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        None => 0,
        Some(b) if *b < 0x80 => 1,
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(_) => 2,
    }
    .min(bytes.len() - at.min(bytes.len()))
}

/// The index of the line feed ending the line that holds `from` (or the end of the input).
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The end (exclusive) of the quoted string starting at `start`; an unterminated string ends
/// at its line's end, as the parser's recovery would.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether a `/` after this byte starts a regular expression rather than a division: after an
/// operator, an opening bracket, a separator or the start of the code, or after `return`.
fn starts_regex(previous: Option<u8>, out: &[u8]) -> bool {
    match previous {
        None => true,
        Some(b) if b"(,=:[!&|?{};+-*%<>~^".contains(&b) => true,
        Some(_) => {
            let trimmed = out.trim_ascii_end();
            trimmed.ends_with(b"return") || trimmed.ends_with(b"typeof")
        }
    }
}

/// The end (exclusive) of the regular expression literal starting at `start`: its closing `/`
/// outside a character class, then its flags; at the line's end when it is never closed.
fn regex_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b'[' => {
                in_class = true;
                i += 1;
            }
            b']' => {
                in_class = false;
                i += 1;
            }
            b'/' if !in_class => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::unescape_template_delimiters as unescape;

    #[test]
    fn escaped_templates_become_templates() {
        let code = "const name = \\`bucket-\\${suffix}\\`;\nconst arn = pulumi.interpolate\\`arn:\\${region}:\\${id}\\`;\n";
        assert_eq!(
            unescape(code).as_deref(),
            Some("const name = `bucket-${suffix}`;\nconst arn = pulumi.interpolate`arn:${region}:${id}`;\n")
        );
    }

    #[test]
    fn code_without_escapes_is_left_alone() {
        assert_eq!(unescape("const a = `x-${b}`;\n"), None);
        // A literal backtick inside a real template is TypeScript, not an escape.
        assert_eq!(unescape("const a = `run \\`date\\` at ${t}`;\n"), None);
        // In strings, comments and regular expressions the escape is text.
        assert_eq!(unescape("const a = '\\`';\n// say \\`hi\\`\n"), None);
        assert_eq!(unescape("const r = /\\`/g;\n/* \\` */\n"), None);
    }

    #[test]
    fn mixed_blocks_keep_their_real_templates() {
        let code = "f(`a-${x}`, \\`b-\\${y}\\`);\nconst s = `keep \\` and \\${this}`;\n";
        assert_eq!(
            unescape(code).as_deref(),
            Some("f(`a-${x}`, `b-${y}`);\nconst s = `keep \\` and \\${this}`;\n")
        );
    }

    #[test]
    fn nested_expressions_and_objects() {
        let code = "x(\\`\\${ {a: 1}.a }-\\${ f(\\`in\\${z}\\`) }\\`, { k: '}' });\n";
        assert_eq!(
            unescape(code).as_deref(),
            Some("x(`${ {a: 1}.a }-${ f(`in${z}`) }`, { k: '}' });\n")
        );
    }

    #[test]
    fn lines_are_kept_and_odd_input_does_not_panic() {
        let code = "a = \\`one\nline two \\${\n";
        let out = unescape(code).expect("changed");
        assert_eq!(out.lines().count(), code.lines().count());
        for odd in ["\\`", "\\", "\\`\\", "`\\", "/", "'", "\\`é\\é", "\\`\\${"] {
            let _ = unescape(odd);
        }
    }
}
