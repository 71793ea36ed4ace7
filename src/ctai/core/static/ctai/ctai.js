/* CTAI — small behaviours, all in this file (no inline script: CSP without 'unsafe-inline').
   Everything works without JavaScript; this only makes it quicker. */
(function () {
  "use strict";

  // A filter form marked data-autosubmit sends itself when a select changes (htmx then
  // replaces the results only). The submit button stays for keyboard and no-JS users.
  function autosubmit(event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit") && event.target.tagName === "SELECT") {
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }
  }

  // Show or hide the "ligne 123" marks of imported values; the choice is remembered.
  var STORAGE_KEY = "ctai.hideSources";
  function applySources(hidden) {
    document.body.classList.toggle("ctai-hide-sources", hidden);
    document.querySelectorAll("[data-toggle-sources]").forEach(function (button) {
      button.setAttribute("aria-pressed", hidden ? "false" : "true");
    });
  }
  function toggleSources(event) {
    var button = event.target.closest("[data-toggle-sources]");
    if (!button) {
      return;
    }
    var hidden = !document.body.classList.contains("ctai-hide-sources");
    try {
      window.localStorage.setItem(STORAGE_KEY, hidden ? "1" : "0");
    } catch (error) {
      /* private browsing: the choice is simply not remembered */
    }
    applySources(hidden);
  }

  // A button with data-confirm asks before submitting its form (deleting a line...).
  function confirmSubmit(event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-confirm") && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }

  // After htmx swaps the programmation results, say how many sheets are shown.
  function announce(event) {
    var region = document.getElementById("programmation-annonce");
    var results = event.detail && event.detail.target;
    if (region && results && results.id === "programmation-resultats") {
      var summary = results.querySelector("[data-summary]");
      region.textContent = summary ? summary.getAttribute("data-summary") : "";
    }
  }

  // A form sent back with errors, or refused by a concurrent edit: move the focus to the
  // summary so that a screen reader announces it and the keyboard starts from there.
  function focusProblems() {
    var summary = document.getElementById("conflit") || document.getElementById("erreurs");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusProblems();
    var hidden = false;
    try {
      hidden = window.localStorage.getItem(STORAGE_KEY) === "1";
    } catch (error) {
      hidden = false;
    }
    if (document.querySelector("[data-toggle-sources]")) {
      applySources(hidden);
    }
    document.addEventListener("change", autosubmit);
    document.addEventListener("click", toggleSources);
    document.addEventListener("submit", confirmSubmit, true);
    document.body.addEventListener("htmx:afterSwap", announce);
  });
})();
