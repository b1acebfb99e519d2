//! The API surfaces: what the real SDKs and resource schemas contain, generated from the
//! packages themselves by `tools/api-surface/` and embedded in the binary, so that the check
//! works offline.
//!
//! Each surface is a text file, one entry a line, sorted by path (format in
//! `tools/api-surface/surface_format.py`), committed gzip-compressed and decompressed into the
//! build by `build.rs`. Loading indexes the line starts; lookups are binary searches over the
//! sorted paths, so nothing is copied per entry and a surface loads in a few milliseconds. Each
//! surface is loaded the first time it is asked for.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Mutex, OnceLock};

/// Which SDK (and language) or schema set a surface describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SurfaceId {
    /// `pulumi`, `pulumi_aws`, `pulumi_random`, `pulumi_tls`, `pulumi_awsx` (PyPI).
    PulumiPy,
    /// `@pulumi/pulumi`, `@pulumi/aws`, `@pulumi/random`, `@pulumi/tls`, `@pulumi/awsx` (npm).
    PulumiTs,
    /// `aws_cdk`, `constructs` (PyPI).
    CdkPy,
    /// `aws-cdk-lib`, `constructs` (npm).
    CdkTs,
    /// `cdktf`, `cdktf_cdktf_provider_aws`, `constructs` (PyPI names).
    CdktfPy,
    /// `cdktf`, `@cdktf/provider-aws`, `constructs` (npm).
    CdktfTs,
    /// Terraform AWS provider resource and data-source types, arguments, blocks, attributes.
    Terraform,
    /// CloudFormation resource types, properties, attributes, nested property types.
    Cfn,
}

impl SurfaceId {
    pub const ALL: [SurfaceId; 8] = [
        SurfaceId::PulumiPy,
        SurfaceId::PulumiTs,
        SurfaceId::CdkPy,
        SurfaceId::CdkTs,
        SurfaceId::CdktfPy,
        SurfaceId::CdktfTs,
        SurfaceId::Terraform,
        SurfaceId::Cfn,
    ];

    /// The name the data file and its header use (`pulumi-py`).
    pub fn name(self) -> &'static str {
        match self {
            SurfaceId::PulumiPy => "pulumi-py",
            SurfaceId::PulumiTs => "pulumi-ts",
            SurfaceId::CdkPy => "cdk-py",
            SurfaceId::CdkTs => "cdk-ts",
            SurfaceId::CdktfPy => "cdktf-py",
            SurfaceId::CdktfTs => "cdktf-ts",
            SurfaceId::Terraform => "terraform",
            SurfaceId::Cfn => "cfn",
        }
    }

    fn text(self) -> &'static str {
        macro_rules! surface_text {
            ($name:literal) => {
                include_str!(concat!(env!("OUT_DIR"), "/", $name, ".surface"))
            };
        }
        match self {
            SurfaceId::PulumiPy => surface_text!("pulumi-py"),
            SurfaceId::PulumiTs => surface_text!("pulumi-ts"),
            SurfaceId::CdkPy => surface_text!("cdk-py"),
            SurfaceId::CdkTs => surface_text!("cdk-ts"),
            SurfaceId::CdktfPy => surface_text!("cdktf-py"),
            SurfaceId::CdktfTs => surface_text!("cdktf-ts"),
            SurfaceId::Terraform => surface_text!("terraform"),
            SurfaceId::Cfn => surface_text!("cfn"),
        }
    }

    /// The surface, loaded on first use.
    pub fn surface(self) -> &'static Surface {
        static CELLS: [OnceLock<Surface>; 8] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        CELLS[self as usize].get_or_init(|| Surface::from_text(self.name(), self.text()))
    }
}

/// What an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Module,
    Class,
    Function,
    Enum,
    /// An interface, struct or type alias: a name for annotations.
    Type,
    /// A constant or variable.
    Value,
    /// A CloudFormation or Terraform resource type.
    Resource,
    /// A Terraform data source type.
    DataSource,
    /// A nested block or property type (`aws_s3_bucket/versioning`).
    Nested,
    /// Another spelling of a path (`aws-cdk-lib/aws-s3` for `aws-cdk-lib.aws_s3`).
    Alias,
}

impl EntryKind {
    fn from_byte(b: u8) -> Option<EntryKind> {
        Some(match b {
            b'M' => EntryKind::Module,
            b'C' => EntryKind::Class,
            b'F' => EntryKind::Function,
            b'E' => EntryKind::Enum,
            b'T' => EntryKind::Type,
            b'V' => EntryKind::Value,
            b'R' => EntryKind::Resource,
            b'D' => EntryKind::DataSource,
            b'N' => EntryKind::Nested,
            b'A' => EntryKind::Alias,
            _ => return None,
        })
    }

