//! Suppressions written in the answers' code.
//!
//! - A comment `iacgrade: ignore[CODE] reason` (several codes: `ignore[ENC001, LOG]`; a code may
//!   be a prefix) on the finding's line or the line above, in any of the comment forms of the
//!   answers' languages: `# …` (Python, HCL, YAML, shell), `// …` (TypeScript, JavaScript, Go,
//!   Java, HCL), `/* … */`.
//! - A CloudFormation resource's metadata, for every finding inside that resource:
//!   ```yaml
//!   Metadata:
//!     iacgrade:
//!       ignore:
//!         - code: ENC001
//!           reason: the bucket holds public assets only
//!   ```
//!   (the same in JSON templates).
//!
//! A suppression is reported, never silent: it becomes a [`Suppression`] of the report, with its
//! reason and the place it is written.

use iacgrade_findings::{Finding, Side, Suppression, SuppressionKind};
use iacgrade_ir::ResourceGraph;
use iacgrade_task::SourceFile;

/// The code one side's findings point into.
#[derive(Clone, Copy)]
pub struct SideSources<'a> {
    pub files: &'a [SourceFile],
    pub graph: &'a ResourceGraph,
}

/// A parsed `iacgrade: ignore[...]` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    codes: Vec<String>,
    reason: Option<String>,
}

const MARKER: &str = "iacgrade:";

/// The directive in a line of code, when the line has one inside a comment.
fn directive_in(line: &str) -> Option<Directive> {
    let at = line.find(MARKER)?;
    let before = &line[..at];
    if !(before.contains('#') || before.contains("//") || before.contains("/*")) {
        return None;
    }
    let rest = line[at + MARKER.len()..].trim_start();
    let rest = rest.strip_prefix("ignore[")?;
    let (codes, reason) = rest.split_once(']')?;
    let codes: Vec<String> = codes
        .split(',')
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        return None;
    }
    let reason = reason.trim();
    let reason = reason.strip_suffix("*/").unwrap_or(reason).trim();
    let reason = reason.trim_start_matches([':', '-', '—']).trim();
    Some(Directive {
        codes,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
    })
}

fn code_matches(selector: &str, rule: &str) -> bool {
    rule.to_ascii_uppercase().starts_with(selector)
}

/// The in-source suppressions of `findings`: each finding of the model side is looked up in
/// `model`'s code, each of the ideal side in `ideal`'s. Task findings have no answer code.
pub fn in_source_suppressions(
    findings: &[Finding],
    model: SideSources<'_>,
    ideal: SideSources<'_>,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    for (index, finding) in findings.iter().enumerate() {
        let sources = match finding.side {
            Side::Model => model,
            Side::Ideal => ideal,
            Side::Task => continue,
        };
        let Some(file) = sources
            .files
            .iter()
            .find(|f| f.display_name() == finding.file)
        else {
            continue;
        };
        let Some(line) = finding.line else { continue };
        if let Some(s) = comment_suppression(index, finding, file, line) {
            out.push(s);
        } else if let Some(s) = metadata_suppression(index, finding, file, sources.graph, line) {
            out.push(s);
        }
    }
    out
}

/// A comment on the finding's line or the line above that names its rule.
fn comment_suppression(
    index: usize,
    finding: &Finding,
    file: &SourceFile,
    line: usize,
) -> Option<Suppression> {
    let lines: Vec<&str> = file.text.lines().collect();
    [line, line.saturating_sub(1)]
        .into_iter()
        .filter(|l| *l >= 1)
        .find_map(|l| {
            let directive = directive_in(lines.get(l - 1)?)?;
            directive
                .codes
                .iter()
                .any(|c| code_matches(c, &finding.rule))
                .then(|| Suppression {
                    finding: index,
                    kind: SuppressionKind::InSource,
                    justification: directive.reason,
                    file: Some(file.document.clone()),
                    line: Some(file.document_line(l)),
                })
        })
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The last line (1-based, inclusive) of the block that starts at `start`: in YAML, the lines
/// indented deeper than its first; in JSON, up to the brace that closes the first one opened.
fn block_end(lines: &[&str], start: usize) -> usize {
    let Some(first) = lines.get(start - 1) else {
        return start;
    };
    let after_key = first.split_once(':').map(|(_, v)| v).unwrap_or("");
    if first.trim_start().starts_with('"') || after_key.trim_start().starts_with('{') {
        let mut depth = 0i64;
        let mut opened = false;
        for (i, line) in lines.iter().enumerate().skip(start - 1) {
            let mut in_string = false;
            let mut escaped = false;
            for c in line.chars() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_string => escaped = true,
                    '"' => in_string = !in_string,
                    '{' | '[' if !in_string => {
                        depth += 1;
                        opened = true;
                    }
                    '}' | ']' if !in_string => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                return i + 1;
            }
        }
        return lines.len();
    }
    let base = indentation(first);
    let mut end = start;
    for (i, line) in lines.iter().enumerate().skip(start) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if indentation(line) <= base {
            break;
        }
        end = i + 1;
    }
    end
}

