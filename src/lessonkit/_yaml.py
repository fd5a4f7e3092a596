"""Read YAML while remembering the line of every node, for error messages.

Quiz files and data dictionaries both go through :func:`read_yaml_text`. The common
case, a valid file, is parsed by libyaml when PyYAML has it (several times faster);
a file with a syntax error is parsed again by the pure-Python parser, so that the
message is the same on every install.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import LessonkitError, Problem

__all__ = ["YamlDocument", "read_yaml", "read_yaml_text"]

Where = tuple[Any, ...]

_SYNTAX_HINTS = (
    ("mapping values are not allowed", "put the text in quotes: it contains ': '"),
    ("'\\t'", "indent with spaces, not tabs"),
    ("another document", "keep one {what} per file: remove the second '---'"),
    ("could not find expected ':'", "check this line and the one above: each key needs a colon"),
    ("expected ',' or '}'", "inside { } put texts that contain ',', ':' or '?' in quotes"),
    ("expected ',' or ']'", "inside [ ] put texts that contain ',' or ':' in quotes"),
    ("found undefined alias", "define the anchor (&name) before using *name"),
)


class YamlDocument:
    """Plain Python data read from YAML, the 1-based line of each node, and the
    problems found while reading (duplicate keys)."""

    def __init__(
        self, data: Any, lines: dict[Where, int], path: str, problems: list[Problem]
    ) -> None:
        self.data = data
        self.lines = lines
        self.path = path
        self.problems = problems

    def line(self, where: Where | list[str | int]) -> int:
        """Line of the node at ``where``, or of its closest existing parent."""
        key = tuple(where)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


def key_text(key: Any) -> str:
    """The text of a mapping key: YAML reads ``true:`` as a boolean, JSON keys are strings."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


class _Walk:
    """Record every node's line and find duplicate keys, constructing scalars once."""

    def __init__(self, loader: Any, path: str, error: type[LessonkitError]) -> None:
        self.loader = loader
        self.path = path
        self.error = error
        self.lines: dict[Where, int] = {}
        self.problems: list[Problem] = []

    def node(self, node: Any, where: Where, active: frozenset[int]) -> None:
        import yaml

        if id(node) in active:
            raise self.error(
                "a YAML alias refers to a node that contains it",
                path=self.path,
                line=node.start_mark.line + 1,
                hint="copy the text instead",
            )
        self.lines.setdefault(where, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            inside = active | {id(node)}
            for i, child in enumerate(node.value):
                self.node(child, (*where, i), inside)
        elif isinstance(node, yaml.MappingNode):
            self.mapping(node, where, active | {id(node)})

    def scalar(self, node: Any) -> Any:
        try:
            return self.loader.construct_object(node)  # cached: construct_document reuses it
        except ValueError:  # e.g. 2024-13-45, read as a date that does not exist
            raise self.error(
                f"'{node.value}' looks like a date or number but is not a valid one",
                path=self.path,
                line=node.start_mark.line + 1,
                hint="put it in quotes to use it as text",
            ) from None

    def mapping(self, node: Any, where: Where, inside: frozenset[int]) -> None:
        import yaml

        seen: dict[str, int] = {}
        for key_node, child in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            key = key_text(self.scalar(key_node))
            at = key_node.start_mark.line + 1
            if key in seen:
                self.problems.append(
                    Problem(
                        self.path,
                        at,
                        f"the key '{key}' appears twice in the same "
                        f"mapping (first on line {seen[key]})",
                        "keep only one; YAML would silently use the last",
                    )
                )
                continue
            seen[key] = at
            child_where = (*where, key)
            self.node(child, child_where, inside)
            self.lines[child_where] = at


def _syntax_error(
    text: str, path: str, error: type[LessonkitError], what: str
) -> LessonkitError | None:
    """The syntax error of ``text`` as the pure-Python parser words it, if there is one."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
        problem = ", ".join(p for p in parts if p) or str(exc)
        hint = next(
            (h for phrase, h in _SYNTAX_HINTS if phrase in problem),
            "check the indentation and quoting near this line",
        )
        return error(
            f"YAML syntax error: {problem}",
            path=path,
            line=None if mark is None else mark.line + 1,
            hint=hint.format(what=what),
        )
    finally:
        loader.dispose()
    return None


def read_yaml_text(
    text: str, path: str, error: type[LessonkitError], what: str = "document"
) -> YamlDocument:
    """Parse YAML ``text`` (from the file ``path``); syntax errors raise ``error``.

    ``what`` names the file's content in hints ("quiz", "dictionary").
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, {}, path, [])
        walk = _Walk(loader, path, error)
        walk.node(node, (), frozenset())
        return YamlDocument(loader.construct_document(node), walk.lines, path, walk.problems)
    except yaml.YAMLError as exc:
        raise (
            _syntax_error(text, path, error, what) or error(f"YAML error: {exc}", path=path)
        ) from None
    finally:
        loader.dispose()


def read_yaml(
    path: str | Path, error: type[LessonkitError], what: str = "document"
) -> YamlDocument:
    """Read and parse the UTF-8 YAML file ``path``; every failure raises ``error``."""
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise error(
            f"the file cannot be read ({exc.strerror})",
            path=shown,
            hint="check that the path names a readable file",
        ) from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise error(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            path=shown,
            line=raw[: exc.start].count(b"\n") + 1,
            hint="save the file with UTF-8 encoding",
        ) from None
    return read_yaml_text(text, shown, error, what)
