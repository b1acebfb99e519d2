//! Failures out of a MODEL_FAILURES.md, whichever of the many forms it takes.
//!
//! The document is read as an outline (headings as a tree, code blocks ignored), then walked:
//! - a section about the document (summary, recommendations, training value, ...) is skipped
//!   with everything under it;
//! - a heading that groups failures — by severity ("## Critical Failures", "## Minor Issues"),
//!   by a plural failure noun ("## 2. Security Issues"), the document title, or any heading
//!   whose sub-headings are numbered — contributes the failures under it: its sub-headings,
//!   and the numbered or bulleted items, "Issue 3:" lines and table rows of its own text;
//! - any other heading in a group is one failure; its sub-headings ("Root Cause", "IDEAL_RESPONSE
//!   Fix", ...) are its fields.
//!
//! A failure's severity is, in this order: a marker in its title ("(CRITICAL)", "High:"), a
//! severity field in its text ("**Impact Level**: High", "Severity: Critical"), an impact field
//! that starts with a severity word ("**Impact**: HIGH - ..."), then the severity of the group it
//! is in. None of these: no severity.

use iacgrade_report::LabelledFailure;
use iacgrade_task::TextDocument;

use crate::outline::{outline, Line, Outline};
use crate::severity::{severity_field, strip_emphasis, title_marker};
use crate::vocabulary::{
    has_group_word, is_field_heading, is_meta_heading, is_meta_lead, normalise, severity_group,
    starts_with_failure_number, strip_numbering,
};

/// Longest title kept; longer leads (a whole paragraph in a list item) are cut at a word.
const MAX_TITLE_CHARS: usize = 160;

/// The failures a MODEL_FAILURES.md lists, in document order.
pub fn parse_model_failures(doc: &TextDocument) -> Vec<LabelledFailure> {
    parse_labels(doc).into_iter().map(|l| l.failure).collect()
}

/// One labelled failure with the document's text about it: its heading or item line and the
/// lines that belong to it (its fields, quoted code, sub-bullets), up to the next failure.
#[derive(Debug, Clone)]
pub struct Label {
    pub failure: LabelledFailure,
    pub text: String,
}

