"""The whole stack: region pin, provider wiring, names, tags, outputs, entry point."""

import os

import pytest
from conftest import PROVIDER_TYPE, UNIT_SUFFIX
from synth import DEFAULT_PROJECT, import_tap, run_program, run_tap

# Resource types that accept tags and must carry them.
TAGGABLE = {
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/eip:Eip",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:secretsmanager/secret:Secret",
    "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:elasticache/parameterGroup:ParameterGroup",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:ecs/service:Service",
    "aws:iam/role:Role",
}
# Inputs that become physical names in AWS.
NAME_INPUTS = ("name", "replicationGroupId")


def test_exactly_one_aws_provider_pinned_to_eu_west_1(mocks):
    provider = mocks.one(PROVIDER_TYPE)
    assert provider.inputs["region"] == "eu-west-1"
    assert UNIT_SUFFIX in provider.name


def test_every_aws_resource_uses_the_pinned_provider(mocks):
    provider = mocks.one(PROVIDER_TYPE)
    reference = f"{PROVIDER_TYPE}::{provider.name}::{provider.name}-id"
    aws_resources = [r for r in mocks.resources if r.type.startswith("aws:")]
    assert aws_resources
    for resource in aws_resources:
        assert resource.provider and resource.provider.endswith(reference), resource.name


def test_invokes_use_the_pinned_provider(mocks):
    assert mocks.calls, "the program looks up the account id"
    tokens = {token for token, _ in mocks.calls}
    assert tokens == {"aws:index/getCallerIdentity:getCallerIdentity"}


def test_components_compose_the_stack(mocks):
    components = {r.type for r in mocks.resources if r.component}
    assert components == {
        "healthtech:index:TapStack",
        "healthtech:network:Network",
        "healthtech:cache:RedisCache",
        "healthtech:compute:FargateService",
    }


def test_every_resource_name_carries_the_environment_suffix(mocks):
    for resource in mocks.resources:
        assert UNIT_SUFFIX in resource.name, resource.name
        for key in NAME_INPUTS:
            if key in resource.inputs and isinstance(resource.inputs[key], str):
                assert UNIT_SUFFIX in resource.inputs[key], (resource.name, key)
        if resource.type == "aws:ecs/taskDefinition:TaskDefinition":
            assert UNIT_SUFFIX in resource.inputs["family"]


def test_every_taggable_resource_is_tagged(mocks):
    tagged_types = {r.type for r in mocks.resources if "tags" in r.inputs}
    assert tagged_types == TAGGABLE
    for resource in mocks.resources:
        if resource.type not in TAGGABLE:
            continue
        tags = resource.inputs["tags"]
        assert tags["Environment"] == UNIT_SUFFIX
        assert tags["Project"] == "healthtech-analytics"
        assert tags["ManagedBy"] == "pulumi"
        assert UNIT_SUFFIX in tags["Name"]


def test_stack_outputs(outputs):
    expected = {
        "vpc_id",
        "public_subnet_ids",
        "private_subnet_ids",
        "nat_gateway_ids",
        "service_security_group_id",
        "redis_security_group_id",
        "ecs_cluster_name",
        "ecs_cluster_arn",
        "ecs_service_name",
        "task_definition_arn",
        "task_execution_role_arn",
        "task_role_arn",
        "log_group_name",
        "redis_replication_group_id",
        "redis_primary_endpoint",
        "redis_port",
        "redis_auth_secret_arn",
        "region",
    }
    assert set(outputs) == expected
    assert outputs["region"] == "eu-west-1"
    assert outputs["redis_port"] == 6379
    assert len(outputs["public_subnet_ids"]) == 2
    assert len(outputs["private_subnet_ids"]) == 2
    assert outputs["ecs_cluster_name"] == f"healthtech-cluster-{UNIT_SUFFIX}"
    assert outputs["redis_primary_endpoint"].startswith("master.")


@pytest.mark.parametrize("region", ["sa-east-1", "us-east-1", "eu-west-2"])
def test_any_other_region_is_refused(region):
    with pytest.raises(ValueError, match="eu-west-1"):
        run_tap(environment_suffix="refused", region=region)


def test_region_defaults_to_eu_west_1():
    run = run_tap(environment_suffix="noregion", region=None)
    assert run.outputs["region"] == "eu-west-1"


def test_validate_region_accepts_only_eu_west_1():
    from lib.tap_stack import REQUIRED_REGION, TapStackArgs, validate_region

    assert validate_region("eu-west-1") == REQUIRED_REGION
    with pytest.raises(ValueError):
        TapStackArgs(environment_suffix="dev", region="sa-east-1")


@pytest.mark.parametrize("suffix", ["", "UPPER", "has space", "-lead", "x" * 21, "a_b"])
def test_unusable_suffixes_are_refused(suffix):
    from lib.tap_stack import TapStackArgs

    with pytest.raises(ValueError, match="environment suffix"):
        TapStackArgs(environment_suffix=suffix)


def test_caller_tags_cannot_override_the_mandatory_ones():
    import pulumi

    from lib.tap_stack import TapStack, TapStackArgs

    def program():
        TapStack(
            "healthtech-analytics-tags",
            TapStackArgs(
                environment_suffix="tags",
                tags={"Environment": "prod", "CostCenter": "analytics"},
            ),
        )
        pulumi.export("ok", True)

    run = run_program(program)
    vpc = run.mocks.one("aws:ec2/vpc:Vpc")
    assert vpc.inputs["tags"]["Environment"] == "tags"
    assert vpc.inputs["tags"]["CostCenter"] == "analytics"
    assert run.outputs == {"ok": True}


def test_environment_variable_wins_over_stack_config(monkeypatch):
    monkeypatch.setenv("ENVIRONMENT_SUFFIX", "fromenv")
    run = run_program(
        import_tap,
        config={f"{DEFAULT_PROJECT}:environmentSuffix": "fromconfig", "aws:region": "eu-west-1"},
    )
    assert run.outputs["ecs_cluster_name"] == "healthtech-cluster-fromenv"


def test_suffix_defaults_to_dev(monkeypatch):
    monkeypatch.delenv("ENVIRONMENT_SUFFIX", raising=False)
    run = run_program(import_tap, config={})
    assert run.outputs["ecs_cluster_name"] == "healthtech-cluster-dev"
    assert os.environ.get("ENVIRONMENT_SUFFIX") is None


def test_synth_restores_a_preset_environment_suffix(monkeypatch):
    monkeypatch.setenv("ENVIRONMENT_SUFFIX", "preset")
    run = run_tap(environment_suffix="override")
    assert run.outputs["ecs_cluster_name"] == "healthtech-cluster-override"
    assert os.environ["ENVIRONMENT_SUFFIX"] == "preset"
