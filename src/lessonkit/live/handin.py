"""The live quiz's "Hand in" button: the student's answers into the course exchange.

The button is shown when the hub's administrator configured an exchange
(``LESSONKIT_EXCHANGE``) and the server runs for a hub user (``JUPYTERHUB_USER``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from .._context import Context
from ..answers import ProgressStore
from ..answers.exchange import hand_in_answers
from ..errors import LessonkitError
from ..render.catalogue import messages

__all__ = ["can_hand_in", "hand_in_from_widget"]


def can_hand_in(context: Context) -> bool:
    """Whether this server can hand in: an exchange and a hub user are known."""
    return context.exchange is not None and bool(context.hub_user)


def hand_in_from_widget(store: ProgressStore, context: Context) -> str:
    """Hand in every answer of ``store``; the sentence the student reads, done or not."""
    text = messages(context.language)
    if context.exchange is None or not context.hub_user:
        return text["hub_handin_failed"].format(error="no exchange is configured")
    try:
        _, count = hand_in_answers(store, context.exchange, context.hub_user)
    except (LessonkitError, sqlite3.Error) as exc:
        return text["hub_handin_failed"].format(error=str(exc))
    when = dt.datetime.now().astimezone().strftime("%H:%M:%S")
    return text["hub_handin_done"].format(time=when, n=count)
