"""Strict stack files: non-UTF-8, duplicate keys and wrong scalar types are bad input (exit 2) with their path."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from mlplatform.cli import app
from tests.engine.stacks import ROOT

runner = CliRunner()
AWS_DEV = ROOT / "stacks" / "Pulumi.aws-dev.yaml"


def _stack(tmp_path: Path, data: bytes) -> Path:
    (tmp_path / "stacks").mkdir()
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    path = tmp_path / "stacks" / "Pulumi.aws-dev.yaml"
    path.write_bytes(data)
    return path


def test_a_non_utf8_stack_file_is_bad_input_naming_the_byte(tmp_path: Path) -> None:
    text = AWS_DEV.read_bytes()
    path = _stack(tmp_path, text.replace(b"team: ml-platform", b"team: ml-plat\xe9form", 1))
    line = text[: text.index(b"team: ml-platform")].count(b"\n") + 1
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}: not UTF-8 text (byte 0xe9 on line {line}); save it as UTF-8" in result.output
    assert "Traceback" not in result.output


def test_a_duplicate_key_is_rejected_with_its_path_and_lines(tmp_path: Path) -> None:
    text = AWS_DEV.read_text()
    assert "    region: us-east-1\n" in text
    path = _stack(tmp_path, text.replace("    region: us-east-1\n", "    region: us-east-1\n    region: us-west-2\n",
                                         1).encode())
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    first = text.splitlines().index("    region: us-east-1") + 1
    assert (f"config.mlplatform:blueprint.region: key 'region' appears twice in one mapping (lines {first} and "
            f"{first + 1}); YAML would keep only the last") in result.output


def test_a_boolean_node_count_is_not_read_as_one(tmp_path: Path) -> None:
    text = AWS_DEV.read_text()
    assert "maxNodes: 2}" in text
    path = _stack(tmp_path, text.replace("maxNodes: 2}", "maxNodes: true}", 1).encode())
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "mlplatform:blueprint.nodePools[1].maxNodes: true is not an integer" in result.output
