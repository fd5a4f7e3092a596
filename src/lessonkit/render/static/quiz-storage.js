/* lessonkit: keep a student's quiz answers in the browser, and hand them in as a file.
 *
 * Defines globalThis.LessonkitQuizStorage = {host, addHandIn, handin, fileName, responses,
 * forget, available, keys}. quiz-page.js asks host(payload) for the host of
 * LessonkitQuiz.render (docs/quiz-format.md §5): its storage keeps {version, answers} per
 * quiz id in localStorage, its onAnswer adds every checked answer to one log.
 * addHandIn(el, payload) puts the "Download my answers" form under a quiz; the file it
 * writes is the hand-in format of lessonkit.progress.handin (format "lessonkit-responses",
 * version 1). The same form lets a student on a shared computer remove everything the
 * book keeps in this browser (forget), after a confirmation.
 *
 * localStorage may be missing or refuse to work (private windows, file: pages, a full
 * quota): then nothing is saved across reloads, the answers of this page are kept in
 * memory for the download, and nothing here throws. Unreadable stored data is ignored,
 * and replaced only when the student answers again. No network access.
 */
(function () {
  "use strict";

  var PREFIX = "lessonkit:v1:";
  var KEYS = {
    answers: function (quizId) { return PREFIX + "answers:" + quizId; },
    responses: PREFIX + "responses",
    student: PREFIX + "student"
  };
  var VERDICTS = ["correct", "partial", "incorrect", "unanswered", "submitted"];
  // Answers checked on this page that could not be written to localStorage.
  var unsaved = [];
  var counter = 0;
  var probed = null;

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function hasOwn(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  function warn(text, error) {
    try { console.warn("lessonkit quiz: " + text, error); } catch { /* no console */ }
  }

  /* ------------------------------------------------------------- localStorage */

  /** The Storage object, or null (even reading window.localStorage may throw). */
  function backend() {
    try { return globalThis.localStorage || null; } catch { return null; }
  }

  /** Whether localStorage accepts a write (checked once per page). */
  function available() {
    if (probed === null) {
      var store = backend(), probe = PREFIX + "probe";
      try {
        store.setItem(probe, "1");
        store.removeItem(probe);
        probed = true;
      } catch {
        probed = false;
      }
    }
    return probed;
  }

  /** The stored text for key, or null. */
  function read(key) {
    try {
      var store = backend();
      var value = store ? store.getItem(key) : null;
      return typeof value === "string" ? value : null;
    } catch {
      return null;
    }
  }

  /** The stored JSON value for key, or undefined when missing or unreadable. */
  function readJSON(key) {
    var text = read(key);
    if (text === null) return undefined;
    try { return JSON.parse(text); } catch { return undefined; }
  }

  /** Store text under key; false when the browser refuses. */
  function write(key, text) {
    try {
      var store = backend();
      if (!store) return false;
      store.setItem(key, text);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Remove every answer, the answer log and the name kept by lessonkit in this browser
   * (every key with the lessonkit prefix, whichever book wrote it); false when the
   * browser refuses.
   */
  function forget() {
    unsaved = [];
    var store = backend();
    if (!store) return true;
    try {
      var keys = [];
      for (var i = 0; i < store.length; i += 1) {
        var key = store.key(i);
        if (typeof key === "string" && key.indexOf(PREFIX) === 0) keys.push(key);
      }
      keys.forEach(function (key) { store.removeItem(key); });
      return true;
    } catch {
      return false;
    }
  }

  /* ---------------------------------------------------------------- responses */

  function now() {
    return new Date().toISOString().replace(/Z$/, "+00:00");
  }

  /** A record the hand-in reader accepts (the item rules of responses.schema.json). */
  function isRecord(r) {
    return isObject(r) && typeof r.recorded_at === "string" &&
      typeof r.quiz_id === "string" && r.quiz_id !== "" &&
      typeof r.question_id === "string" && r.question_id !== "" &&
      Number.isInteger(r.quiz_version) && Number.isInteger(r.attempt) && r.attempt >= 1 &&
      VERDICTS.indexOf(r.verdict) >= 0 && hasOwn(r, "answer") && r.answer !== undefined &&
      (r.score === null || (typeof r.score === "number" && r.score >= 0 && r.score <= 1));
  }

  /** The stored log as a list (null when it is there but unreadable). */
  function storedLog() {
    var text = read(KEYS.responses), log;
    if (text === null) return [];
    try { log = JSON.parse(text); } catch { return null; }
    return Array.isArray(log) ? log : null;
  }

  function record(entry) {
    var log = storedLog() || [];  // an unreadable log is replaced by this answer
    log.push(entry);
    if (!write(KEYS.responses, JSON.stringify(log))) unsaved.push(entry);
  }

  /** Every answer checked in this browser, oldest first (malformed entries left out). */
  function responses() {
    return (storedLog() || []).concat(unsaved).filter(isRecord).map(function (r) {
      return {
        recorded_at: r.recorded_at, quiz_id: r.quiz_id, quiz_version: r.quiz_version,
        quiz_title: typeof r.quiz_title === "string" ? r.quiz_title : "",
        question_id: r.question_id, answer: r.answer, verdict: r.verdict, score: r.score,
        attempt: r.attempt
      };
    });
  }

  /* ------------------------------------------------------------------ the host */

  /**
   * The host for LessonkitQuiz.render(el, payload, host).
   * options.fresh: do not put saved answers back (saving still works).
   */
  function host(payload, options) {
    var fresh = !!(options && options.fresh);
    var title = isObject(payload) && typeof payload.title === "string" ? payload.title : "";
    var restored = false;
    return {
      storage: {
        load: function (quizId) {
          if (fresh) return null;
          var state = readJSON(KEYS.answers(quizId));
          if (!isObject(state) || !isObject(state.answers)) return null;
          restored = true;
          return state;
        },
        save: function (quizId, state) {
          write(KEYS.answers(quizId), JSON.stringify({ version: state.version, answers: state.answers }));
        }
      },
      onAnswer: function (answer) {
        try {
          record({
            recorded_at: now(), quiz_id: answer.quiz_id, quiz_version: answer.quiz_version,
            quiz_title: title, question_id: answer.question_id, answer: answer.answer,
            verdict: answer.verdict, score: answer.score, attempt: answer.attempt
          });
        } catch (e) {
          warn("the answer could not be recorded", e);
        }
      },
      /** Whether saved answers were handed to the renderer. */
      restored: function () { return restored; }
    };
  }

  /* ------------------------------------------------------------------ hand-in */

  function version() {
    var quiz = globalThis.LessonkitQuiz;
    return quiz && typeof quiz.version === "string" ? quiz.version : "unknown";
  }

  /** The hand-in document (lessonkit.progress.handin.build_handin, source "book"). */
  function handin(student) {
    var list = responses(), seen = {}, quizzes = [];
    list.forEach(function (r) {
      var id = JSON.stringify([r.quiz_id, r.quiz_version]);
      if (hasOwn(seen, id)) return;
      seen[id] = true;
      quizzes.push({ quiz_id: r.quiz_id, quiz_version: r.quiz_version, title: r.quiz_title });
    });
    quizzes.sort(function (a, b) {
      if (a.quiz_id !== b.quiz_id) return a.quiz_id < b.quiz_id ? -1 : 1;
      return a.quiz_version - b.quiz_version;
    });
    return {
      format: "lessonkit-responses",
      format_version: 1,
      student: student,
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

  /* --------------------------------------------------------------- the form */

  /** Interface strings of the page catalogue (quiz.js's own message helper). */
  function messages(lang) {
    return globalThis.LessonkitQuiz.messages(globalThis.LessonkitQuizMessages, lang);
  }

  /** Create an element (quiz.js's helper: "text" sets textContent; children as text). */
  function h(tag, attrs, children) {
    return globalThis.LessonkitQuiz.h(tag, attrs, children);
  }

  /** The "Download my answers" form, added at the bottom of the quiz in el. */
  function addHandIn(el, payload) {
    try {
      var body = el.querySelector(".lk-quiz__body");
      if (!body || body.querySelector(".lk-handin")) return null;
      var lang = isObject(payload) && typeof payload.lang === "string" && payload.lang ? payload.lang : "en";
      var m = messages(lang), t = m.t;
      counter += 1;
      var prefix = "lk-handin" + counter + "-";
      var saving = available();
      var input = h("input", { type: "text", id: prefix + "name", class: "lk-field", autocomplete: "off",
        spellcheck: "false", "aria-describedby": prefix + "status" });
      input.value = read(KEYS.student) || "";
      var status = h("div", { class: "lk-status lk-handin__status", id: prefix + "status", role: "status",
        "aria-live": "polite", "aria-atomic": "true" });
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
        saving ? null : h("p", { class: "lk-note lk-handin__warning", text: t("handin_not_saved") }),
        h("div", { class: "lk-field-row" }, [h("label", { for: prefix + "name", text: t("handin_name") }), input,
          h("button", { type: "submit", class: "lk-btn" }, t("handin_download"))]),
        status,
        h("div", { class: "lk-field-row lk-handin__forget" }, [forgetButton]),
        confirmation]);
      function say(state, symbol, text) {
        status.setAttribute("data-state", state);
        status.replaceChildren(globalThis.LessonkitQuiz.icon(symbol), " ", h("span", { text: text }));
      }
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
        var done = forget();
        closeConfirmation();
        if (!done) { say("error", "✗", t("handin_forget_failed")); return; }
        document.querySelectorAll("form.lk-handin input.lk-field").forEach(function (field) { field.value = ""; });
        say("done", "✓", t("handin_forgotten"));
      });
      input.addEventListener("input", function () { input.removeAttribute("aria-invalid"); });
      input.addEventListener("change", function () {
        var name = input.value.trim();
        if (name) write(KEYS.student, name);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var student = input.value.trim();
        if (!student) {
          input.setAttribute("aria-invalid", "true");
          say("error", "✗", t("handin_need_name"));
          input.focus();
          return;
        }
        input.removeAttribute("aria-invalid");
        write(KEYS.student, student);
        try {
          var doc = handin(student);
          if (!doc.responses.length) { say("info", "ℹ", t("handin_nothing")); return; }
          var name = fileName(student);
          download(name, JSON.stringify(doc, null, 1) + "\n");
          say("done", "✓", m.plural("handin_done", doc.responses.length, { n: doc.responses.length, file: name }));
        } catch (error) {
          warn("the answers could not be downloaded", error);
          say("error", "✗", t("handin_failed", { error: error && error.message ? error.message : String(error) }));
        }
      });
      body.append(form);
      return form;
    } catch (error) {
      warn("the download form could not be added", error);
      return null;
    }
  }

  globalThis.LessonkitQuizStorage = {
    host: host, addHandIn: addHandIn, handin: handin, fileName: fileName,
    responses: responses, forget: forget, available: available, keys: KEYS
  };
})();
