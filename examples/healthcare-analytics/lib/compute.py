"""
compute.py

Compute layer: an ECS cluster with Container Insights, a Fargate task
definition and a service that runs in the private subnets without public IPs.
The Redis endpoint reaches the container as plain environment; the AUTH token
only ever as an ECS secret that the execution role reads from Secrets Manager.
"""

import json
from typing import Any, Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws
from pulumi import Input, Output, ResourceOptions

# Placeholder image: the platform team swaps in the analytics API image.
DEFAULT_CONTAINER_IMAGE = "nginx:latest"
CONTAINER_NAME = "analytics-api"
CONTAINER_PORT = 80

ECS_TASK_EXECUTION_POLICY_ARN = (
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
)
LOG_RETENTION_DAYS = 30


def ecs_tasks_trust_policy(account_id: Optional[str] = None) -> str:
    """Trust policy that lets ECS tasks assume a role.

    With an account id, the policy also requires that the request comes from
    this account's ECS tasks (protection against the confused deputy problem).
    """
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": "ecs-tasks.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    if account_id is not None:
        statement["Condition"] = {"StringEquals": {"aws:SourceAccount": account_id}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def secret_read_policy(secret_arn: str) -> str:
    """Policy that allows reading exactly one Secrets Manager secret."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ReadRedisAuthToken",
                    "Effect": "Allow",
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": secret_arn,
                }
            ],
        }
    )


def container_definitions(
    image: str,
    region: str,
    log_group_name: str,
    redis_host: str,
    redis_port: int,
    auth_secret_arn: str,
    environment_suffix: str,
) -> str:
    """The task's container definitions as the JSON string ECS expects."""
    return json.dumps(
        [
            {
                "name": CONTAINER_NAME,
                "image": image,
                "essential": True,
                "portMappings": [
                    {"containerPort": CONTAINER_PORT, "protocol": "tcp"}
                ],
                "environment": [
                    {"name": "ENVIRONMENT", "value": environment_suffix},
                    {"name": "REDIS_HOST", "value": redis_host},
                    {"name": "REDIS_PORT", "value": str(redis_port)},
                    {"name": "REDIS_TLS", "value": "true"},
                ],
                "secrets": [
                    {"name": "REDIS_AUTH_TOKEN", "valueFrom": auth_secret_arn}
                ],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": log_group_name,
                        "awslogs-region": region,
                        "awslogs-stream-prefix": CONTAINER_NAME,
                    },
                },
            }
        ]
    )


class FargateServiceArgs:
    """Inputs of the compute component.

    Args:
        environment_suffix: Suffix added to every resource name.
        region: Region the provider is pinned to (for the log driver).
        private_subnet_ids: Subnets the tasks run in.
        security_group_id: Security group of the tasks.
        redis_host: Primary endpoint of the Redis replication group.
        redis_port: Port of the Redis replication group.
        auth_secret_arn: ARN of the secret holding the Redis AUTH token.
        provider: The region-pinned AWS provider every resource is created with.
        tags: Tags applied to every taggable resource.
        image: Container image to run.
        desired_count: Number of tasks (spread over the subnets' zones).
        cpu: Task CPU units.
        memory: Task memory in MiB.
    """

    def __init__(
        self,
        environment_suffix: str,
        region: str,
        private_subnet_ids: Sequence[Input[str]],
        security_group_id: Input[str],
        redis_host: Input[str],
        redis_port: Input[int],
        auth_secret_arn: Input[str],
        provider: aws.Provider,
        tags: Mapping[str, str],
        image: str = DEFAULT_CONTAINER_IMAGE,
        desired_count: int = 2,
        cpu: int = 256,
        memory: int = 512,
    ) -> None:
        self.environment_suffix = environment_suffix
        self.region = region
        self.private_subnet_ids = list(private_subnet_ids)
        self.security_group_id = security_group_id
        self.redis_host = redis_host
        self.redis_port = redis_port
        self.auth_secret_arn = auth_secret_arn
        self.provider = provider
        self.tags = dict(tags)
        self.image = image
        self.desired_count = desired_count
        self.cpu = cpu
        self.memory = memory


