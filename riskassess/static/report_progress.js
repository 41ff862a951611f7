// Follows the editions of a report being laid out by the background worker
// (templates/reports/_progress.html): reloads the page once they are all ready, or one failed.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box || !box.dataset.progressUrl || box.querySelector(".error")) { return; }
  var bar = box.querySelector("progress");
  var stalled = box.querySelector(".report-progress-stalled");
  function look() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        var failed = Object.keys(state.editions).some(function (lang) {
          return state.editions[lang] === "failed";
        });
        if (state.complete || failed) {
          window.location.reload();
          return;
        }
        if (bar) { bar.value = state.ready; }
        if (stalled) { stalled.hidden = !state.stalled; }
        window.setTimeout(look, 2000);
      })
      .catch(function () { window.setTimeout(look, 5000); });
  }
  window.setTimeout(look, 1500);
})();
