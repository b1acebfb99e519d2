"""Network layer: VPC, subnets per zone, NAT and internet gateways, routing, security groups."""

import ipaddress

from conftest import resource_id

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
IGW = "aws:ec2/internetGateway:InternetGateway"
EIP = "aws:ec2/eip:Eip"
NAT = "aws:ec2/natGateway:NatGateway"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ROUTE = "aws:ec2/route:Route"
ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"


def _subnets(mocks, tier):
    return [s for s in mocks.of_type(SUBNET) if s.inputs["tags"]["Tier"] == tier]


def _by_id(mocks, type_token):
    return {resource_id(r): r for r in mocks.of_type(type_token)}


def test_vpc_has_dns_support_and_hostnames(mocks):
    vpc = mocks.one(VPC)
    assert vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["enableDnsHostnames"] is True
    assert vpc.inputs["cidrBlock"] == "10.0.0.0/16"


def test_one_public_and_one_private_subnet_in_each_of_two_zones(mocks):
    public = _subnets(mocks, "public")
    private = _subnets(mocks, "private")
    assert len(public) == 2 and len(private) == 2
    zones = {"eu-west-1a", "eu-west-1b"}
    assert {s.inputs["availabilityZone"] for s in public} == zones
    assert {s.inputs["availabilityZone"] for s in private} == zones
    vpc_id = resource_id(mocks.one(VPC))
    assert all(s.inputs["vpcId"] == vpc_id for s in public + private)


def test_subnets_are_disjoint_blocks_inside_the_vpc(mocks):
    vpc = ipaddress.ip_network(mocks.one(VPC).inputs["cidrBlock"])
    blocks = [ipaddress.ip_network(s.inputs["cidrBlock"]) for s in mocks.of_type(SUBNET)]
    assert all(block.subnet_of(vpc) for block in blocks)
    for i, left in enumerate(blocks):
        for right in blocks[i + 1 :]:
            assert not left.overlaps(right)


def test_no_subnet_hands_out_public_ips(mocks):
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in mocks.of_type(SUBNET))


def test_internet_gateway_is_attached_to_the_vpc(mocks):
    assert mocks.one(IGW).inputs["vpcId"] == resource_id(mocks.one(VPC))


def test_one_nat_gateway_with_its_own_elastic_ip_in_each_public_subnet(mocks):
    nats = mocks.of_type(NAT)
    eips = mocks.of_type(EIP)
    assert len(nats) == 2 and len(eips) == 2
    assert all(e.inputs["domain"] == "vpc" for e in eips)
    public_ids = {resource_id(s) for s in _subnets(mocks, "public")}
    assert {n.inputs["subnetId"] for n in nats} == public_ids
    assert {n.inputs["allocationId"] for n in nats} == {resource_id(e) for e in eips}
    assert all(n.inputs["connectivityType"] == "public" for n in nats)


def test_public_subnets_route_to_the_internet_gateway(mocks):
    igw_id = resource_id(mocks.one(IGW))
    tables = _by_id(mocks, ROUTE_TABLE)
    public_ids = {resource_id(s) for s in _subnets(mocks, "public")}
    for association in mocks.of_type(ASSOCIATION):
        if association.inputs["subnetId"] not in public_ids:
            continue
        table_id = association.inputs["routeTableId"]
        assert table_id in tables
        routes = [r for r in mocks.of_type(ROUTE) if r.inputs["routeTableId"] == table_id]
        assert [(r.inputs["destinationCidrBlock"], r.inputs.get("gatewayId")) for r in routes] == [
            ("0.0.0.0/0", igw_id)
        ]


