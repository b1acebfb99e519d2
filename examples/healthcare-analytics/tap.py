"""
tap.py

Pulumi entry point of the HealthTech Analytics platform. The environment
suffix comes from ENVIRONMENT_SUFFIX (or the `environmentSuffix` stack
setting, default 'dev'); the region from `aws:region` (default eu-west-1,
and TapStack refuses any other).
"""

import os

import pulumi

from lib.tap_stack import REQUIRED_REGION, TapStack, TapStackArgs

config = pulumi.Config()
environment_suffix = (
    os.environ.get("ENVIRONMENT_SUFFIX") or config.get("environmentSuffix") or "dev"
)
region = pulumi.Config("aws").get("region") or REQUIRED_REGION

stack = TapStack(
    f"healthtech-analytics-{environment_suffix}",
    TapStackArgs(environment_suffix=environment_suffix, region=region),
)

for output_name, value in stack.outputs.items():
    pulumi.export(output_name, value)
