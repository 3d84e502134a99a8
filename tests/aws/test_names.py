"""Type tokens and child names are public API: a rename replaces real infrastructure. Pin every one of them."""

from __future__ import annotations

from collections import defaultdict

from tests.aws.conftest import ZONES, Rendered

ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"

# parent name -> {(type, name)} for the dev blueprint with one L4 pool ("gpu").
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "mlplatform": {
        ('kubernetes:storage.k8s.io/v1:StorageClass', 'mlplatform-storage-class'),
        ('mlplatform:aws:AcceleratorPool', 'mlplatform-gpu'),
        ('mlplatform:aws:Cluster', 'mlplatform-cluster'),
        ('mlplatform:aws:ClusterAutoscaler', 'mlplatform-autoscaler'),
        ('mlplatform:aws:Network', 'mlplatform-network'),
        ('mlplatform:aws:SpotInterruptionHandler', 'mlplatform-spot-interruption'),
        ('pulumi:providers:kubernetes', 'mlplatform-k8s'),
    },
    "mlplatform-spot-interruption": {  # the dev pool is spot: the Node Termination Handler in queue mode
        ('aws:sqs/queue:Queue', 'mlplatform-spot-interruption-queue'),
        ('aws:sqs/queuePolicy:QueuePolicy', 'mlplatform-spot-interruption-queue-policy'),
        *{(kind, f'mlplatform-spot-interruption-{rule}{suffix}')
          for rule in ('asg-terminate', 'spot-interruption', 'rebalance', 'state-change', 'scheduled-change')
          for kind, suffix in (('aws:cloudwatch/eventRule:EventRule', ''),
                               ('aws:cloudwatch/eventTarget:EventTarget', '-target'))},
        ('mlplatform:aws:PodIdentity', 'mlplatform-spot-interruption-identity'),
        ('kubernetes:helm.sh/v3:Release', 'mlplatform-spot-interruption'),
    },
    "mlplatform-spot-interruption-identity": {
        ('aws:eks/podIdentityAssociation:PodIdentityAssociation',
         'mlplatform-spot-interruption-identity-association'),
        ('aws:iam/role:Role', 'mlplatform-spot-interruption-identity'),
        ('aws:iam/rolePolicy:RolePolicy', 'mlplatform-spot-interruption-identity-policy'),
    },
    "mlplatform-autoscaler": {
        ('kubernetes:helm.sh/v3:Release', 'mlplatform-autoscaler'),
        ('mlplatform:aws:PodIdentity', 'mlplatform-autoscaler-identity'),
    },
    "mlplatform-autoscaler-identity": {
        ('aws:eks/podIdentityAssociation:PodIdentityAssociation', 'mlplatform-autoscaler-identity-association'),
        ('aws:iam/role:Role', 'mlplatform-autoscaler-identity'),
        ('aws:iam/rolePolicy:RolePolicy', 'mlplatform-autoscaler-identity-policy'),
    },
    "mlplatform-cluster": {
        ('aws:autoscaling/tag:Tag', 'mlplatform-cluster-system-tag-team'),
        ('aws:cloudwatch/logGroup:LogGroup', 'mlplatform-cluster-logs'),
        ('aws:ec2/launchTemplate:LaunchTemplate', 'mlplatform-cluster-system-lt'),
        ('aws:eks/accessEntry:AccessEntry', 'mlplatform-cluster-admin-111122223333-role-platform-admins'),
        ('aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
         'mlplatform-cluster-admin-111122223333-role-platform-admins'),
        ('aws:eks/addon:Addon', 'mlplatform-cluster-aws-ebs-csi-driver'),
        ('aws:eks/addon:Addon', 'mlplatform-cluster-coredns'),
        ('aws:eks/addon:Addon', 'mlplatform-cluster-eks-node-monitoring-agent'),
        ('aws:eks/addon:Addon', 'mlplatform-cluster-kube-proxy'),
        ('aws:eks/addon:Addon', 'mlplatform-cluster-metrics-server'),
        ('aws:eks/addon:Addon', 'mlplatform-cluster-pod-identity-agent'),
        ('aws:eks/addon:Addon', 'mlplatform-cluster-vpc-cni'),
        ('aws:eks/cluster:Cluster', 'mlplatform-cluster'),
        ('aws:eks/nodeGroup:NodeGroup', 'mlplatform-cluster-system'),
        ('aws:iam/role:Role', 'mlplatform-cluster-ebs-csi-role'),
        ('aws:iam/role:Role', 'mlplatform-cluster-node-role'),
        ('aws:iam/role:Role', 'mlplatform-cluster-role'),
        ('aws:iam/rolePolicy:RolePolicy', 'mlplatform-cluster-role-kms'),
        (ATTACHMENT, 'mlplatform-cluster-ebs-csi-role-AmazonEBSCSIDriverPolicy'),
        (ATTACHMENT, 'mlplatform-cluster-node-role-AmazonEC2ContainerRegistryPullOnly'),
        (ATTACHMENT, 'mlplatform-cluster-node-role-AmazonEKSWorkerNodePolicy'),
        (ATTACHMENT, 'mlplatform-cluster-node-role-AmazonEKS_CNI_Policy'),
        (ATTACHMENT, 'mlplatform-cluster-role-AmazonEKSClusterPolicy'),
        ('aws:kms/key:Key', 'mlplatform-cluster-secrets'),
        ('aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', 'mlplatform-cluster-api-from-vpc'),
    },
    "mlplatform-gpu": {
        ('aws:autoscaling/tag:Tag', 'mlplatform-gpu-label-k8s-amazonaws-com-accelerator'),
        ('aws:autoscaling/tag:Tag', 'mlplatform-gpu-label-mlplatform-io-accelerator'),
        ('aws:autoscaling/tag:Tag', 'mlplatform-gpu-label-mlplatform-io-capacity'),
        ('aws:autoscaling/tag:Tag', 'mlplatform-gpu-label-mlplatform-io-pool'),
        ('aws:autoscaling/tag:Tag', 'mlplatform-gpu-resources-nvidia-com-gpu'),
        ('aws:autoscaling/tag:Tag', 'mlplatform-gpu-tag-team'),
        ('aws:autoscaling/tag:Tag', 'mlplatform-gpu-taint-nvidia-com-gpu'),
        ('aws:ec2/launchTemplate:LaunchTemplate', 'mlplatform-gpu-lt'),
        ('aws:eks/nodeGroup:NodeGroup', 'mlplatform-gpu'),
    },
    "mlplatform-network": {
        ('aws:ec2/defaultSecurityGroup:DefaultSecurityGroup', 'mlplatform-network-default-sg'),
        ('aws:ec2/eip:Eip', 'mlplatform-network-nat-use1-az1'),
        ('aws:ec2/internetGateway:InternetGateway', 'mlplatform-network-igw'),
        ('aws:ec2/natGateway:NatGateway', 'mlplatform-network-nat-use1-az1'),
        ('aws:ec2/routeTable:RouteTable', 'mlplatform-network-private-use1-az1'),
        ('aws:ec2/routeTable:RouteTable', 'mlplatform-network-private-use1-az2'),
        ('aws:ec2/routeTable:RouteTable', 'mlplatform-network-private-use1-az4'),
        ('aws:ec2/routeTable:RouteTable', 'mlplatform-network-public'),
        ('aws:ec2/routeTableAssociation:RouteTableAssociation', 'mlplatform-network-private-use1-az1'),
        ('aws:ec2/routeTableAssociation:RouteTableAssociation', 'mlplatform-network-private-use1-az2'),
        ('aws:ec2/routeTableAssociation:RouteTableAssociation', 'mlplatform-network-private-use1-az4'),
        ('aws:ec2/routeTableAssociation:RouteTableAssociation', 'mlplatform-network-public-use1-az1'),
        ('aws:ec2/subnet:Subnet', 'mlplatform-network-private-use1-az1'),
        ('aws:ec2/subnet:Subnet', 'mlplatform-network-private-use1-az2'),
        ('aws:ec2/subnet:Subnet', 'mlplatform-network-private-use1-az4'),
        ('aws:ec2/subnet:Subnet', 'mlplatform-network-public-use1-az1'),
        ('aws:ec2/vpc:Vpc', 'mlplatform-network'),
    },
}