    /// How a message names this kind of thing.
    pub fn describe(self) -> &'static str {
        match self {
            EntryKind::Module => "module",
            EntryKind::Class => "class",
            EntryKind::Function => "function",
            EntryKind::Enum => "enum",
            EntryKind::Type => "type",
            EntryKind::Value => "value",
            EntryKind::Resource => "resource type",
            EntryKind::DataSource => "data source",
            EntryKind::Nested => "block",
            EntryKind::Alias => "module",
        }
    }
}

/// A list of names as the data records it: comma-separated, `!` marking a required one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names<'a> {
    /// Not known completely: every name must be accepted.
    Any,
    /// The entry has no such list (a module's args).
    NotApplicable,
    Known(&'a str),
}

/// Whether the comma-separated `list` has `name` (a name may carry `!` marks after it). Lists run
/// to hundreds of names and are asked thousands of times: the name is searched for, and each
/// place it occurs is checked to be a whole item.
fn list_has(list: &str, name: &str) -> bool {
    if name.is_empty() || name.ends_with('!') || name.contains(',') {
        // Names no search would find as an item; as the plain reading answers.
        return list.split(',').any(|n| n.trim_end_matches('!') == name);
    }
    let mut start = 0;
    while let Some(found) = list[start..].find(name) {
        let at = start + found;
        let whole_before = at == 0 || list.as_bytes()[at - 1] == b',';
        let after = list[at + name.len()..].trim_start_matches('!');
        if whole_before && (after.is_empty() || after.starts_with(',')) {
            return true;
        }
        start = at + name.len();
    }
    false
}

impl<'a> Names<'a> {
    fn parse(field: &'a str) -> Names<'a> {
        match field {
            "*" => Names::Any,
            "-" => Names::NotApplicable,
            other => Names::Known(other),
        }
    }

    /// `Some(true/false)` when the list is known, `None` when any name is accepted.
    pub fn contains(self, name: &str) -> Option<bool> {
        match self {
            Names::Known(list) => Some(list_has(list, name)),
            _ => None,
        }
    }

    /// Every name (without the required mark).
    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        let list = match self {
            Names::Known(list) => list,
            _ => "",
        };
        list.split(',')
            .filter(|n| !n.is_empty())
            .map(|n| n.trim_end_matches('!'))
    }

    /// The names marked required.
    pub fn required(self) -> impl Iterator<Item = &'a str> {
        let list = match self {
            Names::Known(list) => list,
            _ => "",
        };
        list.split(',').filter_map(|n| n.strip_suffix('!'))
    }
}

/// One entry of a surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub kind: EntryKind,
    pub path: &'a str,
    /// Keyword arguments, props, properties or Terraform arguments it accepts.
    pub args: Names<'a>,
    /// Attributes: class members, enum members, resource attributes.
    pub members: Names<'a>,
}

#[derive(Debug, Clone, Copy)]
struct LineIndex {
    start: u32,
    path_end: u32,
    end: u32,
}

/// One loaded surface.
#[derive(Debug)]
pub struct Surface {
    pub name: String,
    /// The packages the data was generated from (`pypi:pulumi-aws==7.51.1`).
    pub sources: Vec<String>,
    /// Problems met while loading (a corrupt file, an unreadable line); the surface then holds
    /// what could be read, and a check treats anything missing as unknown, never as wrong.
    pub problems: Vec<String>,
    text: Cow<'static, str>,
    lines: Vec<LineIndex>,
    /// Line indices by the last dotted name of their path, built on first use (see
    /// [`Surface::with_last_name`]).
    by_last_name: OnceLock<HashMap<Box<str>, Vec<u32>>>,
    /// What API001 concluded about a symbol path of this surface (see [`Surface::remember`]).
    verdicts: Mutex<HashMap<Box<str>, SymbolVerdict>>,
}

/// API001's conclusion about one symbol path: `None` when it resolves, else the message and the
/// suggestion.
pub(crate) type SymbolVerdict = Option<(String, Option<String>)>;

/// How many verdicts a surface keeps; past it, new paths are judged each time they are met.
const MAX_REMEMBERED_VERDICTS: usize = 1 << 18;

