// The skill picker, better with JavaScript: the chosen skills at the top as chips that can be
// reordered and removed, the full list folded away and found by typing. Without this file
// the picker is plain selects and numbers, and works the same.
"use strict";

(function () {
  const LISTS = [
    ["have", "Skills you have"],
    ["learning", "Skills you are learning"],
  ];

  function rowsOf(picker) {
    return Array.from(picker.querySelectorAll(".skill-row"));
  }

  function levelOf(row) {
    return row.querySelector("select").value;
  }

  function positionInput(row) {
    return row.querySelector("input[type=number]");
  }

  function nameOf(row) {
    return row.querySelector(".skill-row-name label").textContent.trim();
  }

  // The chosen rows of one list in the order their places give (unnumbered last, by name).
  function ordered(picker, level) {
    return rowsOf(picker)
      .filter((row) => levelOf(row) === level)
      .map((row) => ({ row, place: parseInt(positionInput(row).value, 10) }))
      .sort((a, b) => {
        const pa = Number.isNaN(a.place) ? Infinity : a.place;
        const pb = Number.isNaN(b.place) ? Infinity : b.place;
        return pa - pb || nameOf(a.row).localeCompare(nameOf(b.row));
      })
      .map((item) => item.row);
  }

  function renumber(rows) {
    rows.forEach((row, index) => {
      positionInput(row).value = index + 1;
    });
  }

  function addFilter(picker) {
    const wrapper = document.createElement("p");
    const label = document.createElement("label");
    label.htmlFor = "skill-filter";
    label.textContent = "Find a skill";
    const input = document.createElement("input");
    input.type = "search";
    input.id = "skill-filter";
    input.autocomplete = "off";
    wrapper.append(label, input);
    const browse = foldCategories(picker);
    browse.before(wrapper);
    input.addEventListener("input", () => {
      const query = input.value.trim().toLowerCase();
      if (query) {
        browse.open = true;
      }
      for (const row of rowsOf(picker)) {
        row.hidden = query !== "" && !row.dataset.skillName.includes(query);
      }
      for (const group of picker.querySelectorAll(".skill-category")) {
        group.hidden = !group.querySelector(".skill-row:not([hidden])");
      }
    });
  }

  // Thirteen categories of rows make a very long page: fold them under one summary.
  function foldCategories(picker) {
    const browse = document.createElement("details");
    browse.className = "skill-browse";
    const summary = document.createElement("summary");
    summary.textContent = `Browse all ${rowsOf(picker).length} skills`;
    browse.append(summary, ...picker.querySelectorAll(".skill-category"));
    picker.querySelector(".skill-order").after(browse);
    return browse;
  }

  function moveButton(text, label, onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button-small button-quiet";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", onClick);
    return button;
  }

  function addOrderLists(picker) {
    const section = document.createElement("div");
    section.className = "skill-order";
    picker.querySelector("legend").after(section);

    function draw(focusName) {
      section.replaceChildren();
      for (const [level, title] of LISTS) {
        const rows = ordered(picker, level);
        renumber(rows);
        const heading = document.createElement("h3");
        heading.textContent = title;
        const list = document.createElement("ol");
        list.className = "skill-chips";
        rows.forEach((row, index) => {
          const item = document.createElement("li");
          item.className = "chip";
          const name = nameOf(row);
          item.append(document.createTextNode(name + " "));
          const move = (step) => () => {
            [rows[index], rows[index + step]] = [rows[index + step], rows[index]];
            renumber(rows);
            draw(`${name}:${step}`);
          };
          if (index > 0) {
            item.append(moveButton("↑", `Move ${name} up`, move(-1)));
          }
          if (index < rows.length - 1) {
            item.append(moveButton("↓", `Move ${name} down`, move(1)));
          }
          item.append(
            moveButton("×", `Remove ${name}`, () => {
              row.querySelector("select").value = "";
              positionInput(row).value = "";
              draw();
              document.getElementById("skill-filter")?.focus();
            }),
          );
          list.append(item);
        });
        if (rows.length === 0) {
          const empty = document.createElement("p");
          empty.className = "meta";
          empty.textContent = "None chosen yet.";
          section.append(heading, empty);
        } else {
          section.append(heading, list);
        }
      }
      if (focusName) {
        const [name, step] = focusName.split(":");
        const label = `Move ${name} ${step === "-1" ? "up" : "down"}`;
        const target =
          section.querySelector(`button[aria-label="${CSS.escape(label)}"]`) ||
          section.querySelector(`button[aria-label^="${CSS.escape(`Move ${name}`)}"]`);
        if (target) {
          target.focus();
        }
      }
    }

    picker.addEventListener("change", (event) => {
      // Only the rows' fields: redrawing when the search box loses focus would replace the
      // button being clicked.
      if (!event.target.closest(".skill-row")) {
        return;
      }
      if (event.target.matches("select")) {
        const row = event.target.closest(".skill-row");
        // A skill joining a list goes to its end.
        positionInput(row).value = event.target.value ? 999 : "";
      }
      draw();
    });
    draw();
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const picker of document.querySelectorAll("[data-skill-picker]")) {
      picker.classList.add("is-enhanced");
      addOrderLists(picker);
      addFilter(picker);
    }
  });
})();
