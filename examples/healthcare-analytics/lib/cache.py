"""
cache.py

Session and API-response cache: an ElastiCache Redis replication group with
one primary and one replica in different availability zones, automatic
failover, encryption in transit (TLS only) and at rest, and an AUTH token that
is generated here, stored in AWS Secrets Manager and read from there.
"""

from typing import Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws
import pulumi_random as random
from pulumi import Input, ResourceOptions

from lib.network import REDIS_PORT

# ElastiCache AUTH tokens are 16-128 printable characters and must not contain
# '/', '"', '@' or spaces; these are the special characters it accepts.
AUTH_TOKEN_SPECIAL_CHARACTERS = "!&#$^<>-"
AUTH_TOKEN_LENGTH = 32

REDIS_ENGINE_VERSION = "7.1"
REDIS_PARAMETER_FAMILY = "redis7"


class RedisCacheArgs:
    """Inputs of the cache component.

    Args:
        environment_suffix: Suffix added to every resource name.
        availability_zones: Zones for the primary and the replica, in order.
        private_subnet_ids: Private subnets (one per zone) for the subnet group.
        security_group_id: Security group that admits only the ECS service.
        provider: The region-pinned AWS provider every resource is created with.
        tags: Tags applied to every taggable resource.
        node_type: Cache node size.
    """

    def __init__(
        self,
        environment_suffix: str,
        availability_zones: Sequence[str],
        private_subnet_ids: Sequence[Input[str]],
        security_group_id: Input[str],
        provider: aws.Provider,
        tags: Mapping[str, str],
        node_type: str = "cache.t4g.small",
    ) -> None:
        self.environment_suffix = environment_suffix
        self.availability_zones = list(availability_zones)
        self.private_subnet_ids = list(private_subnet_ids)
        self.security_group_id = security_group_id
        self.provider = provider
        self.tags = dict(tags)
        self.node_type = node_type


class RedisCache(pulumi.ComponentResource):
    """Redis replication group plus the Secrets Manager secret of its AUTH token."""

    auth_secret: aws.secretsmanager.Secret
    replication_group: aws.elasticache.ReplicationGroup

    def __init__(
        self,
        name: str,
        args: RedisCacheArgs,
        opts: Optional[ResourceOptions] = None,
    ) -> None:
        super().__init__("healthtech:cache:RedisCache", name, None, opts)

        suffix = args.environment_suffix
        aws_opts = ResourceOptions(parent=self, provider=args.provider)

        def tagged(resource_name: str) -> dict[str, str]:
            return {**args.tags, "Name": resource_name}

        auth_token = random.RandomPassword(
            f"healthtech-redis-auth-token-{suffix}",
            length=AUTH_TOKEN_LENGTH,
            special=True,
            override_special=AUTH_TOKEN_SPECIAL_CHARACTERS,
            min_lower=1,
            min_upper=1,
            min_numeric=1,
            opts=ResourceOptions(parent=self),
        )

        secret_name = f"healthtech/{suffix}/redis-auth-token"
        self.auth_secret = aws.secretsmanager.Secret(
            f"healthtech-redis-auth-secret-{suffix}",
            name=secret_name,
            description="AUTH token of the analytics Redis replication group",
            # No recovery window, so that a torn-down environment can be
            # recreated under the same name straight away.
            recovery_window_in_days=0,
            tags=tagged(secret_name),
            opts=aws_opts,
        )
        auth_secret_version = aws.secretsmanager.SecretVersion(
            f"healthtech-redis-auth-secret-version-{suffix}",
            secret_id=self.auth_secret.id,
            secret_string=auth_token.result,
            opts=aws_opts,
        )

        subnet_group_name = f"healthtech-redis-subnets-{suffix}"
        subnet_group = aws.elasticache.SubnetGroup(
            subnet_group_name,
            name=subnet_group_name,
            description="Private subnets of the analytics Redis cache",
            subnet_ids=args.private_subnet_ids,
            tags=tagged(subnet_group_name),
            opts=aws_opts,
        )

        parameter_group_name = f"healthtech-redis-params-{suffix}"
        parameter_group = aws.elasticache.ParameterGroup(
            parameter_group_name,
            name=parameter_group_name,
            family=REDIS_PARAMETER_FAMILY,
            description="Session and API cache settings",
            parameters=[
                # Evict only keys that carry a TTL (sessions and cached API
                # responses both do), least recently used first.
                aws.elasticache.ParameterGroupParameterArgs(
                    name="maxmemory-policy", value="volatile-lru"
                ),
                # Close client connections idle for five minutes.
                aws.elasticache.ParameterGroupParameterArgs(
                    name="timeout", value="300"
                ),
            ],
            tags=tagged(parameter_group_name),
            opts=aws_opts,
        )

        replication_group_id = f"healthtech-redis-{suffix}"
        self.replication_group = aws.elasticache.ReplicationGroup(
            replication_group_id,
            replication_group_id=replication_group_id,
            description="Session store and API response cache",
            engine="redis",
            engine_version=REDIS_ENGINE_VERSION,
            node_type=args.node_type,
            port=REDIS_PORT,
            num_cache_clusters=len(args.availability_zones),
            preferred_cache_cluster_azs=args.availability_zones,
            automatic_failover_enabled=True,
            multi_az_enabled=True,
            transit_encryption_enabled=True,
            transit_encryption_mode="required",
            at_rest_encryption_enabled=True,
            auth_token=auth_secret_version.secret_string,
            subnet_group_name=subnet_group.name,
            security_group_ids=[args.security_group_id],
            parameter_group_name=parameter_group.name,
            maintenance_window="sun:04:00-sun:05:00",
            snapshot_window="02:00-03:00",
            snapshot_retention_limit=7,
            auto_minor_version_upgrade=True,
            apply_immediately=True,
            tags=tagged(replication_group_id),
            opts=aws_opts,
        )

        self.register_outputs(
            {
                "primary_endpoint": self.replication_group.primary_endpoint_address,
                "port": self.replication_group.port,
                "auth_secret_arn": self.auth_secret.arn,
            }
        )
