"""Price book ``list-2026``, GCP rows: the VM part per machine type and the per-unit accelerator parts.

Figures (USD/h, on-demand / spot) are the Cloud Billing catalog prices in the SkyPilot catalog snapshot
(``sources.SKYPILOT_GCP``, data no newer than 2025-05-31), one row per region (zones of a region share the
price). Newer figures from the 2026-07-30 Cloud Billing Catalog mirror (``prices_gcp_billing``) give the N1/N2
VM rows (the snapshot's were dropped: the mirror replaced every one), add Local SSD per GiB, and price A2/A3/G2
as whole nodes (``NODE_ROWS``) with published 1-year commitments; ``prices.price`` takes a region's newest own
figure per tier, parts or node. Reserved where no source publishes it is estimated, flagged; a refresh from the
Cloud Billing Catalog brings the per-family Commit1Yr rates (``mlplatform catalog refresh``).

- VM parts are the catalog's machine-type rows (vCPUs + memory, accelerators excluded).
- GPU parts are the per-GPU rows (1-GPU row); TPU parts are per chip (the 1-chip slice row; v5p: the
  6144-chip slice row / 6144), host VM included.
- Omitted on purpose: GPU rows priced below 60% of the same GPU in a US region with the same VM price
  (H100 in us-central1 and us-west4 at $4.20 vs $9.80 in us-east4; A100 80GB in us-central1, us-east4 and
  europe-west4 at about $2 vs $4.42 in us-east5; A100 40GB in europe-west4 at $1.61 vs $2.93 in
  us-central1). They look like another SKU (e.g. flex-start) mapped as on-demand. The regions' own list prices
  come from the newer mirror's node rows; the book's reference regions stand in for a part only where no
  source has the region's own figure, flagged with ``fallback_region``.
- G2 (``g2-standard-*``) VM parts are the machine-type rows, the L4 GPUs are the ``nvidia-l4`` part (G2 is not
  offered in us-east5).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.catalog import prices_gcp_billing as billing
from components.catalog import sources as src
from components.catalog.feed_tables import load_table, overlay
from components.catalog.price_rows import Rate, gpu_part, tpu_part
from components.spec.enums import Accelerator, Cloud

SOURCE = src.SKYPILOT_GCP

REFERENCE_REGIONS: tuple[str, ...] = ("us-east4", "us-east5", "us-central1")
"""Stand-in regions, in order, for a part whose own regional figure is missing or omitted (flagged)."""

_UC1, _UE4, _UE5, _UW4, _EW4 = "us-central1", "us-east4", "us-east5", "us-west4", "europe-west4"

_Table = Mapping[str, Mapping[str, tuple[float, float]]]

_VM: _Table = {
    "a2-highgpu-1g": {_UC1: (0.73948, 0.29576), _EW4: (0.81406, 0.31824), _UW4: (0.8328, 0.32976)},
    "a2-highgpu-2g": {_UC1: (1.47895, 0.59151), _EW4: (1.62813, 0.63648), _UW4: (1.66559, 0.65953)},
    "a2-highgpu-4g": {_UC1: (2.95791, 1.18302), _EW4: (3.25626, 1.27296), _UW4: (3.33118, 1.31906)},
    "a2-highgpu-8g": {_UC1: (5.91582, 2.36604), _EW4: (6.51251, 2.54592), _UW4: (6.66236, 2.63812)},
    "a2-megagpu-16g": {_UC1: (8.79698, 3.51864), _EW4: (9.68403, 3.78624)},
    "a2-ultragpu-1g": {
        _UC1: (1.09962, 0.43983),
        _EW4: (1.2105, 0.47328),
        _UE4: (1.23833, 0.463),
        _UE5: (1.09962, 0.28356),
    },
    "a2-ultragpu-2g": {
        _UC1: (2.19924, 0.87966),
        _EW4: (2.42101, 0.94656),
        _UE4: (2.47666, 0.926),
        _UE5: (2.19924, 0.56712),
    },
    "a2-ultragpu-4g": {
        _UC1: (4.39849, 1.75932),
        _EW4: (4.84202, 1.89312),
        _UE4: (4.95332, 1.852),
        _UE5: (4.39849, 1.13424),
    },
    "a2-ultragpu-8g": {
        _UC1: (8.79698, 3.51864),
        _EW4: (9.68403, 3.78624),
        _UE4: (9.90664, 3.704),
        _UE5: (8.79698, 2.26848),
    },
    "a3-highgpu-8g": {
        _UC1: (9.46006, 2.17547),
        _EW4: (9.93306, 1.7888),
        _UE4: (9.46006, 1.70352),
        _UE5: (10.65487, 1.91776),
        _UW4: (10.65487, 1.91776),
    },
    "g2-standard-4": {
        _UC1: (0.14679, 0.05874),
        _UE4: (0.14631, 0.05851),
        _UW4: (0.16533, 0.04322),
        _EW4: (0.15429, 0.06174),
    },
    "g2-standard-24": {
        _UC1: (0.88075, 0.35242),
        _UE4: (0.87787, 0.35107),
        _UW4: (0.99199, 0.25934),
        _EW4: (0.92571, 0.37042),
    },
    "g2-standard-48": {
        _UC1: (1.7615, 0.70483),
        _UE4: (1.75574, 0.70214),
        _UW4: (1.98398, 0.51869),
        _EW4: (1.85143, 0.74083),
    },
    "g2-standard-96": {
        _UC1: (3.52301, 1.40966),
        _UE4: (3.51147, 1.40429),
        _UW4: (3.96796, 1.03738),
        _EW4: (3.70286, 1.48166),
    },
}

_GPU: _Table = {
    "nvidia-h100-80gb": {_UE4: (9.79655, 1.7632), _UE5: (11.03385, 1.9856), _EW4: (12.73552, 2.2913)},
    "nvidia-a100-80gb": {_UE5: (4.4242, 1.2572)},
    "nvidia-tesla-a100": {_UC1: (2.93391, 1.1472), _UW4: (3.10156, 1.2282)},
    "nvidia-l4": {_UC1: (0.56004, 0.2231), _UE4: (0.55821, 0.2233), _UW4: (0.63077, 0.1774), _EW4: (0.58804, 0.2106)},
    # Per GPU from the 2-GPU rows (the 1-GPU rows of us-central1 and europe-west4 were not read).
    "nvidia-tesla-t4": {_UC1: (0.35, 0.14), _UE4: (0.37, 0.1123), _UW4: (0.37, 0.1258), _EW4: (0.3675, 0.14)},
}

_V5P_CHIPS = 6144
_TPU: Mapping[Accelerator, Mapping[str, tuple[float, float]]] = {
    Accelerator.TPU_V5E: {_UC1: (1.2, 0.21298), _UE5: (1.2, 0.6), _UW4: (1.2, 0.4692), _EW4: (1.56, 0.44261)},
    Accelerator.TPU_V5P: {
        _UC1: (25804.8 / _V5P_CHIPS, 10321.92 / _V5P_CHIPS),
        _UE5: (25804.8 / _V5P_CHIPS, 9585.19296 / _V5P_CHIPS),
        _EW4: (26127.36 / _V5P_CHIPS, 8285.12256 / _V5P_CHIPS),
    },
    Accelerator.TPU_V6E: {_UC1: (2.7, 0.64833), _UE4: (2.7, 0.85833), _UE5: (2.7, 1.08), _EW4: (2.97, 0.71316)},
}


def _rates(key: str, by_region: Mapping[str, tuple[float, float]]) -> dict[tuple[Cloud, str, str], Rate]:
    return {
        (Cloud.GCP, key, region): Rate(round(od, 5), round(spot, 5), None, SOURCE)
        for region, (od, spot) in by_region.items()
    }


_HAND_ROWS: Mapping[tuple[Cloud, str, str], Rate] = MappingProxyType(
    {
        **{k: v for machine, regions in _VM.items() for k, v in _rates(machine, regions).items()},
        **{k: v for gpu, regions in _GPU.items() for k, v in _rates(gpu_part(gpu), regions).items()},
        **{k: v for tpu, regions in _TPU.items() for k, v in _rates(tpu_part(tpu), regions).items()},
    }
)

ROWS: Mapping[tuple[Cloud, str, str], Rate] = overlay(
    MappingProxyType({**_HAND_ROWS, **billing.PART_ROWS, **billing.LOCAL_SSD_ROWS}), load_table(Cloud.GCP)
)
"""The hand-read rows above with the mirror's newer VM and Local SSD rows, overlaid with the refreshed feed table
when one exists (``feed_tables``)."""

NODE_ROWS: Mapping[tuple[Cloud, str, str], Rate] = billing.NODE_ROWS
"""Whole-node figures (bundled Local SSD excluded) that compete with the parts' sum, newest own figure first."""
