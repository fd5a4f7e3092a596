/* Accessibility fix for the book's theme (sphinx-book-theme 1.3 on pydata-sphinx-theme
 * 0.17). Jupyter Book loads every script of this folder on every page.
 *
 * Below 992 px the sidebar buttons open the contents and the page outline as modal
 * dialogs. sphinx-book-theme takes focus off a sidebar button as soon as it is pressed,
 * before pydata-sphinx-theme notes where focus should go back when the dialog closes:
 * after Escape, focus fell back to the top of the page. It goes back to the button. */
document.addEventListener("DOMContentLoaded", () => {
  const pairs = [
    ["pst-primary-sidebar-modal", ".primary-toggle"],
    ["pst-secondary-sidebar-modal", ".secondary-toggle"],
  ];
  for (const [dialogId, buttonSelector] of pairs) {
    const dialog = document.getElementById(dialogId);
    const button = document.querySelector(buttonSelector);
    if (!dialog || !button) continue;
    dialog.addEventListener("close", () => {
      const focused = document.activeElement;
      if (!focused || focused === document.body) button.focus();
    });
  }
});
