// Progressive enhancement only: every page works without this file.
"use strict";

(function () {
  // Relative times ("3 hours ago") are added here, so cached HTML never goes stale.
  const units = [
    ["year", 31536000],
    ["month", 2592000],
    ["week", 604800],
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  const format = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", {
    numeric: "auto",
  });

  function relative(date) {
    const seconds = (date.getTime() - Date.now()) / 1000;
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) {
        return format.format(Math.round(seconds / size), unit);
      }
    }
    return "just now";
  }

  function showRelativeTimes(root) {
    for (const time of root.querySelectorAll("time[data-relative]")) {
      // "+0000" offsets are valid HTML; some browsers only parse "+00:00".
      const date = new Date(time.dateTime.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
      if (!Number.isNaN(date.getTime())) {
        time.title = time.textContent.trim();
        time.textContent = relative(date);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => showRelativeTimes(document));
  window.site = Object.assign(window.site || {}, { showRelativeTimes });
})();
