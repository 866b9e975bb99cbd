// Progressive enhancement for the QI hub's web app: every page works without this file.
// It makes the search live (the results are fetched as you type and swapped in place), shows
// the plan tool's aim statement as it is typed, reports the visit (a random id kept in this
// tab's sessionStorage, never a cookie) and sends an untouched page back to the start after
// the configured idle time, cleared, ending the visit.
(function () {
  "use strict";

  var VISIT = "qi-visit";
  var ASKED = "qi-visit-asked";
  var RESET = "qi-idle-reset";

  function stored(name) {
    try {
      return sessionStorage.getItem(name);
    } catch (e) {
      return null;
    }
  }

  function store(name, value) {
    try {
      if (value === null) {
        sessionStorage.removeItem(name);
      } else {
        sessionStorage.setItem(name, value);
      }
      return true;
    } catch (e) {
      return false;  // private browsing: no visit is reported
    }
  }

  // The visit: its id (16 random hex digits, as a touch session's), the page's token for
  // reporting it, and when it was last reported in use.
  var visit = { id: null, token: "", reported: 0, every: 30000 };

  function report(event, extra) {
    if (!visit.id || !visit.token) {
      return;
    }
    var body = new URLSearchParams({ csrf: visit.token, visit: visit.id, event: event });
    Object.keys(extra || {}).forEach(function (name) { body.set(name, extra[name]); });
    visit.reported = Date.now();
    // keepalive: the idle reset's "end" still arrives while the page goes back to the start.
    fetch("/visit", { method: "POST", body: body, credentials: "same-origin", keepalive: true })
      .catch(function () { /* offline for a moment: the server ends the visit by itself */ });
  }

  function newVisitId() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // A visit starts when the app is opened, or at the first touch after an idle reset; a page
  // of a visit already started carries it on.
  function startVisit() {
    if (visit.id || !visit.token) {
      return;
    }
    var id = stored(VISIT);
    if (!id || !/^[0-9a-f]{16}$/.test(id)) {
      id = newVisitId();
      if (!store(VISIT, id) || stored(VISIT) !== id) {
        return;
      }
      store(ASKED, null);
    }
    visit.id = id;
    report("seen");
    visitorBar();
  }

  function stillHere() {
    if (!visit.id) {
      startVisit();
    } else if (Date.now() - visit.reported > visit.every) {
      report("seen");
    }
  }

  function stillReading() {
    if (visit.id && Date.now() - visit.reported > visit.every) {
      report("seen");
    }
  }

  function endVisit() {
    report("end");
    visit.id = null;
    store(VISIT, null);
    store(ASKED, null);
    var bar = document.getElementById("visitors");
    if (bar) {
      bar.hidden = false;
    }
  }

  // "Who's visiting today?": one tap, or Skip; asked once a visit, and never in the way.
  function visitorBar() {
    var bar = document.getElementById("visitors");
    if (!bar || !visit.id) {
      return;
    }
    if (stored(ASKED) === "1") {
      bar.hidden = true;
      return;
    }
    bar.elements.visit.value = visit.id;
    if (bar.getAttribute("data-ready")) {
      return;
    }
    bar.setAttribute("data-ready", "1");
    bar.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      if (button && button.name === "group") {
        report("group", { group: button.value });
      }
      store(ASKED, "1");
      bar.hidden = true;
    });
  }

  function visits() {
    visit.token = document.body.getAttribute("data-visit-token") || "";
    var seconds = parseInt(document.body.getAttribute("data-idle-seconds"), 10);
    if (seconds > 0) {
      visit.every = Math.max(5000, seconds * 1000 / 3);
    }
    if (!visit.token || !window.fetch || !window.URLSearchParams || !window.crypto ||
        !window.crypto.getRandomValues) {
      visit.token = "";
      return;
    }
    // After an idle reset nobody is here yet: the next touch starts the next visit.
    if (stored(VISIT) || stored(RESET) !== "1") {
      startVisit();
    }
  }

  // The plan tool's aim statement, composed by the server as "See my plan" composes it.
  function liveAim() {
    var form = document.getElementById("plan-form");
    var shown = document.getElementById("aim-live");
    if (!form || !shown || !window.fetch || !window.URLSearchParams) {
      return;
    }
    var timer = null;
    var latest = 0;
    function update() {
      var ticket = ++latest;
      fetch("/start/plan/aim", {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && ticket === latest && typeof data.aim === "string") {
            shown.textContent = data.aim;
            shown.hidden = false;
          }
        })
        .catch(function () { /* offline for a moment: "See my plan" still composes it */ });
    }
    function changed() {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
  }

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
      endVisit();
      store(RESET, "1");  // private browsing: not kept, but the pages are no-store anyway
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
      if (stored(RESET) === "1" && location.pathname !== "/") {
        clearForms();
      }
    });
    function used() {
      touched();
      store(RESET, null);  // a new visitor
      stillHere();
    }
    ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
      document.addEventListener(name, used, { passive: true, capture: true });
    });
    // Reading by scrolling keeps a visit going (the idle reset's own scroll starts none).
    document.addEventListener("scroll", function () {
      touched();
      stillReading();
    }, { passive: true, capture: true });
    touched();
  }

  // Every field of every form emptied: text, choices and menus (hidden tokens stay); what the
  // page showed of them (a composed plan, a drawn chart) hidden.
  function clearForms() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-typed]"), function (el) {
      el.hidden = true;
    });
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
    liveAim();
    visits();
    idleReset();
  });
})();
