//! SARIF locations from the file labels findings and evidence carry.
//!
//! A label is a path relative to the task directory (`lib/tap_stack.py`, `metadata.json`), or a
//! block of an answer document without a path, named by the document and the line its text
//! starts at (`lib/MODEL_RESPONSE.md:42`, see `SourceFile::display_name`). The second form
//! points into the document: line `n` of the block is line `42 + n - 1` of the answer.

use serde_json::{json, Value};

/// Splits `lib/MODEL_RESPONSE.md:42` into the document and the block's first line.
fn block_of_document(label: &str) -> Option<(&str, usize)> {
    let (document, first_line) = label.rsplit_once(':')?;
    if document.is_empty() || first_line.is_empty() {
        return None;
    }
    if !first_line.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let first_line: usize = first_line.parse().ok()?;
    (first_line >= 1).then_some((document, first_line))
}

/// Percent-encodes a path for a URI: unreserved characters and `/` stay (and `:` when
/// `keep_colon`, for the drive of an absolute Windows path), every other byte of its UTF-8 form
/// becomes `%XX`. Without `keep_colon` the result is always a valid relative reference (a colon
/// in its first segment would read as a scheme).
fn encode_path(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            b':' if keep_colon => out.push(':'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `file://` URI of an absolute path (`/x` or `C:/x`).
fn file_uri(path: &str) -> String {
    let mut uri = String::from("file://");
    if !path.starts_with('/') {
        uri.push('/');
    }
    uri.push_str(&encode_path(path, true));
    uri
}

/// Forward slashes, no leading `./`.
fn normalise(path: &str) -> String {
    let mut path = path.trim().replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    path
}

/// Whether the path is absolute on Unix (`/x`) or Windows (`C:/x` after normalising).
fn is_absolute_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || (bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && bytes[2] == b'/')
}

/// A `file://` URI for an absolute directory path, ending in `/` as `originalUriBaseIds`
/// requires; `None` for a relative path.
pub fn absolute_file_uri(path: &str) -> Option<String> {
    let path = normalise(path);
    if !is_absolute_path(&path) {
        return None;
    }
    let mut uri = file_uri(&path);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

/// The file a label names and the 1-based line in it: `lib/MODEL_RESPONSE.md:40` with line 3
/// is line 42 of `lib/MODEL_RESPONSE.md` (line 40 when the line is unknown); any other label is
/// its own file, with the line when it is known and at least 1.
pub fn file_position(label: &str, line: Option<usize>) -> (String, Option<usize>) {
    let label = normalise(label);
    match block_of_document(&label) {
        Some((document, first_line)) => (
            document.to_string(),
            Some(first_line + line.unwrap_or(1).max(1) - 1),
        ),
        None => (label.clone(), line.filter(|l| *l >= 1)),
    }
}

/// The `physicalLocation` of a file label and line, relative to the task directory `base_id`.
/// `None` when there is no file to point at.
pub fn physical_location(label: &str, line: Option<usize>, base_id: &str) -> Option<Value> {
    let (path, start_line) = file_position(label, line);
    if path.is_empty() {
        return None;
    }
    let artifact = if is_absolute_path(&path) {
        json!({ "uri": file_uri(&path) })
    } else {
        json!({ "uri": encode_path(&path, false), "uriBaseId": base_id })
    };
    let mut location = json!({ "artifactLocation": artifact });
    if let Some(start_line) = start_line {
        location["region"] = json!({ "startLine": start_line });
    }
    Some(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_files_are_relative_to_the_task() {
        let loc = physical_location("./lib/tap stack.py", Some(3), "TASKROOT").expect("location");
        assert_eq!(loc["artifactLocation"]["uri"], "lib/tap%20stack.py");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "TASKROOT");
        assert_eq!(loc["region"]["startLine"], 3);
    }

    #[test]
    fn unnamed_blocks_point_into_the_answer() {
        let loc = physical_location("lib/MODEL_RESPONSE.md:40", Some(3), "TASKROOT").expect("loc");
        assert_eq!(loc["artifactLocation"]["uri"], "lib/MODEL_RESPONSE.md");
        assert_eq!(loc["region"]["startLine"], 42);
        let loc = physical_location("lib/MODEL_RESPONSE.md:40", None, "TASKROOT").expect("loc");
        assert_eq!(loc["region"]["startLine"], 40);
    }

    #[test]
    fn unknown_or_zero_lines_have_no_region() {
        let loc = physical_location("main.tf", None, "TASKROOT").expect("location");
        assert!(loc.get("region").is_none());
        let loc = physical_location("main.tf", Some(0), "TASKROOT").expect("location");
        assert!(loc.get("region").is_none());
        assert!(physical_location("  ", Some(1), "TASKROOT").is_none());
    }

    #[test]
    fn absolute_task_paths_become_file_uris() {
        assert_eq!(
            absolute_file_uri("/work/tasks/Pr 1").as_deref(),
            Some("file:///work/tasks/Pr%201/")
        );
        assert_eq!(
            absolute_file_uri("C:\\tasks\\Pr1").as_deref(),
            Some("file:///C:/tasks/Pr1/")
        );
        assert_eq!(absolute_file_uri("tasks/Pr1"), None);
    }
}
