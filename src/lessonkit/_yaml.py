"""Read YAML while remembering the line of every node, for error messages.

Quiz files and data dictionaries both go through :func:`read_yaml_text`. The common
case, a valid file, is parsed by libyaml when PyYAML has it (several times faster);
a file with a syntax error is parsed again by the pure-Python parser, so that the
message is the same on every install.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import LessonkitError, Problem

__all__ = ["MAX_DEPTH", "MAX_NODES", "YamlDocument", "key_text", "read_yaml", "read_yaml_text"]

Where = tuple[Any, ...]

#: Most values a file may hold once YAML aliases (``*name``) are expanded.
MAX_NODES = 100_000
#: Deepest nesting of lists and mappings a file may have.
MAX_DEPTH = 40
#: Characters YAML does not allow in a file (C0 and C1 controls but tab, LF, CR and NEL).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

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
        self.visited = 0

    def node(self, node: Any, where: Where, active: frozenset[int]) -> None:
        import yaml

        self.visited += 1
        if self.visited > MAX_NODES:
            raise self.error(
                f"the file holds more than {MAX_NODES:,} values once its YAML aliases "
                "(*name) are expanded",
                path=self.path,
                line=node.start_mark.line + 1,
                hint="write the values out instead of repeating anchors (&name) with aliases",
            )
        if len(where) > MAX_DEPTH:
            raise self.error(
                f"the file is nested more than {MAX_DEPTH} levels deep",
                path=self.path,
                line=node.start_mark.line + 1,
                hint="use only the few levels of lists and mappings the format describes",
            )
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
        import yaml

        try:
            return self.loader.construct_object(node)  # cached: construct_document reuses it
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError):
            # e.g. 2024-13-45, read as a date that does not exist, or '!!timestamp hello'
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


def _syntax_error(text: str, path: str, error: type[LessonkitError], what: str) -> LessonkitError:
    """The syntax error of ``text`` as the pure-Python parser words it (the same message
    on every install, with or without libyaml)."""
    import yaml

    try:
        loader = yaml.SafeLoader(text)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        parts = [exc.context, exc.problem]
        problem = ", ".join(p for p in parts if p) or str(exc)
        hint = next(
            (h for phrase, h in _SYNTAX_HINTS if phrase in problem),
            "check the indentation and quoting near this line",
        )
        return error(
            f"YAML syntax error: {problem}",
            path=path,
            line=None if mark is None else mark.line + 1,
            hint=hint.replace("{what}", what),
        )
    except (yaml.YAMLError, RecursionError):
        pass
    return error(
        "the YAML cannot be read", path=path, hint="check the indentation and quoting of the file"
    )


def _too_deep(text: str, path: str, error: type[LessonkitError]) -> LessonkitError:
    return error(
        f"the file is nested more than {MAX_DEPTH} levels deep",
        path=path,
        line=_deepest_line(text)[1],
        hint="use only the few levels of lists and mappings the format describes",
    )


def _forbidden_character(text: str) -> tuple[int, int, str] | None:
    """Line, column and character of the first character YAML does not allow (a control
    character), or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return line, column, match.group()


def _deepest_line(text: str) -> tuple[int, int]:
    """How deep ``[``/``{`` brackets (outside quotes) and indentation go, and on which line."""
    best_line, best = 1, -1
    depth, quote = 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = (len(line) - len(line.lstrip(" -"))) // 2
        peak = depth
        for character in line:
            if quote:
                quote = "" if character == quote else quote
            elif character in "'\"":
                quote = character
            elif character in "[{":
                depth += 1
                peak = max(peak, depth)
            elif character in "]}":
                depth -= 1
        if peak + indent > best:
            best_line, best = number, peak + indent
    return best, best_line


def read_yaml_text(
    text: str, path: str, error: type[LessonkitError], what: str = "document"
) -> YamlDocument:
    """Parse YAML ``text`` (from the file ``path``); every failure raises ``error``.

    ``what`` names the file's content in hints ("quiz", "dictionary"). Hostile files are
    bounded: control characters, more than :data:`MAX_NODES` values after YAML aliases
    are expanded, and nesting deeper than :data:`MAX_DEPTH` are reported, not followed.
    """
    import yaml

    bad = _forbidden_character(text)
    if bad is not None:
        line, column, character = bad
        raise error(
            f"column {column} holds the control character U+{ord(character):04X}, which YAML "
            "does not allow",
            path=path,
            line=line,
            hint="delete it (most editors do not show it); write a tab as spaces",
        )
    if _deepest_line(text)[0] > MAX_DEPTH:
        raise _too_deep(text, path, error)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    except yaml.YAMLError:
        raise _syntax_error(text, path, error, what) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, {}, path, [])
        walk = _Walk(loader, path, error)
        walk.node(node, (), frozenset())
        return YamlDocument(loader.construct_document(node), walk.lines, path, walk.problems)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(
            f"YAML cannot read this value: {exc.problem or exc}",
            path=path,
            line=None if mark is None else mark.line + 1,
            hint="write plain text, numbers, true/false, lists and mappings; remove '!!' tags",
        ) from None
    except RecursionError:
        raise _too_deep(text, path, error) from None
    except yaml.YAMLError:
        error_found = _syntax_error(text, path, error, what)
        raise (_too_deep(text, path, error) if error_found.line is None else error_found) from None
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