/// The value after `key` on a line (`code: ENC001`, `"code": "ENC001",`, `- code: 'X'`).
fn value_of(line: &str, key: &str) -> Option<String> {
    let trimmed = line.trim_start().trim_start_matches(['-', '{', ',', ' ']);
    let rest = trimmed
        .strip_prefix(key)
        .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))
        .or_else(|| trimmed.strip_prefix(&format!("'{key}'")))?;
    let rest = rest.trim_start().strip_prefix(':')?.trim();
    let rest = rest.trim_end_matches([',', '}', ']']).trim();
    let value = rest
        .strip_prefix('"')
        .and_then(|r| r.split_once('"').map(|(v, _)| v))
        .or_else(|| {
            rest.strip_prefix('\'')
                .and_then(|r| r.split_once('\'').map(|(v, _)| v))
        })
        .unwrap_or(rest);
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// The `Metadata.iacgrade.ignore` entries of the CloudFormation resource that holds the
/// finding's line, when one names its rule.
fn metadata_suppression(
    index: usize,
    finding: &Finding,
    file: &SourceFile,
    graph: &ResourceGraph,
    line: usize,
) -> Option<Suppression> {
    let lines: Vec<&str> = file.text.lines().collect();
    let display = file.display_name();
    // The resource declared last at or before the line, among this file's template resources.
    let resource_line = graph
        .resources
        .iter()
        .filter(|r| r.span.file == display && r.kind.starts_with("AWS::") && r.span.line <= line)
        .map(|r| r.span.line)
        .max()?;
    let resource_end = block_end(&lines, resource_line);
    if line > resource_end {
        return None;
    }
    let (metadata_line, _) = (resource_line + 1..=resource_end)
        .filter_map(|l| Some((l, *lines.get(l - 1)?)))
        .find(|(_, text)| value_key_is(text, "Metadata"))?;
    let metadata_end = block_end(&lines, metadata_line);
    // The key may share the line of `Metadata` in flow style or JSON.
    let (ours, _) = (metadata_line..=metadata_end)
        .filter_map(|l| Some((l, *lines.get(l - 1)?)))
        .find(|(_, text)| {
            value_key_is(text, "iacgrade")
                || text.contains("\"iacgrade\"")
                || text.contains("{iacgrade:")
                || text.contains("{ iacgrade:")
        })?;
    let ours_end = block_end(&lines, ours);
    let mut entries: Vec<(String, Option<String>, usize)> = Vec::new();
    for l in ours..=ours_end {
        let Some(text) = lines.get(l - 1) else { break };
        // One entry may sit on one line in flow style: `- {code: X, reason: Y}`; otherwise
        // the line is one key, and a reason may hold commas.
        let pieces: Vec<&str> = if text.contains("code") && text.contains("reason") {
            split_flow(text)
        } else {
            vec![text]
        };
        for piece in pieces {
            if let Some(code) = value_of(piece, "code") {
                entries.push((code.to_ascii_uppercase(), None, l));
            } else if let Some(reason) = value_of(piece, "reason") {
                if let Some(last) = entries.last_mut().filter(|e| e.1.is_none()) {
                    last.1 = Some(reason);
                }
            }
        }
    }
    let (_, reason, at) = entries
        .into_iter()
        .find(|(code, _, _)| code_matches(code, &finding.rule))?;
    Some(Suppression {
        finding: index,
        kind: SuppressionKind::InSource,
        justification: reason,
        file: Some(file.document.clone()),
        line: Some(file.document_line(at)),
    })
}

/// The pieces of a flow-style line between `,` and `{` outside quotes.
fn split_flow(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ',' | '{') => {
                pieces.push(&text[start..i]);
                start = i + 1;
            }
            (None, _) => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// Whether the line is the key `key` of a YAML or JSON map.
