"""The context reads the hub's settings: the course exchange and the hub user."""

from __future__ import annotations

from pathlib import Path

from lessonkit._context import Context


def test_exchange_and_hub_user_come_from_the_environment() -> None:
    context = Context.from_environment(
        {"LESSONKIT_EXCHANGE": "/srv/lessonkit/history-9b", "JUPYTERHUB_USER": "alice"}
    )
    assert context.exchange == Path("/srv/lessonkit/history-9b")
    assert context.hub_user == "alice"


def test_without_a_hub_there_is_no_exchange_and_no_user() -> None:
    context = Context.from_environment({"LESSONKIT_EXCHANGE": "", "JUPYTERHUB_USER": ""})
    assert context.exchange is None
    assert context.hub_user is None


def test_kernels_get_the_exchange_but_the_hub_user_is_left_to_the_hub() -> None:
    context = Context(exchange=Path("/srv/lessonkit/c"), hub_user="alice")
    variables = context.kernel_environment()
    assert variables["LESSONKIT_EXCHANGE"] == "/srv/lessonkit/c"
    assert "JUPYTERHUB_USER" not in variables