impl Surface {
    /// Reads a surface from its gzip-compressed bytes.
    pub fn from_gzip(name: &str, bytes: &[u8]) -> Surface {
        let mut text = String::new();
        let mut decoder = flate2::read::GzDecoder::new(bytes);
        if let Err(err) = decoder.read_to_string(&mut text) {
            return Surface {
                name: name.to_string(),
                sources: Vec::new(),
                problems: vec![format!("surface {name}: cannot decompress the data: {err}")],
                text: Cow::Borrowed(""),
                lines: Vec::new(),
                by_last_name: OnceLock::new(),
                verdicts: Mutex::default(),
            };
        }
        Surface::from_text(name, text)
    }

    /// Reads a surface from its text form.
    pub fn from_text(name: &str, text: impl Into<Cow<'static, str>>) -> Surface {
        let text: Cow<'static, str> = text.into();
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        let mut lines = Vec::new();
        let mut header_seen = false;
        let mut offset = 0usize;
        let mut sorted = true;
        for (number, line) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            if let Some(meta) = line.strip_prefix('#') {
                if meta.starts_with("iacgrade-api-surface ") {
                    header_seen = true;
                } else if let Some(src) = meta.strip_prefix("source ") {
                    sources.push(src.to_string());
                }
                continue;
            }
            if line.is_empty() {
                continue;
            }
            // Only the kind and the path are checked here (one pass over the data is the whole
            // load cost); a missing args or members field reads as "not known" on lookup.
            let bytes = line.as_bytes();
            let path_tab = line.get(2..).and_then(|rest| rest.find('\t'));
            let (true, Some(path_tab)) = (
                bytes.len() > 2 && bytes[1] == b'\t' && EntryKind::from_byte(bytes[0]).is_some(),
                path_tab,
            ) else {
                problems.push(format!(
                    "surface {name}, line {}: not `kind<TAB>path<TAB>args<TAB>members`",
                    number + 1
                ));
                continue;
            };
            let path_end = start + 2 + path_tab;
            let entry = LineIndex {
                start: start as u32,
                path_end: path_end as u32,
                end: (start + line.len()) as u32,
            };
            if let Some(prev) = lines.last() {
                if path_of(&text, prev) >= path_of(&text, &entry) {
                    sorted = false;
                }
            }
            lines.push(entry);
        }
        if !header_seen {
            problems.push(format!(
                "surface {name}: no `#iacgrade-api-surface` header; regenerate it with tools/api-surface"
            ));
        }
        if !sorted {
            lines.sort_by(|a, b| path_of(&text, a).cmp(path_of(&text, b)));
            lines.dedup_by(|a, b| path_of(&text, a) == path_of(&text, b));
        }
        Surface {
            name: name.to_string(),
            sources,
            problems,
            text,
            lines,
            by_last_name: OnceLock::new(),
            verdicts: Mutex::default(),
        }
    }

    /// The verdict on `path`, judged by `judge` the first time and remembered for every later
    /// task: a verdict depends on the path and the surface alone, and the same mistakes and the
    /// same classes recur across thousands of answers.
    pub(crate) fn remember(
        &self,
        path: &str,
        judge: impl FnOnce() -> SymbolVerdict,
    ) -> SymbolVerdict {
        // A poisoned lock only means another task panicked mid-insert; the map is still sound.
        let lock = || self.verdicts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = lock().get(path) {
            return known.clone();
        }
        // Judged without the lock held, so that other workers are not kept waiting.
        let verdict = judge();
        let mut verdicts = lock();
        if verdicts.len() < MAX_REMEMBERED_VERDICTS {
            verdicts.insert(path.into(), verdict.clone());
        }
        verdict
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    fn entry_at(&self, i: usize) -> Entry<'_> {
        let l = &self.lines[i];
        let line = &self.text[l.start as usize..l.end as usize];
        let kind = line
            .as_bytes()
            .first()
            .and_then(|b| EntryKind::from_byte(*b))
            .unwrap_or(EntryKind::Value);
        let mut fields = line.split('\t').skip(1);
        let path = fields.next().unwrap_or("");
        let args = Names::parse(fields.next().unwrap_or("*"));
        let members = Names::parse(fields.next().unwrap_or("*"));
        Entry {
            kind,
            path,
            args,
            members,
        }
    }

    /// The entry at exactly `path`.
    pub fn get(&self, path: &str) -> Option<Entry<'_>> {
        self.lines
            .binary_search_by(|l| path_of(&self.text, l).cmp(path))
            .ok()
            .map(|i| self.entry_at(i))
    }

    /// Entries whose path starts with `prefix`, in path order.
    pub fn with_prefix<'s>(&'s self, prefix: &'s str) -> impl Iterator<Item = Entry<'s>> + 's {
        let first = self
            .lines
            .partition_point(|l| path_of(&self.text, l) < prefix);
        (first..self.lines.len())
            .take_while(move |&i| path_of(&self.text, &self.lines[i]).starts_with(prefix))
            .map(move |i| self.entry_at(i))
    }

    /// The direct children of a module or class path (`a.b` -> `a.b.C`, not `a.b.c.D`), in
    /// path order. The paths below `a.b.` are one run of the sorted lines; the descendants of a
    /// child (`a.b.C.*`, also one run) are stepped over by a binary search, so a module's
    /// children cost their own number, not the size of the module's subtree.
    pub fn children<'s>(&'s self, parent: &'s str) -> impl Iterator<Item = Entry<'s>> + 's {
        let text: &str = &self.text;
        let lines = &self.lines;
        let mut i =
            lines.partition_point(|l| cmp_with_last(path_of(text, l), parent, b'.').is_lt());
        let end = lines.partition_point(|l| cmp_with_last(path_of(text, l), parent, b'/').is_lt());
        std::iter::from_fn(move || {
            while i < end {
                let path = path_of(text, &lines[i]);
                let rest = &path[parent.len() + 1..];
                match rest.find('.') {
                    // A path ending in the dot itself names no child.
                    None if rest.is_empty() => i += 1,
                    None => {
                        i += 1;
                        return Some(self.entry_at(i - 1));
                    }
                    Some(dot) => {
                        // `a.b.C.x`: skip every path below `a.b.C.`, up to `a.b.C/`.
                        let child = &path[..parent.len() + 1 + dot];
                        i += lines[i..].partition_point(|l| {
                            cmp_with_last(path_of(text, l), child, b'/').is_lt()
                        });
                    }
                }
            }
            None
        })
    }

    /// Entries whose last dotted name is `name` (`pkg.mod.Bucket` for `Bucket`), in path order.
    /// The index is built on the first call, once per surface.
    pub fn with_last_name<'s>(&'s self, name: &str) -> impl Iterator<Item = Entry<'s>> + 's {
        let index = self.by_last_name.get_or_init(|| {
            let mut index: HashMap<Box<str>, Vec<u32>> = HashMap::new();
            for (i, l) in self.lines.iter().enumerate() {
                let last = path_of(&self.text, l)
                    .rsplit('.')
                    .next()
                    .unwrap_or_default();
                index.entry(last.into()).or_default().push(i as u32);
            }
            index
        });
        index
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(move |&i| self.entry_at(i as usize))
    }

    /// The paths of the entries of one kind, in path order (read from each line's first byte,
    /// without splitting the line).
    pub fn paths_of_kind(&self, kind: EntryKind) -> impl Iterator<Item = &str> {
        self.lines.iter().filter_map(move |l| {
            let first = self.text.as_bytes().get(l.start as usize).copied()?;
            (EntryKind::from_byte(first) == Some(kind)).then(|| path_of(&self.text, l))
        })
    }

    /// Every entry, in path order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.lines.len()).map(move |i| self.entry_at(i))
    }
}

