// The "Print this plan" button: shown only when scripts run, since it needs them.
for (const button of document.querySelectorAll("[data-pif-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
