// Questionnaire page behaviour, loaded as a file so the page works under a strict
// Content-Security-Policy (no inline script). Without JavaScript the form still works:
// every question shows and the Save buttons post the module.
//  - conditions: a question shows only when the answer it depends on allows it;
//  - saved as you go: each change is posted in the background (X-Autosave), the optimistic-lock
//    version is updated from the reply, and a conflict pauses automatic saving.
(function () {
  "use strict";
  const form = document.querySelector("form.questionnaire");
  if (!form) return;
  const status = form.querySelector(".autosave");
  const version = form.querySelector('input[name="version"]');
  let timer = null;
  let inflight = null; // the background save under way, if any
  let paused = false;
  let dirty = false;

  function chosen(name) {
    return Array.from(form.querySelectorAll('[name="' + name + '"]'))
      .filter((el) => el.checked).map((el) => el.value);
  }

  function refreshConditions() {
    form.querySelectorAll("[data-show-if]").forEach((block) => {
      const inputs = form.querySelectorAll('[name="' + block.dataset.showIf + '"]');
      if (!inputs.length) return; // the condition's question is in another module
      const wanted = block.dataset.showValues.split(" ");
      block.hidden = !chosen(block.dataset.showIf).some((v) => wanted.includes(v));
    });
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function save() {
    if (paused || !status) return Promise.resolve();
    timer = null;
    inflight = post().finally(() => { inflight = null; });
    return inflight;
  }

  async function post() {
    say(status.dataset.saving);
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Autosave": "1", Accept: "application/json" },
        credentials: "same-origin",
      });
      const reply = await response.json();
      if (reply.status === "saved") {
        version.value = reply.version;
        dirty = false;
        say(reply.message + " " + new Date().toLocaleTimeString());
      } else {
        if (reply.status === "conflict") paused = true;
        const details = reply.errors ? " " + Object.values(reply.errors).join(" ; ") : "";
        say(reply.message + details);
      }
    } catch (error) {
      say(status.dataset.failed);
    }
  }

  function schedule(delay) {
    dirty = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  form.addEventListener("change", () => { refreshConditions(); schedule(300); });
  form.addEventListener("input", (event) => {
    if (event.target.matches("textarea, input[type=text]")) schedule(1500);
  });
  form.addEventListener("submit", (event) => {
    if (timer) { clearTimeout(timer); timer = null; }
    if (inflight) {
      // Let the background save finish first, so the form carries the new version
      // instead of conflicting with our own save.
      event.preventDefault();
      const submitter = event.submitter;
      inflight.then(() => form.requestSubmit(submitter));
      return;
    }
    dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  refreshConditions();
})();
