"""The book: the Sphinx extension ``lessonkit.book`` for Jupyter Book 1, and its tools.

Pipeline of a build, in order:

1. ``settings``: the book's lessonkit settings (teacher's edition, language);
2. ``prerun``: before Sphinx reads the changed pages, their notebooks run in parallel
   into the execution cache, each kernel in book mode (quizzes become data);
3. ``mime``: myst-nb renders those quiz outputs (and ``quiz_directive`` the ``quiz``
   directive) as the page's quiz elements, with the build's settings;
4. ``assets``: quiz.js, quiz-page.js, quiz-storage.js and the styles, once per site,
   the message catalogue of the book's language, and no duplicated inline scripts;
5. ``reference``: the Datasets and Glossary pages, generated from the data;
6. ``launch``: launch buttons that work or are absent (settings that point nowhere are
   warned about and turned off);
7. ``markup``: accessible HTML where other packages write markup that is not (pandas
   tables in cell outputs, task-list checkboxes, bibliography entries; see ``tables``);
8. ``navigation``: the theme's left navigation drawn once per build, each page marked in
   it (the theme draws it for every page: n^2 work for n pages);
9. ``templates``: the theme's templates compiled once per book, not once per build.

Tools outside Sphinx: ``execute`` (``lessonkit execute-book``) and ``check``
(``lessonkit check``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(app: Any) -> dict[str, Any]:
    """Register everything with Sphinx (imported only when Sphinx loads the extension)."""
    from .._extras import require
    from ..errors import MissingExtraError

    try:
        require("book")
    except MissingExtraError as missing:
        from sphinx.errors import ExtensionError

        raise ExtensionError(str(missing)) from None
    from .._version import package_version
    from . import (
        assets,
        citations,
        launch,
        markup,
        navigation,
        prerun,
        quiz_directive,
        reference,
        settings,
        templates,
    )

    settings.setup_settings(app)
    prerun.setup_prerun(app)
    assets.setup_assets(app)
    quiz_directive.setup_quiz(app)
    reference.setup_reference(app)
    launch.setup_launch(app)
    markup.setup_markup(app)
    citations.setup_citations(app)
    navigation.setup_navigation(app)
    templates.setup_templates(app)
    return {"version": package_version(), "parallel_read_safe": True, "parallel_write_safe": True}
