"""The quick acceptance of a handed-in file of the plain shape lessonkit writes.

A class's hand-ins are read by the gradebook by the thousand; almost all of them are
exactly as lessonkit wrote them. Such a file is parsed by orjson and accepted by one
jsonschema-rs pass over ``handin.schema.json`` with every field the format leaves open
held to the plain values of :func:`.limits.plain_schemas`. Anything else (a file orjson
refuses, a value beyond that plain shape) is left to :mod:`.handin_reader`'s two steps,
which word every problem: this pass may accept less than they do, never more.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import orjson

from .._validation import Schema
from .limits import MAX_FIELD_CHARS, plain_schemas

__all__ = ["handin_schema", "parse_quickly", "plain_and_valid"]


def handin_schema() -> Schema:
    """``handin.schema.json``, the format of a hand-in file."""
    return Schema.shipped("answers", "handin.schema.json")


@functools.cache
def _quick_schema(short: bool) -> Schema:
    """``handin.schema.json`` with every field it leaves open held to the plain values of
    :func:`.limits.plain_schemas`: the answers, and the fields it does not name beside the
    responses. A response has exactly the fields the format names, as lessonkit writes it
    (cheaper to check than the required ones: a response with other fields, or without
    its title, is left to the full check)."""
    document = copy.deepcopy(handin_schema().document)
    scalar, answer = plain_schemas(short=short)
    for node in (document, document["properties"]["quizzes"]["items"]):
        node["additionalProperties"] = scalar
        if not short:
            node["propertyNames"] = {"maxLength": MAX_FIELD_CHARS}
    responses = document["properties"]["responses"]["items"]
    responses["properties"]["answer"] = answer
    del responses["required"]
    responses["minProperties"] = len(responses["properties"])
    responses["additionalProperties"] = False
    return Schema(document)


def parse_quickly(text: str) -> Any:
    """The JSON text parsed by orjson, or None when orjson refuses it (the standard
    parser then words why). orjson reads whole numbers beyond 64 bits as floats: its
    result is used only when :func:`plain_and_valid` accepts it, which bounds every
    number below 10**18, where both parsers give the same values."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def plain_and_valid(document: Any, *, short: bool) -> bool:
    """Whether the document is of the plain shape lessonkit writes, within the limits,
    and follows the format (one pass; ``False`` leaves it to the two steps)."""
    try:
        return _quick_schema(short).validator.is_valid(document)
    except (ValueError, OverflowError, RecursionError):  # e.g. a lone surrogate
        return False
