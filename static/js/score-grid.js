// The score grid, enhanced: arrow keys and Enter move between cells, and the box under
// the table explains the focused cell's criterion and levels. Saving is done by htmx
// (the form posts on every change); without JavaScript the form still works.
(function () {
  "use strict";
  const table = document.querySelector(".score-grid");
  const source = document.getElementById("descriptors");
  const panel = document.getElementById("descriptor");
  if (!table || !source || !panel) return;
  const embedded = JSON.parse(source.textContent);
  const criteria = embedded.criteria;
  const suggestions = embedded.suggestions || {};
  const inputs = Array.from(table.querySelectorAll("input.cell"));

  // The same criterion's cell in the nearest row above or below that has cells: a row
  // for an issue the scorer declared an interest in has none.
  function vertical(input, step) {
    let row = input.closest("tr");
    while (row) {
      row = step > 0 ? row.nextElementSibling : row.previousElementSibling;
      if (!row) return null;
      const cell = row.querySelector('input.cell[data-c="' + input.dataset.c + '"]');
      if (cell) return cell;
    }
    return null;
  }

  function describe(input) {
    const criterion = criteria[input.dataset.c];
    if (!criterion) return;
    const issue = input.closest("tr").querySelector("th").textContent;
    const value = input.value.trim().toUpperCase();
    let current = "Not scored yet.";
    if (value === "NK") current = "Not known.";
    else if (value !== "") {
      current = criterion.levels[value] ? value + ": " + criterion.levels[value] + "." : value + " is not on the scale.";
    }
    panel.replaceChildren();
    const heading = document.createElement("p");
    heading.className = "mb-1";
    const strong = document.createElement("strong");
    strong.textContent = issue + ", " + criterion.name;
    heading.append(strong, document.createTextNode(": " + criterion.meaning + " Your score: " + current));
    const list = document.createElement("ul");
    list.className = "levels";
    Object.entries(criterion.levels).forEach(function ([level, text]) {
      const item = document.createElement("li");
      item.textContent = level + " = " + text;
      if (level === value) item.className = "current";
      list.append(item);
    });
    panel.append(heading, list);
    const suggestion = suggestions[input.name];
    if (suggestion) {
      const note = document.createElement("p");
      note.className = "mt-2 mb-0 suggestion";
      const lead = document.createElement("strong");
      if (suggestion.value === null) {
        lead.textContent = "No suggestion from " + suggestion.source;
      } else {
        lead.textContent = "Suggested from " + suggestion.source + ": " + suggestion.value;
      }
      note.append(lead, document.createTextNode(" (" + suggestion.evidence + " Rule: " + suggestion.rule + ")"));
      panel.append(note);
    }
  }

  table.addEventListener("focusin", function (event) {
    if (event.target.matches("input.cell")) describe(event.target);
  });
  table.addEventListener("input", function (event) {
    if (event.target.matches("input.cell")) describe(event.target);
  });
  table.addEventListener("keydown", function (event) {
    const input = event.target;
    if (!input.matches("input.cell")) return;
    const index = inputs.indexOf(input);
    let next = null;
    switch (event.key) {
      case "ArrowDown":
      case "Enter":
        next = vertical(input, 1);
        break;
      case "ArrowUp":
        next = vertical(input, -1);
        break;
      case "ArrowRight":
        if (input.selectionEnd === input.value.length) next = inputs[index + 1] || null;
        break;
      case "ArrowLeft":
        if (input.selectionStart === 0) next = inputs[index - 1] || null;
        break;
      default:
        return;
    }
    if (event.key === "Enter") event.preventDefault();
    if (next) {
      event.preventDefault();
      next.focus();
      next.select();
    }
  });
})();