def test_each_private_subnet_routes_through_the_nat_gateway_of_its_zone(mocks):
    subnets = _by_id(mocks, SUBNET)
    nats = _by_id(mocks, NAT)
    private = _subnets(mocks, "private")
    seen_nats = set()
    for subnet in private:
        associations = [
            a for a in mocks.of_type(ASSOCIATION) if a.inputs["subnetId"] == resource_id(subnet)
        ]
        assert len(associations) == 1
        table_id = associations[0].inputs["routeTableId"]
        routes = [r for r in mocks.of_type(ROUTE) if r.inputs["routeTableId"] == table_id]
        assert len(routes) == 1
        route = routes[0]
        assert route.inputs["destinationCidrBlock"] == "0.0.0.0/0"
        assert "gatewayId" not in route.inputs
        nat = nats[route.inputs["natGatewayId"]]
        nat_zone = subnets[nat.inputs["subnetId"]].inputs["availabilityZone"]
        assert nat_zone == subnet.inputs["availabilityZone"]
        seen_nats.add(resource_id(nat))
    assert seen_nats == set(nats)


def test_every_subnet_is_associated_with_exactly_one_route_table(mocks):
    associated = [a.inputs["subnetId"] for a in mocks.of_type(ASSOCIATION)]
    assert sorted(associated) == sorted(resource_id(s) for s in mocks.of_type(SUBNET))


def test_redis_accepts_only_6379_from_the_service_group(mocks):
    redis_sg = resource_id(mocks.named("healthtech-redis-sg-unit"))
    service_sg = resource_id(mocks.named("healthtech-service-sg-unit"))
    rules = [r for r in mocks.of_type(INGRESS) if r.inputs["securityGroupId"] == redis_sg]
    assert len(rules) == 1
    rule = rules[0].inputs
    assert rule["referencedSecurityGroupId"] == service_sg
    assert (rule["ipProtocol"], rule["fromPort"], rule["toPort"]) == ("tcp", 6379, 6379)
    assert "cidrIpv4" not in rule


def test_the_service_accepts_no_inbound_traffic(mocks):
    service_sg = resource_id(mocks.named("healthtech-service-sg-unit"))
    assert not [r for r in mocks.of_type(INGRESS) if r.inputs["securityGroupId"] == service_sg]


def test_security_groups_carry_no_inline_rules(mocks):
    for group in mocks.of_type(SECURITY_GROUP):
        assert "ingress" not in group.inputs and "egress" not in group.inputs


def test_service_egress_is_redis_and_https_only(mocks):
    service_sg = resource_id(mocks.named("healthtech-service-sg-unit"))
    redis_sg = resource_id(mocks.named("healthtech-redis-sg-unit"))
    rules = {
        (
            r.inputs["ipProtocol"],
            r.inputs["fromPort"],
            r.inputs["toPort"],
            r.inputs.get("referencedSecurityGroupId") or r.inputs.get("cidrIpv4"),
        )
        for r in mocks.of_type(EGRESS)
        if r.inputs["securityGroupId"] == service_sg
    }
    assert rules == {("tcp", 6379, 6379, redis_sg), ("tcp", 443, 443, "0.0.0.0/0")}


def test_redis_has_no_egress_and_no_rule_opens_all_protocols(mocks):
    redis_sg = resource_id(mocks.named("healthtech-redis-sg-unit"))
    assert not [r for r in mocks.of_type(EGRESS) if r.inputs["securityGroupId"] == redis_sg]
    for rule in mocks.of_type(INGRESS) + mocks.of_type(EGRESS):
        assert rule.inputs["ipProtocol"] != "-1"


def test_a_custom_vpc_cidr_is_split_into_its_own_blocks():
    import pulumi_aws as aws
    from pulumi import ResourceOptions
    from synth import run_program

    from lib.network import Network, NetworkArgs

    def program():
        provider = aws.Provider("aws-cidr", region="eu-west-1")
        Network(
            "net-cidr",
            NetworkArgs(
                environment_suffix="cidr",
                availability_zones=["eu-west-1a", "eu-west-1b"],
                provider=provider,
                tags={"Environment": "cidr"},
                vpc_cidr="10.20.0.0/16",
            ),
            opts=ResourceOptions(),
        )

    run = run_program(program)
    blocks = sorted(s.inputs["cidrBlock"] for s in run.mocks.of_type(SUBNET))
    assert blocks == ["10.20.0.0/24", "10.20.1.0/24", "10.20.10.0/24", "10.20.11.0/24"]
