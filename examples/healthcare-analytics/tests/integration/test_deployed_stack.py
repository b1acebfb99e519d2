"""
Integration tests: check the deployed stack through the AWS APIs.

They read the stack outputs from cfn-outputs/flat-outputs.json (relative to
the example root) and skip when that file does not exist. AWS_ENDPOINT_URL,
when set, is passed to every client (e.g. for an AWS emulator).
ENVIRONMENT_SUFFIX, when set, is checked against the deployed names.
"""

import json
import os
from pathlib import Path
from typing import Any

import pytest

EXAMPLE_ROOT = Path(__file__).resolve().parents[2]
OUTPUTS_FILE = EXAMPLE_ROOT / "cfn-outputs" / "flat-outputs.json"
REQUIRED_REGION = "eu-west-1"

if not OUTPUTS_FILE.is_file():
    pytest.skip(
        f"no deployment outputs at {OUTPUTS_FILE.relative_to(EXAMPLE_ROOT)}: "
        "deploy the stack and write its outputs there to run the integration tests",
        allow_module_level=True,
    )

import boto3  # noqa: E402


def _load_outputs() -> dict[str, Any]:
    raw = json.loads(OUTPUTS_FILE.read_text(encoding="utf-8"))
    # Some tools write list outputs as JSON text; accept both forms.
    outputs = {}
    for key, value in raw.items():
        if isinstance(value, str) and value[:1] in "[{":
            try:
                value = json.loads(value)
            except ValueError:
                pass
        outputs[key] = value
    return outputs


OUTPUTS = _load_outputs()


