// The console's only script (no framework, no build). It keeps the bearer token and the
// officer's name in sessionStorage (this tab's session only; never a cookie, never a URL),
// fetches each page's contents from /console/f/<page> with the token, swaps them into <main>,
// and keeps the address bar and the back button right. Page-ready times are kept in
// window.jobfitTimings (the browser tests read them).
(function () {
  "use strict";
  var store = window.sessionStorage;
  var main = document.getElementById("main");
  var texts = JSON.parse(document.getElementById("texts").textContent);
  window.jobfitTimings = [];

  function token() { return store.getItem("jobfit.token"); }
  function actor() { return store.getItem("jobfit.actor") || ""; }

  function fragmentUrl(path) {            // /console/x?y -> /console/f/x?y
    var rest = path.replace(/^\/console\/?/, "");
    return "/console/f/" + rest;
  }

  function headers(extra) {
    var h = { "Authorization": "Bearer " + token(), "X-Jobfit-Actor": actor() };
    for (var k in extra) { h[k] = extra[k]; }
    return h;
  }

  function showLogin(message) {
    document.getElementById("login").hidden = false;
    main.hidden = true;
    document.getElementById("logout").hidden = true;
    document.getElementById("who").hidden = true;
    document.getElementById("login-error").textContent = message || "";
    document.getElementById("token").focus();
  }

  function showApp() {
    document.getElementById("login").hidden = true;
    main.hidden = false;
    document.getElementById("logout").hidden = false;
    var who = document.getElementById("who");
    who.textContent = actor();
    who.hidden = false;
  }

  function markNav(path) {
    var section = path.split("?")[0].replace(/^\/console\/?/, "").split("/")[0] || "search";
    if (["employee", "position", "compare"].indexOf(section) >= 0) { section = "search"; }
    document.querySelectorAll("nav a[data-nav]").forEach(function (a) {
      if (a.dataset.nav === section) { a.setAttribute("aria-current", "page"); }
      else { a.removeAttribute("aria-current"); }
    });
  }

  function swap(html, path, started) {
    main.innerHTML = html;
    main.setAttribute("aria-busy", "false");
    markNav(path);
    var heading = main.querySelector("h1");
    document.title = (heading ? heading.textContent + " · " : "") + "Jobfit";
    var auto = main.querySelector("[autofocus]");
    (auto || heading || main).focus();
    var ms = performance.now() - started;
    window.jobfitTimings.push({ path: path.split("?")[0], ms: ms });
    document.body.dataset.ready = String(window.jobfitTimings.length);
    document.getElementById("status").textContent = "";
  }

  function showError(form, message) {
    var box = form && form.querySelector(".error");
    if (box) { box.textContent = message; }
    else { document.getElementById("status").textContent = message; }
  }

  async function answer(response, form) {
    if (response.status === 401) { store.removeItem("jobfit.token"); showLogin(texts.token_wrong); return null; }
    var type = response.headers.get("content-type") || "";
    if (!response.ok) {
      var message = texts.error;
      if (type.indexOf("json") >= 0) { message = (await response.json()).error || message; }
      showError(form, message);
      return null;
    }
    return await response.text();
  }

  async function load(path, push, started, form) {
    started = started === undefined ? performance.now() : started;
    main.setAttribute("aria-busy", "true");
    var response;
    try {
      response = await fetch(fragmentUrl(path), { headers: headers({}) });
    } catch (e) { showError(form, texts.offline); return; }
    var html = await answer(response, form);
    if (html === null) { main.setAttribute("aria-busy", "false"); return; }
    showApp();
    if (push) { history.pushState({ path: path }, "", path); }
    swap(html, path, started);
  }

  async function post(form) {
    var started = performance.now();
    var data = {};
    new FormData(form).forEach(function (v, k) { if (v !== "") { data[k] = v; } });
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    showError(form, texts.saving);
    var path = form.dataset.post;
    var response;
    try {
      response = await fetch(fragmentUrl(path), {
        method: "POST", body: JSON.stringify(data),
        headers: headers({ "Content-Type": "application/json" }) });
    } catch (e) { showError(form, texts.offline); if (button) { button.disabled = false; } return; }
    var html = await answer(response, form);
    if (button) { button.disabled = false; }
    if (html === null) { return; }
    var next = path;
    var made = /data-round="([^"]+)"/.exec(html);
    if (path === "/console/rounds" && made) { next = "/console/rounds/" + made[1]; }
    history.pushState({ path: next }, "", next);
    swap(html, next, started);
  }

  function query(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v !== "") { params.append(k, v); } });
    var q = params.toString();
    return form.dataset.get + (q ? "?" + q : "");
  }

  document.addEventListener("click", function (event) {
    var a = event.target.closest("a");
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey || a.dataset.external) { return; }
    var href = a.getAttribute("href") || "";
    if (href.charAt(0) === "#") {             // in-page jumps (the skip link): focus only
      var target = document.querySelector(href);
      if (target) { event.preventDefault(); target.focus(); }
      return;
    }
    if (href.indexOf("/console") !== 0 || href.indexOf("/console/static/") === 0) { return; }
    event.preventDefault();
    load(href, true);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "login-form") {
      event.preventDefault();
      store.setItem("jobfit.token", document.getElementById("token").value.trim());
      store.setItem("jobfit.actor", document.getElementById("actor").value.trim());
      document.getElementById("token").value = "";
      load(location.pathname + location.search, false);
      return;
    }
    if (form.dataset.get) {
      event.preventDefault();
      var max = parseInt(form.dataset.max || "0", 10);
      if (max && form.querySelectorAll("input[name=ids]:checked").length > max) {
        showError(form, texts.compare_max);
        return;
      }
      load(query(form), true);
    } else if (form.dataset.post) {
      event.preventDefault();
      post(form);
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.dataset.autosubmit) { event.target.form.requestSubmit(); }
  });

  document.addEventListener("keydown", function (event) {
    // "/" jumps to the search box (when not typing somewhere)
    var typing = /INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      var q = document.getElementById("q");
      if (q) { event.preventDefault(); q.focus(); }
    }
  });

  window.addEventListener("popstate", function () { load(location.pathname + location.search, false); });

  document.getElementById("lang-switch").addEventListener("click", function (event) {
    document.cookie = "jobfit_lang=" + event.target.dataset.lang + "; path=/console; SameSite=Strict";
    location.reload();
  });

  document.getElementById("logout").addEventListener("click", function () {
    store.removeItem("jobfit.token");
    store.removeItem("jobfit.actor");
    main.innerHTML = "";
    showLogin("");
  });

  // For the browser tests and benchmarks/console_pages.py: open a page as a click would.
  window.jobfitOpen = function (path) { return load(path, true); };

  if (token()) { load(location.pathname + location.search, false, 0); }
  else { showLogin(""); }
})();
