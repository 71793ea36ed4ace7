/* CTAI — the idle limit, told in advance (no inline script: CSP without 'unsafe-inline').
   Two minutes before the session would end for want of activity, a warning offers « Rester
   connecté », which pings the keep-alive endpoint. Any request the page makes (autosave)
   counts as activity. When the server answers 401 (session ended), the warning says so and
   offers to log in again: what was typed is kept on the server (ADR 0010). */
(function () {
  "use strict";

  var WARN_BEFORE_MS = 2 * 60 * 1000;
  // The server records activity at most once a minute: warn that much earlier to be safe.
  var SERVER_RESOLUTION_MS = 60 * 1000;
  var body, box, text, stay, relogin, idleMs, warnTimer, endTimer;

  function show(expired) {
    box.hidden = false;
    if (expired) {
      text.textContent =
        "Votre session a expiré. Ce que vous avez saisi est conservé : reconnectez-vous pour le retrouver.";
      stay.hidden = true;
      relogin.hidden = false;
    }
  }

  function restart() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    box.hidden = true;
    var warnIn = Math.max(idleMs - WARN_BEFORE_MS - SERVER_RESOLUTION_MS, 0);
    warnTimer = window.setTimeout(function () { show(false); }, warnIn);
    endTimer = window.setTimeout(function () { show(true); }, idleMs);
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="ctai-csrf"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function keepAlive() {
    var request = new XMLHttpRequest();
    request.open("POST", body.getAttribute("data-session-keepalive"));
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.setRequestHeader("HX-Request", "true");
    request.onload = function () {
      if (request.status === 204) {
        restart();
      } else {
        show(true);
      }
    };
    request.send();
  }

  document.addEventListener("DOMContentLoaded", function () {
    body = document.body;
    box = document.getElementById("alerte-session");
    idleMs = parseInt(body.getAttribute("data-session-idle") || "0", 10) * 1000;
    if (!box || !idleMs) {
      return;
    }
    text = document.getElementById("alerte-session-texte");
    stay = document.getElementById("rester-connecte");
    relogin = document.getElementById("se-reconnecter");
    stay.addEventListener("click", keepAlive);
    body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail && event.detail.xhr;
      if (xhr && xhr.status === 401) {
        show(true);
      } else if (xhr && xhr.status < 400) {
        restart();
      }
    });
    restart();
  });
})();
