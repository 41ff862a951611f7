// Questionnaire page behaviour, loaded as a file so the page works under a strict
// Content-Security-Policy (no inline script). Without JavaScript the form still works:
// questions show as of the last save and the Save buttons post the module.
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

  const outside = JSON.parse(form.dataset.answers || "{}");

  // The option values an answer stands for; "unknown" for "I don't know".
  function chosen(name) {
    const inputs = form.querySelectorAll('[name="' + name + '"]');
    if (!inputs.length) {
      const stored = outside[name];
      if (stored === null || stored === undefined) return [];
      if (typeof stored === "object" && !Array.isArray(stored)) return stored.unknown ? ["unknown"] : [];
      return Array.isArray(stored) ? stored.map(String) : [String(stored)];
    }
    // an answer to a hidden question does not count, as on the server
    return Array.from(inputs).filter((el) => el.checked && !el.closest(".question").hidden)
      .map((el) => (el.value === "__unknown__" ? "unknown" : el.value));
  }

  function holds(condition) {
    if (condition.all) return condition.all.every(holds);
    if (condition.any) return condition.any.some(holds);
    const values = chosen(condition.question);
    const hit = values.some((v) => condition.values.includes(v));
    return condition.negate ? values.length > 0 && !hit : hit;
  }

  function refreshConditions() {
    // in order, so a question hidden by a hidden question is hidden too
    form.querySelectorAll(".question").forEach((block) => {
      if (!block.dataset.condition) return;
      block.hidden = !holds(JSON.parse(block.dataset.condition));
    });
    form.querySelectorAll("[data-planned-for]").forEach((box) => {
      const status = form.querySelector('[name="' + box.dataset.plannedFor + '__status"]:checked');
      box.hidden = !(status && status.value === "planned");
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
        say(reply.message + " " + new Date().toLocaleTimeString()
            + (reply.warning ? " " + reply.warning : ""));
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
