//! The front-end never panics, whatever the input: arbitrary text, and real-looking programs cut
//! or spliced at arbitrary points, in every language it reads.

use iacgrade_task::{Origin, Platform, SourceFile};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    include_str!("fixtures/pulumi_component.py"),
    include_str!("fixtures/pulumi_index.ts"),
    include_str!("fixtures/cdk_stack.ts"),
    include_str!("fixtures/cdk_stack.py"),
    include_str!("fixtures/cdktf_stack.ts"),
    include_str!("fixtures/cdktf_stack.py"),
    include_str!("fixtures/pulumi_commonjs.js"),
];

fn file(path: &str, text: String) -> SourceFile {
    SourceFile {
        path: Some(path.to_string()),
        declared_language: None,
        text,
        origin: Origin::ModelResponse,
        document: "lib/MODEL_RESPONSE.md".into(),
        first_line: 7,
    }
}

fn parse_all_ways(text: &str) {
    for path in ["lib/a.py", "lib/a.ts", "lib/a.js", "lib/a.tsx"] {
        for platform in [
            Some(Platform::Pulumi),
            Some(Platform::Cdk),
            Some(Platform::Cdktf),
            None,
        ] {
            let g = iacgrade_frontend_code::parse(&[file(path, text.to_string())], platform);
            for r in &g.resources {
                assert!(r.span.line >= 1);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        parse_all_ways(&text);
    }

    #[test]
    fn programs_cut_and_spliced(seed in 0..SEEDS.len(), other in 0..SEEDS.len(), a in 0usize..4000, b in 0usize..4000) {
        let s = SEEDS[seed];
        let t = SEEDS[other];
        let cut = |x: &str, at: usize| -> String { x.chars().take(at).collect() };
        let tail = |x: &str, at: usize| -> String { x.chars().skip(at).collect() };
        parse_all_ways(&cut(s, a));
        parse_all_ways(&(cut(s, a) + &tail(t, b)));
    }

    #[test]
    fn code_like_tokens(tokens in prop::collection::vec(prop::sample::select(vec![
        "for ", "in ", "range(", "3", ")", ":", "\n", "    ", "aws.s3.Bucket(", "new ", "this", "self", ",",
        "'x'", "f\"{a}\"", "`${b}`", "class A(", "def f(", "return ", "super().__init__(", "{", "}", "=>",
        "import pulumi_aws as aws\n", "x = ", "x.append(", "[", "]", "**", "...", "if ", "else", "lambda x: ",
    ]), 0..120)) {
        parse_all_ways(&tokens.concat());
    }
}

/// Deep nesting (long concatenations, nested brackets and blocks) on a small thread stack, as
/// a worker thread of a corpus run has.
#[test]
fn deep_nesting_on_a_small_stack() {
    let concat = format!(
        "import pulumi_aws as aws\naws.s3.Bucket(\"b\" + {})\n",
        vec!["x"; 20_000].join(" + ")
    );
    let parens = format!("x = {}1{}\n", "(".repeat(5_000), ")".repeat(5_000));
    let blocks = format!(
        "function f() {{\n{}{}}}\n",
        "if (a) {\n".repeat(3_000),
        "}\n".repeat(3_000)
    );
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            for text in [concat, parens, blocks] {
                parse_all_ways(&text);
            }
        })
        .expect("thread starts");
    assert!(handle.join().is_ok());
}

/// Programs that construct themselves, call themselves or import each other end.
#[test]
fn self_referencing_programs_end() {
    parse_all_ways("class A:\n    x = A()\n    def __init__(self):\n        self.y = A()\nA()\n");
    parse_all_ways("class A { x = new A(); constructor() { new A(); } }\nnew A();\n");
    parse_all_ways("def f(n):\n    return f(n + 1)\nf(0)\n");
    parse_all_ways("const f = (n) => f(n + 1);\nf(0);\n");
}
