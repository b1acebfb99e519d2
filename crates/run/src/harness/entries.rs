//! The app entries the pipeline's projects provide, written for iacgrade: each creates the app
//! (or the Pulumi provider), takes the environment suffix the way the pipeline passes it, and
//! instantiates the answer's stack. `{CLASS}` and `{MODULE}` name the stack's class and the
//! module it is imported from.
//!
//! The TypeScript entries build the stack's properties in a variable before passing them: a
//! fresh object literal would be checked for excess properties, and an answer whose props
//! interface lacks one the pipeline passes would then fail to build because of the entry.
//! The Python entries pass only the keyword arguments the answer's classes accept. The CDKTF
//! TypeScript entry leaves the provider's default tags out: answers declare them as one object
//! or as a list, and either form would break the other. A stack whose constructor takes only
//! a scope and an id is created without properties.

pub const CDK_TS: &str = r#"// App entry supplied by iacgrade, as the pipeline's project has it.
import * as cdk from 'aws-cdk-lib';
import { {CLASS} } from '{MODULE}';

const app = new cdk.App();
const environmentSuffix: string =
  app.node.tryGetContext('environmentSuffix') || process.env.ENVIRONMENT_SUFFIX || 'dev';
const stackName = `TapStack${environmentSuffix}`;
const tags: Record<string, string> = {
  Environment: environmentSuffix,
  Repository: process.env.REPOSITORY || 'unknown',
  Author: process.env.COMMIT_AUTHOR || 'unknown',
};
for (const [key, value] of Object.entries(tags)) {
  cdk.Tags.of(app).add(key, value);
}
const props = {
  stackName,
  environmentSuffix,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  },
};
new {CLASS}(app, stackName, props);
"#;

pub const CDK_JS: &str = r#"// App entry supplied by iacgrade, as the pipeline's project has it.
import * as cdk from 'aws-cdk-lib';
import * as stackModule from '{MODULE}';

const StackClass =
  stackModule.{CLASS} ?? stackModule.default?.{CLASS} ?? stackModule.default;
const app = new cdk.App();
const environmentSuffix =
  app.node.tryGetContext('environmentSuffix') || process.env.ENVIRONMENT_SUFFIX || 'dev';
const stackName = `TapStack${environmentSuffix}`;
cdk.Tags.of(app).add('Environment', environmentSuffix);
new StackClass(app, stackName, {
  stackName,
  environmentSuffix,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  },
});
"#;

/// Keyword arguments a callable accepts, from its signature: the ones it names, and of
/// `passthrough` the ones its `**kwargs` hands on to the platform's base class (which rejects
/// any other). A callable that cannot be inspected gets all of them.
const PY_ACCEPTED: &str = r#"def _accepted(callable_, candidates, passthrough=()):
    try:
        parameters = inspect.signature(callable_).parameters
    except (TypeError, ValueError):
        return dict(candidates)
    chosen = {k: v for k, v in candidates.items() if k in parameters}
    if any(p.kind == p.VAR_KEYWORD for p in parameters.values()):
        for key in passthrough:
            if key in candidates:
                chosen.setdefault(key, candidates[key])
    return chosen
"#;

pub fn cdk_py() -> String {
    format!(
        r#"# App entry supplied by iacgrade, as the pipeline's project has it.
import inspect
import os

import aws_cdk as cdk

import {{MODULE}} as stack_module


{PY_ACCEPTED}

app = cdk.App()
environment_suffix = (
    app.node.try_get_context("environmentSuffix") or os.environ.get("ENVIRONMENT_SUFFIX") or "dev"
)
stack_name = f"TapStack{{environment_suffix}}"
cdk.Tags.of(app).add("Environment", environment_suffix)
env = cdk.Environment(
    account=os.getenv("CDK_DEFAULT_ACCOUNT"), region=os.getenv("CDK_DEFAULT_REGION")
)
stack_class = stack_module.{{CLASS}}
arguments = {{"environment_suffix": environment_suffix, "env": env, "stack_name": stack_name}}
props_class = getattr(stack_module, "TapStackProps", None)
if props_class is not None:
    arguments["props"] = props_class(
        **_accepted(
            props_class, {{"environment_suffix": environment_suffix, "env": env}}, ("env",)
        )
    )
stack_class(app, stack_name, **_accepted(stack_class.__init__, arguments, ("env", "stack_name")))
app.synth()
"#
    )
}

