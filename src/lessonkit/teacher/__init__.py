"""The teacher's side: the gradebook over handed-in files, and quiz exports.

- ``gradebook``  merges handed-in files into a student x question table with item
  statistics (difficulty and discrimination);
- ``collect``    who handed in what and when in a hub's course exchange (late, missing,
  repeated);
- ``exports``    quizzes for learning platforms and paper: Moodle GIFT, QTI for Canvas,
  printable answer keys.

Exports and the gradebook read the typed quiz model, never the browser payload.
"""
