"""Generate mlplatform/diff/create_only.json: per registered resource type, the inputs whose change replaces it.

Run from the repository root with checkouts of the providers' sources (nothing fetched is committed; only
the derived paths, the provider versions and the source commit are written):

    python tools/create_only.py --tf-google DIR --kubernetes DIR [--commit-google SHA] [--commit-kubernetes SHA]

Sources, per provider (pinned versions read from pyproject.toml):
- gcp (bridged from terraform-provider-google): every schema field marked `ForceNew: true`, read from the
  Go source of each resource (and the shared schemas it includes), snake_case -> the wire's camelCase.
- kubernetes: the provider's own `forceNew` table in provider/pkg/provider/diff.go (metadata.name and
  .namespace always; per kind the fields listed there), and `.name`/`.namespace` for helm Releases.
- azure-native: the provider replaces a resource when a URL path parameter (resource group, parent and
  resource names) or `location` changes; per-type body fields marked create-only in the Azure REST specs
  (`x-ms-mutability: [create, read]`) are listed in AZURE_BODY below with the spec they come from.
- aws, random, time: their Go sources are too large to fetch here; the rows in TRANSCRIBED are read from
  the named files (ForceNew / RequiresReplace) by hand and marked `"method": "transcribed"`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from tools.create_only_tables import AZURE_BODY, AZURE_PATH, GOOGLE, KUBERNETES_KINDS, TRANSCRIBED

OUT = Path("mlplatform/diff/create_only.json")
KEY = re.compile(r'^\s*"([a-z0-9_]+)":\s*(?:&schema\.Schema)?\{')
INCLUDE = re.compile(r'^\s*"([a-z0-9_]+)":\s*(\w+)\(\),')
MARK = re.compile(r"ForceNew:\s*true|RequiresReplace\(")
SECRET = "Secret"
# Secrets are immutable to the provider unless it runs with enableSecretMutable (we never set it)
SECRET_FIELDS = 'props = append(props, properties{".type", ".stringData", ".data"}...)'
STRING = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`')


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def force_new_paths(text: str, functions: Mapping[str, str] | None = None, prefix: str = "") -> set[str]:
    """Dotted camelCase paths of the fields marked ForceNew in Go schema source (brace depth decides nesting)."""
    found: set[str] = set()
    stack: list[tuple[str, int]] = []
    depth = 0
    for line in text.splitlines():
        code = STRING.sub('""', line.split("//", 1)[0]) if not KEY.match(line) else line.split("//", 1)[0]
        while stack and depth <= stack[-1][1]:
            stack.pop()
        include = INCLUDE.match(line)
        if include and functions and include.group(2) in functions:
            path = ".".join([prefix, *[n for n, _ in stack], camel(include.group(1))]).strip(".")
            found |= force_new_paths(functions[include.group(2)], None, path)
        key = KEY.match(line)
        if key:
            stack.append((camel(key.group(1)), depth))
        if MARK.search(code) and stack:
            found.add(".".join([prefix, *[n for n, _ in stack]]).strip("."))
        depth += code.count("{") - code.count("}")
        while stack and depth <= stack[-1][1]:
            stack.pop()
    return found


def _go_function(text: str, name: str) -> str:
    start = text.index(f"func {name}(")
    depth, i = 0, text.index("{", start)
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i: j + 1]
    raise ValueError(f"unbalanced braces in {name}")


def google_rows(root: Path, commit: str) -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    for token, (files, functions) in GOOGLE.items():
        text = "\n".join((root / f).read_text() for f in files)
        bodies = {fn: _go_function((root / path).read_text(), fn) for fn, path in functions.items()}
        paths = force_new_paths(text, bodies)
        rows[token] = {"paths": sorted(_minimal(paths)), "method": "generated",
                       "source": [f"terraform-provider-google@{commit}/{f}" for f in files]}
    return rows


def kubernetes_rows(root: Path, commit: str) -> dict[str, dict[str, object]]:
    text = (root / "provider/pkg/provider/diff.go").read_text()
    source = [f"pulumi-kubernetes@{commit}/provider/pkg/provider/diff.go"]
    rows: dict[str, dict[str, object]] = {}
    for token, var in KUBERNETES_KINDS.items():
        fields = ["metadata.name", "metadata.namespace"]
        if var == SECRET:
            if SECRET_FIELDS not in text:
                raise SystemExit(f"{token}: diff.go no longer replaces a Secret on data changes; read it again")
            fields += ["type", "stringData", "data"]
        elif var:
            block = re.search(rf'(?:"{var}":|var {var} =)\s*(?:append\()?\s*properties\{{(.*?)\}}', text, re.S)
            if block is None:
                raise SystemExit(f"{token}: no forceNew entry {var!r} in diff.go")
            fields += [f.strip('".') for f in re.findall(r'"\.[^"]+"', block.group(1))]
        rows[token] = {"paths": sorted(_minimal({f.replace("[*]", "") for f in fields})), "method": "generated",
                       "source": source}
    helm = "provider/pkg/provider/helm_release.go"
    if 'forceNewFields := []string{".name", ".namespace"}' not in (root / helm).read_text():
        raise SystemExit(f"{helm}: the Release's forceNew fields moved; read them again")
    rows["kubernetes:helm.sh/v3:Release"] = {"paths": ["name", "namespace"], "method": "generated",
                                             "source": [f"pulumi-kubernetes@{commit}/{helm}"]}
    rows["pulumi:providers:kubernetes"] = {"paths": [], "method": "generated", "source": source,
                                           "note": "a provider is replaced only when its cluster changes"}
    return rows


def azure_rows() -> dict[str, dict[str, object]]:
    provider: dict[str, dict[str, object]] = {"pulumi:providers:azure-native": {
        "paths": [], "method": "convention", "note": "a provider is replaced only when its subscription changes",
        "source": ["https://www.pulumi.com/docs/iac/concepts/resources/providers/"]}}
    return provider | {token: {"paths": sorted(set(path) | set(AZURE_BODY.get(token, ((), ""))[0]) | {"location"}),
                    "method": "convention", "source": [
                        "azure-native: URL path parameters and location are create-only",
                        *([AZURE_BODY[token][1]] if token in AZURE_BODY else [])]}
            for token, path in AZURE_PATH.items()}


def _minimal(paths: Iterable[str]) -> set[str]:
    """Drop paths under another listed path (a change at or under a listed path replaces anyway)."""
    ordered = sorted(set(paths))
    return {p for p in ordered if not any(p.startswith(f"{q}.") for q in ordered if q != p)}


def _pins() -> dict[str, str]:
    deps = tomllib.loads(Path("pyproject.toml").read_text())["project"]["dependencies"]
    return dict(d.split("==") for d in deps if "==" in d)


def _head(root: Path) -> str:
    git = root if (root / ".git").exists() else root
    done = subprocess.run(["git", "-C", str(git), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-google", type=Path, required=True)
    parser.add_argument("--kubernetes", type=Path, required=True)
    parser.add_argument("--commit-google")
    parser.add_argument("--commit-kubernetes")
    parser.add_argument("--as-of", required=True, help="date of the sources, YYYY-MM-DD")
    args = parser.parse_args()
    types = {**google_rows(args.tf_google, args.commit_google or _head(args.tf_google)),
             **kubernetes_rows(args.kubernetes, args.commit_kubernetes or _head(args.kubernetes)),
             **azure_rows(),
             **{t: {**row, "method": "transcribed"} for t, row in TRANSCRIBED.items()}}
    pins = _pins()
    doc = {"asOf": args.as_of, "generator": "tools/create_only.py",
           "providers": {p: pins[p] for p in sorted(pins) if p.startswith(("pulumi-", "pulumiverse-"))},
           "types": dict(sorted(types.items()))}
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n")
    print(f"{OUT}: {len(types)} types")


if __name__ == "__main__":
    main()
