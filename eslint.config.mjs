// eslint checks lessonkit's front end (src/lessonkit/render/static). quiz.js, quiz-page.js
// and quiz-storage.js are classic scripts (they must work from file:// pages); widget.js is
// the ES module anywidget loads. static/katex is KaTeX's own minified build, copied as it is.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["src/lessonkit/render/static/katex/**"] },
  js.configs.recommended,
  {
    files: ["src/lessonkit/render/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-var": "off",
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "after-used" }],
    },
  },
  {
    files: ["src/lessonkit/render/static/widget.js"],
    languageOptions: { sourceType: "module" },
  },
];
