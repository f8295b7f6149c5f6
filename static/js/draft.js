// Local drafts: a half-written text survives a reload, a crash or a lost connection.
//
//   <textarea name="body" data-draft-key="comment:article-12"></textarea>
//
// The text is saved in localStorage as the member types and put back when the page
// loads with the field empty (text the server sent back, e.g. after a validation
// error, wins). Submitting does not clear it, because the request may still fail
// (rate limit, lost connection); the draft is forgotten only when success is known:
//   - the page shown after the form was accepted contains an element with
//     data-draft-sent="comment:article-12" (e.g. the "thanks" message), or
//   - a script that posted the form itself calls site.drafts.forget(key).
// Progressive enhancement only: without JavaScript or storage the form works as usual.
"use strict";

(function () {
  const PREFIX = "draft:";

  function openStorage() {
    try {
      const storage = window.localStorage;
      storage.getItem(PREFIX);
      return storage;
    } catch {
      // Storage disabled (privacy settings, sandboxed frames): drafts are simply off.
      return null;
    }
  }

  const storage = openStorage();

  function save(key, text) {
    try {
      if (text.trim() === "") {
        storage.removeItem(PREFIX + key);
      } else {
        storage.setItem(PREFIX + key, text);
      }
    } catch {
      // Quota exceeded: keep the page working; the text is still in the field.
    }
  }

  function forget(key) {
    if (storage) {
      storage.removeItem(PREFIX + key);
    }
  }

  function keep(textarea) {
    const key = textarea.dataset.draftKey;
    if (!key || textarea.dataset.draftKept) {
      return;
    }
    textarea.dataset.draftKept = "true";
    const saved = storage.getItem(PREFIX + key);
    if (saved !== null && textarea.value.trim() === "") {
      textarea.value = saved;
    }
    textarea.addEventListener("input", () => save(key, textarea.value));
  }

  function keepDrafts(root) {
    if (!storage) {
      return;
    }
    for (const sent of root.querySelectorAll("[data-draft-sent]")) {
      forget(sent.dataset.draftSent);
    }
    for (const textarea of root.querySelectorAll("textarea[data-draft-key]")) {
      keep(textarea);
    }
  }

  document.addEventListener("DOMContentLoaded", () => keepDrafts(document));
  window.site = Object.assign(window.site || {}, { drafts: { keep: keepDrafts, forget } });
})();