pub const CDKTF_TS: &str = r#"// App entry supplied by iacgrade, as the pipeline's project has it.
import { App } from 'cdktf';
import { {CLASS} } from '{MODULE}';

const app = new App();
const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
const stackName = `TapStack${environmentSuffix}`;
const props = {
  environmentSuffix,
  stateBucket: process.env.TERRAFORM_STATE_BUCKET || 'iac-rlhf-tf-states',
  stateBucketRegion: process.env.TERRAFORM_STATE_BUCKET_REGION || 'us-east-1',
  awsRegion: process.env.AWS_REGION || 'us-east-1',
};
new {CLASS}(app, stackName, props);
app.synth();
"#;

pub fn cdktf_py() -> String {
    format!(
        r#"# App entry supplied by iacgrade, as the pipeline's project has it.
import inspect
import os

from cdktf import App

import {{MODULE}} as stack_module


{PY_ACCEPTED}

app = App()
environment_suffix = os.environ.get("ENVIRONMENT_SUFFIX") or "dev"
stack_name = f"TapStack{{environment_suffix}}"
arguments = {{
    "environment_suffix": environment_suffix,
    "state_bucket": os.environ.get("TERRAFORM_STATE_BUCKET") or "iac-rlhf-tf-states",
    "state_bucket_region": os.environ.get("TERRAFORM_STATE_BUCKET_REGION") or "us-east-1",
    "aws_region": os.environ.get("AWS_REGION") or "us-east-1",
    # Passed only to a stack that names the parameter (see _accepted).
    "default_tags": {{"tags": {{"Environment": environment_suffix}}}},
}}
stack_class = stack_module.{{CLASS}}
stack_class(app, stack_name, **_accepted(stack_class.__init__, arguments))
app.synth()
"#
    )
}

pub const PULUMI_TS: &str = r#"// Program entry supplied by iacgrade, as the pipeline's project has it.
import * as aws from '@pulumi/aws';
import { {CLASS} } from '{MODULE}';

const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
const tags = {
  Environment: environmentSuffix,
  Repository: process.env.REPOSITORY || 'unknown',
  Author: process.env.COMMIT_AUTHOR || 'unknown',
};
const provider = new aws.Provider('aws', {
  region: process.env.AWS_REGION || 'us-east-1',
  defaultTags: { tags },
});
const args = { environmentSuffix, tags };
export const stack = new {CLASS}('pulumi-infra', args, { provider });
"#;

pub const PULUMI_JS: &str = r#"// Program entry supplied by iacgrade, as the pipeline's project has it.
import * as aws from '@pulumi/aws';
import * as stackModule from '{MODULE}';

const StackClass =
  stackModule.{CLASS} ?? stackModule.default?.{CLASS} ?? stackModule.default;
const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
const tags = { Environment: environmentSuffix };
const provider = new aws.Provider('aws', {
  region: process.env.AWS_REGION || 'us-east-1',
  defaultTags: { tags },
});
export const stack = new StackClass('pulumi-infra', { environmentSuffix, tags }, { provider });
"#;

pub fn pulumi_py() -> String {
    format!(
        r#"# Program entry supplied by iacgrade, as the pipeline's project has it.
import inspect
import os

import pulumi
import pulumi_aws as aws

import {{MODULE}} as stack_module


{PY_ACCEPTED}

environment_suffix = os.environ.get("ENVIRONMENT_SUFFIX") or "dev"
tags = {{
    "Environment": environment_suffix,
    "Repository": os.environ.get("REPOSITORY", "unknown"),
    "Author": os.environ.get("COMMIT_AUTHOR", "unknown"),
}}
provider = aws.Provider(
    "aws",
    region=os.environ.get("AWS_REGION", "us-east-1"),
    default_tags=aws.ProviderDefaultTagsArgs(tags=tags),
)
stack_class = stack_module.{{CLASS}}
arguments = {{"environment_suffix": environment_suffix, "tags": tags}}
args_class = getattr(stack_module, "TapStackArgs", None)
keywords = dict(arguments, opts=pulumi.ResourceOptions(provider=provider))
if args_class is not None:
    keywords["args"] = args_class(**_accepted(args_class, arguments))
stack_class("pulumi-infra", **_accepted(stack_class.__init__, keywords, ("opts",)))
"#
    )
}