fn value_key_is(line: &str, key: &str) -> bool {
    let t = line.trim_start();
    t.strip_prefix(key)
        .or_else(|| t.strip_prefix(&format!("\"{key}\"")))
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_read_in_every_comment_form() {
        let d =
            directive_in("bucket = s3.Bucket(self, 'b')  # iacgrade: ignore[ENC001] public site")
                .expect("hash comment");
        assert_eq!(d.codes, vec!["ENC001".to_string()]);
        assert_eq!(d.reason.as_deref(), Some("public site"));
        let d = directive_in("  // iacgrade: ignore[enc, LOG001]").expect("slash comment");
        assert_eq!(d.codes, vec!["ENC".to_string(), "LOG001".to_string()]);
        assert_eq!(d.reason, None);
        let d = directive_in("/* iacgrade: ignore[API001] generated by a plugin */")
            .expect("block comment");
        assert_eq!(d.reason.as_deref(), Some("generated by a plugin"));
    }

    #[test]
    fn text_outside_comments_is_not_a_directive() {
        assert_eq!(directive_in("name = 'iacgrade: ignore[ENC001] x'"), None);
        assert_eq!(directive_in("# iacgrade: ignore[] nothing"), None);
        assert_eq!(directive_in("# iacgrade: skip[ENC001]"), None);
    }

    #[test]
    fn values_are_read_in_yaml_and_json() {
        assert_eq!(
            value_of("- code: ENC001", "code").as_deref(),
            Some("ENC001")
        );
        assert_eq!(
            value_of("  \"reason\": \"public, by design\",", "reason").as_deref(),
            Some("public, by design")
        );
        assert_eq!(
            value_of("  reason: 'kept'", "reason").as_deref(),
            Some("kept")
        );
        assert_eq!(value_of("codes: x", "code"), None);
    }

    fn finding(rule: &str, file: &str, line: usize) -> Finding {
        Finding {
            rule: rule.into(),
            name: "rule".into(),
            severity: iacgrade_findings::Severity::High,
            category: "B".into(),
            status: iacgrade_findings::FindingStatus::Fixed,
            side: Side::Model,
            file: file.into(),
            line: Some(line),
            message: "message".into(),
            model_snippet: None,
            ideal_snippet: None,
            root_cause: None,
            fix: None,
            docs: None,
            also_at: Vec::new(),
            evidence: Vec::new(),
        }
    }

    fn template(text: &str, path: &str) -> SourceFile {
        SourceFile {
            path: Some(path.into()),
            declared_language: None,
            text: text.into(),
            origin: iacgrade_task::Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 10,
        }
    }

    /// Which of `findings` the template's own comments and metadata suppress, with reasons.
    fn suppressed(file: &SourceFile, findings: &[Finding]) -> Vec<(usize, Option<String>, usize)> {
        let files = std::slice::from_ref(file);
        let graph = iacgrade_frontend_cfn::parse(files, None);
        let sources = SideSources {
            files,
            graph: &graph,
        };
        let empty = ResourceGraph::default();
        let none = SideSources {
            files: &[],
            graph: &empty,
        };
        in_source_suppressions(findings, sources, none)
            .into_iter()
            .map(|s| (s.finding, s.justification, s.line.unwrap_or(0)))
            .collect()
    }

    #[test]
    fn cloudformation_metadata_suppresses_findings_inside_its_resource() {
        let yaml = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Metadata:\n      iacgrade:\n        ignore:\n          - code: ENC001\n            reason: public assets, by design\n    Properties:\n      BucketName: logs\n  Data:\n    Type: AWS::S3::Bucket\n";
        let file = template(yaml, "lib/TapStack.yml");
        let found = suppressed(
            &file,
            &[
                finding("ENC001", "lib/TapStack.yml", 11),
                finding("ENC001", "lib/TapStack.yml", 12),
                finding("ENC002", "lib/TapStack.yml", 3),
            ],
        );
        // Line 8 of the template is line 17 of the answer document.
        assert_eq!(
            found,
            vec![(0, Some("public assets, by design".into()), 17)]
        );

        let json = "{\n  \"Resources\": {\n    \"Logs\": {\n      \"Type\": \"AWS::S3::Bucket\",\n      \"Metadata\": {\"iacgrade\": {\"ignore\": [{\"code\": \"ENC\", \"reason\": \"kept, on purpose\"}]}},\n      \"Properties\": {}\n    },\n    \"Data\": {\"Type\": \"AWS::S3::Bucket\"}\n  }\n}\n";
        let file = template(json, "lib/TapStack.json");
        let found = suppressed(
            &file,
            &[
                finding("ENC001", "lib/TapStack.json", 6),
                finding("ENC001", "lib/TapStack.json", 8),
            ],
        );
        assert_eq!(found, vec![(0, Some("kept, on purpose".into()), 14)]);
    }

    #[test]
    fn a_comment_above_or_on_the_line_suppresses_only_its_codes() {
        let text = "import aws\n# iacgrade: ignore[API001] the SDK has it in a newer version\naws.Invented()\nx = 1  // iacgrade: ignore[LOG] short-lived\n";
        let file = SourceFile {
            path: Some("tap.py".into()),
            declared_language: None,
            text: text.into(),
            origin: iacgrade_task::Origin::ModelResponse,
            document: "lib/MODEL_RESPONSE.md".into(),
            first_line: 1,
        };
        let found = suppressed(
            &file,
            &[
                finding("API001", "tap.py", 3),
                finding("API002", "tap.py", 3),
                finding("LOG001", "tap.py", 4),
                finding("API001", "tap.py", 1),
            ],
        );
        assert_eq!(
            found,
            vec![
                (0, Some("the SDK has it in a newer version".into()), 2),
                (2, Some("short-lived".into()), 4),
            ]
        );
    }

    #[test]
    fn blocks_end_where_the_indentation_or_the_braces_close() {
        let yaml: Vec<&str> = "Resources:\n  A:\n    Type: x\n\n    Properties: {}\n  B:\n"
            .lines()
            .collect();
        assert_eq!(block_end(&yaml, 2), 5);
        let json: Vec<&str> =
            "{\n  \"A\": {\n    \"Type\": \"x\",\n    \"P\": {}\n  },\n  \"B\": {}\n}"
                .lines()
                .collect();
        assert_eq!(block_end(&json, 2), 5);
    }
}
