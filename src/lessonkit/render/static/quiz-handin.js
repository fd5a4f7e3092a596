/* lessonkit: "Who is answering?" above each quiz, "Download my answers" under it.
 *
 * Defines globalThis.LessonkitQuizHandIn = {add, handin, fileName}. quiz-page.js calls add(el, payload)
 * after rendering a quiz. The panel above the quiz says who is answering in this tab, or
 * asks: "Is that you?" for the name last given in this book, else a name field. Giving
 * a name shows that name's answers in every quiz of the page (LessonkitQuizPage.redraw):
 * a new name starts empty, the previous student's answers stay theirs. The form under
 * the quiz downloads the answers of the student answering (the hand-in format of
 * lessonkit.answers.handin), says how many saved entries were set aside as damaged or
 * changed by hand, and offers "Forget my answers in this browser" (after a
 * confirmation): this student's answers in this book, nobody else's.
 */
(function () {
  "use strict";

  var declined = false;  // "No, I am someone else" was chosen on this page
  var counter = 0;

  function kit() { return globalThis.LessonkitQuizStorage; }

  function h(tag, attrs, children) { return globalThis.LessonkitQuiz.h(tag, attrs, children); }

  function icon(symbol) { return globalThis.LessonkitQuiz.icon(symbol); }

  function messages(lang) {
    return globalThis.LessonkitQuiz.messages(globalThis.LessonkitQuizMessages, lang);
  }

  function say(status, state, symbol, text) {
    status.setAttribute("data-state", state);
    status.replaceChildren(icon(symbol), " ", h("span", { text: text }));
  }

  /**
   * Draw every quiz of the page again (for another student), then say `text` in the
   * status `where` (default: el's panel) and move the focus there.
   */
  function redraw(el, state, symbol, text, where) {
    globalThis.LessonkitQuizPage.redraw();
    var status = el.querySelector(where || ".lk-who__status");
    if (!status) return;
    say(status, state, symbol, text);
    status.focus();
  }

  /* ------------------------------------------------------- the hand-in file */

  function version() {
    var quiz = globalThis.LessonkitQuiz;
    return quiz && typeof quiz.version === "string" ? quiz.version : "unknown";
  }

  /** The hand-in document of the student answering here (handin.build_handin, source "book"). */
  function handin() {
    var current = kit().who();
    if (!current) throw new Error("no student is answering in this tab");
    var list = kit().responses(), seen = new Set(), quizzes = [];
    list.forEach(function (r) {
      var id = JSON.stringify([r.quiz_id, r.quiz_version]);
      if (seen.has(id)) return;
      seen.add(id);
      quizzes.push({ quiz_id: r.quiz_id, quiz_version: r.quiz_version, title: r.quiz_title });
    });
    quizzes.sort(function (a, b) {
      if (a.quiz_id !== b.quiz_id) return a.quiz_id < b.quiz_id ? -1 : 1;
      return a.quiz_version - b.quiz_version;
    });
    return {
      format: "lessonkit-responses",
      format_version: 1,
      student: current.name,
      lessonkit_version: version(),
      exported_at: new Date().toISOString().replace(/\.\d+Z$/, "+00:00"),
      source: "book",
      quizzes: quizzes,
      responses: list
    };
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /** lessonkit-answers-<name>-<yyyy-mm-dd>.json, with the name made safe for a file name. */
  function fileName(student, date) {
    date = date || new Date();
    var name = String(student).normalize("NFKC").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
    name = Array.from(name).slice(0, 40).join("").replace(/-+$/, "") || "student";
    var day = date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
    return "lessonkit-answers-" + name + "-" + day + ".json";
  }

  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  /* ----------------------------------------------------------- who is answering */

  /** A row with a name field and "Use this name" (the panel's form submits it). */
  function nameRow(prefix, m, extra) {
    var input = h("input", { type: "text", id: prefix + "name", class: "lk-field", autocomplete: "off",
      spellcheck: "false", "aria-describedby": prefix + "status" });
    var row = h("div", { class: "lk-field-row" }, [h("label", { for: prefix + "name", text: m.t("who_name") }), input,
      h("button", { type: "submit", class: "lk-btn lk-btn--primary" }, m.t("who_use"))].concat(extra || []));
    return { row: row, input: input };
  }

  /** The panel above the quiz in el. */
  function whoPanel(el, prefix, m) {
    var S = kit(), current = S.who(), last = current ? null : S.lastName();
    var status = h("div", { class: "lk-status lk-who__status", id: prefix + "status", role: "status",
      "aria-live": "polite", "aria-atomic": "true", tabindex: "-1" });
    // a fieldset, not a named form: several quizzes on a page must not make landmarks
    // of the same name
    var group = h("fieldset", { class: "lk-who__group" });
    var form = h("form", { class: "lk-who", novalidate: true }, group);
    var title = h("legend", { class: "lk-who__title", text: m.t("who_title") });
    var named = nameRow(prefix, m, []);

    function useName() {
      var name = named.input.value.trim();
      if (!name) {
        named.input.setAttribute("aria-invalid", "true");
        say(status, "error", "✗", m.t("who_need_name"));
        named.input.focus();
        return;
      }
      var now = S.use(name);
      redraw(el, "done", "✓", m.t("who_now", { name: now.name }) + " " +
        (now.answers ? m.plural("who_restored", now.answers, { n: now.answers }) : m.t("who_new")));
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); useName(); });
    named.input.addEventListener("input", function () { named.input.removeAttribute("aria-invalid"); });

    if (current) {
      var change = h("button", { type: "button", class: "lk-btn", "aria-expanded": "false",
        "aria-controls": prefix + "change" }, m.t("who_change", { name: current.name }));
      var cancel = h("button", { type: "button", class: "lk-btn" }, m.t("who_cancel"));
      var box = h("div", { id: prefix + "change", hidden: true }, [named.row]);
      named.row.append(cancel);
      change.addEventListener("click", function () {
        box.hidden = false;
        change.setAttribute("aria-expanded", "true");
        named.input.focus();
      });
      cancel.addEventListener("click", function () {
        box.hidden = true;
        named.input.value = "";
        change.setAttribute("aria-expanded", "false");
        change.focus();
      });
      group.append(title, h("p", { class: "lk-who__line", text: m.t("who_as", { name: current.name }) }),
        h("div", { class: "lk-field-row" }, change), box, status);
      return form;
    }
    if (last !== null && !declined) {
      var yes = h("button", { type: "button", class: "lk-btn lk-btn--primary" }, m.t("who_yes", { name: last }));
      var no = h("button", { type: "button", class: "lk-btn" }, m.t("who_no"));
      yes.addEventListener("click", function () { named.input.value = last; useName(); });
      no.addEventListener("click", function () {
        declined = true;
        globalThis.LessonkitQuizPage.redraw();
        var field = el.querySelector(".lk-who input.lk-field");
        if (field) field.focus();
      });
      group.append(title, h("p", { class: "lk-who__line", text: m.t("who_ask", { name: last }) }),
        h("div", { class: "lk-field-row" }, [yes, no]),
        h("p", { class: "lk-note", text: m.t("who_unnamed_kept") }), status);
      return form;
    }
    group.append(title, h("p", { class: "lk-who__line", text: m.t("who_intro") }), named.row,
      h("p", { class: "lk-note", text: m.t("who_unnamed_kept") }), status);
    return form;
  }

  /* --------------------------------------------------------- download, forget */

  /** The form under the quiz in el: download, set-aside note, forget. */
  function handInForm(el, prefix, m) {
    var S = kit(), t = m.t;
    var status = h("div", { class: "lk-status lk-handin__status", id: prefix + "status", role: "status",
      "aria-live": "polite", "aria-atomic": "true", tabindex: "-1" });
    var aside = S.setAsideCount();
    var forgetButton = h("button", { type: "button", class: "lk-btn", "aria-expanded": "false",
      "aria-controls": prefix + "forget" }, t("handin_forget"));
    var keepButton = h("button", { type: "button", class: "lk-btn lk-btn--primary" }, t("handin_forget_no"));
    var removeButton = h("button", { type: "button", class: "lk-btn" }, t("handin_forget_yes"));
    var confirmation = h("div", { class: "lk-handin__confirm", id: prefix + "forget", role: "group",
      "aria-labelledby": prefix + "forget-question", hidden: true }, [
      h("p", { id: prefix + "forget-question", text: t("handin_forget_question") }),
      h("div", { class: "lk-field-row" }, [keepButton, removeButton])]);
    var form = h("form", { class: "lk-handin", novalidate: true }, [
      h("p", { class: "lk-note", text: t("handin_intro") }),
      S.available() ? null : h("p", { class: "lk-note lk-handin__warning", text: t("handin_not_saved") }),
      aside ? h("p", { class: "lk-handin__aside", role: "note", text: m.plural("handin_set_aside", aside, { n: aside }) }) : null,
      h("div", { class: "lk-field-row" }, [h("button", { type: "submit", class: "lk-btn" }, t("handin_download"))]),
      status,
      h("div", { class: "lk-field-row lk-handin__forget" }, [forgetButton]),
      confirmation]);
    function closeConfirmation() {
      confirmation.hidden = true;
      forgetButton.setAttribute("aria-expanded", "false");
      forgetButton.focus();
    }
    forgetButton.addEventListener("click", function () {
      confirmation.hidden = false;
      forgetButton.setAttribute("aria-expanded", "true");
      keepButton.focus();  // the safe choice is the first one reached
    });
    keepButton.addEventListener("click", closeConfirmation);
    confirmation.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); closeConfirmation(); }
    });
    removeButton.addEventListener("click", function () {
      if (!S.forget()) { closeConfirmation(); say(status, "error", "✗", t("handin_forget_failed")); return; }
      redraw(el, "done", "✓", t("handin_forgotten"), ".lk-handin__status");
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var current = S.who();
      if (!current) {
        say(status, "error", "✗", t("handin_need_who"));
        var first = el.querySelector(".lk-who input.lk-field, .lk-who button");
        if (first) first.focus();
        return;
      }
      try {
        var doc = handin();
        if (!doc.responses.length) { say(status, "info", "ℹ", t("handin_nothing", { name: current.name })); return; }
        var name = fileName(current.name);
        download(name, JSON.stringify(doc, null, 1) + "\n");
        say(status, "done", "✓", m.plural("handin_done", doc.responses.length,
          { n: doc.responses.length, file: name, name: current.name }));
      } catch (error) {
        console.warn("lessonkit quiz: the answers could not be downloaded", error);
        say(status, "error", "✗", t("handin_failed", { error: error && error.message ? error.message : String(error) }));
      }
    });
    return form;
  }

  /** Add the panel above and the form under the quiz rendered in el. */
  function add(el, payload) {
    try {
      var body = el.querySelector(".lk-quiz__body");
      if (!body || body.querySelector(".lk-handin") || !kit()) return null;
      var lang = payload && typeof payload.lang === "string" && payload.lang ? payload.lang : "en";
      var m = messages(lang);
      counter += 1;
      var prefix = "lk-handin" + counter + "-";
      body.insertBefore(whoPanel(el, prefix + "who-", m), body.querySelector(".lk-q"));
      var form = handInForm(el, prefix, m);
      body.append(form);
      return form;
    } catch (error) {
      console.warn("lessonkit quiz: the hand-in form could not be added", error);
      return null;
    }
  }

  globalThis.LessonkitQuizHandIn = { add: add, handin: handin, fileName: fileName };
})();
