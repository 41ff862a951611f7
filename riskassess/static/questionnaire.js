// Shows a question only when its condition holds, as the answers change (no inline script, so
// the page works under a strict Content-Security-Policy; without JavaScript every question shows).
(function () {
  "use strict";
  const form = document.querySelector("form.questionnaire");
  if (!form) return;
  function chosen(name) {
    return Array.from(form.querySelectorAll('[name="' + name + '"]'))
      .filter((el) => el.checked).map((el) => el.value);
  }
  function refresh() {
    form.querySelectorAll("[data-show-if]").forEach((block) => {
      const inputs = form.querySelectorAll('[name="' + block.dataset.showIf + '"]');
      if (!inputs.length) return; // the condition's question is in another module
      const wanted = block.dataset.showValues.split(" ");
      block.hidden = !chosen(block.dataset.showIf).some((v) => wanted.includes(v));
    });
  }
  form.addEventListener("change", refresh);
  refresh();
})();
