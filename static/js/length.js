// The live length count under fields with a limit (data-max-length, set by core/forms.py).
// Over the limit, the field is invalid with the server's own words, so the browser refuses
// to submit it (with or without comments.js) and the text stays where it is.
"use strict";

(function () {
  const numbers = new Intl.NumberFormat("en");

  // The words of core.forms.too_long_message.
  function tooLong(what, limit, length) {
    return what + " can be at most " + numbers.format(limit) +
      " characters (this one has " + numbers.format(length) + ").";
  }

  function watch(field) {
    if (field.dataset.lengthWatched) {
      return;
    }
    field.dataset.lengthWatched = "true";
    const limit = Number(field.dataset.maxLength);
    const count = document.createElement("p");
    count.className = "length-count";
    count.id = (field.id || field.name) + "-length";
    const alert = document.createElement("p");
    alert.className = "length-alert";
    alert.setAttribute("role", "status");
    field.after(count, alert);
    field.setAttribute(
      "aria-describedby",
      ((field.getAttribute("aria-describedby") || "") + " " + count.id).trim(),
    );
    const textarea = field.tagName === "TEXTAREA";
    function update() {
      // Characters as the server counts them (code points): an emoji is one, not two.
      const length = Array.from(field.value).length;
      const over = length > limit;
      count.textContent = numbers.format(length) + " / " + numbers.format(limit) + " characters";
      count.hidden = !textarea && length < limit * 0.8;
      count.classList.toggle("is-over", over);
      const message = over ? tooLong(field.dataset.lengthNoun || "This text", limit, length) : "";
      field.setCustomValidity(message);
      field.toggleAttribute("aria-invalid", over);
      if (alert.textContent !== message) {
        alert.textContent = message;
      }
    }
    field.addEventListener("input", update);
    update();
  }

  function watchAll(root) {
    for (const field of root.querySelectorAll("[data-max-length]")) {
      watch(field);
    }
  }

  document.addEventListener("DOMContentLoaded", () => watchAll(document));
  window.site = Object.assign(window.site || {}, { watchLengths: watchAll });
})();
