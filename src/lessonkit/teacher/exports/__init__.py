"""Quizzes out of lessonkit: Moodle GIFT, QTI 1.2 for Canvas, answer keys, worksheets.

Every exporter reads the typed quiz model (:mod:`lessonkit.quiz.questions`), with one
function per question type, so a new type is a local addition. What a format cannot
hold is reported: a question left out as :class:`Skipped`, a question that lost or
changed something on the way as a :class:`Note`.
"""

from .common import ExportResult, Note, Skipped

__all__ = ["ExportResult", "Note", "Skipped"]
