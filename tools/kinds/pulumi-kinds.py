#!/usr/bin/env python3
"""Writes crates/ir/data/kinds/pulumi.tsv: Pulumi AWS type tokens -> CloudFormation types.

Source: the npm package @pulumi/aws (every resource class declares `__pulumiType = 'aws:ec2/vpc:Vpc'`),
fetched with `npm pack` into a temporary folder and never committed; the version is pinned so that
running this twice gives the identical file (bump PULUMI_AWS_VERSION or pass --version/--tarball).

Pulumi's AWS provider is generated from the Terraform AWS provider, one Pulumi resource per
Terraform resource. So a token maps through the Terraform type it wraps: the candidates
`aws_<module>_<resource>`, `aws_<resource>` and a few module spellings (`rds` -> `db`,
`apigateway` -> `api_gateway`, `cfg` -> `config`, ...) are checked against the real Terraform types
(crates/ir/data/kinds/terraform-types.txt), and the first real one is looked up in the
Terraform -> CloudFormation table (crates/ir/data/kinds/terraform.tsv). That keeps the Pulumi and
Terraform kinds of the same resource identical. Tokens whose Terraform type has no CloudFormation
equivalent there are left out (their kind stays `pulumi:<token>`). EXTRA adds awsx components and
resources whose Terraform twin the Terraform table does not list.

Usage: python3 tools/kinds/pulumi-kinds.py [--version X.Y.Z] [--tarball PATH]
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tarfile
import tempfile

PULUMI_AWS_VERSION = "7.48.0"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = os.path.join(ROOT, "crates/ir/data/kinds")
OUT = os.path.join(KINDS, "pulumi.tsv")
TOKEN = re.compile(rb"__pulumiType\s*=\s*'(aws:[A-Za-z0-9_]+/[A-Za-z0-9_]+:[A-Za-z0-9_]+)'")

# Pulumi module -> the Terraform spellings of its prefix.
MODULE_PREFIXES = {
    "rds": ["db", "rds"],
    "apigateway": ["api_gateway"],
    "cfg": ["config", "config_config"],
    "alb": ["lb", "alb"],
    "lb": ["lb"],
    "elb": ["elb", "lb"],
    "cloudwatch": ["cloudwatch", "cloudwatch_event", "cloudwatch_log"],
    "ec2": ["ec2", ""],
    "ec2transitgateway": ["ec2_transit_gateway"],
    "ec2clientvpn": ["ec2_client_vpn"],
    "iam": ["iam"],
    "s3": ["s3"],
    "sfn": ["sfn"],
    "elasticloadbalancingv2": ["lb"],
    "servicediscovery": ["service_discovery"],
    "directoryservice": ["directory_service"],
}

# Tokens the Terraform route cannot map, and awsx components (their main resource).
EXTRA = {
    "awsx:ec2:Vpc": "AWS::EC2::VPC",
    "awsx:ecs:FargateService": "AWS::ECS::Service",
    "awsx:ecs:EC2Service": "AWS::ECS::Service",
    "awsx:ecs:FargateTaskDefinition": "AWS::ECS::TaskDefinition",
    "awsx:ecs:EC2TaskDefinition": "AWS::ECS::TaskDefinition",
    "awsx:lb:ApplicationLoadBalancer": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "awsx:lb:NetworkLoadBalancer": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "awsx:ecr:Repository": "AWS::ECR::Repository",
    "awsx:cloudtrail:Trail": "AWS::CloudTrail::Trail",
    "aws:cfg/recorder:Recorder": "AWS::Config::ConfigurationRecorder",
    "aws:codedeploy/application:Application": "AWS::CodeDeploy::Application",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "AWS::IAM::OIDCProvider",
    "aws:appsync/graphQLApi:GraphQLApi": "AWS::AppSync::GraphQLApi",
    "aws:cloudwatch/contributorInsightRule:ContributorInsightRule": "AWS::CloudWatch::InsightRule",
    "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector": "AWS::Logs::LogAnomalyDetector",
    "aws:devopsguru/notificationChannel:NotificationChannel": "AWS::DevOpsGuru::NotificationChannel",
    "aws:devopsguru/resourceCollection:ResourceCollection": "AWS::DevOpsGuru::ResourceCollection",
    "aws:route53/resolverDnsSecConfig:ResolverDnsSecConfig": "AWS::Route53Resolver::ResolverDNSSECConfig",
}


def snake(name):
    out = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    out = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", out)
    return out.lower()


def fetch_tarball(version, folder):
    subprocess.run(["npm", "pack", "--silent", f"@pulumi/aws@{version}"],
                   check=True, cwd=folder, stdout=subprocess.DEVNULL)
    found = glob.glob(os.path.join(folder, "pulumi-aws-*.tgz"))
    if not found:
        sys.exit(f"npm pack gave no tarball in {folder}")
    return found[0]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def candidates(module, resource):
    name = snake(resource)
    stripped = re.sub(r"_v2$", "", name)
    out = []
    for prefix in MODULE_PREFIXES.get(module, [module]):
        for n in (name, stripped):
            out.append(f"aws_{prefix}_{n}" if prefix else f"aws_{n}")
            # `aws:lb/loadBalancer` -> `aws_lb`, `aws:cloudtrail/trail` -> `aws_cloudtrail`.
            out.append(f"aws_{prefix}" if prefix else f"aws_{n}")
    for n in (name, stripped):
        out.append(f"aws_{n}")
    seen = []
    for c in out:
        if c not in seen:
            seen.append(c)
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--version", default=PULUMI_AWS_VERSION)
    parser.add_argument("--tarball", help="use this @pulumi/aws tarball")
    args = parser.parse_args()
    tokens = set()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(args.version, tmp)
        version = re.search(r"pulumi-aws-(\d[^/]*)\.tgz$", tarball)
        version = version.group(1) if version else args.version
        with tarfile.open(tarball, "r:gz") as tar:
            for member in tar:
                if not member.name.endswith(".js") or member.name.count("/") != 2:
                    continue
                handle = tar.extractfile(member)
                if handle is None:
                    continue
                m = TOKEN.search(handle.read())
                if m:
                    tokens.add(m.group(1).decode())
    real_tf = set()
    for line in read_lines(os.path.join(KINDS, "terraform-types.txt")):
        kind, _, tf = line.partition("\t")
        if kind == "resource":
            real_tf.add(tf)
    tf_to_cfn = {}
    for line in read_lines(os.path.join(KINDS, "terraform.tsv")):
        tf, _, cfn = line.partition("\t")
        tf_to_cfn[tf.strip()] = cfn.strip()
    real_cfn = set(read_lines(os.path.join(KINDS, "cfn-types.txt")))

    table = {}
    for token in sorted(tokens):
        _, rest = token.split(":", 1)
        module_part, resource = rest.split(":", 1)
        module = module_part.split("/")[0]
        for tf in candidates(module, resource):
            if tf in real_tf:
                if tf in tf_to_cfn:
                    table[token] = tf_to_cfn[tf]
                break
    for token, cfn in EXTRA.items():
        if token.startswith("awsx:") or token in tokens:
            table.setdefault(token, cfn)
    dropped = sorted(t for t, c in table.items() if c not in real_cfn)
    for t in dropped:
        del table[t]

    lines = [
        "# source type\tCloudFormation type",
        f"# Pulumi AWS type tokens (@pulumi/aws {version}) -> CloudFormation types, through the",
        "# Terraform type each wraps (terraform.tsv). Generated by tools/kinds/pulumi-kinds.py; do not",
        "# edit by hand.",
    ]
    for token in sorted(table):
        lines.append(f"{token}\t{table[token]}")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{OUT}: {len(table)} of {len(tokens)} tokens mapped ({len(dropped)} dropped: not real CFN)")


if __name__ == "__main__":
    main()
