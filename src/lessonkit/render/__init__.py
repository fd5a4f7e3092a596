"""What browsers get: the quiz payload, its HTML element, Markdown, and the front end.

- ``payload``    the JSON object quiz.js receives (contract §3), with the encoded key;
- ``html``       the data-only ``div.lk-quiz`` element, and a quiz as cell output data;
- ``markdown``   Markdown to HTML with raw HTML escaped;
- ``catalogue``  the interface strings in each language;
- ``static/``    quiz.js (renderer and grader), quiz-page.js, quiz-storage.js, widget.js,
  quiz.css, document.css and the message catalogues.
"""
