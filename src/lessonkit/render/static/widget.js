/* lessonkit live quiz: the anywidget front end.
 *
 * lessonkit.live.widget serves quiz.js followed by this file as one ES module, so the
 * live quiz in JupyterLab, Notebook 7 and VS Code is drawn by the very same renderer as
 * the static book. The kernel is the host: each checked answer is sent back through the
 * `submission` trait; the answers saved in the progress store come in as `saved`.
 * When the store cannot take an answer, the kernel keeps it and says so (`store_error`,
 * `unsaved`): an alert under the quiz shows it, with a button to try saving again.
 * On a hub with a course exchange, a "Hand in" button asks the kernel to hand in.
 */

/**
 * The alert that says an answer was not saved (or that the store had a problem).
 * @param {any} model
 * @param {{lang: string, t: function(string, object=): string,
 *   plural: function(string, number, object=): string}} m
 */
function storeAlert(model, m) {
  const quiz = globalThis.LessonkitQuiz;
  const box = quiz.h("div", { class: "lk-store-alert", role: "alert", "aria-atomic": "true" });
  const retry = quiz.h("button", { type: "button", class: "lk-btn" }, m.t("store_retry"));
  retry.addEventListener("click", () => model.send({ type: "retry" }));
  let failing = false;  // answers were not saved: say so when they are
  let tried = "";  // when the last "Try saving again" failed, in words
  function update() {
    const error = model.get("store_error") || "";
    const unsaved = Number(model.get("unsaved")) || 0;
    if (unsaved > 0) {
      failing = true;
      box.setAttribute("data-state", "error");
      box.replaceChildren(
        quiz.h("p", null, [quiz.icon("✗"), " ", quiz.h("strong", { text: m.plural("store_unsaved", unsaved, { n: unsaved }) })]),
        quiz.h("p", { class: "lk-store-alert__detail", text: error }),
        quiz.h("p", { text: m.t("store_unsaved_kept") }),
        tried ? quiz.h("p", { class: "lk-store-alert__tried", text: tried }) : null,
        retry);
    } else if (error) {
      box.setAttribute("data-state", "warning");
      box.replaceChildren(
        quiz.h("p", null, [quiz.icon("!"), " ", quiz.h("strong", { text: m.t("store_problem") })]),
        quiz.h("p", { class: "lk-store-alert__detail", text: error }));
    } else if (failing) {
      // once answers were not saved, this stays until there is something else to say
      // (the traits and the answer to a retry may come in any order)
      tried = "";
      box.setAttribute("data-state", "done");
      box.replaceChildren(quiz.h("p", null, [quiz.icon("✓"), " ", m.t("store_saved_now")]));
    } else {
      box.removeAttribute("data-state");
      box.replaceChildren();
    }
  }
  /** The kernel's answer to "Try saving again". */
  function answered(message) {
    if (!message || message.type !== "retried") return;
    const time = new Date().toLocaleTimeString(m.lang, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    tried = message.unsaved > 0 ? m.t("store_still_unsaved", { time: time }) : "";
    update();
  }
  model.on("change:store_error", update);
  model.on("change:unsaved", update);
  model.on("msg:custom", answered);
  update();
  return {
    node: box,
    stop: () => {
      model.off("change:store_error", update);
      model.off("change:unsaved", update);
      model.off("msg:custom", answered);
    },
  };
}

/**
 * The "Hand in" button and the sentence that says what happened (kernel side:
 * lessonkit.live.handin).
 * @param {any} model
 * @param {Object<string, string>} messages
 * @returns {{node: HTMLElement, dispose: function(): void}}
 */
function handInControls(model, messages) {
  const box = document.createElement("div");
  box.className = "lk-quiz__handin";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = messages.hub_handin;
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = messages.hub_handin_working;
    model.set("handin_request", model.get("handin_request") + 1);
    model.save_changes();
  });
  const show = () => {
    const done = model.get("handin_status");
    if (done && typeof done.text === "string") {
      status.textContent = done.text;
      button.disabled = false;
    }
  };
  model.on("change:handin_status", show);
  box.append(button, status);
  return { node: box, dispose: () => model.off("change:handin_status", show) };
}

/**
 * KaTeX for a quiz with math (the kernel sends it only then): the stylesheet, with its
 * fonts inside, once per document; the script (KaTeX and quiz-math.js) as a module from a
 * blob (no network), with an AMD loader of the page kept out of its way, so that it sets
 * globalThis.katex and globalThis.LessonkitMath.
 * @param {any} model
 */
async function loadMath(model) {
  const script = model.get("katex_js");
  if (!script || globalThis.LessonkitMath) return;
  if (!document.getElementById("lk-katex-css")) {
    const style = document.createElement("style");
    style.id = "lk-katex-css";
    style.textContent = model.get("katex_css");
    document.head.append(style);
  }
  const url = URL.createObjectURL(
    new Blob(["var define, module, exports;\n", script], { type: "text/javascript" }),
  );
  try {
    await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** @param {{model: any, el: HTMLElement}} context */
async function render({ model, el }) {
  // A quiz is better shown with its math as TeX than not at all.
  await loadMath(model).catch((error) => console.warn("lessonkit quiz: KaTeX did not load", error));
  const payload = model.get("payload");
  const host = {
    messages: model.get("messages"),
    storage: {
      load: () => model.get("saved"),
      save: () => {},
    },
    onAnswer: (record) => {
      model.set("submission", record);
      model.save_changes();
    },
  };
  const container = document.createElement("div");
  container.className = "lk-quiz lk-quiz--live";
  el.append(container);
  globalThis.LessonkitQuiz.render(container, payload, host);
  const lang = payload && typeof payload.lang === "string" && payload.lang ? payload.lang : "en";
  const alert = storeAlert(model, { lang: lang, ...globalThis.LessonkitQuiz.messages(host.messages, lang) });
  const handIn = model.get("handin_enabled") ? handInControls(model, host.messages) : null;
  if (handIn) container.append(handIn.node);
  container.append(alert.node);
  return () => {
    alert.stop();
    if (handIn) handIn.dispose();
    container.remove();
  };
}

export default { render };
