/* CTAI — report page: a form marked data-submit-once sends itself once. A double click on
   "Soumettre" would be refused by the server anyway (the report row is locked, the second
   request finds it submitted); disabling the buttons spares the person the second message.
   No inline script: strict CSP. */
(function () {
  "use strict";

  function submitOnce(event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-submit-once") || event.defaultPrevented) {
      return;
    }
    if (form.getAttribute("data-submitting") === "1") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "1");
    form.setAttribute("aria-busy", "true");
    // After the browser has read the form: a disabled button would not be sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  }

  // Coming back with the browser's history: the page may come from its cache, buttons disabled.
  function reset() {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
    });
  }

  document.addEventListener("submit", submitOnce);
  window.addEventListener("pageshow", reset);
})();