fn path_of<'t>(text: &'t str, l: &LineIndex) -> &'t str {
    &text[l.start as usize + 2..l.path_end as usize]
}

/// Orders `path` against the string `prefix` followed by the byte `last`, without building it.
fn cmp_with_last(path: &str, prefix: &str, last: u8) -> Ordering {
    let (path, prefix) = (path.as_bytes(), prefix.as_bytes());
    let head = path.len().min(prefix.len());
    match path[..head].cmp(&prefix[..head]) {
        Ordering::Equal if path.len() < prefix.len() => Ordering::Less,
        Ordering::Equal => match path.get(prefix.len()) {
            None => Ordering::Less,
            Some(b) => b.cmp(&last),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Surface {
        Surface::from_text(
            "test",
            "#iacgrade-api-surface 1\n#source pypi:x==1\nM\tpkg\t-\t-\nC\tpkg.Thing\ta,b!\tget\nM\tpkg.sub\t-\t-\nF\tpkg.sub.f\t*\t*\n"
                .to_string(),
        )
    }

    #[test]
    fn finds_entries_and_children() {
        let s = sample();
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.sources, vec!["pypi:x==1"]);
        let thing = s.get("pkg.Thing").expect("entry");
        assert_eq!(thing.kind, EntryKind::Class);
        assert_eq!(thing.args.contains("b"), Some(true));
        assert_eq!(thing.args.contains("c"), Some(false));
        assert_eq!(thing.args.required().collect::<Vec<_>>(), vec!["b"]);
        assert_eq!(s.get("pkg.sub.f").map(|e| e.args), Some(Names::Any));
        let kids: Vec<_> = s.children("pkg").map(|e| e.path).collect();
        assert_eq!(kids, vec!["pkg.Thing", "pkg.sub"]);
    }

    #[test]
    fn bad_lines_become_problems_not_panics() {
        let s = Surface::from_text("bad", "M\tonly-two-fields\nXYZ\n\tC\n".to_string());
        assert_eq!(s.len(), 0);
        assert!(s.problems.len() >= 3);
        let s = Surface::from_gzip("bad", b"not gzip at all");
        assert!(s.is_empty());
        assert_eq!(s.problems.len(), 1);
    }

    /// `children` as a filter over every entry below the parent: what the stepping must match.
    fn children_by_filter<'s>(s: &'s Surface, parent: &str) -> Vec<&'s str> {
        s.entries()
            .map(|e| e.path)
            .filter(|p| {
                p.len() > parent.len() + 1
                    && p.starts_with(parent)
                    && p.as_bytes()[parent.len()] == b'.'
                    && !p[parent.len() + 1..].contains('.')
            })
            .collect()
    }

    #[test]
    fn children_step_over_descendants_and_lookalike_siblings() {
        let s = Surface::from_text(
            "t",
            [
                "#iacgrade-api-surface 1",
                "M\ta.b\t-\t-",
                "M\ta.b-x\t-\t-",
                "C\ta.b-x.Y\t-\t-",
                "C\ta.b.C\t-\t-",
                "C\ta.b.C-D\t-\t-",
                "N\ta.b.C.x\t-\t-",
                "N\ta.b.C.x.y\t-\t-",
                "C\ta.b.D\t-\t-",
                "N\ta.b.E.deep\t-\t-",
                "C\ta.b.F\t-\t-",
                "M\ta.bc\t-\t-",
                "C\ta.bc.G\t-\t-",
                "",
            ]
            .join("\n"),
        );
        let kids: Vec<_> = s.children("a.b").map(|e| e.path).collect();
        assert_eq!(kids, vec!["a.b.C", "a.b.C-D", "a.b.D", "a.b.F"]);
        assert_eq!(kids, children_by_filter(&s, "a.b"));
        assert_eq!(
            s.children("a.b.C").map(|e| e.path).collect::<Vec<_>>(),
            vec!["a.b.C.x"]
        );
        assert_eq!(s.children("zzz").count(), 0);
        let found: Vec<_> = s.with_last_name("x").map(|e| e.path).collect();
        assert_eq!(found, vec!["a.b.C.x"]);
        assert_eq!(s.with_last_name("nothing").count(), 0);
        let classes: Vec<_> = s.paths_of_kind(EntryKind::Class).collect();
        assert_eq!(
            classes,
            vec!["a.b-x.Y", "a.b.C", "a.b.C-D", "a.b.D", "a.b.F", "a.bc.G"]
        );
    }

    proptest::proptest! {
        #[test]
        fn children_match_the_filter(
            paths in proptest::collection::btree_set("[ab][.b_-]{0,1}[ab.]{0,5}", 0..40),
            parent in "[ab][.b]{0,2}",
        ) {
            let text: String = paths.iter().map(|p| format!("C\t{p}\t-\t-\n")).collect();
            let s = Surface::from_text("p", text);
            let kids: Vec<_> = s.children(&parent).map(|e| e.path).collect();
            proptest::prop_assert_eq!(kids, children_by_filter(&s, &parent));
        }

        #[test]
        fn a_list_has_a_name_as_splitting_it_tells(list in "[ab!,]{0,14}", name in "[ab!,]{0,4}") {
            let plain = list.split(',').any(|n| n.trim_end_matches('!') == name);
            proptest::prop_assert_eq!(list_has(&list, &name), plain);
        }
    }

    #[test]
    fn unsorted_data_is_sorted_on_load() {
        let s = Surface::from_text(
            "u",
            "#iacgrade-api-surface 1\nC\tb\t-\t-\nC\ta\t-\t-\n".to_string(),
        );
        assert!(s.get("a").is_some() && s.get("b").is_some());
    }
}
