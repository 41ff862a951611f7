// On narrow screens the header's links fold behind a "Menu" button (templates/base.html),
// and the wizard's steps under one line (templates/wizard/_steps.html);
// without this script they stay shown, wrapped. The "More" list closes on Escape and when
// the focus or a click goes elsewhere.
(function () {
  "use strict";
  var narrow = window.matchMedia && window.matchMedia("(max-width: 63.99rem)");
  function foldSteps() {  // the wizard's steps: one line on a phone, opened on demand
    document.querySelectorAll("details.steps-fold").forEach(function (steps) {
      steps.open = !narrow.matches;
    });
  }
  if (narrow) {
    foldSteps();
    narrow.addEventListener("change", foldSteps);
  }
  var header = document.querySelector(".topbar");
  var toggle = header && header.querySelector(".menu-toggle");
  if (toggle) {
    header.classList.add("js-menu", "collapsed");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("collapsed") === false;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var more = header && header.querySelector("details.more");
  if (!more) { return; }
  document.addEventListener("click", function (event) {
    if (more.open && !more.contains(event.target)) { more.open = false; }
  });
  more.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && more.open) {
      more.open = false;
      more.querySelector("summary").focus();
    }
  });
  more.addEventListener("focusout", function (event) {
    if (more.open && event.relatedTarget && !more.contains(event.relatedTarget)) {
      more.open = false;
    }
  });
})();
