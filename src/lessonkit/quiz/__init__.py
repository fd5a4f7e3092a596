"""Quizzes: a YAML file in, a checked model, a grader, and a small payload for the book.

The contract is ``docs/quiz-format.md``. Modules, in pipeline order:

- ``loader``   reads the YAML (keeping line numbers), validates it against
  ``quiz.schema.json`` and the semantic ``checks``; ``messages`` words the problems;
- ``model``    the plain, typed dataclasses (``Quiz``, one ``Question`` subclass per type);
- ``grading``  the reference grader (``grade_question``, ``QuizResult``), twin of quiz.js;
- ``textnorm`` normalisation and edit distance for ``text`` answers;
- ``markdown`` Markdown to HTML with raw HTML escaped;
- ``payload``  the JSON object quiz.js receives, with resolved excerpts and a base64 key;
- ``html``     the data-only ``div.lk-quiz`` element and the Jupyter mime bundle.

Only ``model`` and ``grading`` are imported here; YAML, jsonschema and markdown-it are
imported when a quiz is first loaded or rendered.
"""

from .grading import QuizResult, Verdict, grade_question
from .model import Question, Quiz

__all__ = ["Question", "Quiz", "QuizResult", "Verdict", "grade_question"]
