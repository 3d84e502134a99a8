"""Carry a YAML file's comments over to a rewritten copy of it (textual: PyYAML's dump keeps no comments).

Each comment belongs to the key or list item it sits on (trailing) or above (whole lines); list items
with a `name` are matched by it, so a dropped pool takes only its own comments;
both files are composed to nodes and the comment is written beside the node of the same path in the
new text. A comment whose key is gone goes with it; comments above the first top-level key (the file's
header) are left to the writer, which has its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

_TRAILING = re.compile(r"""^(?:[^#'"]|'[^']*'|"[^"]*")*?(\s+#.*)$""")


def keep_comments(source: str, target: str) -> str:
    """`target` (a dump of the edited document) with `source`'s comments beside the same paths."""
    old_lines, new_lines = source.splitlines(), target.splitlines()
    above: dict[str, list[str]] = {}
    trailing: dict[str, str] = {}
    taken: set[int] = set()
    for path, line in _paths(yaml.compose(source, Loader=yaml.SafeLoader), ""):
        if line in taken:  # a list item and its first key share a line: the item has the comments
            continue
        taken.add(line)
        found = _TRAILING.match(old_lines[line])
        if found:
            trailing[path] = found[1].strip()
        block: list[str] = []
        i = line - 1
        while i >= 0 and old_lines[i].strip().startswith("#"):
            block.insert(0, old_lines[i].strip())
            i -= 1
        if block and i >= 0:  # not the file's header
            above[path] = block
    out = list(new_lines)
    inserts: dict[int, list[str]] = {}
    done: set[int] = set()
    for path, line in _paths(yaml.compose(target, Loader=yaml.SafeLoader), ""):
        if path in trailing and line not in done:
            out[line] = f"{out[line]}  {trailing[path]}"
            done.add(line)
        if path in above:
            indent = len(new_lines[line]) - len(new_lines[line].lstrip(" "))
            inserts.setdefault(line, []).extend(" " * indent + c for c in above.pop(path))
    for line in sorted(inserts, reverse=True):
        out[line:line] = inserts[line]
    return "\n".join(out) + ("\n" if target.endswith("\n") else "")


def _paths(node: yaml.Node | None, path: str) -> Iterator[tuple[str, int]]:
    """(path, 0-based line where the key or item starts) for every key and list item, document order."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            where = f"{path}.{key.value}" if path else str(key.value)
            yield where, key.start_mark.line
            yield from _paths(value, where)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            where = f"{path}[{_name(item) or i}]"  # a named item keeps its comments when others are dropped
            yield where, item.start_mark.line
            yield from _paths(item, where)


def _name(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "name" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None
