"""Quizzes out of lessonkit: Moodle GIFT, QTI 1.2 for Canvas, printable answer keys.

Every exporter reads the quiz's page payload (the same data the browser gets) with the
answer key decoded, so what a learning platform receives matches what the book shows.
Question types a format cannot express are skipped and reported, never bent silently.
"""

from .common import ExportResult, Skipped

__all__ = ["ExportResult", "Skipped"]
