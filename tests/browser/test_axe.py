"""axe-core finds no accessibility problem in the quiz: light, dark and system-dark themes,
before and after answering, in the teacher edition, at 320 px, and in the error box.

Rules: WCAG 2.0/2.1 A and AA, WCAG 2.2 AA, and axe's best practices. The page around the
quiz is minimal (a main landmark and headings) so the whole page must be clean too.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import AXE, AXE_RUNS, broken_quiz
from .driving import answer_with_every_verdict, question
from .quizdata import all_types

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
THEMES = ["light", "dark", "system-dark"]
STATES = ["fresh", "answered", "teacher", "narrow", "error"]

RUN_AXE = """async tags => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  const brief = list => list.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map(node => ({target: node.target.join(" "), html: node.html.slice(0, 160),
      summary: node.failureSummary,
      inQuiz: !!(document.querySelector(node.target[0]) || document.body).closest(".lk-quiz")}))}));
  return {version: axe.version, violations: brief(result.violations),
          incomplete: brief(result.incomplete), passes: result.passes.length,
          inapplicable: result.inapplicable.length};
}"""


def run_axe(page: Any, name: str) -> dict[str, Any]:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run 'npm ci' in the repository (package-lock.json pins "
            "axe-core), or 'bash tools/setup-browser.sh'",
            pytrace=False,
        )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, TAGS)
    applicable = result["passes"] + len(result["violations"]) + len(result["incomplete"])
    AXE_RUNS.append(
        {
            "name": name,
            "version": result["version"],
            "passes": result["passes"],
            "applicable": applicable,
            "rules": applicable + result["inapplicable"],
            "violations": sorted(r["id"] for r in result["violations"]),
            "incomplete": sorted({r["id"] for r in result["incomplete"]}),
        }
    )
    return dict(result)


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        lines.extend(f"    {n['target']}: {n['summary']}\n      {n['html']}" for n in rule["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("theme", THEMES)
def test_no_axe_violations(
    open_quizzes: Any, page: Any, guard: Any, theme: str, state: str
) -> None:
    if theme == "system-dark":
        page.emulate_media(color_scheme="dark")
    if state == "narrow":
        page.set_viewport_size({"width": 320, "height": 800})
    if state == "error":
        guard.expect_console("could not be displayed")
        open_quizzes(
            broken_quiz("{not json"), all_types(), theme="" if theme == "system-dark" else theme
        )
    else:
        open_quizzes(
            all_types(teacher=state == "teacher"), theme="" if theme == "system-dark" else theme
        )
    if state in ("answered", "teacher", "narrow"):
        answer_with_every_verdict(page, quiz=1 if state == "error" else 0)
        assert question(page, "reflect").locator(".lk-model-box").is_visible()
    result = run_axe(page, f"{theme}/{state}")
    in_quiz = [r for r in result["violations"] if any(n["inQuiz"] for n in r["nodes"])]
    assert not in_quiz, "axe violations inside .lk-quiz:\n" + _describe(in_quiz)
    assert not result["violations"], "axe violations on the test page:\n" + _describe(
        result["violations"]
    )
    assert result["passes"] >= 20, "axe checked suspiciously few rules"
