/* lessonkit worksheet math: draws every formula of a printable worksheet page.
 *
 * A worksheet page (lessonkit export --format worksheet) with math carries KaTeX and
 * quiz-math.js inside it, then this file. Each span[data-lk-math] holds its TeX as text;
 * it is drawn in place, so that the page (and the PDF printed from it) shows the formula.
 * Without JavaScript the TeX stays readable as it is.
 */
(function () {
  "use strict";

  var math = globalThis.LessonkitMath;
  if (!math) return;
  document.querySelectorAll("span[data-lk-math]").forEach(function (span) {
    var tex = span.textContent;
    var display = span.getAttribute("data-lk-math") === "display";
    span.className = "lk-math" + (display ? " lk-math--display" : "");
    try {
      math.render(span, tex, display);
    } catch (error) {
      console.warn("lessonkit worksheet: this math could not be drawn", tex, error);
      span.textContent = tex;
    }
  });
})();
