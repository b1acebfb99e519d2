"""
network.py

Network layer: a VPC spread over two availability zones with a public and a
private subnet in each, one NAT gateway per zone so that losing a zone never
cuts the other zone's outbound access, and the two security groups the
platform needs (ECS service and Redis).
"""

import ipaddress
from typing import Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws
from pulumi import ResourceOptions

REDIS_PORT = 6379
HTTPS_PORT = 443
# Private subnets start at the eleventh /24 block (10.0.10.0/24 in the default VPC).
PRIVATE_BLOCK_OFFSET = 10


class NetworkArgs:
    """Inputs of the network component.

    Args:
        environment_suffix: Suffix added to every resource name.
        availability_zones: Exactly the zones to spread the subnets over.
        provider: The region-pinned AWS provider every resource is created with.
        tags: Tags applied to every taggable resource.
        vpc_cidr: CIDR block of the VPC; the subnets are /24 blocks inside it.
    """

    def __init__(
        self,
        environment_suffix: str,
        availability_zones: Sequence[str],
        provider: aws.Provider,
        tags: Mapping[str, str],
        vpc_cidr: str = "10.0.0.0/16",
    ) -> None:
        self.environment_suffix = environment_suffix
        self.availability_zones = list(availability_zones)
        self.provider = provider
        self.tags = dict(tags)
        self.vpc_cidr = vpc_cidr


