"""Redis cache: TLS, encryption at rest, Multi-AZ failover, AUTH token from Secrets Manager."""

import pytest
from conftest import resource_id
from synth import MOCK_AUTH_TOKEN

REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
SUBNET_GROUP = "aws:elasticache/subnetGroup:SubnetGroup"
PARAMETER_GROUP = "aws:elasticache/parameterGroup:ParameterGroup"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
PASSWORD = "random:index/randomPassword:RandomPassword"
SUBNET = "aws:ec2/subnet:Subnet"


@pytest.fixture(scope="module")
def redis(mocks):
    return mocks.one(REPLICATION_GROUP).inputs


def test_every_connection_is_encrypted_in_transit(redis):
    assert redis["transitEncryptionEnabled"] is True
    assert redis["transitEncryptionMode"] == "required"


def test_data_is_encrypted_at_rest(redis):
    assert redis["atRestEncryptionEnabled"] is True


def test_two_nodes_in_two_zones_with_multi_az_and_automatic_failover(redis):
    assert redis["numCacheClusters"] >= 2
    assert redis["preferredCacheClusterAzs"] == ["eu-west-1a", "eu-west-1b"]
    assert redis["multiAzEnabled"] is True
    assert redis["automaticFailoverEnabled"] is True


def test_engine_port_and_parameter_group_match(mocks, redis):
    group = mocks.one(PARAMETER_GROUP).inputs
    assert redis["engine"] == "redis"
    assert redis["engineVersion"].startswith("7.")
    assert group["family"] == "redis7"
    assert redis["parameterGroupName"] == group["name"]
    assert redis["port"] == 6379
    parameters = {p["name"]: p["value"] for p in group["parameters"]}
    assert parameters["maxmemory-policy"] == "volatile-lru"


def test_cache_lives_in_the_private_subnets_behind_its_security_group(mocks, redis):
    subnet_group = mocks.one(SUBNET_GROUP).inputs
    private = [
        resource_id(s) for s in mocks.of_type(SUBNET) if s.inputs["tags"]["Tier"] == "private"
    ]
    assert sorted(subnet_group["subnetIds"]) == sorted(private)
    assert redis["subnetGroupName"] == subnet_group["name"]
    assert redis["securityGroupIds"] == [resource_id(mocks.named("healthtech-redis-sg-unit"))]


def test_maintenance_and_snapshot_windows_are_set_and_do_not_overlap(redis):
    assert redis["maintenanceWindow"] == "sun:04:00-sun:05:00"
    assert redis["snapshotWindow"] == "02:00-03:00"
    assert redis["snapshotRetentionLimit"] >= 1


def test_auth_token_comes_from_the_secret_and_stays_secret(mocks):
    group = mocks.one(REPLICATION_GROUP)
    version = mocks.one(SECRET_VERSION)
    assert version.inputs["secretString"] == MOCK_AUTH_TOKEN
    assert group.inputs["authToken"] == version.inputs["secretString"]
    assert "authToken" in group.secret_inputs
    assert "secretString" in version.secret_inputs


def test_secret_version_belongs_to_the_secret(mocks):
    version = mocks.one(SECRET_VERSION).inputs
    secret = mocks.one(SECRET).inputs
    assert version["secretId"].endswith(":" + secret["name"])
    assert secret["name"] == "healthtech/unit/redis-auth-token"


def test_auth_token_is_generated_with_characters_elasticache_accepts(mocks):
    password = mocks.one(PASSWORD).inputs
    assert 16 <= password["length"] <= 128
    assert password["special"] is True
    allowed = set("!&#$^<>-")
    assert set(password["overrideSpecial"]) <= allowed
    assert not set(password["overrideSpecial"]) & set('/"@ ')


def test_the_random_password_is_not_bound_to_the_aws_provider(mocks):
    provider = mocks.one(PASSWORD).provider
    assert provider is None or "providers:aws" not in provider