def client(service: str):
    """A boto3 client in the stack's region, honouring AWS_ENDPOINT_URL."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL") or None
    region = OUTPUTS.get("region", REQUIRED_REGION)
    return boto3.client(service, region_name=region, endpoint_url=endpoint)


def _name_from_arn(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def ec2():
    return client("ec2")


@pytest.fixture(scope="module")
def subnets(ec2):
    ids = list(OUTPUTS["public_subnet_ids"]) + list(OUTPUTS["private_subnet_ids"])
    found = ec2.describe_subnets(SubnetIds=ids)["Subnets"]
    return {s["SubnetId"]: s for s in found}


@pytest.fixture(scope="module")
def replication_group():
    groups = client("elasticache").describe_replication_groups(
        ReplicationGroupId=OUTPUTS["redis_replication_group_id"]
    )["ReplicationGroups"]
    assert len(groups) == 1
    return groups[0]


@pytest.fixture(scope="module")
def task_definition():
    return client("ecs").describe_task_definition(
        taskDefinition=OUTPUTS["task_definition_arn"]
    )["taskDefinition"]


def test_everything_is_in_eu_west_1():
    assert OUTPUTS["region"] == REQUIRED_REGION
    for key in ("ecs_cluster_arn", "task_definition_arn", "redis_auth_secret_arn"):
        assert OUTPUTS[key].split(":")[3] == REQUIRED_REGION, key


def test_names_carry_the_environment_suffix():
    suffix = os.environ.get("ENVIRONMENT_SUFFIX")
    if not suffix:
        pytest.skip("ENVIRONMENT_SUFFIX is not set")
    for key in ("ecs_cluster_name", "ecs_service_name", "redis_replication_group_id"):
        assert suffix in OUTPUTS[key], key
    assert suffix in OUTPUTS["redis_auth_secret_arn"]


def test_vpc_has_dns_support_and_hostnames(ec2):
    vpc_id = OUTPUTS["vpc_id"]
    support = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsSupport")
    hostnames = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")
    assert support["EnableDnsSupport"]["Value"] is True
    assert hostnames["EnableDnsHostnames"]["Value"] is True


def test_a_public_and_a_private_subnet_in_each_of_two_zones(subnets):
    public = [subnets[i] for i in OUTPUTS["public_subnet_ids"]]
    private = [subnets[i] for i in OUTPUTS["private_subnet_ids"]]
    assert len(public) == 2 and len(private) == 2
    public_zones = {s["AvailabilityZone"] for s in public}
    private_zones = {s["AvailabilityZone"] for s in private}
    assert len(public_zones) == 2
    assert public_zones == private_zones
    assert all(s["AvailabilityZone"].startswith(REQUIRED_REGION) for s in public + private)
    assert all(s["VpcId"] == OUTPUTS["vpc_id"] for s in public + private)
    assert not any(s["MapPublicIpOnLaunch"] for s in private)


def test_internet_gateway_is_attached(ec2):
    gateways = ec2.describe_internet_gateways(
        Filters=[{"Name": "attachment.vpc-id", "Values": [OUTPUTS["vpc_id"]]}]
    )["InternetGateways"]
    assert len(gateways) == 1


def test_a_nat_gateway_with_an_elastic_ip_in_each_public_subnet(ec2):
    gateways = ec2.describe_nat_gateways(NatGatewayIds=list(OUTPUTS["nat_gateway_ids"]))[
        "NatGateways"
    ]
    assert len(gateways) == 2
    assert {g["SubnetId"] for g in gateways} == set(OUTPUTS["public_subnet_ids"])
    for gateway in gateways:
        assert gateway["State"] == "available"
        assert any(a.get("AllocationId") for a in gateway["NatGatewayAddresses"])


def test_private_subnets_route_to_the_internet_through_nat(ec2):
    nat_ids = set(OUTPUTS["nat_gateway_ids"])
    for subnet_id in OUTPUTS["private_subnet_ids"]:
        tables = ec2.describe_route_tables(
            Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}]
        )["RouteTables"]
        assert len(tables) == 1
        defaults = [
            r for r in tables[0]["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"
        ]
        assert len(defaults) == 1
        assert defaults[0].get("NatGatewayId") in nat_ids
        assert "GatewayId" not in defaults[0] or defaults[0]["GatewayId"] == "local"


def test_redis_accepts_only_the_service_security_group(ec2):
    group = ec2.describe_security_groups(GroupIds=[OUTPUTS["redis_security_group_id"]])[
        "SecurityGroups"
    ][0]
    assert len(group["IpPermissions"]) == 1
    permission = group["IpPermissions"][0]
    assert (permission["FromPort"], permission["ToPort"]) == (6379, 6379)
    assert permission["IpRanges"] == []
    assert [p["GroupId"] for p in permission["UserIdGroupPairs"]] == [
        OUTPUTS["service_security_group_id"]
    ]


def test_cluster_is_active_with_container_insights():
    clusters = client("ecs").describe_clusters(
        clusters=[OUTPUTS["ecs_cluster_arn"]], include=["SETTINGS"]
    )["clusters"]
    assert len(clusters) == 1
    assert clusters[0]["status"] == "ACTIVE"
    settings = {s["name"]: s["value"] for s in clusters[0].get("settings", [])}
    assert settings.get("containerInsights") in ("enabled", "enhanced")


def test_service_runs_on_fargate_in_private_subnets_without_public_ips():
    services = client("ecs").describe_services(
        cluster=OUTPUTS["ecs_cluster_arn"], services=[OUTPUTS["ecs_service_name"]]
    )["services"]
    assert len(services) == 1
    service = services[0]
    assert service["launchType"] == "FARGATE"
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    assert network["assignPublicIp"] == "DISABLED"
    assert set(network["subnets"]) == set(OUTPUTS["private_subnet_ids"])
    assert network["securityGroups"] == [OUTPUTS["service_security_group_id"]]


def test_task_definition_gets_the_token_only_from_secrets_manager(task_definition):
    assert task_definition["networkMode"] == "awsvpc"
    assert "FARGATE" in task_definition["requiresCompatibilities"]
    assert task_definition["executionRoleArn"] == OUTPUTS["task_execution_role_arn"]
    assert task_definition["taskRoleArn"] == OUTPUTS["task_role_arn"]
    container = task_definition["containerDefinitions"][0]
    environment = {e["name"]: e["value"] for e in container.get("environment", [])}
    assert environment["REDIS_HOST"] == OUTPUTS["redis_primary_endpoint"]
    assert environment["REDIS_PORT"] == str(OUTPUTS["redis_port"])
    assert "REDIS_AUTH_TOKEN" not in environment
    assert container["secrets"] == [
        {"name": "REDIS_AUTH_TOKEN", "valueFrom": OUTPUTS["redis_auth_secret_arn"]}
    ]
    assert container["logConfiguration"]["options"]["awslogs-group"] == OUTPUTS["log_group_name"]


def test_log_group_has_retention():
    groups = client("logs").describe_log_groups(logGroupNamePrefix=OUTPUTS["log_group_name"])[
        "logGroups"
    ]
    group = next(g for g in groups if g["logGroupName"] == OUTPUTS["log_group_name"])
    assert group.get("retentionInDays") == 30


def test_redis_is_encrypted_authenticated_and_multi_az(replication_group):
    assert replication_group["TransitEncryptionEnabled"] is True
    assert replication_group["AtRestEncryptionEnabled"] is True
    assert replication_group["AuthTokenEnabled"] is True
    assert replication_group["MultiAZ"] == "enabled"
    assert replication_group["AutomaticFailover"] == "enabled"
    assert len(replication_group["MemberClusters"]) >= 2
    primary = replication_group["NodeGroups"][0]["PrimaryEndpoint"]
    assert primary["Address"] == OUTPUTS["redis_primary_endpoint"]
    assert primary["Port"] == int(OUTPUTS["redis_port"]) == 6379


def test_redis_nodes_sit_in_different_zones(replication_group):
    members = replication_group["NodeGroups"][0]["NodeGroupMembers"]
    zones = {m["PreferredAvailabilityZone"] for m in members}
    assert len(zones) >= 2
    assert all(z.startswith(REQUIRED_REGION) for z in zones)


def test_auth_secret_exists_with_a_current_version():
    secret = client("secretsmanager").describe_secret(SecretId=OUTPUTS["redis_auth_secret_arn"])
    assert secret["ARN"] == OUTPUTS["redis_auth_secret_arn"]
    stages = [s for stages in secret.get("VersionIdsToStages", {}).values() for s in stages]
    assert "AWSCURRENT" in stages


def test_execution_role_has_the_managed_policy_and_reads_only_the_secret():
    iam = client("iam")
    role_name = _name_from_arn(OUTPUTS["task_execution_role_arn"])
    trust = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    attached = iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["AmazonECSTaskExecutionRolePolicy"]
    inline = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    assert len(inline) == 1
    document = iam.get_role_policy(RoleName=role_name, PolicyName=inline[0])["PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(document)
    statements = document["Statement"]
    assert len(statements) == 1
    action = statements[0]["Action"]
    assert action in ("secretsmanager:GetSecretValue", ["secretsmanager:GetSecretValue"])
    assert statements[0]["Resource"] == OUTPUTS["redis_auth_secret_arn"]


def test_task_role_has_no_grants():
    iam = client("iam")
    role_name = _name_from_arn(OUTPUTS["task_role_arn"])
    assert iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"] == []
    assert iam.list_role_policies(RoleName=role_name)["PolicyNames"] == []
