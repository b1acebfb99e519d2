"""
tap_stack.py

The HealthTech Analytics platform as one Pulumi component: it pins an AWS
provider to eu-west-1 and composes the network, the Redis cache and the ECS
Fargate service, passing that provider to every AWS resource.
"""

import re
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws
from pulumi import ResourceOptions

from lib.cache import RedisCache, RedisCacheArgs
from lib.compute import DEFAULT_CONTAINER_IMAGE, FargateService, FargateServiceArgs
from lib.network import Network, NetworkArgs

# Every resource of the platform lives in this region; nothing else is allowed.
REQUIRED_REGION = "eu-west-1"
# Zone letters used in the region: two zones for the subnets, NAT gateways
# and the Redis primary and replica.
ZONE_LETTERS = ("a", "b")

# Lowercase letters, digits and hyphens, starting with a letter or digit:
# the suffix ends up in ElastiCache and IAM names, which accept no more.
_SUFFIX_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")


def validate_region(region: str) -> str:
    """Return the region if it is the mandated one, else raise ValueError."""
    if region != REQUIRED_REGION:
        raise ValueError(
            f"region {region!r} is not allowed: every resource of this platform "
            f"must be deployed to {REQUIRED_REGION}"
        )
    return region


def validate_environment_suffix(suffix: str) -> str:
    """Return the suffix if it is usable in every resource name, else raise ValueError."""
    if not _SUFFIX_PATTERN.match(suffix):
        raise ValueError(
            f"environment suffix {suffix!r} must be 1-20 lowercase letters, "
            "digits or hyphens, starting with a letter or digit"
        )
    return suffix


class TapStackArgs:
    """Inputs of the platform.

    Args:
        environment_suffix: Suffix added to every resource name (e.g. 'dev', 'pr42').
        region: Target region; anything but eu-west-1 is refused.
        tags: Extra tags for every taggable resource.
        container_image: Image of the analytics service.
    """

    def __init__(
        self,
        environment_suffix: str = "dev",
        region: str = REQUIRED_REGION,
        tags: Optional[Mapping[str, str]] = None,
        container_image: str = DEFAULT_CONTAINER_IMAGE,
    ) -> None:
        self.environment_suffix = validate_environment_suffix(environment_suffix)
        self.region = validate_region(region)
        self.tags = dict(tags or {})
        self.container_image = container_image


class TapStack(pulumi.ComponentResource):
    """Network, cache and compute of the HealthTech Analytics platform."""

    def __init__(
        self,
        name: str,
        args: TapStackArgs,
        opts: Optional[ResourceOptions] = None,
    ) -> None:
        super().__init__("healthtech:index:TapStack", name, None, opts)

        suffix = args.environment_suffix
        self.region = args.region
        self.environment_suffix = suffix
        # Caller tags first, so that they cannot override the mandatory ones.
        tags = {
            **args.tags,
            "Project": "healthtech-analytics",
            "Environment": suffix,
            "ManagedBy": "pulumi",
            "DataClassification": "anonymized",
        }
        zones = [f"{args.region}{letter}" for letter in ZONE_LETTERS]

        self.provider = aws.Provider(
            f"aws-{args.region}-{suffix}",
            region=args.region,
            opts=ResourceOptions(parent=self),
        )

        self.network = Network(
            f"healthtech-network-{suffix}",
            NetworkArgs(
                environment_suffix=suffix,
                availability_zones=zones,
                provider=self.provider,
                tags=tags,
            ),
            opts=ResourceOptions(parent=self),
        )

        self.cache = RedisCache(
            f"healthtech-cache-{suffix}",
            RedisCacheArgs(
                environment_suffix=suffix,
                availability_zones=zones,
                private_subnet_ids=[s.id for s in self.network.private_subnets],
                security_group_id=self.network.redis_security_group.id,
                provider=self.provider,
                tags=tags,
            ),
            opts=ResourceOptions(parent=self),
        )

        self.compute = FargateService(
            f"healthtech-compute-{suffix}",
            FargateServiceArgs(
                environment_suffix=suffix,
                region=args.region,
                private_subnet_ids=[s.id for s in self.network.private_subnets],
                security_group_id=self.network.service_security_group.id,
                redis_host=self.cache.replication_group.primary_endpoint_address,
                redis_port=self.cache.replication_group.port,
                auth_secret_arn=self.cache.auth_secret.arn,
                provider=self.provider,
                tags=tags,
                image=args.container_image,
            ),
            opts=ResourceOptions(parent=self),
        )

        self.outputs: dict[str, pulumi.Input[object]] = {
            "vpc_id": self.network.vpc.id,
            "public_subnet_ids": [s.id for s in self.network.public_subnets],
            "private_subnet_ids": [s.id for s in self.network.private_subnets],
            "nat_gateway_ids": [n.id for n in self.network.nat_gateways],
            "service_security_group_id": self.network.service_security_group.id,
            "redis_security_group_id": self.network.redis_security_group.id,
            "ecs_cluster_name": self.compute.cluster.name,
            "ecs_cluster_arn": self.compute.cluster.arn,
            "ecs_service_name": self.compute.service.name,
            "task_definition_arn": self.compute.task_definition.arn,
            "task_execution_role_arn": self.compute.execution_role.arn,
            "task_role_arn": self.compute.task_role.arn,
            "log_group_name": self.compute.log_group.name,
            "redis_replication_group_id": self.cache.replication_group.id,
            "redis_primary_endpoint": self.cache.replication_group.primary_endpoint_address,
            "redis_port": self.cache.replication_group.port,
            "redis_auth_secret_arn": self.cache.auth_secret.arn,
            "region": args.region,
        }
        self.register_outputs(self.outputs)
