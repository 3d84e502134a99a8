"""CrossGuard policy packs for mlplatform stacks, and the cloud-neutral views of resources they share.

Each pack directory is a self-contained pack for the Pulumi CLI (`PulumiPolicy.yaml`, `__main__.py`);
its rules live in importable modules so `mlplatform policy` runs the very same functions offline.
"""
