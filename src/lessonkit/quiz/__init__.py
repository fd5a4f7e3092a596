"""Quizzes: the typed model, its validation and grading. It knows no host.

The contract is ``docs/quiz-format.md``. Modules, in pipeline order:

- ``loader``     reads a quiz file (YAML, keeping line numbers) or plain data, validates
  it against ``quiz.schema.json`` and the semantic ``checks`` (``messages`` words the
  problems), then builds the model;
- ``resolve``    looks up the excerpts and sources a quiz refers to in the datasets;
- ``model``      the plain, typed dataclasses (``Quiz``, one ``Question`` subclass per type);
- ``serialize``  the model written back as quiz-file data;
- ``grading``    the reference grader (``grade_question``, ``QuizResult``), twin of quiz.js;
- ``numbers``    numbers as learners type them, significant digits, numeric entries;
- ``textnorm``   normalisation and edit distance for ``text`` answers;
- ``importers``  other tools' quiz formats read into quiz-file data (jupyterquiz, GIFT).

How a quiz looks is :mod:`lessonkit.render`'s business; how it shows in Jupyter,
:mod:`lessonkit.live`'s.
"""

from .grading import QuizResult, Verdict, grade_question
from .model import Question, Quiz

__all__ = ["Question", "Quiz", "QuizResult", "Verdict", "grade_question"]
