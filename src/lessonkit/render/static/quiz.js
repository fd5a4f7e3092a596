/* lessonkit quiz front end: one classic script, no dependencies, no network access.
 *
 * Defines globalThis.LessonkitQuiz = {render, grade, decodeKey, version}.
 * The contract is docs/quiz-format.md: §2 grading rules (twin of lessonkit.quiz.grading),
 * §3 the payload. Interface strings come from a message catalogue (host.messages or
 * globalThis.LessonkitQuizMessages); payload text is inserted as text, and the
 * Markdown-rendered fields are rebuilt from an allow-list before insertion.
 */
(function () {
  "use strict";

  var VERSION = "0.1.0";
  // Element ids must be unique in the document even when several copies of this script
  // run (each live widget evaluates its own copy), so the counter lives on globalThis.
  var ID_COUNTER = Symbol.for("lessonkit.quiz.ids");

  /* ------------------------------------------------------------------ grading */

  /** @typedef {{verdict: string, score: (number|null)}} Verdict */
  /** @typedef {Verdict & {right?: number, wrong?: number, total?: number, feedback?: ?string}} Detail */

  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var FRACTION = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\/([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)$/;
  var PUNCT_SYMBOL = /[\p{P}\p{S}]/gu;
  var SPACE_RUN = /\s+/gu;

  /** Round to 4 decimals, halves up (the Python twin is grading.round_score). */
  function round4(x) {
    return Math.round(x * 10000) / 10000;
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function hasOwn(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  /** Missing, null, blank string, empty list or empty mapping. */
  function isUnanswered(answer) {
    if (answer === undefined || answer === null) return true;
    if (typeof answer === "string") return answer.trim() === "";
    if (Array.isArray(answer)) return answer.length === 0;
    if (isObject(answer)) return Object.keys(answer).length === 0;
    return false;
  }

  /** Text normalisation of §2: NFKC, lower case, P and S to spaces, collapse, trim. */
  function normalizeText(text) {
    return text.normalize("NFKC").toLowerCase().replace(PUNCT_SYMBOL, " ")
      .replace(SPACE_RUN, " ").trim();
  }

  /** Edit distance between two strings, counted in code points. */
  function levenshtein(a, b) {
    var x = Array.from(a), y = Array.from(b);
    if (x.length < y.length) { var swap = x; x = y; y = swap; }
    var previous = [];
    for (var j = 0; j <= y.length; j++) previous.push(j);
    for (var i = 1; i <= x.length; i++) {
      var current = [i];
      for (j = 1; j <= y.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[y.length];
  }

  /** The form of a text that a text question compares (normalized, lowercase or exact). */
  function comparable(text, compare) {
    if (compare === "exact") return text.trim();
    if (compare === "lowercase") return text.trim().toLowerCase();
    return normalizeText(text);
  }

  /** Index of the first candidate the answer matches exactly or within fuzzy; -1 if none. */
  function firstMatch(answer, candidates, fuzzy, compare) {
    var given = comparable(answer, compare);
    return (candidates || []).findIndex(function (candidate) {
      var target = comparable(String(candidate), compare);
      if (given === target) return true;
      if (fuzzy === null || fuzzy === undefined) return false;
      var longest = Math.max(Array.from(given).length, Array.from(target).length);
      var similarity = longest === 0 ? 1 : 1 - levenshtein(given, target) / longest;
      return similarity >= fuzzy;
    });
  }

  /** @returns {Detail} */
  function fraction(score, right, total) {
    score = round4(score);
    if (score >= 1) return { verdict: "correct", score: 1, right: right, total: total };
    return { verdict: score > 0 ? "partial" : "incorrect", score: score, right: right, total: total };
  }

  /** multiple and highlight: (right picks − wrong picks) / |C|, floored at 0. */
  function setScore(chosen, correct) {
    if (!Array.isArray(chosen)) return { verdict: "incorrect", score: 0 };
    var picked = new Set(chosen), key = new Set(correct), right = 0, wrong = 0;
    picked.forEach(function (value) { if (key.has(value)) right++; else wrong++; });
    var score = round4(Math.max(0, (right - wrong) / key.size));
    var detail = { verdict: "incorrect", score: score, right: right, wrong: wrong, total: key.size };
    if (right === key.size && wrong === 0) { detail.verdict = "correct"; detail.score = 1; }
    else if (score > 0) detail.verdict = "partial";
    return detail;
  }

  /** A number, or a string holding a decimal number or a fraction a/b; else null. */
  function parseNumber(answer) {
    if (typeof answer === "number") return answer;
    if (typeof answer !== "string") return null;
    var text = answer.trim();
    if (text.indexOf(".") < 0) text = text.replace(/,/g, ".");
    if (NUMBER.test(text)) return Number(text);
    var fraction = FRACTION.exec(text);
    return fraction ? Number(fraction[1]) / Number(fraction[2]) : null;
  }

  /**
   * The entries of a numeric key: its `answers`, or its one right `answer`. The first
   * entry that holds the number (rounded to `precision` significant digits) decides.
   * @returns {{index: number, correct: boolean}|null}
   */
  function numericEntry(key, value) {
    var entries = key.answers || [{ value: key.answer, tolerance: key.tolerance || 0, correct: true }];
    var precision = key.precision;
    function round(x) { return precision ? Number(x.toPrecision(precision)) : x; }
    var x = round(value);
    var index = entries.findIndex(function (entry) {
      if (entry.range) return x >= entry.range[0] && x < entry.range[1];
      return Math.abs(x - round(entry.value)) <= (entry.tolerance || 0) + 1e-9;
    });
    return index < 0 ? null : { index: index, correct: entries[index].correct !== false };
  }

  /** The entry of a text key the answer matches first (wrong ones only in `entries`). */
  function textEntry(key, answer) {
    var entries = key.entries || (key.answers || []).map(function (text) { return { text: text, correct: true }; });
    var index = firstMatch(answer, entries.map(function (e) { return e.text; }), key.fuzzy, key.compare);
    return index < 0 ? null : { index: index, correct: entries[index].correct !== false };
  }

  /** The feedback html of the deciding entry, else the default one for a wrong answer. */
  function entryFeedback(key, entry) {
    var feedback = key.feedback || {};
    if (entry && hasOwn(feedback, String(entry.index))) return feedback[String(entry.index)];
    if ((!entry || !entry.correct) && hasOwn(feedback, "default")) return feedback["default"];
    return null;
  }

  function asBool(answer) {
    if (typeof answer === "boolean") return answer;
    if (typeof answer !== "string") return null;
    var lower = answer.toLowerCase();
    return lower === "true" ? true : lower === "false" ? false : null;
  }

  function gradeOrdering(order, answer) {
    var wrong = { verdict: "incorrect", score: 0 };
    if (!Array.isArray(answer) || answer.length !== order.length) return wrong;
    if (!answer.every(function (v) { return typeof v === "string"; })) return wrong;
    var position = new Map(order.map(function (id, i) { return [id, i]; }));
    var seen = new Set(answer);
    if (seen.size !== order.length || answer.some(function (v) { return !position.has(v); })) return wrong;
    var adjacent = 0;
    for (var i = 0; i + 1 < answer.length; i++) {
      if (position.get(answer[i + 1]) === position.get(answer[i]) + 1) adjacent++;
    }
    return fraction(adjacent / (order.length - 1), adjacent, order.length - 1);
  }

  function gradeMatching(pairs, answer) {
    if (!isObject(answer)) return { verdict: "incorrect", score: 0 };
    var lefts = Object.keys(pairs);
    var hits = lefts.filter(function (left) {
      return hasOwn(answer, left) && typeof answer[left] === "string" && answer[left] === pairs[left];
    }).length;
    return fraction(hits / lefts.length, hits, lefts.length);
  }

  /**
   * Grade with details for the interface (counts of right and wrong parts).
   * @returns {Detail}
   */
  function gradeDetail(question, key, answer) {
    key = key || {};
    if (question.type === "open") {
      var enough = typeof answer === "string" &&
        answer.split(SPACE_RUN).filter(Boolean).length >= (question.min_words || 1);
      return { verdict: enough ? "submitted" : "unanswered", score: null };
    }
    if (isUnanswered(answer)) return { verdict: "unanswered", score: 0 };
    var right = { verdict: "correct", score: 1 }, wrong = { verdict: "incorrect", score: 0 };
    switch (question.type) {
      case "single":
        return typeof answer === "string" && [].concat(key.correct).indexOf(answer) >= 0 ? right : wrong;
      case "multiple":
        return setScore(answer, key.correct || []);
      case "highlight":
        return setScore(answer, key.evidence || []);
      case "true_false":
        return asBool(answer) === key.answer ? right : wrong;
      case "numeric":
      case "text": {
        var value = question.type === "numeric" ? parseNumber(answer) : typeof answer === "string" ? answer : null;
        var entry = value === null ? null : question.type === "numeric" ? numericEntry(key, value) : textEntry(key, value);
        var outcome = entry && entry.correct ? right : wrong;
        return { verdict: outcome.verdict, score: outcome.score, feedback: entryFeedback(key, entry) };
      }
      case "ordering":
        return gradeOrdering(key.order || [], answer);
      case "matching":
        return gradeMatching(key.pairs || {}, answer);
      default:
        throw new Error("cannot grade a question of type " + JSON.stringify(question.type));
    }
  }

  /**
   * Grade one answer (contract §2); agrees with lessonkit.quiz.grade_question.
   * @param {{type: string, min_words?: number}} question  the payload question
   * @param {object} keyEntry  the question's entry of the decoded answer key
   * @param {*} answer  what the learner gave
   * @returns {Verdict}
   */
  function grade(question, keyEntry, answer) {
    var detail = gradeDetail(question, keyEntry, answer);
    return { verdict: detail.verdict, score: detail.score };
  }

  /**
   * The feedback html a numeric or text answer gets (its entry's, else the default one
   * for a wrong answer); agrees with lessonkit.quiz.grading.answer_feedback.
   * @returns {?string}
   */
  function feedback(question, keyEntry, answer) {
    return gradeDetail(question, keyEntry, answer).feedback || null;
  }

  /**
   * Decode the payload's answer key: base64 of UTF-8 JSON. An object passes through.
   * @param {string|object|null|undefined} encoded
   * @returns {Object<string, object>}
   */
  function decodeKey(encoded) {
    if (encoded === null || encoded === undefined || encoded === "") return {};
    if (typeof encoded === "object") return encoded;
    var binary = atob(String(encoded).replace(/\s+/g, ""));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  }

  /* ------------------------------------------------------------ messages, DOM */

  /**
   * Interface strings with {name} placeholders and plural variants (key_one, key_other...).
   * A missing key shows the key itself, so a gap in a catalogue is visible but harmless.
   */
  function makeMessages(catalogue, lang) {
    var cat = catalogue || {};
    var plurals, numbers;
    var format = { maximumFractionDigits: 4, useGrouping: false };
    try { plurals = new Intl.PluralRules(lang); numbers = new Intl.NumberFormat(lang, format); }
    catch { plurals = new Intl.PluralRules("en"); numbers = new Intl.NumberFormat("en", format); }
    function t(key, params) {
      var template = typeof cat[key] === "string" ? cat[key] : key;
      return template.replace(/\{(\w+)\}/g, function (whole, name) {
        if (!params || !hasOwn(params, name)) return whole;
        var value = params[name];
        return typeof value === "number" ? numbers.format(value) : String(value);
      });
    }
    function plural(key, count, params) {
      var variant = key + "_" + plurals.select(count);
      return t(typeof cat[variant] === "string" ? variant : key + "_other", params);
    }
    var short = new Intl.NumberFormat(numbers.resolvedOptions().locale, { maximumFractionDigits: 2, useGrouping: false });
    return { t: t, plural: plural, short: function (n) { return short.format(n); } };
  }

  /**
   * Create an element. attrs: "text" sets textContent, "class" the class, booleans
   * add or omit the attribute. Children are nodes or strings (inserted as text).
   */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child !== null && child !== undefined) node.append(child);
    });
    return node;
  }

  function icon(symbol) {
    return h("span", { class: "lk-icon", "aria-hidden": "true", text: symbol });
  }

  /* --------------------------------------------------------------- sanitiser */

  var XHTML = "http://www.w3.org/1999/xhtml";
  var ALLOWED = new Set(["p", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote",
    "br", "span", "sup", "sub", "hr"]);
  var BLOCKS = new Set(["p", "pre", "ul", "ol", "li", "blockquote", "hr"]);
  var SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

  var IMAGE_DATA = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/;
  /* The book copies quiz images to _images/lessonkit/, named by their content's digest. */
  var IMAGE_IN_SITE = /^(\.\.\/)*_images\/lessonkit\/[0-9a-f]{20}\.(png|jpe?g|gif|webp|svg)$/;

  /** An image address: a data: URI of an image, or a quiz image copied into the site; else null. */
  function safeImageSrc(value) {
    return IMAGE_DATA.test(value) || IMAGE_IN_SITE.test(value) ? value : null;
  }

  /** The href if it is http(s), mailto, or relative (a fragment included); else null. */
  function safeHref(value) {
    try {
      var url = new URL(value, "https://relative.invalid/");
      return SAFE_PROTOCOLS.has(url.protocol) ? value : null;
    } catch {
      return null;
    }
  }

  /**
   * Math (TeX), drawn by quiz-math.js (KaTeX) when the page has it; without it, or in
   * plain text, the TeX itself between its dollars.
   */
  function mathNode(tex, display, plain) {
    var marks = display ? "$$" : "$";
    if (plain) return document.createTextNode(marks + tex + marks);
    var span = h("span", { class: "lk-math" + (display ? " lk-math--display" : "") }, marks + tex + marks);
    var math = globalThis.LessonkitMath;
    if (math && typeof math.render === "function") {
      try {
        math.render(span, tex, display);
      } catch (error) {
        console.warn("lessonkit quiz: this math could not be drawn", tex, error);
        span.textContent = marks + tex + marks;
      }
    }
    return span;
  }

  function copyNode(node, target, inline, plain) {
    if (node.nodeType === 3) { target.append(node.data); return; }
    if (node.nodeType !== 1) return;
    var tag = node.namespaceURI === XHTML ? node.localName : "";
    if (tag === "span" && node.hasAttribute("data-lk-math")) {
      target.append(mathNode(node.textContent, node.getAttribute("data-lk-math") === "display", plain));
      return;
    }
    if (/^h[1-6]$/.test(tag)) tag = "strong";
    if (tag === "img") {
      var src = safeImageSrc(node.getAttribute("src") || ""), alt = node.getAttribute("alt") || "";
      if (src === null || plain) target.append("[" + alt + "]");
      else target.append(h("img", { src: src, alt: alt, class: "lk-img" }));
      return;
    }
    if (!ALLOWED.has(tag)) { target.append(node.textContent); return; }
    if (inline && tag === "hr") return;
    var out;
    if (inline && BLOCKS.has(tag)) {
      out = h("span", { class: "lk-b lk-b--" + tag });
    } else {
      out = document.createElement(tag);
      if (tag === "a") {
        var href = node.getAttribute("href");
        if (href !== null && safeHref(href) !== null) out.setAttribute("href", href);
        out.setAttribute("rel", "noopener");
      }
      var start = node.getAttribute("start");
      if (tag === "ol" && start && /^\d{1,6}$/.test(start)) out.setAttribute("start", start);
    }
    Array.from(node.childNodes).forEach(function (child) { copyNode(child, out, inline, plain); });
    target.append(out);
  }

  /**
   * Rebuild Markdown-rendered HTML from an allow-list. The string is parsed in an inert
   * template (no scripts, no loads); only allowed elements and safe hrefs are copied,
   * anything else becomes its text. inline: block elements become spans (for labels).
   * Math (span[data-lk-math]) is drawn by quiz-math.js, or kept as TeX text when plain; an
   * image keeps its description, and its address when that is a data: image or a quiz image
   * of the site (_images/lessonkit/).
   * @returns {DocumentFragment}
   */
  var inertRange = null;

  function sanitize(html, inline, plain) {
    var fragment = document.createDocumentFragment();
    if (typeof html !== "string" || html === "") return fragment;
    // Without "<" or "&" the HTML is its own text: nothing to parse.
    if (!/[<&]/.test(html)) { fragment.append(html); return fragment; }
    // One range in the body of a document without a window, reused: parsing there runs no
    // script and loads nothing, and costs far less than a new DOMParser document per string.
    if (!inertRange) {
      var inertDoc = document.implementation.createHTMLDocument("");
      inertRange = inertDoc.createRange();
      inertRange.selectNodeContents(inertDoc.body);
    }
    var parsed = inertRange.createContextualFragment(html);
    Array.from(parsed.childNodes).forEach(function (child) { copyNode(child, fragment, !!inline, !!plain); });
    return fragment;
  }

  /** The text of Markdown-rendered html (math as its TeX), for drop-downs and labels. */
  function plainText(html) {
    return sanitize(html, true, true).textContent.replace(/\s+/g, " ").trim();
  }

  /* ----------------------------------------------------------------- widgets */

  /**
   * A widget builds one question's controls and knows how to read, write, reset
   * and mark them. ctx: {q, key, t, plural, id(suffix), announce(text)}.
   * @typedef {{node: Node, read: function(): *, write: function(*): void,
   *   reset: function(): void, mark: function(*, Detail): void, unmark: function(): void,
   *   focus: function(): void}} Widget
   */

  function markNode(ctx, ok, feedbackHtml) {
    var node = h("span", { class: "lk-mark " + (ok ? "lk-mark--ok" : "lk-mark--bad") }, [
      icon(ok ? "✓" : "✗"), " ", h("strong", { text: ctx.t(ok ? "choice_correct" : "choice_wrong") })]);
    if (feedbackHtml) node.append(" ", h("span", { class: "lk-mark__text" }, sanitize(feedbackHtml, true)));
    return node;
  }

  /** single, multiple, true_false: native radios or checkboxes. @returns {Widget} */
  function choiceWidget(ctx) {
    var q = ctx.q, type = q.type;
    var options = type === "true_false"
      ? [{ id: true, label: ctx.t("true") }, { id: false, label: ctx.t("false") }]
      : q.options.map(function (o) { return { id: o.id, html: o.html }; });
    var name = ctx.id("choice");
    var rows = options.map(function (option, i) {
      var inputId = ctx.id("o" + i), markId = ctx.id("m" + i);
      var input = h("input", { type: type === "multiple" ? "checkbox" : "radio", id: inputId, name: name, value: String(i) });
      var label = h("label", { for: inputId }, option.html !== undefined ? sanitize(option.html, true) : option.label);
      var mark = h("span", { class: "lk-option__mark", id: markId });
      return { option: option, input: input, mark: mark, node: h("div", { class: "lk-option" }, [input, label, mark]) };
    });
    function chosen() { return rows.filter(function (r) { return r.input.checked; }); }
    function isCorrect(id) {
      if (type === "single") return [].concat(ctx.key.correct).indexOf(id) >= 0;
      if (type === "multiple") return (ctx.key.correct || []).indexOf(id) >= 0;
      return id === ctx.key.answer;
    }
    return {
      node: h("div", { class: "lk-options" }, rows.map(function (r) { return r.node; })),
      read: function () {
        var ids = chosen().map(function (r) { return r.option.id; });
        return type === "multiple" ? ids : ids.length ? ids[0] : null;
      },
      write: function (answer) {
        var wanted = [].concat(answer);
        rows.forEach(function (r) { r.input.checked = wanted.indexOf(r.option.id) >= 0; });
      },
      reset: function () { rows.forEach(function (r) { r.input.checked = false; }); },
      mark: function () {
        var feedback = ctx.key.feedback || {};
        chosen().forEach(function (r) {
          var id = String(r.option.id);
          r.mark.replaceChildren(markNode(ctx, isCorrect(r.option.id), hasOwn(feedback, id) ? feedback[id] : null));
          r.input.setAttribute("aria-describedby", r.mark.id);
        });
      },
      unmark: function () {
        rows.forEach(function (r) { r.mark.replaceChildren(); r.input.removeAttribute("aria-describedby"); });
      },
      focus: function () { (chosen()[0] || rows[0]).input.focus(); }
    };
  }

  /** numeric, text and open: one labelled text field. @returns {Widget} */
  function fieldWidget(ctx) {
    var q = ctx.q, inputId = ctx.id("field"), unitId = ctx.id("unit");
    var input = q.type === "open"
      ? h("textarea", { id: inputId, rows: 6, class: "lk-field" })
      : h("input", { type: "text", id: inputId, class: "lk-field", autocomplete: "off", spellcheck: "false",
        inputmode: q.type === "numeric" ? "decimal" : null, "aria-describedby": q.unit ? unitId : null });
    var row = h("div", { class: "lk-field-row" }, [h("label", { for: inputId, text: ctx.t("your_answer") }), input]);
    if (q.type === "numeric" && q.unit) row.append(h("span", { class: "lk-unit", id: unitId, text: q.unit }));
    // feedback for the value or text given (numeric and text questions may have some)
    var feedback = h("div", { class: "lk-field-feedback", id: ctx.id("feedback"), hidden: true });
    return {
      node: h("div", null, [row, feedback]),
      read: function () { return input.value; },
      write: function (answer) { input.value = typeof answer === "string" ? answer : String(answer); },
      reset: function () { input.value = ""; },
      mark: function (answer, detail) {
        if (!detail.feedback) return;
        feedback.replaceChildren(sanitize(detail.feedback));
        feedback.hidden = false;
        input.setAttribute("aria-describedby", [q.unit ? unitId : "", feedback.id].join(" ").trim());
      },
      unmark: function () {
        feedback.hidden = true;
        feedback.replaceChildren();
        if (q.unit) input.setAttribute("aria-describedby", unitId); else input.removeAttribute("aria-describedby");
      },
      focus: function () { input.focus(); }
    };
  }

  /** An instruction shown only on paper (quiz.css hides .lk-print-only on screens). */
  function printOnly(ctx, key) {
    return h("p", { class: "lk-print-only lk-how", text: ctx.t(key) });
  }

  /** ordering: a list with Move up / Move down buttons per item. @returns {Widget} */
  function orderingWidget(ctx) {
    var list = h("ol", { class: "lk-order" });
    var items = new Map();
    var initial = ctx.q.items.map(function (item) {
      var content = sanitize(item.html, true), text = plainText(item.html);
      var li = h("li", { class: "lk-order__item" });
      var up = moveButton("move_up", "↑", text), down = moveButton("move_down", "↓", text);
      up.addEventListener("click", function () { move(li, -1, up); });
      down.addEventListener("click", function () { move(li, 1, down); });
      li.append(h("div", { class: "lk-order__row" }, [h("span", { class: "lk-order__text" }, content),
        h("span", { class: "lk-order__moves" }, [up, down])]));
      items.set(li, { id: item.id, text: text, up: up, down: down });
      return li;
    });
    function moveButton(key, arrow, text) {
      return h("button", { type: "button", class: "lk-btn lk-btn--small", "aria-label": ctx.t(key) + ": " + text },
        [icon(arrow), " ", ctx.t(key)]);
    }
    function refresh() {
      var lis = Array.from(list.children);
      lis.forEach(function (li, i) {
        var info = items.get(li);
        info.up.setAttribute("aria-disabled", String(i === 0));
        info.down.setAttribute("aria-disabled", String(i === lis.length - 1));
      });
    }
    function move(li, direction, button) {
      var info = items.get(li), total = list.children.length;
      var sibling = direction < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!sibling) {
        ctx.announce(ctx.t(direction < 0 ? "already_first" : "already_last", { item: info.text }));
        return;
      }
      // Move the neighbour rather than the item itself, so the focused button stays in place.
      list.insertBefore(sibling, direction < 0 ? li.nextSibling : li);
      refresh();
      button.focus();
      var position = Array.from(list.children).indexOf(li) + 1;
      ctx.announce(ctx.t("moved", { item: info.text, n: position, total: total }));
    }
    function write(ids) {
      var byId = new Map();
      items.forEach(function (info, li) { byId.set(info.id, li); });
      ids.forEach(function (id) { if (byId.has(id)) list.append(byId.get(id)); });
      refresh();
    }
    initial.forEach(function (li) { list.append(li); });
    refresh();
    return {
      node: h("div", { class: "lk-order-box" }, [printOnly(ctx, "sheet_order"), list]),
      read: function () { return Array.from(list.children).map(function (li) { return items.get(li).id; }); },
      write: function (answer) { if (Array.isArray(answer)) write(answer); },
      reset: function () { write(initial.map(function (li) { return items.get(li).id; })); },
      mark: function () {},
      unmark: function () {},
      focus: function () { items.get(list.firstElementChild).down.focus(); }
    };
  }

  /** matching: one select per left-hand text. @returns {Widget} */
  function matchingWidget(ctx) {
    var choices = ctx.q.choices || [];
    var rows = ctx.q.pairs.map(function (pair, i) {
      var selectId = ctx.id("s" + i), markId = ctx.id("sm" + i);
      var select = h("select", { id: selectId, class: "lk-select" }, [h("option", { value: "", text: ctx.t("choose") })]
        .concat(choices.map(function (c, j) { return h("option", { value: String(j), text: plainText(c.html) }); })));
      var mark = h("span", { class: "lk-option__mark", id: markId });
      var node = h("div", { class: "lk-match" }, [
        h("label", { for: selectId, class: "lk-match__left" }, sanitize(pair.html, true)), select, mark]);
      return { id: pair.id, select: select, mark: mark, node: node };
    });
    function value(row) { return row.select.value === "" ? null : choices[Number(row.select.value)].id; }
    // On paper the drop-downs are lines to write a letter on, and the choices (as plain text,
    // like the drop-downs' options) a lettered list.
    var lettered = h("ol", { class: "lk-print-only lk-match__choices", type: "A" },
      choices.map(function (c) { return h("li", { text: plainText(c.html) }); }));
    return {
      node: h("div", { class: "lk-matches" }, [printOnly(ctx, "sheet_match")]
        .concat(rows.map(function (r) { return r.node; }), [lettered])),
      read: function () {
        var answer = {};
        rows.forEach(function (r) { if (value(r) !== null) answer[r.id] = value(r); });
        return answer;
      },
      write: function (answer) {
        rows.forEach(function (r) {
          var index = isObject(answer) ? choices.findIndex(function (c) { return c.id === answer[r.id]; }) : -1;
          r.select.value = index >= 0 ? String(index) : "";
        });
      },
      reset: function () { rows.forEach(function (r) { r.select.value = ""; }); },
      mark: function () {
        var pairs = ctx.key.pairs || {};
        rows.forEach(function (r) {
          if (value(r) === null) return;
          r.mark.replaceChildren(markNode(ctx, hasOwn(pairs, r.id) && pairs[r.id] === value(r), null));
          r.select.setAttribute("aria-describedby", r.mark.id);
        });
      },
      unmark: function () {
        rows.forEach(function (r) { r.mark.replaceChildren(); r.select.removeAttribute("aria-describedby"); });
      },
      focus: function () { rows[0].select.focus(); }
    };
  }

  /** highlight: each excerpt sentence is a checkbox, shown in place. @returns {Widget} */
  function highlightWidget(ctx) {
    var sentences = (ctx.q.excerpt && ctx.q.excerpt.sentences) || [];
    var rows = sentences.map(function (sentence, i) {
      var n = i + 1, inputId = ctx.id("h" + n), markId = ctx.id("hm" + n);
      var input = h("input", { type: "checkbox", id: inputId, value: String(n) });
      var label = h("label", { for: inputId, class: "lk-sentence__text" }, [
        h("span", { class: "lk-sentence__n", "aria-hidden": "true", text: String(n) }),
        h("span", { class: "lk-vh", text: ctx.t("sentence_n", { n: n }) + ": " }), String(sentence)]);
      var mark = h("span", { class: "lk-option__mark", id: markId });
      return { n: n, input: input, mark: mark, node: h("span", { class: "lk-sentence" }, [input, label, mark]) };
    });
    var text = h("p", { class: "lk-excerpt__text lk-excerpt__text--select" });
    rows.forEach(function (r) { text.append(r.node, " "); });
    function chosen() { return rows.filter(function (r) { return r.input.checked; }); }
    return {
      node: null,
      excerptText: text,
      read: function () { return chosen().map(function (r) { return r.n; }); },
      write: function (answer) {
        var wanted = [].concat(answer);
        rows.forEach(function (r) { r.input.checked = wanted.indexOf(r.n) >= 0; });
      },
      reset: function () { rows.forEach(function (r) { r.input.checked = false; }); },
      mark: function () {
        var evidence = ctx.key.evidence || [];
        chosen().forEach(function (r) {
          r.mark.replaceChildren(markNode(ctx, evidence.indexOf(r.n) >= 0, null));
          r.input.setAttribute("aria-describedby", r.mark.id);
        });
      },
      unmark: function () {
        rows.forEach(function (r) { r.mark.replaceChildren(); r.input.removeAttribute("aria-describedby"); });
      },
      focus: function () { if (rows.length) rows[0].input.focus(); }
    };
  }

  var WIDGETS = {
    single: choiceWidget, multiple: choiceWidget, true_false: choiceWidget,
    numeric: fieldWidget, text: fieldWidget, open: fieldWidget,
    ordering: orderingWidget, matching: matchingWidget, highlight: highlightWidget
  };

  /* ------------------------------------------------------------ question parts */

  /** The excerpt with its provenance; textNode replaces the plain text (highlight). */
  function excerptFigure(ctx, excerpt, textNode) {
    var text = textNode || h("p", { class: "lk-excerpt__text",
      text: (excerpt.sentences || []).map(String).join(" ") });
    var facts = h("dl", { class: "lk-excerpt__facts" });
    ["writer", "document", "date", "translator", "source"].forEach(function (field) {
      if (excerpt[field] === undefined || excerpt[field] === null || excerpt[field] === "") return;
      facts.append(h("div", null, [h("dt", { text: ctx.t("excerpt_" + field) }), h("dd", { text: String(excerpt[field]) })]));
    });
    return h("figure", { class: "lk-excerpt" }, [h("blockquote", { class: "lk-excerpt__quote" }, text),
      h("figcaption", null, facts)]);
  }

  function verdictStatus(ctx, detail) {
    var t = ctx.t, parts = [];
    var symbols = { correct: "✓", partial: "◐", incorrect: "✗", unanswered: "ℹ", submitted: "✎" };
    var headline = detail.verdict === "partial" && detail.total !== undefined
      ? t("verdict_partial_n", { n: detail.right, total: detail.total }) : t("verdict_" + detail.verdict);
    parts.push(icon(symbols[detail.verdict] || "ℹ"), " ", h("strong", { text: headline }));
    var more = [];
    var type = ctx.q.type;
    if (detail.verdict === "unanswered") {
      var words = ctx.q.min_words || 1;
      more.push(type === "open" ? ctx.plural("detail_min_words", words, { n: words }) : t("detail_unanswered"));
    } else if (detail.verdict === "submitted") {
      more.push(t("detail_submitted"));
    } else if (detail.verdict !== "correct" && detail.total !== undefined) {
      var name = type === "ordering" ? "detail_ordering" : type === "matching" ? "detail_matching" : "detail_choices";
      more.push(t(name, { n: detail.right, total: detail.total }));
      if (detail.wrong) more.push(t("detail_wrong_picks", { n: detail.wrong }));
    }
    if (detail.verdict === "incorrect" || detail.verdict === "partial") more.push(t("detail_try_again"));
    if (more.length) parts.push(" ", h("span", { text: more.join(" ") }));
    return parts;
  }

  /** The teacher edition's answer key, in readable form. */
  function answerKeyBox(ctx) {
    var q = ctx.q, key = ctx.key, t = ctx.t, body;
    function byId(list, id) { return (list || []).find(function (x) { return x.id === id; }) || { html: String(id) }; }
    function htmlList(tag, htmls) {
      return h(tag, null, htmls.map(function (html) { return h("li", null, sanitize(html, true)); }));
    }
    switch (q.type) {
      case "single":
        body = htmlList("ul", [].concat(key.correct).map(function (id) { return byId(q.options, id).html; }));
        break;
      case "multiple": body = htmlList("ul", (key.correct || []).map(function (id) { return byId(q.options, id).html; })); break;
      case "true_false": body = h("p", { text: t(key.answer ? "true" : "false") }); break;
      case "numeric":
        body = h("ul", null, (key.answers || [{ value: key.answer, tolerance: key.tolerance, correct: true }])
          .filter(function (e) { return e.correct !== false; }).map(function (e) {
            return h("li", { text: e.range ? t("key_range", { low: e.range[0], high: e.range[1], unit: q.unit || "" }).trim()
              : t("key_numeric", { answer: e.value, tolerance: e.tolerance || 0, unit: q.unit || "" }).trim() });
          }));
        if (key.precision) body.append(h("li", { text: t("key_precision", { n: key.precision }) }));
        break;
      case "text":
        body = h("div", null, [h("ul", null, (key.answers || []).map(function (a) { return h("li", { text: String(a) }); })),
          key.fuzzy === null || key.fuzzy === undefined ? null : h("p", { text: t("key_fuzzy", { f: key.fuzzy }) })]);
        break;
      case "ordering": body = htmlList("ol", (key.order || []).map(function (id) { return byId(q.items, id).html; })); break;
      case "matching":
        body = h("ul", null, Object.keys(key.pairs || {}).map(function (left) {
          return h("li", null, [h("span", null, sanitize(byId(q.pairs, left).html, true)), " → ",
            h("span", { text: plainText(byId(q.choices, key.pairs[left]).html) })]);
        }));
        break;
      case "highlight":
        body = h("ul", null, (key.evidence || []).map(function (n) {
          var sentences = (q.excerpt && q.excerpt.sentences) || [];
          return h("li", { text: t("sentence_n", { n: n }) + ": " + String(sentences[n - 1] || "") });
        }));
        break;
      default:
        body = h("div", null, [key.model_answer ? h("div", { class: "lk-model" }, sanitize(key.model_answer)) : null,
          (key.rubric || []).length ? h("p", null, h("strong", { text: t("rubric") })) : null,
          (key.rubric || []).length ? htmlList("ul", key.rubric) : null]);
    }
    return h("div", { class: "lk-key", role: "note", "aria-label": t("answer_key") }, [
      h("p", { class: "lk-key__title" }, h("strong", { text: t("answer_key") })), body]);
  }

  function explanationBox(ctx) {
    var key = ctx.key;
    if (!key.explanation && !key.source) return null;
    return h("div", { class: "lk-explanation", hidden: true }, [
      key.explanation ? h("p", { class: "lk-explanation__title" }, h("strong", { text: ctx.t("explanation") })) : null,
      key.explanation ? h("div", null, sanitize(key.explanation)) : null,
      key.source ? h("p", { class: "lk-source", text: ctx.t("source", { source: String(key.source) }) }) : null]);
  }

  /** Model answer and rubric self-check of an open question, behind a locked button. */
  function modelAnswerPart(ctx) {
    var key = ctx.key, t = ctx.t, noteId = ctx.id("locked");
    var button = h("button", { type: "button", class: "lk-btn", "aria-disabled": "true", "aria-describedby": noteId },
      t("show_model_answer"));
    var note = h("p", { class: "lk-note", id: noteId, text: t("model_answer_locked") });
    var rubric = h("fieldset", { class: "lk-rubric" }, [h("legend", { text: t("rubric") })].concat(
      (key.rubric || []).map(function (html, i) {
        var id = ctx.id("r" + i);
        return h("div", { class: "lk-option" }, [h("input", { type: "checkbox", id: id }), h("label", { for: id }, sanitize(html, true))]);
      })));
    var box = h("div", { class: "lk-model-box", hidden: true, tabindex: "-1" }, [
      key.model_answer ? h("p", null, h("strong", { text: t("model_answer") })) : null,
      key.model_answer ? h("div", { class: "lk-model" }, sanitize(key.model_answer)) : null,
      (key.rubric || []).length ? rubric : null]);
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-disabled") === "true") return;
      box.hidden = false;
      box.focus();
    });
    return {
      button: button, note: note, box: box,
      unlock: function (open) {
        button.setAttribute("aria-disabled", String(!open));
        note.hidden = open;
        if (!open) {
          box.hidden = true;
          Array.from(rubric.querySelectorAll("input")).forEach(function (input) { input.checked = false; });
        }
      }
    };
  }

  /* ---------------------------------------------------------------- question */

  /**
   * Build one question: a div with a fieldset whose legend holds the prompt.
   * quiz: {t, plural, teacher, exam, total, onCheck(question, detail, answer, restoring), onReset}
   * In an exam (payload.mode "exam": no key), the button saves the answer instead of
   * checking it, and nothing is marked, explained or scored in the page.
   */
  function buildQuestion(q, index, key, quiz) {
    var build = WIDGETS[q.type];
    if (!build) throw new Error("question " + JSON.stringify(q.id) + " has an unknown type " + JSON.stringify(q.type));
    globalThis[ID_COUNTER] = (globalThis[ID_COUNTER] || 0) + 1;
    var prefix = "lkq" + globalThis[ID_COUNTER] + "-";
    var status = h("div", { class: "lk-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    var ctx = {
      q: q, key: key, t: quiz.t, plural: quiz.plural,
      id: function (suffix) { return prefix + suffix; },
      announce: function (text) {
        status.removeAttribute("data-verdict");
        status.replaceChildren(h("span", { text: text }));
      }
    };
    var widget = build(ctx);
    var t = quiz.t, scored = q.type !== "open", points = q.points === undefined ? 1 : q.points;
    var legend = h("legend", { class: "lk-q__legend" }, [
      h("span", { class: "lk-q__meta" }, [h("span", { text: t("question_n", { n: index + 1, total: quiz.total }) }),
        h("span", { class: "lk-q__points", text: scored ? quiz.plural("points", points, { n: points }) : t("not_scored") })]),
      h("span", { class: "lk-q__prompt" }, sanitize(q.prompt, true))]);
    var fieldset = h("fieldset", { class: "lk-q__fieldset" }, legend);
    if (q.excerpt) fieldset.append(excerptFigure(ctx, q.excerpt, widget.excerptText));
    if (widget.node) fieldset.append(widget.node);

    var label = quiz.exam ? "exam_save" : q.type === "open" ? "submit" : "check";
    var checkButton = h("button", { type: "button", class: "lk-btn lk-btn--primary lk-check" }, t(label));
    var resetButton = h("button", { type: "button", class: "lk-btn" }, t("try_again"));
    var buttons = h("div", { class: "lk-buttons" }, [checkButton]);
    var hints = q.hints || [], shown = 0, hintList = h("div", { class: "lk-hints", "aria-live": "polite" });
    var hintButton = null;
    if (hints.length) {
      hintButton = h("button", { type: "button", class: "lk-btn", "aria-controls": ctx.id("hints") }, t("hint"));
      hintList.id = ctx.id("hints");
      hintButton.addEventListener("click", function () {
        if (shown >= hints.length) return;
        shown += 1;
        hintList.append(h("div", { class: "lk-hint" }, [
          h("p", { class: "lk-hint__title" }, h("strong", { text: t("hint_n", { n: shown, total: hints.length }) })),
          h("div", null, sanitize(hints[shown - 1]))]));
        if (shown >= hints.length) hintButton.setAttribute("aria-disabled", "true");
      });
      buttons.append(hintButton);
    }
    if (!quiz.exam) buttons.append(resetButton);
    var model = q.type === "open" && !quiz.exam && (key.model_answer || (key.rubric || []).length) ? modelAnswerPart(ctx) : null;
    if (model) buttons.append(model.button);

    var explanation = explanationBox(ctx);
    // A <div>, not a <form>: Chromium's autofill matches every <label> of the page against
    // every <form> at load, so a page of 1,000 forms took seconds longer than one of <div>s.
    // The fieldset still groups the question under its legend; Enter still checks (below).
    var form = h("div", { class: "lk-q lk-q--" + q.type.replace("_", "-"), "data-question": q.id },
      [fieldset, buttons, model ? model.note : null, status, hintList, model ? model.box : null, explanation]);
    if (quiz.teacher) form.append(answerKeyBox(ctx));

    var attempts = 0;
    /** Exam mode: the answer is saved for the teacher, never graded in the page. */
    function save(restoring) {
      var answer = widget.read();
      var empty = q.type === "open" ? gradeDetail(q, {}, answer).verdict === "unanswered" : isUnanswered(answer);
      if (empty) {
        status.setAttribute("data-verdict", "unanswered");
        status.replaceChildren(icon("ℹ"), " ", h("span", { text: t("exam_nothing") }));
        return;
      }
      if (!restoring) attempts += 1;
      status.setAttribute("data-verdict", "submitted");
      status.replaceChildren(icon("✎"), " ", h("strong", { text: t("exam_saved") }));
      quiz.onCheck(q, { verdict: "submitted", score: null }, answer, attempts, restoring);
    }
    function check(restoring) {
      if (quiz.exam) { save(restoring); return; }
      var answer = widget.read();
      var detail = gradeDetail(q, key, answer);
      widget.unmark();
      status.setAttribute("data-verdict", detail.verdict);
      status.replaceChildren.apply(status, verdictStatus(ctx, detail));
      if (detail.verdict === "unanswered") return;
      if (!restoring) attempts += 1;
      widget.mark(answer, detail);
      if (explanation) explanation.hidden = false;
      if (model) model.unlock(detail.verdict === "submitted");
      quiz.onCheck(q, detail, answer, attempts, restoring);
    }
    checkButton.addEventListener("click", function () { check(false); });
    // Enter in a one-line field, a radio or a checkbox checks the answer, as it submitted a form.
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== "Enter" || event.isComposing || target.localName !== "input") return;
      if (["text", "radio", "checkbox"].indexOf(target.type) < 0 || !fieldset.contains(target)) return;
      event.preventDefault();
      check(false);
    });
    resetButton.addEventListener("click", function () {
      widget.reset();
      widget.unmark();
      if (explanation) explanation.hidden = true;
      if (model) model.unlock(false);
      quiz.onReset(q);
      ctx.announce(t("answer_cleared"));
      widget.focus();
    });
    return {
      node: form,
      restore: function (saved) {
        widget.write(saved.answer);
        attempts = saved.attempt || 0;
        if (saved.verdict) check(true);
      }
    };
  }

  /* -------------------------------------------------------------------- quiz */

  /** One more than the level of the last page heading before el (h2 when there is none). */
  function headingLevel(el) {
    var level = 1;
    Array.from(el.ownerDocument.querySelectorAll("h1, h2, h3, h4, h5, h6")).forEach(function (heading) {
      if (heading.closest(".lk-quiz")) return;
      if (heading.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
        level = Number(heading.localName.charAt(1));
      }
    });
    return Math.min(level + 1, 6);
  }

  /** The quiz version a payload names (left out when it is 1). */
  function quizVersion(payload) {
    return typeof payload.version === "number" ? payload.version : 1;
  }

  function loadSaved(storage, payload) {
    if (!storage || typeof storage.load !== "function") return null;
    try {
      var saved = storage.load(payload.id);
      return saved && saved.version === quizVersion(payload) && isObject(saved.answers) ? saved : null;
    } catch (e) {
      console.warn("lessonkit quiz: saved answers could not be read", e);
      return null;
    }
  }

  /**
   * Build the quiz inside el.
   * @param {Element} el  the container; its children other than scripts are replaced
   * @param {object} payload  contract §3
   * @param {{messages?: Object<string,string>, onAnswer?: function(object): void,
   *   storage?: {load: function(string): ?object, save: function(string, object): void},
   *   headingLevel?: number}} [host]
   * @returns {{score: function(): {score: number, max: number, percent: number}}}
   */
  function render(el, payload, host) {
    if (!el || el.nodeType !== 1) throw new TypeError("LessonkitQuiz.render needs an element");
    if (!isObject(payload) || !Array.isArray(payload.questions)) {
      throw new TypeError("the quiz data is not a quiz payload (no questions list)");
    }
    host = host || {};
    var lang = typeof payload.lang === "string" && payload.lang ? payload.lang : "en";
    var messages = makeMessages(host.messages || globalThis.LessonkitQuizMessages, lang);
    var exam = payload.mode === "exam";
    var t = messages.t, keys = exam ? {} : decodeKey(payload.key), questions = payload.questions;
    var results = {}, saved = loadSaved(host.storage, payload) || { version: quizVersion(payload), answers: {} };
    var scoreLine = h("p", { class: "lk-quiz__score" });

    function scored() { return questions.filter(function (q) { return q.type !== "open"; }); }
    function totals() {
      var score = 0, max = 0;
      scored().forEach(function (q) {
        var points = q.points === undefined ? 1 : q.points;
        max += points;
        score += (results[q.id] || 0) * points;
      });
      score = round4(score);
      return { score: score, max: max, percent: max ? round4(100 * score / max) : 0 };
    }
    function updateScore() {
      if (exam) {
        var done = questions.filter(function (q) { return hasOwn(results, q.id); }).length;
        scoreLine.textContent = t("exam_progress", { n: done, total: questions.length });
        return;
      }
      var now = totals();
      scoreLine.textContent = now.max
        ? messages.plural("score_line", now.max, { score: messages.short(now.score), total: messages.short(now.max) })
        : t("score_none");
    }
    function persist() {
      if (!host.storage || typeof host.storage.save !== "function") return;
      try { host.storage.save(payload.id, saved); }
      catch (e) { console.warn("lessonkit quiz: answers could not be saved", e); }
    }
    var quiz = {
      t: t, plural: messages.plural, teacher: payload.teacher === true && !exam, exam: exam,
      total: questions.length,
      onCheck: function (q, detail, answer, attempt, restoring) {
        results[q.id] = detail.score;
        updateScore();
        if (restoring) return;
        var record = { quiz_id: payload.id, quiz_version: quizVersion(payload), question_id: q.id,
          answer: JSON.parse(JSON.stringify(answer)), verdict: detail.verdict, score: detail.score, attempt: attempt };
        saved.answers[q.id] = { answer: record.answer, verdict: record.verdict, attempt: attempt };
        persist();
        if (typeof host.onAnswer === "function") host.onAnswer(record);
      },
      onReset: function (q) {
        delete results[q.id];
        if (saved.answers[q.id]) { delete saved.answers[q.id].verdict; saved.answers[q.id].answer = null; persist(); }
        updateScore();
      }
    };

    var root = h("div", { class: "lk-quiz__body", lang: lang });
    var level = Number(host.headingLevel) || headingLevel(el);
    if (payload.title) root.append(h("h" + level, { class: "lk-quiz__title", text: String(payload.title) }));
    if (quiz.teacher) root.append(h("p", { class: "lk-quiz__teacher", text: t("teacher_edition") }));
    if (exam) root.append(h("p", { class: "lk-quiz__exam", text: t("exam_edition") }));
    var built = questions.map(function (q, i) {
      if (!isObject(q)) throw new TypeError("question " + (i + 1) + " is not an object");
      var keyEntry = exam ? {} : keys[q.id];
      if (!isObject(keyEntry)) throw new Error("the answer key has no entry for question " + JSON.stringify(q.id));
      var question = buildQuestion(q, i, keyEntry, quiz);
      root.append(question.node);
      return { q: q, question: question };
    });
    root.append(scoreLine);
    // Saved answers are put back before the quiz is shown, so that restoring them does
    // not make the live regions announce a burst of old feedback.
    built.forEach(function (b) {
      var entry = saved.answers[b.q.id];
      if (isObject(entry) && entry.answer !== null && entry.answer !== undefined) b.question.restore(entry);
    });
    updateScore();
    Array.from(el.childNodes).forEach(function (child) {
      if (!(child.nodeType === 1 && child.localName === "script")) child.remove();
    });
    el.classList.add("lk-quiz");
    el.append(root);
    return { score: totals };
  }

  globalThis.LessonkitQuiz = {
    render: render, grade: grade, feedback: feedback, decodeKey: decodeKey, version: VERSION,
    // shared with the page's other scripts (quiz-storage.js), so they need no copies
    h: h, icon: icon, messages: makeMessages
  };
})();
