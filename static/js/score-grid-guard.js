// The score grid's guard rails. After each autosave it marks the cells the server found
// not valid, as scoring/grid.py marks them on a full page (aria-invalid, a message tied
// by aria-describedby), leaving what was typed in place; it shows how many typed
// scores are not saved yet; and it warns before the page is left while any cell is
// unsaved or not valid. Without JavaScript the form posts and the server marks cells.
(function () {
  "use strict";
  const first = document.querySelector("[data-focus]");
  if (first) first.focus();
  document.addEventListener("click", function (event) {
    const link = event.target.closest("#grid-summary a[href^='#']");
    if (!link) return;
    const input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
  const form = document.getElementById("score-form");
  if (!form || !form.hasAttribute("hx-post")) return;
  const pending = document.getElementById("grid-pending");
  const cells = Array.from(form.querySelectorAll("input.cell"));
  const saved = new Map();
  const invalid = new Set();
  let sent = null;
  let leaving = false;

  cells.forEach(function (input) {
    if (input.getAttribute("aria-invalid") === "true") invalid.add(input.name);
    else saved.set(input.name, input.value);
  });

  function unsent() {
    return cells.filter(function (input) {
      return !invalid.has(input.name) && saved.get(input.name) !== input.value;
    }).length;
  }

  function showCount() {
    if (!pending) return;
    const count = unsent();
    pending.textContent = count ? count + (count === 1 ? " score is" : " scores are") + " not saved yet." : "";
    pending.hidden = !count;
  }

  function describedBy(input, without) {
    return (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== without;
    });
  }

  function mark(input, message) {
    const id = input.name + "-error";
    let note = document.getElementById(id);
    if (!note) {
      note = document.createElement("span");
      note.className = "cell-error";
      note.id = id;
      const sign = document.createElement("span");
      sign.setAttribute("aria-hidden", "true");
      sign.textContent = "!";
      const text = document.createElement("span");
      text.className = "visually-hidden";
      note.append(sign, text);
      input.after(note);
    }
    note.lastChild.textContent = message;
    input.setAttribute("aria-invalid", "true");
    input.classList.add("is-invalid");
    input.setAttribute("aria-describedby", [id].concat(describedBy(input, id)).join(" "));
  }

  function unmark(input) {
    const id = input.name + "-error";
    const note = document.getElementById(id);
    if (note) note.remove();
    input.removeAttribute("aria-invalid");
    input.classList.remove("is-invalid");
    const rest = describedBy(input, id);
    if (rest.length) input.setAttribute("aria-describedby", rest.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  form.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== form) return;
    sent = new Map(cells.map(function (input) { return [input.name, input.value]; }));
  });

  // By afterRequest htmx has swapped the new #grid-summary in (out of band).
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt !== form) return;
    const values = sent;
    sent = null;
    const summary = document.getElementById("grid-summary");
    if (!values || !event.detail.successful || !summary || summary.dataset.saved !== "yes") {
      showCount();
      return;
    }
    const bad = new Set((summary.dataset.invalid || "").split(" ").filter(Boolean));
    const messages = {};
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      messages[link.getAttribute("href").slice(1)] = link.textContent;
    });
    invalid.clear();
    cells.forEach(function (input) {
      if (bad.has(input.name)) {
        invalid.add(input.name);
        mark(input, messages[input.name] || "This score is not valid.");
      } else {
        if (input.getAttribute("aria-invalid") === "true") unmark(input);
        saved.set(input.name, values.get(input.name));
      }
    });
    showCount();
  });

  form.addEventListener("input", showCount);
  form.addEventListener("submit", function () { leaving = true; });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || (!invalid.size && !unsent())) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
