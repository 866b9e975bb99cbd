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
    var searching = field.value !== "";
    function update() {
      var params = new URLSearchParams(new FormData(form));
      if (!params.get("q")) {
        params.delete("q");
      }
      var query = params.toString();
      var url = "/" + (query ? "?" + query : "");
      var ticket = ++latest;
      // One search is counted once, however many letters are typed: "first", then "more".
      var headers = { "X-Search": searching ? "more" : "first" };
      searching = !!params.get("q");
      fetch(url, { credentials: "same-origin", headers: headers })
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
      clearForms();
      try {
        sessionStorage.setItem("qi-idle-reset", "1");
      } catch (e) { /* private browsing: the pages are no-store anyway */ }
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
    // A page brought back by Back after an idle reset shows nothing of the last visitor's.
    window.addEventListener("pageshow", function () {
      var flagged = false;
      try {
        flagged = sessionStorage.getItem("qi-idle-reset") === "1";
      } catch (e) { /* nothing kept */ }
      if (flagged && location.pathname !== "/") {
        clearForms();
      }
    });
    function used() {
      touched();
      try {
        sessionStorage.removeItem("qi-idle-reset");  // a new visitor
      } catch (e) { /* nothing kept */ }
    }
    ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
      document.addEventListener(name, used, { passive: true, capture: true });
    });
    document.addEventListener("scroll", touched, { passive: true, capture: true });
    touched();
  }

  // Every field of every form emptied: text, choices and menus (hidden tokens stay).
  function clearForms() {
    Array.prototype.forEach.call(document.querySelectorAll("input, textarea, select"), function (el) {
      if (el.tagName === "SELECT") {
        el.selectedIndex = 0;
      } else if (el.type === "radio" || el.type === "checkbox") {
        el.checked = false;
      } else if (el.type !== "hidden" && el.type !== "submit" && el.type !== "button") {
        el.value = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    liveSearch();
    idleReset();
  });
})();
