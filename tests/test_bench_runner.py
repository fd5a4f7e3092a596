"""The benchmark runner: a figure that fails is reported, and the others are measured."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import figures
import run as runner


def _spec(key: str, measure: Callable[[int], tuple[float, float, str]]) -> figures.Spec:
    return dataclasses.replace(figures.SPECS[0], key=key, label=f"figure {key}", measure=measure)


def _broken(runs: int) -> tuple[float, float, str]:
    raise RuntimeError("the hub did not start\nmore detail")


def test_a_failing_figure_is_reported_and_the_next_is_measured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    specs = [_spec("broken", _broken), _spec("fine", lambda runs: (1.0, 20.0, "note"))]
    monkeypatch.setattr(runner, "SPECS", specs)
    broken, fine = runner.run(1, None)
    assert (broken.ok, broken.error) == (False, "RuntimeError: the hub did not start")
    assert (fine.ok, fine.figure, fine.error) == (True, 1.0, "")
    table = runner.table([broken, fine])
    assert "| figure broken | - | - | - |" in table
    assert "FAILED (RuntimeError: the hub did not start)" in table
    assert "| figure fine | 1 " in table and "pass (note)" in table
