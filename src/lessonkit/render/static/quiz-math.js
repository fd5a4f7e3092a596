/* lessonkit quiz math: draws the TeX of quiz texts with KaTeX (loaded before this file).
 *
 * Loaded only with a quiz whose texts have math (the book's pages that need it, the live
 * widget's KaTeX), so that a quiz without math carries none of this. Defines
 * globalThis.LessonkitMath = {render}, which quiz.js calls for each formula.
 *
 * KaTeX writes MathML (for screen readers) beside its visual HTML (hidden from them). A
 * <math> element takes its name only from its author, so that an option or a question
 * whose text is a formula would have no accessible name: each formula also gets a plain
 * linear reading of its MathML (√(16), (22)/(7), x²), which screen readers speak in the
 * page's language.
 */
(function () {
  "use strict";

  var SUPERSCRIPTS = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  var SKIPPED = new Set(["annotation", "annotation-xml", "mphantom", "none"]);

  /** A part in brackets when it is more than one number, letter group or symbol. */
  function grouped(text) {
    var part = text.trim();
    return /^[\p{L}\p{N}.,′]+$/u.test(part) || Array.from(part).length <= 1 ? part : "(" + part + ")";
  }

  /** A plain, linear reading of a MathML element. */
  function linear(node) {
    if (node.nodeType === 3) return node.data;
    if (node.nodeType !== 1 || SKIPPED.has(node.localName)) return "";
    var parts = Array.from(node.children).map(linear);
    switch (node.localName) {
      case "semantics": return parts[0] || "";
      case "mi": case "mn": case "mtext": case "ms": return node.textContent;
      case "mo": {
        var op = node.textContent.trim();
        return /^[=<>≤≥≠≈+−×÷±→←⇒⇔∈∉⊂⊆∪∩]$/.test(op) ? " " + op + " " : op;
      }
      case "mspace": return " ";
      case "mfrac": return grouped(parts[0] || "") + "/" + grouped(parts[1] || "");
      case "msqrt": return "√" + grouped(parts.join(""));
      case "mroot": return "√[" + (parts[1] || "") + "]" + grouped(parts[0] || "");
      case "msup": case "mover": {
        var power = (parts[1] || "").trim();
        var small = /^\d$/.test(power) && node.localName === "msup";
        return (parts[0] || "") + (small ? SUPERSCRIPTS[power] : "^" + grouped(power));
      }
      case "msub": case "munder": return (parts[0] || "") + "_" + grouped(parts[1] || "");
      case "msubsup": case "munderover":
        return (parts[0] || "") + "_" + grouped(parts[1] || "") + "^" + grouped(parts[2] || "");
      case "mtable": return parts.join("; ");
      case "mtr": return parts.join(", ");
      default: return parts.join("");
    }
  }

  /**
   * Draw `tex` into `span` (replacing its text) and name the formula.
   * @param {HTMLElement} span  holds the TeX between its dollars until drawn
   * @param {string} tex
   * @param {boolean} display  a formula of its own line ($$...$$)
   */
  function render(span, tex, display) {
    globalThis.katex.render(tex, span, {
      displayMode: display, output: "htmlAndMathml", throwOnError: false,
      trust: false, strict: "ignore", maxExpand: 1000
    });
    var math = span.querySelector("math");
    if (math) {
      var reading = linear(math).replace(/\s+/g, " ").trim();
      if (reading) math.setAttribute("aria-label", reading);
    }
  }

  globalThis.LessonkitMath = { render: render };
})();
