/* lessonkit live quiz: the anywidget front end.
 *
 * lessonkit.live.widget serves quiz.js followed by this file as one ES module, so the
 * live quiz in JupyterLab, Notebook 7 and VS Code is drawn by the very same renderer as
 * the static book. The kernel is the host: each checked answer is sent back through the
 * `submission` trait; the answers saved in the progress store come in as `saved`.
 */

/** @param {{model: any, el: HTMLElement}} context */
function render({ model, el }) {
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
  return () => container.remove();
}

export default { render };
