// Progressive enhancement for the QI hub's web app: every page works without this file.
// It makes the search live (the results are fetched as you type and swapped in place), and
// sends an untouched page back to the start after the configured idle time, cleared.
(function () {
  "use strict";

  function liveSearch() {
    var form = document.getElementById("search");
    var field = document.getElementById("q");
    if (!form || !field || !window.fetch || !window.DOMParser) {
      return;
    }
    var timer = null;
    var latest = 0;
    function update() {
      var params = new URLSearchParams(new FormData(form));
      if (!params.get("q")) {
        params.delete("q");
      }
      var query = params.toString();
      var url = "/" + (query ? "?" + query : "");
      var ticket = ++latest;
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null || ticket !== latest) {
            return;
          }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
          var current = document.getElementById("results");
          if (fresh && current) {
            current.replaceWith(document.importNode(fresh, true));
            history.replaceState(null, "", url);
          }
        })
        .catch(function () { /* offline for a moment: the Search button still works */ });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 250);
    });
  }

  function idleReset() {
    var seconds = parseInt(document.body.getAttribute("data-idle-seconds"), 10);
    if (!(seconds > 0)) {
      return;
    }
    var timer = null;
    function reset() {
      Array.prototype.forEach.call(document.forms, function (form) { form.reset(); });
      Array.prototype.forEach.call(document.querySelectorAll("input, textarea"), function (el) {
        if (el.type !== "hidden" && el.type !== "submit") {
          el.value = "";
        }
      });
      if (location.pathname !== "/" || location.search !== "") {
        location.replace("/");
      } else {
        window.scrollTo(0, 0);
      }
    }
    function touched() {
      clearTimeout(timer);
      timer = setTimeout(reset, seconds * 1000);
    }
    ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, touched, { passive: true, capture: true });
    });
    touched();
  }

  document.addEventListener("DOMContentLoaded", function () {
    liveSearch();
    idleReset();
  });
})();
