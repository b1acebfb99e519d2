//! IR snapshots of the self-written fixtures, one per framework and language: resources with
//! their kinds, names, props and options, references, templates, outputs, providers, parameters
//! and SDK symbols.

mod common;

use common::{fixture, snapshot_view};
use iacgrade_task::Platform;

fn snapshot(name: &str, platform: Platform) {
    let graph = iacgrade_frontend_code::parse(&[fixture(name)], Some(platform));
    insta::assert_json_snapshot!(name.replace('.', "_"), snapshot_view(&graph));
}

#[test]
fn pulumi_python_component_program() {
    snapshot("pulumi_component.py", Platform::Pulumi);
}

#[test]
fn pulumi_typescript_program() {
    snapshot("pulumi_index.ts", Platform::Pulumi);
}

#[test]
fn pulumi_javascript_commonjs_program() {
    snapshot("pulumi_commonjs.js", Platform::Pulumi);
}

#[test]
fn cdk_typescript_app() {
    snapshot("cdk_stack.ts", Platform::Cdk);
}

#[test]
fn cdk_python_stack() {
    snapshot("cdk_stack.py", Platform::Cdk);
}

#[test]
fn cdktf_typescript_stack() {
    snapshot("cdktf_stack.ts", Platform::Cdktf);
}

#[test]
fn cdktf_python_stack() {
    snapshot("cdktf_stack.py", Platform::Cdktf);
}

#[test]
fn cdk_list_filled_in_an_unexpanded_loop_then_iterated() {
    snapshot("cdk_list_filled_in_loop.ts", Platform::Cdk);
}

#[test]
fn pulumi_list_filled_in_an_unexpanded_loop_then_iterated() {
    snapshot("pulumi_list_filled_in_loop.py", Platform::Pulumi);
}

#[test]
fn pulumi_dict_filled_in_an_unexpanded_loop_then_iterated() {
    snapshot("pulumi_dict_filled_in_loop.py", Platform::Pulumi);
}

#[test]
fn cdk_object_filled_in_an_unexpanded_loop_then_iterated() {
    snapshot("cdk_map_filled_in_loop.ts", Platform::Cdk);
}

#[test]
fn pulumi_method_of_an_instantiated_class_that_nothing_calls() {
    snapshot("pulumi_uncalled_method.py", Platform::Pulumi);
}

#[test]
fn cdk_method_of_an_instantiated_stack_that_nothing_calls() {
    snapshot("cdk_uncalled_method.ts", Platform::Cdk);
}
