//! Task content (a YAML key, a file path, a folder name) reaches the human-readable reports as
//! it was written, and a terminal obeys the control characters in it: `ESC ] 0 ; … BEL` retitles
//! the window, `ESC [ 2K` and a carriage return rewrite the line being read. The text, markdown
//! and summary renderers route what they print through [`escape_controls`]; JSON and SARIF
//! escape by their own rules.

use std::borrow::Cow;

/// `text` with every control character but newline and tab written out visibly (`\x1b`,
/// `\r`, `\u{202e}`), so that printing it cannot move the cursor, change the terminal's state
/// or reorder what is shown. Besides the C0 and C1 controls and DEL, the bidirectional
/// overrides and isolates are escaped: they make a line read differently from what it holds.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !needs_escape(c) {
            out.push(c);
            continue;
        }
        match c {
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn terminal_sequences_come_out_visible() {
        assert_eq!(
            escape_controls("a\u{1b}]0;owned\u{7}b\u{1b}[2K\rc"),
            "a\\x1b]0;owned\\x07b\\x1b[2K\\rc"
        );
        assert_eq!(escape_controls("csi\u{9b}31m"), "csi\\x9b31m");
        assert_eq!(escape_controls("del\u{7f}"), "del\\x7f");
        assert_eq!(escape_controls("rtl\u{202e}x"), "rtl\\u{202e}x");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "line one\n\tline two — ünïcode 日本";
        assert!(matches!(
            escape_controls(text),
            std::borrow::Cow::Borrowed(t) if t == text
        ));
    }
}
