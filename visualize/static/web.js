/* stratgraph web app: suggestions under the search box as a person types (the form works without it).
   Text is written with textContent only; answers come from this server's search.json. */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list) { return; }
  var url = input.getAttribute("data-suggest");
  var timer = null, asked = 0, active = -1;

  function close() { list.hidden = true; list.textContent = ""; active = -1; input.setAttribute("aria-expanded", "false"); }

  function show(rows, pageRoot) {
    list.textContent = "";
    active = -1;
    rows.forEach(function (row, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "suggestion-" + i;
      var a = document.createElement("a");
      a.href = row.href ? pageRoot + row.href : pageRoot + "search.html?q=" + encodeURIComponent(row.label);
      a.textContent = row.label;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = row.kind;
      a.appendChild(kind);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = rows.length === 0;
    input.setAttribute("aria-expanded", rows.length ? "true" : "false");
  }

  function ask() {
    var text = input.value;
    if (text.trim().length < 2) { close(); return; }
    var mine = ++asked;
    var root = url.slice(0, url.length - "search.json".length);
    fetch(url + "?size=8&top=8&q=" + encodeURIComponent(text), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { rows: [] }; })
      .then(function (page) { if (mine === asked) { show(page.rows || [], root); } })
      .catch(function () { close(); });
  }

  function move(step) {
    var items = list.querySelectorAll("li");
    if (!items.length) { return; }
    if (active >= 0) { items[active].removeAttribute("aria-selected"); }
    active = (active + step + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 150); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { move(1); e.preventDefault(); }
    else if (e.key === "ArrowUp") { move(-1); e.preventDefault(); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter" && active >= 0) {
      var link = list.querySelectorAll("li a")[active];
      if (link) { e.preventDefault(); window.location.href = link.href; }
    }
  });
  document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) { close(); } });
}());

/* A page whose answer is still being worked out (the review queue on a big store) names what to ask in
   data-reload-when-ready: it is asked every few seconds, and the page reloads once it answers. No timed
   meta refresh (it reloads whatever the reader is doing, WCAG 2.2.1), no inline script (the CSP). */
(function () {
  "use strict";
  var note = document.querySelector("[data-reload-when-ready]");
  if (!note) { return; }
  var url = note.getAttribute("data-reload-when-ready");
  var every = 1000 * (parseInt(note.getAttribute("data-every"), 10) || 3);
  function ask() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      return r.text().then(function () {  // read to the end: a reload must not cut an answer off
        if (r.status === 503) { window.setTimeout(ask, every); } else { window.location.reload(); }
      });
    }).catch(function () { window.setTimeout(ask, every); });
  }
  window.setTimeout(ask, every);
}());
