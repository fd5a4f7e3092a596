/* lessonkit live quiz: the anywidget front end.
 *
 * lessonkit.live.widget serves quiz.js followed by this file as one ES module, so the
 * live quiz in JupyterLab, Notebook 7 and VS Code is drawn by the very same renderer as
 * the static book. The kernel is the host: each checked answer is sent back through the
 * `submission` trait; the answers saved in the progress store come in as `saved`.
 * On a hub with a course exchange, a "Hand in" button asks the kernel to hand in.
 */

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
  globalThis.LessonkitQuiz.render(container, model.get("payload"), host);
  const handIn = model.get("handin_enabled") ? handInControls(model, host.messages) : null;
  if (handIn) container.append(handIn.node);
  return () => {
    if (handIn) handIn.dispose();
    container.remove();
  };
}

export default { render };
