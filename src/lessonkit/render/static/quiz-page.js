/* lessonkit: turn every quiz of a static page into a live quiz.
 *
 * A quiz on a page is <div class="lk-quiz"> holding its data in a child
 * <script type="application/json"> (contract §3). Each is rendered by LessonkitQuiz.render; a quiz
 * whose data is broken shows a readable error box and does not stop the others.
 * When quiz-storage.js is on the page, answers are kept in the browser across reloads, and
 * with quiz-handin.js each quiz starts with "Who is answering?" and ends with a
 * "Download my answers" form; redraw() draws every quiz again for another student.
 */
(function () {
  "use strict";

  /** A quiz's data: the JSON script that is a child of its .lk-quiz element. */
  var DATA = ':scope > script[type="application/json"]';

  function message(key) {
    var catalogue = globalThis.LessonkitQuizMessages || {};
    return typeof catalogue[key] === "string" ? catalogue[key] : key;
  }

  function showError(el, error) {
    console.error("lessonkit quiz: this quiz could not be displayed", el, error);
    var detail = error && error.message ? error.message : String(error);
    var title = document.createElement("strong");
    title.textContent = message("load_error");
    var text = document.createElement("p");
    text.textContent = message("load_error_detail").replace("{error}", detail);
    var box = document.createElement("div");
    box.className = "lk-quiz__error";
    box.setAttribute("role", "alert");
    box.append(title, text);
    Array.from(el.childNodes).forEach(function (child) {
      if (!(child.nodeType === 1 && child.localName === "script")) child.remove();
    });
    el.classList.add("lk-quiz");
    el.append(box);
  }

  /** Render one quiz, with the browser storage host when quiz-storage.js is loaded. */
  function renderQuiz(el, payload) {
    var quiz = globalThis.LessonkitQuiz, kit = globalThis.LessonkitQuizStorage;
    var handIn = globalThis.LessonkitQuizHandIn;
    if (!quiz) throw new Error("quiz.js did not load");
    if (!kit) { quiz.render(el, payload); return; }
    var host = kit.host(payload);
    try {
      quiz.render(el, payload, host);
    } catch (error) {
      // Answers saved by another build of the page may not fit this one: start afresh.
      if (!host.restored()) throw error;
      console.warn("lessonkit quiz: the saved answers could not be put back", error);
      quiz.render(el, payload, kit.host(payload, { fresh: true }));
    }
    if (handIn) handIn.add(el, payload);
  }

  /** Render every quiz under root (default: the document) that is not rendered yet. */
  function renderAll(root) {
    Array.from((root || document).querySelectorAll(".lk-quiz")).forEach(function (el) {
      var data = el.querySelector(DATA);
      if (!data || el.hasAttribute("data-lk-rendered")) return;
      el.setAttribute("data-lk-rendered", "");
      try {
        renderQuiz(el, JSON.parse(data.textContent));
      } catch (error) {
        showError(el, error);
      }
    });
  }

  /** Render again every quiz already rendered (another student now answers). */
  function redraw(root) {
    Array.from((root || document).querySelectorAll(".lk-quiz[data-lk-rendered]")).forEach(function (el) {
      var data = el.querySelector(DATA);
      if (!data) return;
      try {
        renderQuiz(el, JSON.parse(data.textContent));
      } catch (error) {
        showError(el, error);
      }
    });
  }

  globalThis.LessonkitQuizPage = { renderAll: renderAll, redraw: redraw };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { renderAll(); });
  } else {
    renderAll();
  }
})();
