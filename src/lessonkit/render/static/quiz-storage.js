/* lessonkit: keep quiz answers in the browser, per book and per student, and hand them in.
 *
 * Defines globalThis.LessonkitQuizStorage. Everything is kept under the book's own
 * prefix (lessonkit:v2:<book id>:, the id comes from <meta name="lessonkit-book">), so
 * books on one web site never see each other's answers.
 *
 * Answers belong to the student they were given under. The name given in this tab is
 * the "sitting" (sessionStorage): a new tab, or a new student on a shared computer,
 * starts without one, and quiz-handin.js asks who is answering. Answers given before a
 * name are kept in this tab only, and go to the name given next; a new name starts
 * empty; each name's answers are kept apart in localStorage and only that name's
 * answers go into its download.
 *
 * Everything read back is checked (times, counts, verdicts, scores). A bad entry is
 * never used nor silently dropped: it is moved to the student's "set-aside" list and
 * counted (setAsideCount), and responses() gives only good entries, their attempts
 * numbered again in order (quiz-handin.js downloads them). When the browser refuses to store (private windows, a full
 * quota), values are kept in memory for the page, and nothing here throws.
 */
(function () {
  "use strict";

  var ROOT = "lessonkit:v2:";
  var VERDICTS = ["correct", "partial", "incorrect", "unanswered", "submitted"];
  var ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/;
  var EARLIEST = Date.UTC(2000, 0, 1);
  var LEEWAY = 5 * 60 * 1000;  // a clock a little ahead is not a future date
  var probed = null;

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function parse(text) {
    if (text === null) return undefined;
    try { return JSON.parse(text); } catch { return undefined; }
  }

  /* ----------------------------------------------------------- storage places */

  /**
   * A Storage (localStorage or sessionStorage) that never throws: what the browser
   * refuses to keep is kept in memory for this page, and read back from there.
   */
  function place(name) {
    var memory = new Map();
    function storage() {
      try { return globalThis[name] || null; } catch { return null; }
    }
    return {
      get: function (key) {
        if (memory.has(key)) return memory.get(key);
        try {
          var store = storage(), value = store ? store.getItem(key) : null;
          return typeof value === "string" ? value : null;
        } catch {
          return null;
        }
      },
      set: function (key, text) {
        try {
          storage().setItem(key, text);
          memory.delete(key);
          return true;
        } catch {
          memory.set(key, text);
          return false;
        }
      },
      remove: function (key) {
        memory.delete(key);
        try { var store = storage(); if (store) store.removeItem(key); return true; } catch { return false; }
      },
      /** Every key that starts with prefix (stored or in memory). */
      keys: function (prefix) {
        var found = new Set();
        memory.forEach(function (_text, key) { if (key.indexOf(prefix) === 0) found.add(key); });
        try {
          var store = storage();
          for (var i = 0; store && i < store.length; i += 1) {
            var key = store.key(i);
            if (typeof key === "string" && key.indexOf(prefix) === 0) found.add(key);
          }
        } catch { /* nothing more to list */ }
        return Array.from(found);
      }
    };
  }

  var local = place("localStorage"), session = place("sessionStorage");

  /** Whether localStorage accepts a write (checked once per page). */
  function available() {
    if (probed === null) {
      var probe = ROOT + "probe";
      try {
        globalThis.localStorage.setItem(probe, "1");
        globalThis.localStorage.removeItem(probe);
        probed = true;
      } catch {
        probed = false;
      }
    }
    return probed;
  }

  /* ------------------------------------------------------------ book, student */

  /** This book's id (from the build), or "page" for a page outside a book. */
  function book() {
    var meta = document.querySelector('meta[name="lessonkit-book"]');
    var id = meta ? meta.getAttribute("content") : "";
    return id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : "page";
  }

  var KEYS = {
    lastName: function () { return ROOT + book() + ":name"; },
    sitting: function () { return ROOT + book() + ":sitting"; },
    /** The prefix of one student's keys ("" : the answers given without a name). */
    student: function (who) { return ROOT + book() + ":who:" + who + ":"; }
  };

  /** The key of a name: the same for "Ann  Example" and "ann example". */
  function nameKey(name) {
    var text = String(name).normalize("NFKC").trim().replace(/\s+/gu, " ").toLowerCase();
    return encodeURIComponent(text);
  }

  function tidyName(name) {
    return String(name).normalize("NFKC").trim().replace(/\s+/gu, " ");
  }

  /** Where a student's answers are kept: the unnamed ones in this tab only. */
  function placeOf(who) { return who ? local : session; }

  /** The student answering in this tab, {key, name}, or null. */
  function who() {
    var sitting = parse(session.get(KEYS.sitting()));
    if (!isObject(sitting) || typeof sitting.who !== "string" || !sitting.who) return null;
    if (typeof sitting.name !== "string" || nameKey(sitting.name) !== sitting.who) return null;
    return { key: sitting.who, name: sitting.name };
  }

  /** The name last given in this book in this browser (perhaps by someone else), or null. */
  function lastName() {
    var record = parse(local.get(KEYS.lastName()));
    return isObject(record) && typeof record.name === "string" && tidyName(record.name) ? tidyName(record.name) : null;
  }

  /* ------------------------------------------------------------- validation */

  function goodTime(text) {
    if (typeof text !== "string" || !ISO_TIME.test(text)) return false;
    var time = Date.parse(text);
    return isFinite(time) && time >= EARLIEST && time <= Date.now() + LEEWAY;
  }

  function count(value, least) { return Number.isSafeInteger(value) && value >= least; }

  function goodId(value) { return typeof value === "string" && value !== "" && value.length <= 200; }

  /** What is wrong with a logged answer, or "" (the item rules of handin.schema.json). */
  function entryProblem(r) {
    if (!isObject(r)) return "not an answer";
    if (!goodTime(r.recorded_at)) return "time";
    if (!goodId(r.quiz_id) || !goodId(r.question_id)) return "quiz or question id";
    if (!count(r.quiz_version, 0)) return "quiz version";
    if (!count(r.attempt, 1)) return "attempt";
    if (VERDICTS.indexOf(r.verdict) < 0) return "verdict";
    if (!(r.score === null || (typeof r.score === "number" && r.score >= 0 && r.score <= 1))) return "score";
    if (r.answer === undefined) return "answer";
    if (r.quiz_title !== undefined && typeof r.quiz_title !== "string") return "quiz title";
    return "";
  }

  /** What is wrong with a saved answer of a quiz's state, or "". */
  function stateProblem(entry) {
    if (!isObject(entry)) return "not an answer";
    if (entry.verdict !== undefined && VERDICTS.indexOf(entry.verdict) < 0) return "verdict";
    if (!count(entry.attempt, 0)) return "attempt";
    return "";
  }

  /** Move bad entries to the student's set-aside list; false when it cannot be kept. */
  function setAside(who, entries) {
    var store = placeOf(who), key = KEYS.student(who) + "set-aside";
    var kept = parse(store.get(key));
    kept = Array.isArray(kept) ? kept : (store.get(key) === null ? [] : [{ reason: "unreadable", text: store.get(key) }]);
    var stamp = new Date().toISOString();
    entries.forEach(function (entry) { kept.push(Object.assign({ set_aside_at: stamp }, entry)); });
    store.set(key, JSON.stringify(kept));
    return true;
  }

  /** How many entries of the student are set aside (shown to them). */
  function setAsideCount(student) {
    var id = student === undefined ? (who() || { key: "" }).key : student;
    sweep(id);
    var text = placeOf(id).get(KEYS.student(id) + "set-aside");
    if (text === null) return 0;
    var kept = parse(text);
    return Array.isArray(kept) ? kept.length : 1;
  }

  /** The student's log of checked answers, with the bad entries set aside first. */
  function sweep(student) {
    var store = placeOf(student), key = KEYS.student(student) + "log", text = store.get(key);
    if (text === null) return [];
    var log = parse(text), good = [], bad = [];
    if (!Array.isArray(log)) {
      bad.push({ reason: "unreadable", text: text });
    } else {
      log.forEach(function (entry) {
        var problem = entryProblem(entry);
        if (problem) bad.push({ reason: problem, entry: entry }); else good.push(entry);
      });
    }
    if (bad.length && setAside(student, bad)) store.set(key, JSON.stringify(good));
    return good;
  }

  /** The saved state {version, answers} of one quiz, its bad answers set aside; or null. */
  function loadState(student, quizId) {
    var store = placeOf(student), key = KEYS.student(student) + "answers:" + quizId;
    var text = store.get(key);
    if (text === null) return null;
    var state = parse(text);
    if (!isObject(state) || !count(state.version, 0) || !isObject(state.answers)) {
      if (setAside(student, [{ reason: "unreadable", quiz_id: quizId, text: text }])) store.remove(key);
      return null;
    }
    var answers = {}, bad = [];
    Object.keys(state.answers).forEach(function (id) {
      var problem = stateProblem(state.answers[id]);
      if (problem) bad.push({ reason: problem, quiz_id: quizId, question_id: id, entry: state.answers[id] });
      else answers[id] = state.answers[id];
    });
    if (bad.length && setAside(student, bad)) {
      store.set(key, JSON.stringify({ version: state.version, answers: answers }));
    }
    return { version: state.version, answers: answers };
  }

  /* ---------------------------------------------------------- who is answering */

  /** Answer as `name` in this tab: its own answers, plus those given here without a name. */
  function use(name) {
    name = tidyName(name);
    var key = nameKey(name);
    if (!name || !key) throw new Error("a name is needed");
    var prefix = KEYS.student(key);
    local.set(KEYS.lastName(), JSON.stringify({ name: name }));
    session.set(KEYS.sitting(), JSON.stringify({ who: key, name: name }));
    // what was answered here before a name was given is this student's
    var unnamed = KEYS.student("");
    var adopted = sweep("");
    if (adopted.length) {
      local.set(prefix + "log", JSON.stringify(sweep(key).concat(adopted)));
    }
    session.keys(unnamed + "answers:").forEach(function (stateKey) {
      var quizId = stateKey.slice((unnamed + "answers:").length);
      var given = loadState("", quizId), mine = loadState(key, quizId);
      if (given) {
        var merged = mine && mine.version === given.version ? Object.assign(mine.answers, given.answers) : given.answers;
        local.set(prefix + "answers:" + quizId, JSON.stringify({ version: given.version, answers: merged }));
      }
    });
    session.keys(unnamed).forEach(function (k) {
      if (k !== unnamed + "set-aside") session.remove(k);
    });
    var aside = session.get(unnamed + "set-aside");
    if (aside !== null) {
      var list = parse(aside);
      setAside(key, Array.isArray(list) ? list : [{ reason: "unreadable", text: aside }]);
      session.remove(unnamed + "set-aside");
    }
    return { key: key, name: name, answers: sweep(key).length };
  }

  /**
   * Remove what this browser keeps for the student answering here (answers, log,
   * set-aside list, name) and what was given in this tab without a name; this book
   * only, and no other student's. False when the browser refused.
   */
  function forget() {
    var current = who(), done = true;
    var prefixes = [KEYS.student("")];
    if (current) prefixes.push(KEYS.student(current.key));
    prefixes.forEach(function (prefix) {
      [local, session].forEach(function (store) {
        store.keys(prefix).forEach(function (key) { done = store.remove(key) && done; });
      });
    });
    var last = lastName();
    if (current && last !== null && nameKey(last) === current.key) done = local.remove(KEYS.lastName()) && done;
    done = session.remove(KEYS.sitting()) && done;
    return done;
  }

  /* ---------------------------------------------------------------- answers */

  function now() {
    return new Date().toISOString().replace(/Z$/, "+00:00");
  }

  /** Add one checked answer to the log of the student answering here. */
  function record(entry) {
    var student = (who() || { key: "" }).key;
    var log = sweep(student);
    log.push(entry);
    placeOf(student).set(KEYS.student(student) + "log", JSON.stringify(log));
  }

  /** The good answers of the student answering here, oldest first, attempts numbered in order. */
  function responses() {
    var current = who();
    if (!current) return [];
    var attempts = new Map();
    return sweep(current.key).map(function (r) {
      var id = JSON.stringify([r.quiz_id, r.question_id]);
      var attempt = (attempts.get(id) || 0) + 1;
      attempts.set(id, attempt);
      return {
        recorded_at: r.recorded_at, quiz_id: r.quiz_id, quiz_version: r.quiz_version,
        quiz_title: typeof r.quiz_title === "string" ? r.quiz_title : "",
        question_id: r.question_id, answer: r.answer, verdict: r.verdict, score: r.score,
        attempt: attempt
      };
    });
  }

  /**
   * The host for LessonkitQuiz.render(el, payload, host): the saved answers of the
   * student answering here. options.fresh: do not put saved answers back.
   */
  function host(payload, options) {
    var fresh = !!(options && options.fresh);
    var title = isObject(payload) && typeof payload.title === "string" ? payload.title : "";
    var restored = false;
    return {
      storage: {
        load: function (quizId) {
          if (fresh) return null;
          var state = loadState((who() || { key: "" }).key, quizId);
          restored = state !== null;
          return state;
        },
        save: function (quizId, state) {
          var student = (who() || { key: "" }).key;
          placeOf(student).set(KEYS.student(student) + "answers:" + quizId,
            JSON.stringify({ version: state.version, answers: state.answers }));
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
          console.warn("lessonkit quiz: the answer could not be recorded", e);
        }
      },
      /** Whether saved answers were handed to the renderer. */
      restored: function () { return restored; }
    };
  }

  globalThis.LessonkitQuizStorage = {
    available: available, book: book, who: who, lastName: lastName, use: use, forget: forget,
    host: host, responses: responses, setAsideCount: setAsideCount, keys: KEYS, nameKey: nameKey
  };
})();
