use super::*;

fn planned(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

fn supplied_paths(files: &[SuppliedFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

#[test]
fn a_cdk_typescript_stack_gets_the_pipelines_entry_config_and_tsconfig() {
    let files = planned(&[(
        "lib/tap-stack.ts",
        "export class TapStack extends cdk.Stack {}",
    )]);
    let has = |p: &str| files.iter().any(|(f, _)| f == p);
    let supplied = project_files(Some(Platform::Cdk), Some(Language::Ts), &files, &has);
    assert_eq!(
        supplied_paths(&supplied),
        ["bin/tap.ts", "tsconfig.json", "cdk.json"]
    );
    assert!(supplied[0]
        .text
        .contains("import { TapStack } from '../lib/tap-stack';"));
    assert!(supplied[0]
        .text
        .contains("new TapStack(app, stackName, props);"));
    assert!(supplied[2]
        .text
        .contains("npx ts-node --prefer-ts-exts bin/tap.ts"));
}

#[test]
fn another_stack_class_is_instantiated_under_its_own_name() {
    let files = planned(&[("lib/orders.py", "class OrdersStack(Stack):\n    pass\n")]);
    let supplied = project_files(Some(Platform::Cdk), Some(Language::Py), &files, &|_| false);
    assert_eq!(supplied_paths(&supplied), ["tap.py", "cdk.json"]);
    assert!(supplied[0]
        .text
        .contains("import lib.orders as stack_module"));
    assert!(supplied[0]
        .text
        .contains("stack_class = stack_module.OrdersStack"));
    assert!(supplied[1].text.contains("python3 tap.py"));
}

#[test]
fn an_answers_own_entry_is_what_the_configuration_runs() {
    let files = planned(&[
        (
            "main.ts",
            "import { App } from 'cdktf';\nconst app = new App();\napp.synth();\n",
        ),
        (
            "lib/tap-stack.ts",
            "export class TapStack extends TerraformStack {}",
        ),
    ]);
    let has = |p: &str| files.iter().any(|(f, _)| f == p);
    let supplied = project_files(Some(Platform::Cdktf), Some(Language::Ts), &files, &has);
    assert_eq!(supplied_paths(&supplied), ["tsconfig.json", "cdktf.json"]);
    assert!(supplied[1]
        .text
        .contains("npx ts-node --prefer-ts-exts main.ts"));
    assert!(supplied[1].text.contains("aws@~> 6.0"));
}

#[test]
fn pulumi_projects_get_the_pipelines_project_file() {
    let files = planned(&[(
        "lib/tap_stack.py",
        "class TapStack(pulumi.ComponentResource):\n    pass\n",
    )]);
    let supplied = project_files(Some(Platform::Pulumi), Some(Language::Py), &files, &|_| {
        false
    });
    assert_eq!(supplied_paths(&supplied), ["tap.py", "Pulumi.yaml"]);
    assert!(supplied[1].text.contains("name: pulumi-infra"));
    assert!(supplied[1].text.contains("main: tap.py"));
    let supplied = project_files(Some(Platform::Cfn), Some(Language::Yaml), &files, &|_| {
        false
    });
    assert!(supplied.is_empty());
}

#[test]
fn javascript_entries_import_with_the_extension() {
    assert_eq!(
        import_specifier("bin/tap.mjs", "lib/tap-stack.mjs", Language::Js),
        "../lib/tap-stack.mjs"
    );
    assert_eq!(
        import_specifier("bin/tap.ts", "lib/tap-stack.ts", Language::Ts),
        "../lib/tap-stack"
    );
    assert_eq!(
        import_specifier("tap.py", "lib/tap_stack.py", Language::Py),
        "lib.tap_stack"
    );
}

#[test]
fn abbreviated_or_partial_code_is_not_complete() {
    let code = planned(&[(
        "lib/tap_stack.py",
        "from lib.network import Net\nclass TapStack(Stack):\n    pass\n",
    )]);
    let paths = vec!["lib/tap_stack.py".to_string()];
    let why = incomplete_code(Some(Platform::Cdk), Some(Language::Py), &code, &paths);
    assert_eq!(
        why.as_deref(),
        Some("lib/tap_stack.py imports lib/network.py, which the answer does not deliver")
    );
    let paths = vec!["lib/tap_stack.py".to_string(), "lib/network.py".to_string()];
    assert_eq!(
        incomplete_code(Some(Platform::Cdk), Some(Language::Py), &code, &paths),
        None
    );
    let abbreviated = planned(&[(
        "lib/tap-stack.ts",
        "export class TapStack {\n  // ... remaining resources as before\n}\n",
    )]);
    let why = incomplete_code(Some(Platform::Cdk), Some(Language::Ts), &abbreviated, &[]);
    assert!(why.is_some_and(|w| w.contains("leaves code out")));
    let asset = planned(&[(
        "lib/tap-stack.ts",
        "new lambda.Function(this, 'F', { code: lambda.Code.fromAsset('lambda') });\n",
    )]);
    let why = incomplete_code(Some(Platform::Cdk), Some(Language::Ts), &asset, &[]);
    assert!(why.is_some_and(|w| w.contains("asset folder lambda")));
    let with_handler = vec!["lambda/index.js".to_string()];
    assert_eq!(
        incomplete_code(
            Some(Platform::Cdk),
            Some(Language::Ts),
            &asset,
            &with_handler
        ),
        None
    );
}

#[test]
fn a_stack_without_props_is_created_without_them() {
    let files = planned(&[(
        "lib/tap-stack.ts",
        "export class TapStack extends TerraformStack {\n  constructor(scope: Construct, id: string) {\n    super(scope, id);\n  }\n}\n",
    )]);
    let supplied = project_files(Some(Platform::Cdktf), Some(Language::Ts), &files, &|_| {
        false
    });
    assert!(supplied[0].text.contains("new TapStack(app, stackName);"));
    let with_props = planned(&[(
        "lib/tap-stack.ts",
        "export class TapStack extends TerraformStack {\n  constructor(scope: Construct, id: string, props?: TapStackProps) {}\n}\n",
    )]);
    let supplied = project_files(
        Some(Platform::Cdktf),
        Some(Language::Ts),
        &with_props,
        &|_| false,
    );
    assert!(supplied[0]
        .text
        .contains("new TapStack(app, stackName, props);"));
}
