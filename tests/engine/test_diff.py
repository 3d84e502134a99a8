"""Resource-level diff of two inventories: matching, leaf paths, the replacement table, stateful losses."""

from __future__ import annotations

from dataclasses import replace

from mlplatform.diff import Action, Change, ResourceDiff, compare
from mlplatform.diff.replace import table
from mlplatform.engine.inventory import Inventory, Registration

STACK = "urn:pulumi:{stack}::mlplatform::pulumi:pulumi:Stack::mlplatform-{stack}"
POOL_TYPE = "mlplatform:aws:AcceleratorPool"


def urn(stack: str, types: str, name: str) -> str:
    return f"urn:pulumi:{stack}::mlplatform::{types}::{name}"


def node_group(stack: str, **inputs: object) -> Registration:
    base = {"instanceTypes": ["g4dn.xlarge"], "capacityType": "SPOT", "scalingConfig": {"minSize": 0.0, "maxSize": 4.0},
            "taints": [{"key": "nvidia.com/gpu", "value": "true", "effect": "NO_SCHEDULE"}], "userData": "[secret]"}
    return Registration(
        urn=urn(stack, f"{POOL_TYPE}$aws:eks/nodeGroup:NodeGroup", "t4"), type="aws:eks/nodeGroup:NodeGroup",
        name="t4", parent=urn(stack, POOL_TYPE, "t4"), custom=True, inputs={**base, **inputs},
    )


def cluster(stack: str, name: str = "mlplatform-dev") -> Registration:
    return Registration(
        urn=urn(stack, "aws:eks/cluster:Cluster", "c"), type="aws:eks/cluster:Cluster", name="c",
        parent=STACK.format(stack=stack), custom=True, inputs={"name": name, "version": "1.35"},
    )


def key(stack: str) -> Registration:
    return Registration(urn=urn(stack, "aws:kms/key:Key", "k"), type="aws:kms/key:Key", name="k",
                        parent=STACK.format(stack=stack), custom=True, inputs={"enableKeyRotation": True})


def inv(stack: str, *regs: Registration) -> Inventory:
    return Inventory(stack=stack, registrations=list(regs))


def test_identical_inventories_of_differently_named_stacks_do_not_differ() -> None:
    assert compare(inv("aws-dev", node_group("aws-dev"), cluster("aws-dev")),
                   inv("aws-pr", node_group("aws-pr"), cluster("aws-pr"))) == []


def test_a_scaling_change_is_an_in_place_change_with_leaf_paths() -> None:
    new = node_group("b", scalingConfig={"minSize": 0.0, "maxSize": 8.0},
                     taints=[{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}], extra="x")
    [diff] = compare(inv("a", node_group("a")), inv("b", new))
    assert diff == ResourceDiff(
        key="mlplatform::mlplatform:aws:AcceleratorPool$aws:eks/nodeGroup:NodeGroup::t4",
        type="aws:eks/nodeGroup:NodeGroup", name="t4", action=Action.CHANGE,
        parent="mlplatform::mlplatform:aws:AcceleratorPool::t4",
        changes=(Change("extra", "(absent)", "x"), Change("scalingConfig.maxSize", 4.0, 8.0),
                 Change("taints[0].value", "true", "present")),
    )


def test_a_create_only_input_replaces_and_the_path_is_named() -> None:
    [diff] = compare(inv("a", node_group("a")), inv("b", node_group("b", capacityType="ON_DEMAND")))
    assert (diff.action, diff.replace_paths, diff.stateful, diff.stateful_loss) == (
        Action.REPLACE, ("capacityType",), None, False)
    [diff] = compare(inv("a", node_group("a")), inv("b", node_group("b", instanceTypes=["g5.xlarge"])))
    assert (diff.action, diff.replace_paths) == (Action.REPLACE, ("instanceTypes[0]",))


def test_replacing_or_removing_a_stateful_resource_is_listed_first() -> None:
    base = inv("a", node_group("a"), cluster("a"), key("a"))
    head = inv("b", node_group("b", capacityType="ON_DEMAND"), cluster("b", name="mlplatform-prod"))
    diffs = compare(base, head)
    assert [(d.name, d.action, d.stateful_loss) for d in diffs] == [
        ("k", Action.REMOVE, True), ("c", Action.REPLACE, True), ("t4", Action.REPLACE, False)]
    assert diffs[1].changes == (Change("name", "mlplatform-dev", "mlplatform-prod"),)
    assert diffs[0].stateful == "every secret and disk encrypted with the key"


def test_an_aliased_rename_is_a_change_of_urn_not_a_remove_and_add() -> None:
    old = key("a")
    new = replace(key("b"), urn=urn("b", "aws:kms/key:Key", "k2"), name="k2", aliases=(old.urn,))
    [diff] = compare(inv("a", old), inv("b", new))
    assert (diff.action, diff.changes) == (
        Action.CHANGE, (Change("urn", "mlplatform::aws:kms/key:Key::k", "mlplatform::aws:kms/key:Key::k2"),))


def test_options_compare_and_added_resources_are_listed() -> None:
    protected = replace(cluster("b"), protect=True)
    diffs = compare(inv("a", cluster("a")), inv("b", protected, key("b")))
    assert [(d.name, d.action, d.changes) for d in diffs] == [
        ("k", Action.ADD, ()), ("c", Action.CHANGE, (Change("options.protect", False, True),))]


def test_a_replaced_dependency_replaces_a_create_only_input_that_takes_its_id() -> None:
    subnet = Registration(urn=urn("a", "aws:ec2/subnet:Subnet", "s1"), type="aws:ec2/subnet:Subnet", name="s1",
                          parent=STACK.format(stack="a"), custom=True, inputs={"cidrBlock": "10.0.0.0/19"})
    group = replace(node_group("a", subnetIds=["s1-id"]), property_dependencies={"subnetIds": (subnet.urn,)})
    moved = replace(subnet, urn=urn("b", "aws:ec2/subnet:Subnet", "s1"), inputs={"cidrBlock": "10.1.0.0/19"})
    head_group = replace(node_group("b", subnetIds=["s1-id"]), property_dependencies={"subnetIds": (moved.urn,)})
    diffs = compare(inv("a", subnet, group), inv("b", moved, head_group))
    assert [(d.name, d.action, d.replace_paths) for d in diffs] == [
        ("s1", Action.REPLACE, ("cidrBlock",)), ("t4", Action.REPLACE, ("subnetIds[0]",))]
    assert diffs[1].reasons == (
        "subnetIds[0] takes an output of s1, which is replaced, and subnetIds[0] is create-only",)
    assert diffs[1].changes == (Change("subnetIds[0]", "s1-id", "(new value: s1 is replaced)"),)


def test_replace_on_changes_and_protect_make_a_stop() -> None:
    old = replace(cluster("a"), replace_on_changes=("version",), protect=True)
    new = replace(cluster("b"), inputs={"name": "mlplatform-dev", "version": "1.36"}, replace_on_changes=("version",),
                  protect=True)
    [diff] = compare(inv("a", old), inv("b", new))
    assert (diff.action, diff.stops, diff.reasons) == (
        Action.REPLACE, True, ("version is in the resource's replaceOnChanges", "protected: pulumi up will stop here"))


def test_every_replacement_row_has_a_source_and_wire_name_paths() -> None:
    for type_token, rule in table().items():
        assert rule.source and rule.method in ("generated", "convention", "transcribed"), type_token
        assert all(p and "_" not in p and p[0].islower() for p in rule.paths), type_token