class FargateService(pulumi.ComponentResource):
    """ECS cluster, IAM roles, log group, task definition and service."""

    cluster: aws.ecs.Cluster
    execution_role: aws.iam.Role
    task_role: aws.iam.Role
    log_group: aws.cloudwatch.LogGroup
    task_definition: aws.ecs.TaskDefinition
    service: aws.ecs.Service

    def __init__(
        self,
        name: str,
        args: FargateServiceArgs,
        opts: Optional[ResourceOptions] = None,
    ) -> None:
        super().__init__("healthtech:compute:FargateService", name, None, opts)

        suffix = args.environment_suffix
        aws_opts = ResourceOptions(parent=self, provider=args.provider)

        def tagged(resource_name: str) -> dict[str, str]:
            return {**args.tags, "Name": resource_name}

        cluster_name = f"healthtech-cluster-{suffix}"
        self.cluster = aws.ecs.Cluster(
            cluster_name,
            name=cluster_name,
            settings=[
                aws.ecs.ClusterSettingArgs(name="containerInsights", value="enabled")
            ],
            tags=tagged(cluster_name),
            opts=aws_opts,
        )

        log_group_name = f"/ecs/healthtech-analytics-{suffix}"
        self.log_group = aws.cloudwatch.LogGroup(
            f"healthtech-logs-{suffix}",
            name=log_group_name,
            retention_in_days=LOG_RETENTION_DAYS,
            tags=tagged(log_group_name),
            opts=aws_opts,
        )

        # Execution role: used by the ECS agent to pull the image, write logs
        # and resolve the task's secrets. It may read this one secret only.
        execution_role_name = f"healthtech-task-execution-{suffix}"
        self.execution_role = aws.iam.Role(
            execution_role_name,
            name=execution_role_name,
            description="ECS agent role of the analytics tasks",
            assume_role_policy=ecs_tasks_trust_policy(),
            tags=tagged(execution_role_name),
            opts=aws_opts,
        )
        managed_policy = aws.iam.RolePolicyAttachment(
            f"healthtech-task-execution-managed-{suffix}",
            role=self.execution_role.name,
            policy_arn=ECS_TASK_EXECUTION_POLICY_ARN,
            opts=aws_opts,
        )
        secret_policy = aws.iam.RolePolicy(
            f"healthtech-task-execution-secret-{suffix}",
            name=f"read-redis-auth-token-{suffix}",
            role=self.execution_role.id,
            policy=Output.from_input(args.auth_secret_arn).apply(secret_read_policy),
            opts=aws_opts,
        )

        # Task role: the identity of the application code. The service talks
        # to Redis over the network, so the role needs no permissions at all;
        # grants are added here when the application starts using AWS APIs.
        caller = aws.get_caller_identity_output(
            opts=pulumi.InvokeOutputOptions(provider=args.provider)
        )
        task_role_name = f"healthtech-task-{suffix}"
        self.task_role = aws.iam.Role(
            task_role_name,
            name=task_role_name,
            description="Application role of the analytics tasks (no grants)",
            assume_role_policy=caller.account_id.apply(ecs_tasks_trust_policy),
            tags=tagged(task_role_name),
            opts=aws_opts,
        )

        task_family = f"healthtech-analytics-{suffix}"
        self.task_definition = aws.ecs.TaskDefinition(
            task_family,
            family=task_family,
            requires_compatibilities=["FARGATE"],
            network_mode="awsvpc",
            cpu=str(args.cpu),
            memory=str(args.memory),
            execution_role_arn=self.execution_role.arn,
            task_role_arn=self.task_role.arn,
            runtime_platform=aws.ecs.TaskDefinitionRuntimePlatformArgs(
                operating_system_family="LINUX",
                cpu_architecture="X86_64",
            ),
            container_definitions=Output.all(
                self.log_group.name,
                args.redis_host,
                args.redis_port,
                args.auth_secret_arn,
            ).apply(
                lambda values: container_definitions(
                    image=args.image,
                    region=args.region,
                    log_group_name=values[0],
                    redis_host=values[1],
                    redis_port=values[2],
                    auth_secret_arn=values[3],
                    environment_suffix=suffix,
                )
            ),
            tags=tagged(task_family),
            opts=aws_opts,
        )

        service_name = f"healthtech-analytics-svc-{suffix}"
        self.service = aws.ecs.Service(
            service_name,
            name=service_name,
            cluster=self.cluster.arn,
            task_definition=self.task_definition.arn,
            desired_count=args.desired_count,
            launch_type="FARGATE",
            platform_version="LATEST",
            network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=args.private_subnet_ids,
                security_groups=[args.security_group_id],
                assign_public_ip=False,
            ),
            deployment_minimum_healthy_percent=100,
            deployment_maximum_percent=200,
            deployment_circuit_breaker=aws.ecs.ServiceDeploymentCircuitBreakerArgs(
                enable=True, rollback=True
            ),
            enable_ecs_managed_tags=True,
            propagate_tags="SERVICE",
            wait_for_steady_state=False,
            tags=tagged(service_name),
            # Tasks only start once the execution role may pull, log and
            # read the secret.
            opts=ResourceOptions.merge(
                aws_opts, ResourceOptions(depends_on=[managed_policy, secret_policy])
            ),
        )

        self.register_outputs(
            {
                "cluster_name": self.cluster.name,
                "cluster_arn": self.cluster.arn,
                "service_name": self.service.name,
                "task_definition_arn": self.task_definition.arn,
            }
        )
