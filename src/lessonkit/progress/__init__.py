"""Saved answers: the local progress store, handed-in files and the teacher's gradebook.

- ``store``: every checked answer recorded in SQLite (atomic, safe for two kernels).
- ``handin``: the one file a student hands in (JSON or CSV) and its reader.
- ``gradebook``: merges handed-in files into a student x question DataFrame with item
  statistics (difficulty and discrimination).
"""

from .store import AnswerRecord, ProgressStore, default_store_path

__all__ = ["AnswerRecord", "ProgressStore", "default_store_path"]