class Network(pulumi.ComponentResource):
    """VPC, subnets, gateways, routing and security groups."""

    vpc: aws.ec2.Vpc
    public_subnets: list[aws.ec2.Subnet]
    private_subnets: list[aws.ec2.Subnet]
    nat_gateways: list[aws.ec2.NatGateway]
    service_security_group: aws.ec2.SecurityGroup
    redis_security_group: aws.ec2.SecurityGroup

    def __init__(
        self,
        name: str,
        args: NetworkArgs,
        opts: Optional[ResourceOptions] = None,
    ) -> None:
        super().__init__("healthtech:network:Network", name, None, opts)

        self._env_suffix = args.environment_suffix
        self._common_tags = args.tags
        self._child_opts = ResourceOptions(parent=self, provider=args.provider)
        self._blocks = list(
            ipaddress.ip_network(args.vpc_cidr).subnets(new_prefix=24)
        )

        self.vpc = aws.ec2.Vpc(
            self._resource_name("vpc"),
            cidr_block=args.vpc_cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags=self._with_tags("vpc"),
            opts=self._child_opts,
        )

        self.internet_gateway = aws.ec2.InternetGateway(
            self._resource_name("igw"),
            vpc_id=self.vpc.id,
            tags=self._with_tags("igw"),
            opts=self._child_opts,
        )

        self.public_subnets = []
        self.private_subnets = []
        self.nat_gateways = []

        public_route_table = aws.ec2.RouteTable(
            self._resource_name("public-rt"),
            vpc_id=self.vpc.id,
            tags=self._with_tags("public-rt"),
            opts=self._child_opts,
        )
        aws.ec2.Route(
            self._resource_name("public-default-route"),
            route_table_id=public_route_table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=self.internet_gateway.id,
            opts=self._child_opts,
        )

        for index, zone in enumerate(args.availability_zones):
            self._build_zone(index, zone, public_route_table)

        self._build_security_groups()

        self.register_outputs(
            {
                "vpc_id": self.vpc.id,
                "public_subnet_ids": [s.id for s in self.public_subnets],
                "private_subnet_ids": [s.id for s in self.private_subnets],
                "service_security_group_id": self.service_security_group.id,
                "redis_security_group_id": self.redis_security_group.id,
            }
        )

    def _resource_name(self, base: str) -> str:
        """Resource name with the environment suffix."""
        return f"healthtech-{base}-{self._env_suffix}"

    def _with_tags(self, base: str) -> dict[str, str]:
        """The common tags plus a Name tag."""
        return {**self._common_tags, "Name": self._resource_name(base)}

    def _build_zone(
        self, index: int, zone: str, public_route_table: aws.ec2.RouteTable
    ) -> None:
        """Public subnet, NAT gateway, private subnet and routing of one zone."""
        number = index + 1

        public_subnet = aws.ec2.Subnet(
            self._resource_name(f"public-{number}"),
            vpc_id=self.vpc.id,
            cidr_block=str(self._blocks[index]),
            availability_zone=zone,
            map_public_ip_on_launch=False,
            tags={**self._with_tags(f"public-{number}"), "Tier": "public"},
            opts=self._child_opts,
        )
        aws.ec2.RouteTableAssociation(
            self._resource_name(f"public-rta-{number}"),
            subnet_id=public_subnet.id,
            route_table_id=public_route_table.id,
            opts=self._child_opts,
        )

        elastic_ip = aws.ec2.Eip(
            self._resource_name(f"nat-eip-{number}"),
            domain="vpc",
            tags=self._with_tags(f"nat-eip-{number}"),
            opts=ResourceOptions.merge(
                self._child_opts, ResourceOptions(depends_on=[self.internet_gateway])
            ),
        )
        nat_gateway = aws.ec2.NatGateway(
            self._resource_name(f"nat-{number}"),
            allocation_id=elastic_ip.id,
            subnet_id=public_subnet.id,
            connectivity_type="public",
            tags=self._with_tags(f"nat-{number}"),
            opts=ResourceOptions.merge(
                self._child_opts, ResourceOptions(depends_on=[self.internet_gateway])
            ),
        )

        private_subnet = aws.ec2.Subnet(
            self._resource_name(f"private-{number}"),
            vpc_id=self.vpc.id,
            cidr_block=str(self._blocks[index + PRIVATE_BLOCK_OFFSET]),
            availability_zone=zone,
            map_public_ip_on_launch=False,
            tags={**self._with_tags(f"private-{number}"), "Tier": "private"},
            opts=self._child_opts,
        )
        private_route_table = aws.ec2.RouteTable(
            self._resource_name(f"private-rt-{number}"),
            vpc_id=self.vpc.id,
            tags=self._with_tags(f"private-rt-{number}"),
            opts=self._child_opts,
        )
        aws.ec2.Route(
            self._resource_name(f"private-default-route-{number}"),
            route_table_id=private_route_table.id,
            destination_cidr_block="0.0.0.0/0",
            nat_gateway_id=nat_gateway.id,
            opts=self._child_opts,
        )
        aws.ec2.RouteTableAssociation(
            self._resource_name(f"private-rta-{number}"),
            subnet_id=private_subnet.id,
            route_table_id=private_route_table.id,
            opts=self._child_opts,
        )

        self.public_subnets.append(public_subnet)
        self.private_subnets.append(private_subnet)
        self.nat_gateways.append(nat_gateway)

    def _build_security_groups(self) -> None:
        """Service and Redis groups; the rules reference each other."""
        self.service_security_group = aws.ec2.SecurityGroup(
            self._resource_name("service-sg"),
            name=self._resource_name("service-sg"),
            description="ECS Fargate tasks of the analytics platform",
            vpc_id=self.vpc.id,
            tags=self._with_tags("service-sg"),
            opts=self._child_opts,
        )
        self.redis_security_group = aws.ec2.SecurityGroup(
            self._resource_name("redis-sg"),
            name=self._resource_name("redis-sg"),
            description="ElastiCache Redis, reachable only from the ECS service",
            vpc_id=self.vpc.id,
            tags=self._with_tags("redis-sg"),
            opts=self._child_opts,
        )

        # Redis accepts TLS connections on its port from the service, nothing else.
        aws.vpc.SecurityGroupIngressRule(
            self._resource_name("redis-from-service"),
            security_group_id=self.redis_security_group.id,
            referenced_security_group_id=self.service_security_group.id,
            ip_protocol="tcp",
            from_port=REDIS_PORT,
            to_port=REDIS_PORT,
            description="Redis (TLS) from the ECS service",
            tags=self._with_tags("redis-from-service"),
            opts=self._child_opts,
        )

        # The service talks to Redis, and to AWS APIs and the image registry
        # over HTTPS through the NAT gateways. DNS goes to the VPC resolver,
        # which security groups do not filter.
        aws.vpc.SecurityGroupEgressRule(
            self._resource_name("service-to-redis"),
            security_group_id=self.service_security_group.id,
            referenced_security_group_id=self.redis_security_group.id,
            ip_protocol="tcp",
            from_port=REDIS_PORT,
            to_port=REDIS_PORT,
            description="Redis (TLS) to the cache",
            tags=self._with_tags("service-to-redis"),
            opts=self._child_opts,
        )
        aws.vpc.SecurityGroupEgressRule(
            self._resource_name("service-https-out"),
            security_group_id=self.service_security_group.id,
            cidr_ipv4="0.0.0.0/0",
            ip_protocol="tcp",
            from_port=HTTPS_PORT,
            to_port=HTTPS_PORT,
            description="HTTPS to AWS APIs and the image registry via NAT",
            tags=self._with_tags("service-https-out"),
            opts=self._child_opts,
        )
