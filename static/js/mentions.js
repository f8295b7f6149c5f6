// "@" suggestions in the comment box (progressive enhancement: "@username" typed by hand
// links the same). Typing "@" and two or more characters lists up to eight members from
// the address in the box's data-mention-suggest; Up and Down choose, Enter or Tab puts
// "@username " in the text, Escape closes. The list is a listbox the box points to with
// aria-controls and aria-activedescendant, so screen readers follow the choice.
"use strict";

(function () {
  const BOX = "textarea[data-mention-suggest]";
  // The "@name" just before the caret, as core.markdown reads a mention.
  const TYPED = /(?:^|[^\w@/.+-])@([\w-]{2,30})$/u;
  let timer = null;
  let pending = null;

  function listFor(box) {
    let list = document.getElementById(box.id + "-mentions");
    if (!list) {
      list = document.createElement("ul");
      list.id = box.id + "-mentions";
      list.className = "mention-list";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "Members to mention");
      list.hidden = true;
      box.after(list);
      box.setAttribute("aria-controls", list.id);
      box.setAttribute("aria-autocomplete", "list");
      // Choosing with the pointer keeps the focus (and the caret) in the box.
      list.addEventListener("mousedown", (event) => event.preventDefault());
      list.addEventListener("click", (event) => {
        const option = event.target.closest("[role=option]");
        if (option) {
          choose(box, option);
        }
      });
    }
    return list;
  }

  function close(box) {
    const list = document.getElementById(box.id + "-mentions");
    if (list) {
      list.hidden = true;
      list.replaceChildren();
    }
    box.removeAttribute("aria-activedescendant");
  }

  function options(box) {
    return Array.from(listFor(box).querySelectorAll("[role=option]"));
  }

  function activate(box, index) {
    const all = options(box);
    all.forEach((option, n) => option.setAttribute("aria-selected", String(n === index)));
    if (all[index]) {
      box.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    }
  }

  function show(box, members) {
    const list = listFor(box);
    list.replaceChildren();
    members.forEach((member, n) => {
      const option = document.createElement("li");
      option.id = `${box.id}-mention-${n}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.username = member.username;
      const name = document.createElement("span");
      name.textContent = member.name;
      const username = document.createElement("span");
      username.className = "mention-username";
      username.textContent = " @" + member.username;
      option.append(name, username);
      list.append(option);
    });
    list.hidden = members.length === 0;
    box.removeAttribute("aria-activedescendant");
    if (members.length) {
      activate(box, 0);
    }
  }

  function choose(box, option) {
    const before = box.value.slice(0, box.selectionStart);
    const typed = TYPED.exec(before);
    if (!typed) {
      close(box);
      return;
    }
    const start = before.length - typed[1].length - 1;
    const inserted = "@" + option.dataset.username + " ";
    box.value = box.value.slice(0, start) + inserted + box.value.slice(box.selectionStart);
    box.setSelectionRange(start + inserted.length, start + inserted.length);
    close(box);
    // The length count and the draft follow the text.
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  async function suggest(box, query) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    let members = [];
    try {
      const response = await fetch(
        `${box.dataset.mentionSuggest}?q=${encodeURIComponent(query)}`,
        { credentials: "same-origin", headers: { Accept: "application/json" }, signal: pending.signal },
      );
      if (response.ok) {
        members = (await response.json()).members || [];
      }
    } catch (error) {
      return; // aborted by newer typing, or offline: no list
    }
    if (document.activeElement === box) {
      show(box, members);
    }
  }

  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches(BOX)) {
      return;
    }
    window.clearTimeout(timer);
    const typed = TYPED.exec(box.value.slice(0, box.selectionStart));
    if (!typed) {
      close(box);
      return;
    }
    timer = window.setTimeout(() => suggest(box, typed[1]), 150);
  });

  document.addEventListener("keydown", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches(BOX)) {
      return;
    }
    const list = document.getElementById(box.id + "-mentions");
    if (!list || list.hidden) {
      return;
    }
    const all = options(box);
    const current = all.findIndex((option) => option.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      activate(box, (current + step + all.length) % all.length);
    } else if ((event.key === "Enter" || event.key === "Tab") && all[current]) {
      event.preventDefault();
      choose(box, all[current]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(box);
    }
  });

  document.addEventListener("focusout", (event) => {
    if (event.target.matches && event.target.matches(BOX)) {
      close(event.target);
    }
  });
})();
