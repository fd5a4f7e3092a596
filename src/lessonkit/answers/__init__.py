"""A student's answers: the local progress store and the file handed in to the teacher.

- ``store``: every checked answer recorded in SQLite (atomic, safe for two kernels).
- ``handin``: the one file a student hands in (JSON or CSV) and its reader.
- ``exchange``: handing that file in to a course's folder on a JupyterHub, and listing
  the folder's hand-ins.

The teacher's side (the gradebook) is :mod:`lessonkit.teacher`.
"""

from .store import AnswerRecord, ProgressStore, default_store_path

__all__ = ["AnswerRecord", "ProgressStore", "default_store_path"]