/// The failures a MODEL_FAILURES.md lists with their text, in document order.
pub fn parse_labels(doc: &TextDocument) -> Vec<Label> {
    let outline = outline(&doc.text);
    let mut walk = Walk {
        outline: &outline,
        found: Vec::new(),
    };
    let preamble = outline.preamble.clone();
    walk.items_from_text(preamble, None, false);
    // The document itself is the outermost group: its top headings are visited as members.
    // A sole level-1 heading is the document's title ("# Overview", "# Comparison Analysis"),
    // never a section to skip, and so is a sole unnumbered top heading of any level with
    // sub-headings ("## Model Response Analysis" over every other heading).
    let level_one = outline.headings.iter().filter(|h| h.level == 1).count();
    let sole_root = match outline.roots.as_slice() {
        [only] => {
            let h = &outline.headings[*only];
            !h.children.is_empty() && strip_numbering(&h.text).is_none()
        }
        _ => false,
    };
    let roots_are_groups = walk.has_a_numbered_group(&outline.roots);
    for &root in &outline.roots {
        let title = sole_root || level_one == 1 && outline.headings[root].level == 1;
        walk.heading(root, None, title, roots_are_groups);
    }
    walk.found.sort_by_key(|(f, _)| f.line);
    walk.found
        .into_iter()
        .map(|(failure, range)| Label {
            failure,
            text: outline.lines[range]
                .iter()
                .map(|l| l.text)
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect()
}

struct Walk<'o, 'a> {
    outline: &'o Outline<'a>,
    /// Each failure and the line indexes of its text.
    found: Vec<(LabelledFailure, std::ops::Range<usize>)>,
}

impl Walk<'_, '_> {
    /// The sub-headings of a heading that are members, not fields ("Root Cause") or sections
    /// about the document.
    fn member_children(&self, index: usize) -> Vec<usize> {
        self.outline.headings[index]
            .children
            .iter()
            .copied()
            .filter(|&c| {
                // A field ("Root Cause") has no sub-headings of its own; "Model Response
                // Failures" over numbered failures is a group, whatever its first word.
                let child = &self.outline.headings[c];
                let field = is_field_heading(&child.text) && child.children.is_empty();
                !field && !is_meta_heading(&child.text)
            })
            .collect()
    }

    /// Whether one of these sibling headings is a numbered group that names itself so and has
    /// members ("## 1. Network Gaps" over "### Missing gateway"): a document numbers its
    /// sections one way, so the siblings with members are groups too ("## 3. RDS Settings"
    /// over "### Subnet group").
    fn has_a_numbered_group(&self, siblings: &[usize]) -> bool {
        siblings.iter().any(|&s| {
            let h = &self.outline.headings[s];
            strip_numbering(&h.text).is_some()
                && !starts_with_failure_number(&h.text)
                && (has_group_word(&h.text) || severity_group(&h.text).is_some())
                && !self.member_children(s).is_empty()
        })
    }

    /// Visits one heading of a group, `context` being the group's severity; `title` for the
    /// document's title; `siblings_are_groups` when a numbered sibling groups failures.
    fn heading(
        &mut self,
        index: usize,
        context: Option<&'static str>,
        title: bool,
        siblings_are_groups: bool,
    ) {
        let h = &self.outline.headings[index];
        // "## Summary" over "### 1. ..." headings holds the failures themselves.
        let summary_of_failures = {
            let n = normalise(&h.text);
            (n.contains("summary") || n.starts_with("overview"))
                && h.children
                    .iter()
                    .any(|&c| strip_numbering(&self.outline.headings[c].text).is_some())
        };
        if !title && !summary_of_failures && is_meta_heading(&h.text) {
            return;
        }
        let group_severity = severity_group(&h.text);
        let severity = group_severity.or(context);
        let item_children = self.member_children(index);
        let numbered = strip_numbering(&h.text).is_some();
        let numbered_children = item_children
            .iter()
            .any(|&c| strip_numbering(&self.outline.headings[c].text).is_some());
        // "## Characteristics of a failed response" over "1. **Misdiagnoses ...**" items.
        let lists_failures = !numbered
            && item_children.is_empty()
            && mentions_failure(&h.text)
            && list_items(&self.outline.lines[h.body.clone()])
                .iter()
                .filter(|i| i.numbered && i.bold)
                .count()
                >= 2;
        let names_a_group = group_severity.is_some() || has_group_word(&h.text) || lists_failures;
        // A numbered heading is one failure unless it names a group and has members
        // ("## 2. Security Issues" over "### Issue 1: ..."); an unnumbered one with two or more
        // members that are not fields is a group.
        let is_group = h.level == 1
            || title
            || group_severity.is_some()
            || numbered_children
            || (names_a_group && (!numbered || !item_children.is_empty()))
            || (!numbered && item_children.len() >= 2)
            || (siblings_are_groups && numbered && !item_children.is_empty());

        if !is_group {
            self.failure_heading(index, severity);
            return;
        }
        let body = h.body.clone();
        let before = self.found.len();
        // Bullets count as failures only under a heading that says it lists failures.
        self.items_from_text(body, severity, names_a_group || h.level == 1 || title);
        let children_are_groups = self.has_a_numbered_group(&item_children);
        for &child in &item_children {
            self.heading(child, severity, false, children_are_groups);
        }
        // A heading such as "## Deployment Issues" with prose and no items describes one.
        let nothing_found = self.found.len() == before;
        let has_text = self.outline.lines[h.body.clone()]
            .iter()
            .any(|l| !l.code && !l.text.trim().is_empty());
        if nothing_found
            && item_children.is_empty()
            && group_severity.is_none()
            && h.level > 1
            && has_text
        {
            self.failure_heading(index, severity);
        }
    }

    /// A heading that is one failure: its title, line and severity.
    fn failure_heading(&mut self, index: usize, context: Option<&'static str>) {
        let h = &self.outline.headings[index];
        let (marker, title) = clean_title(&h.text);
        if title.is_empty() {
            return;
        }
        // The failure's text: its body and the bodies of its field sub-headings.
        let end = self.subtree_end(index);
        let severity = marker
            .or_else(|| stated_severity(&self.outline.lines[h.body.start..end]))
            .or(context);
        self.found.push((
            LabelledFailure {
                title,
                severity: severity.map(str::to_string),
                line: self.outline.lines[h.at].number,
            },
            h.at..end,
        ));
    }

    /// The line index where a heading's subtree ends.
    fn subtree_end(&self, index: usize) -> usize {
        let h = &self.outline.headings[index];
        self.outline.headings[index + 1..]
            .iter()
            .find(|n| n.level <= h.level)
            .map_or(self.outline.lines.len(), |n| n.at)
    }

    /// Failures written as numbered items, bullets (when `bullets`), "Issue 3:" lines and table
    /// rows in the lines of `range`.
    fn items_from_text(
        &mut self,
        range: std::ops::Range<usize>,
        context: Option<&'static str>,
        bullets: bool,
    ) {
        let first = range.start;
        let lines = &self.outline.lines[range];
        let table_items = table_failures(lines, context);
        let list = list_items(lines);
        let numbered: Vec<&ListItem> = list.iter().filter(|i| i.numbered).collect();
        let chosen: Vec<&ListItem> = if !numbered.is_empty() {
            numbered
        } else if bullets {
            list.iter().collect()
        } else {
            Vec::new()
        };
        for (n, item) in chosen.iter().enumerate() {
            // The item's own lines run to the next chosen item.
            let end = chosen.get(n + 1).map_or(lines.len(), |next| next.offset);
            let severity = item
                .marker
                .or_else(|| stated_severity(&lines[item.offset + 1..end]))
                .or_else(|| stated_severity(&lines[item.offset..item.offset + 1]))
                .or(context);
            self.found.push((
                LabelledFailure {
                    title: item.title.clone(),
                    severity: severity.map(str::to_string),
                    line: lines[item.offset].number,
                },
                first + item.offset..first + end,
            ));
        }
        // A table row's text is the row itself.
        self.found.extend(table_items.into_iter().map(|f| {
            let at = f.line - 1;
            (f, at..at + 1)
        }));
    }
}

/// Whether a heading speaks of failures at all ("Characteristics of a failed response",
/// "Missing Components Identified"), as opposed to "Infrastructure Verification".
fn mentions_failure(text: &str) -> bool {
    let n = normalise(text);
    [
        "fail",
        "issue",
        "problem",
        "error",
        "mistake",
        "gap",
        "flaw",
        "defect",
        "missing",
        "incorrect",
        "wrong",
        "bug",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// The title without numbering, emphasis or severity marker, and the marker.
fn clean_title(text: &str) -> (Option<&'static str>, String) {
    let unnumbered = strip_numbering(text).unwrap_or_else(|| text.to_string());
    let plain = strip_emphasis(&unnumbered);
    // "Issue: Incorrect peer" → "Incorrect peer".
    let plain = match plain.split_once(':') {
        Some((head, rest))
            if !rest.trim().is_empty()
                && matches!(
                    head.trim().to_ascii_lowercase().as_str(),
                    "issue" | "failure" | "problem" | "bug" | "error" | "mistake" | "gap"
                ) =>
        {
            rest.to_string()
        }
        _ => plain,
    };
    let plain = plain.trim_start_matches(|c: char| !c.is_alphanumeric() && !"`([".contains(c));
    let (marker, title) = title_marker(plain);
    let title = title
        .trim_end_matches(|c: char| c == ':' || c.is_whitespace())
        .to_string();
    (marker, shorten(&title))
}

fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_TITLE_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(MAX_TITLE_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// The severity the lines state: a dedicated field first ("Severity: High"), else an impact
/// field that starts with a severity word.
fn stated_severity(lines: &[Line]) -> Option<&'static str> {
    let mut impact = None;
    for line in lines.iter().filter(|l| !l.code) {
        match severity_field(line.text) {
            Some((severity, true)) => return Some(severity),
            Some((severity, false)) if impact.is_none() => impact = Some(severity),
            _ => {}
        }
    }
    impact
}

/// A list item or a failure line of a group's text.
#[derive(Debug)]
struct ListItem {
    /// Index into the lines given to [`list_items`].
    offset: usize,
    title: String,
    marker: Option<&'static str>,
    numbered: bool,
    /// Its lead is in bold (`1. **Title**`).
    bold: bool,
}

/// Top-level list items (`1. X`, `- **X**: ...`), bold lines that are numbered
/// (`**1. Missing X**`) and `Issue 3: X` lines. Items whose lead is a field ("**Impact**: ...")
/// are details of a failure, not failures.
fn list_items(lines: &[Line]) -> Vec<ListItem> {
    let mut items = Vec::new();
    for (offset, line) in lines.iter().enumerate() {
        if line.code {
            continue;
        }
        let text = line.text;
        let indent = text.len() - text.trim_start_matches(' ').len();
        if indent > 1 || text.trim().is_empty() || text.trim_start().starts_with('|') {
            continue;
        }
        let trimmed = text.trim();
        let (content, numbered) = if let Some(rest) = ordered_item(trimmed) {
            (rest, true)
        } else if let Some(rest) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .or_else(|| trimmed.strip_prefix("+ "))
        {
            // "**1. Missing X**" as a bullet is still numbered.
            let numbered = strip_numbering(rest).is_some() && starts_with_failure_number(rest);
            (rest.to_string(), numbered)
        } else if starts_with_failure_number(trimmed) || is_bold_numbered(trimmed) {
            match strip_numbering(trimmed) {
                // "— Failure 1" alone: the failure is told on the next line ("Problem: ...").
                Some(rest) if rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() => {
                    match next_text_line(&lines[offset + 1..]) {
                        Some(next) => (next, true),
                        None => continue,
                    }
                }
                Some(rest) => (rest, true),
                None => continue,
            }
        } else {
            continue;
        };
        let mut lead = lead_of(&content);
        // "1. Medium Issues - There was a VPC limit ...": the lead is a severity, the rest is
        // the failure.
        let mut lead_severity = None;
        if let Some(severity) = severity_group(&lead) {
            let rest = content.trim().get(lead.len()..).unwrap_or("");
            let rest = rest.trim_start_matches(['*', ':', '-', '–', '—', ' ']);
            if !rest.is_empty() {
                lead_severity = Some(severity);
                lead = rest.to_string();
            }
        }
        if lead.is_empty() || is_field_heading(&lead) || is_meta_lead(&lead) {
            continue;
        }
        let (marker, title) = clean_title(&lead);
        let marker = marker.or(lead_severity);
        if title.is_empty() || normalise(&title).is_empty() {
            continue;
        }
        items.push(ListItem {
            offset,
            title,
            marker,
            numbered,
            bold: content.trim_start().starts_with("**"),
        });
    }
    items
}

/// The first non-blank text line, a field name in front of it removed ("Problem: X" → "X").
fn next_text_line(lines: &[Line]) -> Option<String> {
    let line = lines
        .iter()
        .take(3)
        .find(|l| !l.code && !l.text.trim().is_empty())?;
    let text = strip_emphasis(line.text.trim());
    let text = text.trim_start_matches(['-', '*', '+', ' ']);
    let value = match text.split_once(": ") {
        Some((key, value)) if is_field_heading(key) => value,
        _ => text,
    };
    Some(value.trim().to_string())
}

/// `1. X` / `1) X` → `X`.
fn ordered_item(text: &str) -> Option<String> {
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &text[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim().to_string())
}

/// "**1. Missing X**" alone on its line.
fn is_bold_numbered(text: &str) -> bool {
    let t = text.trim_end_matches(':');
    t.starts_with("**")
        && t.ends_with("**")
        && t.len() > 4
        && ordered_item(t.trim_matches('*').trim()).is_some()
}

/// What a list item is about: its bold lead (`**Missing X**: details`), else the text before
/// a `: ` or ` - ` separator when that is short, else the whole text.
fn lead_of(content: &str) -> String {
    let trimmed = content.trim();
    if let Some(rest) = trimmed.strip_prefix("**") {
        if let Some(end) = rest.find("**") {
            let bold = rest[..end].trim();
            if !bold.is_empty() {
                return bold.to_string();
            }
        }
    }
    for sep in [": ", " - ", " – ", " — "] {
        if let Some((head, _)) = trimmed.split_once(sep) {
            if head.split_whitespace().count() <= 12 {
                return head.to_string();
            }
        }
    }
    trimmed.to_string()
}

/// Column headers that name a failure, best first.
const TITLE_COLUMNS: &[&str] = &[
    "issue",
    "failure",
    "problem",
    "title",
    "finding",
    "gap",
    "defect",
    "bug",
    "error",
    "fault",
    "failure description",
    "issue description",
    "description",
    "what",
    "item",
    "name",
];

/// Column headers that hold a severity.
const SEVERITY_COLUMNS: &[&str] = &[
    "severity",
    "impact level",
    "priority",
    "criticality",
    "risk",
    "risk level",
    "level",
    "severity level",
    "impact",
];

fn cells(row: &str) -> Vec<String> {
    let inner = row.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            cell.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            out.push(cell.trim().to_string());
            cell.clear();
        } else {
            cell.push(c);
        }
    }
    out.push(cell.trim().to_string());
    out
}

fn is_separator_row(row: &[String]) -> bool {
    !row.is_empty()
        && row
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|x| x == '-' || x == ':' || x.is_whitespace()))
}

