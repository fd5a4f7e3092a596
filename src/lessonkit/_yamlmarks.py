"""Read YAML while remembering the line of every node, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["YamlDocument", "read_yaml"]

Path_ = tuple[str | int, ...]


class YamlDocument:
    """Plain Python data read from YAML, plus the 1-based line of each node."""

    def __init__(self, data: Any, lines: dict[Path_, int], path: str) -> None:
        self.data = data
        self.lines = lines
        self.path = path

    def line(self, where: Path_ | list[str | int]) -> int:
        """Line of the node at ``where``, or of its closest existing parent."""
        key = tuple(where)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


def _build(node: Any, where: Path_, lines: dict[Path_, int]) -> Any:
    import yaml

    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node))
            out[key] = _build(value_node, (*where, key), lines)
            lines[(*where, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*where, i), lines) for i, item in enumerate(node.value)]
    return yaml.safe_load(yaml.serialize(node))


def read_yaml(path: str | Path, text: str | None = None) -> YamlDocument:
    """Parse YAML text (read from ``path`` when ``text`` is None).

    Raises ``yaml.YAMLError`` for syntax errors, ``UnicodeDecodeError`` for bad bytes;
    callers turn both into lessonkit errors with the line.
    """
    import yaml

    if text is None:
        text = Path(path).read_bytes().decode("utf-8")
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines: dict[Path_, int] = {}
    data = None if node is None else _build(node, (), lines)
    return YamlDocument(data, lines, str(path))
