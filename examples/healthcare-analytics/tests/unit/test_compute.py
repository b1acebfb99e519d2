"""Compute layer: ECS cluster, Fargate task definition and service, IAM roles, logs."""

import json

import pytest
from conftest import policy, resource_id
from synth import MOCK_ACCOUNT_ID, MOCK_AUTH_TOKEN

CLUSTER = "aws:ecs/cluster:Cluster"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
SECRET = "aws:secretsmanager/secret:Secret"
SUBNET = "aws:ec2/subnet:Subnet"

EXECUTION_ROLE = "healthtech-task-execution-unit"
TASK_ROLE = "healthtech-task-unit"


@pytest.fixture(scope="module")
def container(mocks):
    definitions = json.loads(mocks.one(TASK_DEFINITION).inputs["containerDefinitions"])
    assert len(definitions) == 1
    return definitions[0]


@pytest.fixture(scope="module")
def secret_arn(outputs):
    return outputs["redis_auth_secret_arn"]


def test_cluster_has_container_insights(mocks):
    settings = mocks.one(CLUSTER).inputs["settings"]
    assert {"name": "containerInsights", "value": "enabled"} in settings


def test_task_definition_is_fargate_awsvpc_with_both_roles(mocks, outputs):
    task = mocks.one(TASK_DEFINITION).inputs
    assert task["requiresCompatibilities"] == ["FARGATE"]
    assert task["networkMode"] == "awsvpc"
    assert task["executionRoleArn"] == outputs["task_execution_role_arn"]
    assert task["taskRoleArn"] == outputs["task_role_arn"]
    assert task["executionRoleArn"] != task["taskRoleArn"]
    assert (task["cpu"], task["memory"]) == ("256", "512")


def test_container_uses_the_documented_placeholder_image(container):
    assert container["image"] == "nginx:latest"
    assert container["essential"] is True


def test_redis_endpoint_is_plain_environment(container, outputs):
    environment = {e["name"]: e["value"] for e in container["environment"]}
    assert environment["REDIS_HOST"] == outputs["redis_primary_endpoint"]
    assert environment["REDIS_PORT"] == "6379"
    assert environment["REDIS_TLS"] == "true"


def test_auth_token_reaches_the_container_only_as_an_ecs_secret(container, secret_arn):
    assert container["secrets"] == [{"name": "REDIS_AUTH_TOKEN", "valueFrom": secret_arn}]
    assert MOCK_AUTH_TOKEN not in json.dumps(container)
    assert "REDIS_AUTH_TOKEN" not in {e["name"] for e in container["environment"]}


def test_container_logs_go_to_the_log_group_in_eu_west_1(mocks, container):
    log_group = mocks.one(LOG_GROUP).inputs
    options = container["logConfiguration"]["options"]
    assert container["logConfiguration"]["logDriver"] == "awslogs"
    assert options["awslogs-group"] == log_group["name"]
    assert options["awslogs-region"] == "eu-west-1"
    assert log_group["retentionInDays"] == 30


def test_service_runs_in_private_subnets_without_public_ips(mocks, outputs):
    service = mocks.one(SERVICE).inputs
    network = service["networkConfiguration"]
    private = sorted(
        resource_id(s) for s in mocks.of_type(SUBNET) if s.inputs["tags"]["Tier"] == "private"
    )
    assert sorted(network["subnets"]) == private
    assert network["assignPublicIp"] is False
    assert network["securityGroups"] == [outputs["service_security_group_id"]]
    assert service["launchType"] == "FARGATE"
    assert service["cluster"] == outputs["ecs_cluster_arn"]
    assert service["taskDefinition"] == outputs["task_definition_arn"]
    assert service["desiredCount"] >= 2


def test_service_rolls_back_failed_deployments(mocks):
    service = mocks.one(SERVICE).inputs
    assert service["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert service["deploymentMinimumHealthyPercent"] == 100


def _trust(mocks, role_name):
    return policy(mocks.named(role_name).inputs["assumeRolePolicy"])


def test_both_roles_trust_only_ecs_tasks(mocks):
    for role_name in (EXECUTION_ROLE, TASK_ROLE):
        statements = _trust(mocks, role_name)["Statement"]
        assert len(statements) == 1
        assert statements[0]["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
        assert statements[0]["Action"] == "sts:AssumeRole"


def test_task_role_trust_is_limited_to_this_account(mocks):
    statement = _trust(mocks, TASK_ROLE)["Statement"][0]
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": MOCK_ACCOUNT_ID}}


def test_execution_role_gets_the_managed_ecs_execution_policy(mocks):
    execution_role = mocks.named(EXECUTION_ROLE)
    attachments = mocks.of_type(ATTACHMENT)
    assert [(a.inputs["role"], a.inputs["policyArn"]) for a in attachments] == [
        (
            execution_role.inputs["name"],
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        )
    ]


def test_execution_role_may_read_exactly_this_secret(mocks, secret_arn):
    role_policies = mocks.of_type(ROLE_POLICY)
    assert len(role_policies) == 1
    assert role_policies[0].inputs["role"] == resource_id(mocks.named(EXECUTION_ROLE))
    statements = policy(role_policies[0].inputs["policy"])["Statement"]
    assert statements == [
        {
            "Sid": "ReadRedisAuthToken",
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": secret_arn,
        }
    ]
    assert "*" not in statements[0]["Resource"]


def test_task_role_has_no_grants(mocks):
    task_role = mocks.named(TASK_ROLE)
    bound = {a.inputs["role"] for a in mocks.of_type(ATTACHMENT)}
    bound |= {p.inputs["role"] for p in mocks.of_type(ROLE_POLICY)}
    assert task_role.inputs["name"] not in bound
    assert resource_id(task_role) not in bound
    assert "inlinePolicies" not in task_role.inputs
    assert "managedPolicyArns" not in task_role.inputs


def test_trust_policy_helper_without_account_has_no_condition():
    from lib.compute import ecs_tasks_trust_policy

    statement = json.loads(ecs_tasks_trust_policy())["Statement"][0]
    assert "Condition" not in statement