/// One failure per row of each table whose header names a failure column; the severity from
/// a severity column when there is one (rows whose severity cell names none keep the group's).
fn table_failures(lines: &[Line], context: Option<&'static str>) -> Vec<LabelledFailure> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let is_row = |l: &Line| !l.code && l.text.trim_start().starts_with('|');
        if !is_row(&lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_row(&lines[i]) {
            i += 1;
        }
        let rows: Vec<Vec<String>> = lines[start..i].iter().map(|l| cells(l.text)).collect();
        if rows.len() < 3 || !is_separator_row(&rows[1]) {
            continue;
        }
        let header: Vec<String> = rows[0].iter().map(|c| normalise(c)).collect();
        let column = |names: &[&str]| {
            names
                .iter()
                .find_map(|name| header.iter().position(|h| h == name))
        };
        let Some(title_column) = column(TITLE_COLUMNS) else {
            continue;
        };
        let severity_column = column(SEVERITY_COLUMNS);
        for (offset, row) in rows.iter().enumerate().skip(2) {
            let Some(title) = row.get(title_column) else {
                continue;
            };
            let (marker, title) = clean_title(title);
            if title.is_empty() || normalise(&title).is_empty() {
                continue;
            }
            let from_column = severity_column
                .and_then(|c| row.get(c))
                .and_then(|cell| crate::severity::leading_severity(&strip_emphasis(cell)));
            found.push(LabelledFailure {
                title,
                severity: marker.or(from_column).or(context).map(str::to_string),
                line: lines[start + offset].number,
            });
        }
    }
    found
}
