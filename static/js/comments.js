// Progressive enhancement of the discussion; every action works without this file.
// - moves the one comment form under the comment being answered;
// - posts with fetch and inserts the new comment without a reload, announcing the result
//   and counting it;
// - shows the reactions (Helpful, Same here, Thank you) and Flag as pressed where this
//   reader used them, and presses a reaction in place (a toggle);
// - Quote with text selected in a comment starts a reply with just that text quoted (with
//   nothing selected, the link quotes the whole comment, as without JavaScript).
"use strict";

(function () {
  const actions = document.getElementById("comment-actions");
  const thread = document.getElementById("comment-thread");
  const status = document.getElementById("comment-status");
  if (!actions || !thread) {
    return;
  }
  const member = actions.dataset.member;

  // "kind:id id;kind:id": the reactions this reader gave here.
  const reacted = new Map(
    (actions.dataset.reacted || "")
      .split(";")
      .filter(Boolean)
      .map((part) => {
        const [kind, ids] = part.split(":");
        return [kind, new Set(ids.split(" ").filter(Boolean))];
      }),
  );
  const flagged = new Set((actions.dataset.flagged || "").split(" ").filter(Boolean));

  function actionButton(item, action) {
    return item.querySelector(`:scope > article button[formaction$="/${action}/"]`);
  }

  function showPressed(button, pressed) {
    button.setAttribute("aria-pressed", String(pressed));
    button.classList.toggle("is-pressed", pressed);
  }

  function showOwnMarks(root) {
    for (const item of root.querySelectorAll("li.comment")) {
      const id = item.id.replace("comment-", "");
      for (const button of item.querySelectorAll(":scope > article button[data-reaction]")) {
        const given = reacted.get(button.dataset.reaction);
        showPressed(button, Boolean(given && given.has(id)));
      }
      const flagButton = actionButton(item, "flag");
      if (flagButton && flagged.has(id)) {
        // Flagged once is final: say so instead of offering the page that refuses it.
        flagButton.disabled = true;
        flagButton.firstChild.textContent = "Flagged";
      }
    }
  }

  async function pressReaction(button) {
    const item = button.closest("li.comment");
    button.disabled = true;
    let response;
    try {
      response = await fetch(button.formAction, {
        method: "POST",
        body: new FormData(actions),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
    } catch (error) {
      button.disabled = false;
      announce("That did not reach the site: check your connection and try again.");
      return;
    }
    button.disabled = false;
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      announce(answer.error || "That did not work (error " + response.status + ").");
      return;
    }
    showPressed(button, answer.pressed);
    button.querySelector(".reaction-count").textContent = answer.count;
    const name = item.querySelector(".comment-author").textContent;
    const label = button.firstChild.textContent.trim();
    announce((answer.pressed ? label + " given: " : label + " taken back: ") + name);
  }

  function countNewComment() {
    const count = document.querySelector(".comment-count-text[data-count]");
    if (count) {
      const total = Number(count.dataset.count) + 1;
      count.dataset.count = total;
      count.textContent = total + (total === 1 ? " comment" : " comments");
    }
  }

  function announce(text) {
    if (status) {
      status.textContent = "";
      window.setTimeout(() => { status.textContent = text; }, 50);
    }
  }

  let form = document.getElementById("reply");
  const home = form ? form.parentNode : null;
  const homeNext = form ? form.nextSibling : null;
  // What the form asks when it is neither a reply nor an update (a page opened from an
  // invitation starts as an update).
  const defaultLegend = form ? form.dataset.prompt : "";
  const defaultButton = "Post comment";

  // A reply is never also an update to an earlier answer.
  function forgetUpdate() {
    const update = form.querySelector("input[name=update_of]");
    if (update) {
      update.value = "";
    }
  }

  function replyTo(link) {
    const item = link.closest("li.comment");
    const name = item.querySelector(".comment-author").textContent;
    forgetUpdate();
    form.querySelector("input[name=reply_to]").value = link.dataset.replyTo || link.dataset.quote;
    form.querySelector("legend").textContent = "Reply to " + name;
    form.querySelector("button[type=submit]").textContent = "Post reply";
    item.querySelector(":scope > article").after(form);
    form.querySelector("textarea").focus();
  }

  // The selected text, if the selection lies inside this comment's text.
  function selectionIn(item) {
    const text = item.querySelector(":scope > article .comment-text");
    const selection = window.getSelection();
    if (!text || !selection || selection.isCollapsed || !selection.rangeCount) {
      return "";
    }
    const inside = text.contains(selection.getRangeAt(0).commonAncestorContainer);
    return inside ? selection.toString().trim() : "";
  }

  // As comments.quoting writes a whole comment: a link to it, then the lines quoted.
  function quoteSelection(link, selected) {
    const item = link.closest("li.comment");
    const name = item.dataset.author
      ? "@" + item.dataset.author
      : item.querySelector(".comment-author").textContent;
    const source = item.querySelector(":scope > article .comment-time").getAttribute("href");
    const lines = selected.split(/\r?\n/).map((line) => ("> " + line).trimEnd());
    const quote = `> [${name}](${source}) wrote:\n>\n${lines.join("\n")}\n\n`;
    replyTo(link);
    const box = form.querySelector("textarea");
    box.value = (box.value.trim() ? box.value.trimEnd() + "\n\n" : "") + quote;
    box.setSelectionRange(box.value.length, box.value.length);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function resetForm() {
    forgetUpdate();
    form.querySelector("input[name=reply_to]").value = "";
    form.querySelector("legend").textContent = defaultLegend;
    form.querySelector("button[type=submit]").textContent = defaultButton;
    home.insertBefore(form, homeNext);
  }

  function insertComment(html, replyTo) {
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    const item = holder.content.firstElementChild;
    let list;
    if (replyTo) {
      const parent = document.getElementById("comment-" + replyTo);
      list = parent.querySelector(":scope > ol.replies");
      if (!list) {
        list = document.createElement("ol");
        list.className = "replies";
        parent.append(list);
      }
    } else {
      list = thread.querySelector("ol.comment-thread");
      if (!list) {
        thread.replaceChildren();
        list = document.createElement("ol");
        list.className = "comment-thread";
        thread.append(list);
      }
    }
    list.append(item);
    showOwnMarks(item.parentNode);
    if (window.site) {
      window.site.showRelativeTimes(item);
    }
    return item;
  }

  async function submit(event) {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const replyTarget = form.querySelector("input[name=reply_to]").value;
    button.disabled = true;
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
    } catch (error) {
      button.disabled = false;
      announce("Your comment could not be sent: check your connection and try again.");
      return;
    }
    const html = await response.text();
    button.disabled = false;
    if (response.ok) {
      const item = insertComment(html, replyTarget);
      if (!item.classList.contains("comment-pending")) {
        countNewComment();
      }
      const textarea = form.querySelector("textarea");
      textarea.value = "";
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      if (window.site && window.site.drafts) {
        window.site.drafts.forget(textarea.dataset.draftKey);
      }
      form.querySelector("input[name=idempotency_key]").value = crypto.randomUUID();
      resetForm();
      const note = item.querySelector("[data-announce]");
      announce(note ? note.dataset.announce : "Your comment is posted.");
      item.scrollIntoView({ block: "nearest" });
      return;
    }
    // A refusal comes back as the form, with the text and the reason: swap it in.
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    const refused = holder.content.querySelector("form.comment-form");
    if (!refused) {
      announce("Your comment was not posted (error " + response.status + "). Your text is kept.");
      return;
    }
    const text = form.querySelector("textarea").value;
    form.replaceWith(refused);
    form = refused;
    form.querySelector("textarea").value = text;
    // The form that came back is new to draft.js: keep saving what the member types.
    if (window.site && window.site.drafts) {
      window.site.drafts.keep(form);
    }
    if (window.site && window.site.watchLengths) {
      window.site.watchLengths(form);
    }
    form.addEventListener("submit", submit);
    const alert = form.querySelector("[role=alert]");
    announce(alert ? alert.textContent.trim() : "Your comment was not posted.");
  }

  showOwnMarks(thread);
  if (member) {
    actions.addEventListener("submit", (event) => {
      const button = event.submitter;
      if (button && button.dataset.reaction) {
        event.preventDefault();
        pressReaction(button);
      }
    });
  }
  if (form && home) {
    form.addEventListener("submit", submit);
    // Pressing Quote must not clear the selection it is about to quote.
    thread.addEventListener("mousedown", (event) => {
      if (event.target.closest("a[data-quote]")) {
        event.preventDefault();
      }
    });
    thread.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-reply-to]");
      if (link) {
        event.preventDefault();
        replyTo(link);
        return;
      }
      const quote = event.target.closest("a[data-quote]");
      const selected = quote ? selectionIn(quote.closest("li.comment")) : "";
      if (selected) {
        event.preventDefault();
        quoteSelection(quote, selected);
      }
    });
  }
})();
