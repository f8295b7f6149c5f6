// Follow buttons press in place; without this file they are plain form posts that come
// back to the same page.
"use strict";

(function () {
  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-follow]");
    if (!form) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button");
    const action = form.querySelector('input[name="action"]');
    const status = form.querySelector(".follow-status");
    button.disabled = true;
    let response;
    try {
      // getAttribute: the input named "action" shadows form.action.
      response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
    } catch (error) {
      button.disabled = false;
      status.textContent = "That did not reach the site: check your connection and try again.";
      return;
    }
    button.disabled = false;
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      status.textContent = answer.error || "That did not work (error " + response.status + ").";
      return;
    }
    const following = answer.following;
    action.value = following ? "unfollow" : "follow";
    button.setAttribute("aria-pressed", String(following));
    button.textContent = (following ? "Following " : "Follow ") + form.dataset.label;
    status.textContent = following
      ? "You follow " + form.dataset.label + "."
      : "You no longer follow " + form.dataset.label + ".";
  });
})();