def test_every_resource_type_name_and_parent_is_pinned(dev: Rendered) -> None:
    names = {r.urn: r.name for r in dev.inventory}
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for reg in dev.inventory:
        if reg.type != "mlplatform:index:Platform":
            found[names[reg.parent]].add((reg.type, reg.name))
    assert dict(found) == EXPECTED


def test_names_are_unique_per_type(dev: Rendered) -> None:
    pairs = [(r.type, r.name) for r in dev.inventory]
    assert len(pairs) == len(set(pairs))


def test_prod_adds_exactly_per_zone_nat_and_flow_logs(dev: Rendered, prod: Rendered) -> None:
    in_dev = {(r.type, r.name) for r in dev.inventory}
    in_prod = {(r.type, r.name) for r in prod.inventory}
    per_zone = {
        (kind, f"mlplatform-network-{role}-{z}")
        for z in ZONES[1:]
        for kind, role in [
            ("aws:ec2/eip:Eip", "nat"),
            ("aws:ec2/natGateway:NatGateway", "nat"),
            ("aws:ec2/subnet:Subnet", "public"),
            ("aws:ec2/routeTableAssociation:RouteTableAssociation", "public"),
        ]
    }
    flow_logs = {
        (kind, "mlplatform-network-flow-logs")
        for kind in ("aws:cloudwatch/logGroup:LogGroup", "aws:ec2/flowLog:FlowLog", "aws:iam/role:Role",
                     "aws:iam/rolePolicy:RolePolicy")
    }
    assert in_prod - in_dev == per_zone | flow_logs
    # Prod leaves its audit log group to EKS (it must outlive the stack and not block a rebuild, test_day2.py).
    # Prod's pool is on-demand: no spot node group, so no interruption handler.
    assert {k for k in in_dev - in_prod if "spot-interruption" not in k[1]} == {
        ("aws:cloudwatch/logGroup:LogGroup", "mlplatform-cluster-logs")}
    assert any("spot-interruption" in name for _, name in in_dev - in_prod)


# AWS types without tags of their own (attachments, associations, inline policies, ASG tag rows).
UNTAGGABLE = {
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:autoscaling/tag:Tag",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
}


def test_every_taggable_aws_resource_carries_the_plan_tags(prod: Rendered) -> None:
    aws_resources = [r for r in prod.inventory.custom() if r.type.startswith("aws:")]
    taggable = [r for r in aws_resources if r.type not in UNTAGGABLE]
    assert len(taggable) > 30
    for reg in taggable:
        assert dict(prod.plan.tags).items() <= reg.inputs.get("tags", {}).items(), (reg.type, reg.name)
