// Column pickers for the CSV upload forms: when a file is chosen, its header line is read in
// the browser (the file is not sent until the form is submitted) and each column becomes a
// choice that fills the text field. Without JavaScript, column names are typed.
(function () {
  "use strict";
  const form = document.querySelector("form.csv-form");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');

  function decode(buffer) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
    } catch (error) {
      return new TextDecoder("windows-1252").decode(buffer);
    }
  }

  function header(text) {
    const line = text.replace(/^\uFEFF/, "").split(/\r?\n/)[0];
    const delimiter = (line.match(/;/g) || []).length > (line.match(/,/g) || []).length ? ";" : ",";
    const names = [];
    let current = "";
    let quoted = false;
    for (const char of line) {
      if (char === '"') quoted = !quoted;
      else if (char === delimiter && !quoted) { names.push(current.trim()); current = ""; }
      else current += char;
    }
    names.push(current.trim());
    return names.filter((name) => name);
  }

  function picker(box, names) {
    const target = form.querySelector('[name="' + box.dataset.target + '"]');
    const multiple = box.dataset.multiple === "1";
    box.replaceChildren();
    const chosen = target.value.split(",").map((v) => v.trim()).filter(Boolean);
    names.forEach((name) => {
      const label = document.createElement("label");
      label.className = "choice";
      const option = document.createElement("input");
      option.type = multiple ? "checkbox" : "radio";
      option.name = box.dataset.target + "__pick";
      option.value = name;
      option.checked = chosen.includes(name);
      option.addEventListener("change", () => {
        const picked = Array.from(box.querySelectorAll("input:checked")).map((el) => el.value);
        target.value = picked.join(", ");
      });
      label.append(option, " " + name);
      box.append(label);
    });
    box.hidden = false;
  }

  input.addEventListener("change", () => {
    const file = input.files[0];
    if (!file) return;
    file.slice(0, 65536).arrayBuffer().then((buffer) => {
      const names = header(decode(buffer));
      form.querySelectorAll(".column-picker").forEach((box) => picker(box, names));
    });
  });
})();
