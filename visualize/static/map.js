/* stratgraph map page: draws the map in #stratgraph-data with vis-network.
 *
 * Safety: every text from the data is written with textContent or as a DOM property, never as
 * markup; vis-network draws labels on a canvas and gets no `title` (our own tooltip shows facts).
 * Speed: positions come precomputed and physics is off; a large map opens aggregated into groups
 * that open on click, so the first draw has few nodes.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stratgraph-data").textContent);
  var S = data.strings;
  var nodes = data.nodes, edges = data.edges, groups = data.groups || {};
  var byId = new Map();
  nodes.forEach(function (n, i) { byId.set(n.id, i); });
  var expanded = new Set();
  var filters = {};
  var showSuggested = true;
  var container = document.getElementById("network");
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }

  /* -- groups --------------------------------------------------------------------------------- */
  function groupId(path, depth) { return "group:" + path.slice(0, depth + 1).join("/"); }

  function representative(n) {
    if (data.startDepth === null) { return n.id; }
    for (var d = 0; d < n.path.length; d++) {
      var g = groupId(n.path, d);
      if (!expanded.has(g)) { return g; }
    }
    return n.id;
  }

  /* Open a group and zoom to what it held. */
  function openGroup(id) {
    expanded.add(id);
    rebuild();
    hideTooltip();
    var inside = nodeSet.getIds().filter(function (v) {
      if (groups[v]) { return v.indexOf(id + "/") === 0; }
      var n = nodes[byId.get(v)];
      return n && n.path.length && groupId(n.path, groups[id].depth) === id;
    });
    if (inside.length) { network.fit({nodes: inside, animation: {duration: 300, easingFunction: "easeInOutQuad"}}); }
  }

  function openAll() { Object.keys(groups).forEach(function (g) { expanded.add(g); }); }

  function resetGroups() {
    expanded.clear();
    if (data.startDepth === null) { return; }
    Object.keys(groups).forEach(function (g) {
      if (groups[g].depth < data.startDepth) { expanded.add(g); }
    });
  }

  function matches(n) {
    for (var facet in filters) {
      if (!filters[facet]) { continue; }
      var values = n.facets[facet] || [];
      if (values.indexOf(filters[facet]) < 0) { return false; }
    }
    return true;
  }

  function nodeSize(n) { return 10 + 26 * Math.sqrt(n.importance || 0); }

  function visNode(n) {
    var item = {id: n.id, label: n.label, x: n.x, y: n.y, shape: n.shape, size: nodeSize(n),
                color: {background: n.colour, border: n.emphasis ? "#111111" : n.colour,
                        highlight: {background: n.colour, border: "#111111"},
                        hover: {background: n.colour, border: "#111111"}},
                borderWidth: n.emphasis ? 4 : 1};
    if (n.emphasis) { item.font = {size: 18, strokeWidth: 4}; }
    return item;
  }

  /* A group is drawn in proportion to the circle its members occupy, so that the aggregated view
     and the opened group share one scale; its label grows with it. */
  function visGroup(g, count) {
    var info = groups[g];
    var size = Math.max(18, info.radius * 0.55);
    return {id: g, label: info.label + " (" + count + ")", x: info.x, y: info.y, shape: "dot", size: size,
            color: {background: info.colour, border: "#222222",
                    highlight: {background: info.colour, border: "#000000"},
                    hover: {background: info.colour, border: "#000000"}},
            borderWidth: Math.max(2, size * 0.012), font: {size: Math.max(18, size * 0.28), strokeWidth: 5}};
  }

  function groupScale(id) { return groups[id] ? Math.max(1, groups[id].radius / 60) : 1; }

  /* -- the visible graph ---------------------------------------------------------------------- */
  var nodeSet = new vis.DataSet();
  var edgeSet = new vis.DataSet();
  var shownEdges = new Map();

  function rebuild() {
    var visibleNodes = [];
    var groupCounts = new Map();
    var rep = new Map();
    nodes.forEach(function (n) {
      if (!matches(n)) { return; }
      var r = representative(n);
      rep.set(n.id, r);
      if (r === n.id) { visibleNodes.push(visNode(n)); }
      else { groupCounts.set(r, (groupCounts.get(r) || 0) + 1); }
    });
    groupCounts.forEach(function (count, g) { visibleNodes.push(visGroup(g, count)); });
    var merged = new Map();
    edges.forEach(function (e, i) {
      if (e.suggested && !showSuggested) { return; }
      var a = rep.get(e.from), b = rep.get(e.to);
      if (a === undefined || b === undefined || a === b) { return; }
      var grouped = a !== e.from || b !== e.to;
      if (e.suggested && grouped) { return; }
      if (!grouped) {
        merged.set("e" + i, {id: "e" + i, from: a, to: b, source: i, weight: e.weight, suggested: e.suggested});
        return;
      }
      var key = a < b ? a + "\u0000" + b : b + "\u0000" + a;
      var m = merged.get(key);
      if (m) { m.weight += e.weight; m.count += 1; }
      else {
        merged.set(key, {id: key, from: a, to: b, source: null, weight: e.weight, count: 1,
                         scale: Math.min(groupScale(a), groupScale(b))});
      }
    });
    var visibleEdges = [];
    shownEdges = merged;
    merged.forEach(function (m) {
      var item = {id: m.id, from: m.from, to: m.to,
                  width: Math.min(8, 0.6 + Math.log(1 + m.weight) * 1.4) * (m.scale || 1),
                  color: {color: m.suggested ? "#D55E00" : "#9AA0A6", opacity: m.suggested ? 0.95 : 0.55,
                          highlight: "#333333", hover: "#333333"}};
      if (m.suggested) { item.dashes = [8, 6]; item.width = 2.5; }
      visibleEdges.push(item);
    });
    nodeSet.clear();
    edgeSet.clear();
    nodeSet.add(visibleNodes);
    edgeSet.add(visibleEdges);
    var status = document.getElementById("status");
    status.textContent = visibleNodes.length + " " + S.nodes_shown + " / " + nodes.length;
  }

  /* -- tooltip and details -------------------------------------------------------------------- */
  function factsTable(rows) {
    var table = el("table", null, "facts");
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", row[0]));
      tr.appendChild(el("td", row[1]));
      table.appendChild(tr);
    });
    return table;
  }

  function describe(id) {
    var box = document.createDocumentFragment();
    if (groups[id]) {
      var info = groups[id];
      box.appendChild(el("h3", info.label));
      box.appendChild(el("p", info.count + " " + S.members + " \u2013 " + S.details_hint));
      return box;
    }
    if (shownEdges.has(id)) {
      var m = shownEdges.get(id);
      var a = byId.has(m.from) ? nodes[byId.get(m.from)].label : (groups[m.from] || {}).label;
      var b = byId.has(m.to) ? nodes[byId.get(m.to)].label : (groups[m.to] || {}).label;
      box.appendChild(el("h3", a + " \u2013 " + b));
      if (m.source !== null) { box.appendChild(factsTable(edges[m.source].facts || [])); }
      else { box.appendChild(factsTable([[S.weight, String(Math.round(m.weight * 100) / 100)]])); }
      return box;
    }
    var n = nodes[byId.get(id)];
    if (!n) { return box; }
    box.appendChild(el("h3", n.label));
    box.appendChild(factsTable(n.facts));
    if (n.href && /^[A-Za-z0-9_\-./]+\.html$/.test(n.href) && n.href.indexOf("..") < 0 ||
        n.href && /^(\.\.\/)+[A-Za-z0-9_\-./]+\.html$/.test(n.href)) {
      var link = el("a", S.open_page);
      link.href = n.href;
      box.appendChild(link);
    }
    return box;
  }

  function showTooltip(id, pointer) {
    clear(tooltip);
    tooltip.appendChild(describe(id));
    var rect = container.getBoundingClientRect();
    var x = rect.left + window.scrollX + pointer.x + 14, y = rect.top + window.scrollY + pointer.y + 14;
    tooltip.style.left = Math.min(x, window.scrollX + window.innerWidth - 380) + "px";
    tooltip.style.top = y + "px";
    tooltip.hidden = false;
  }

  function hideTooltip() { tooltip.hidden = true; }

  function showDetails(id) {
    clear(details);
    details.appendChild(describe(id));
  }

  /* -- search --------------------------------------------------------------------------------- */
  function reveal(id) {
    var n = nodes[byId.get(id)];
    if (!matches(n)) {
      filters = {};
      document.querySelectorAll("select.facet").forEach(function (s) { s.value = ""; });
    }
    for (var d = 0; d < n.path.length; d++) { expanded.add(groupId(n.path, d)); }
    rebuild();
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showDetails(id);
  }

  function search(text) {
    var list = document.getElementById("results");
    clear(list);
    var q = text.trim().toLowerCase();
    if (!q) { return; }
    var found = 0;
    for (var i = 0; i < nodes.length && found < 15; i++) {
      var n = nodes[i];
      if (n.label.toLowerCase().indexOf(q) >= 0 || n.id.toLowerCase().indexOf(q) >= 0) {
        var li = el("li");
        var button = el("button", n.label);
        button.type = "button";
        button.dataset.node = n.id;
        button.addEventListener("click", function (event) { reveal(event.currentTarget.dataset.node); });
        li.appendChild(button);
        list.appendChild(li);
        found++;
      }
    }
    if (!found) { list.appendChild(el("li", S.no_match, "empty")); }
  }

  /* -- controls ------------------------------------------------------------------------------- */
  function buildFilters() {
    var box = document.getElementById("filters");
    data.facets.forEach(function (facet) {
      if (!facet.values.length) { return; }
      var label = el("label", facet.label + " ");
      var select = el("select", null, "facet");
      select.name = facet.name;
      var all = el("option", S.filter_all);
      all.value = "";
      select.appendChild(all);
      facet.values.forEach(function (v) {
        var option = el("option", v[1]);
        option.value = v[0];
        select.appendChild(option);
      });
      select.addEventListener("change", function () { filters[facet.name] = select.value; rebuild(); });
      label.appendChild(select);
      box.appendChild(label);
    });
  }

  function buildLegend() {
    var list = document.getElementById("legend-list");
    data.legend.forEach(function (entry) {
      var li = el("li");
      var mark = el("span", null, "swatch");
      if (entry.dashed) { mark.className = "swatch dashed"; }
      else if (entry.shape) { mark.className = "swatch shape-" + entry.shape + (entry.colour ? "" : " outline"); }
      if (entry.colour) { mark.style.setProperty("--swatch", entry.colour); }
      li.appendChild(mark);
      li.appendChild(el("span", entry.label));
      list.appendChild(li);
    });
  }

  buildFilters();
  buildLegend();
  resetGroups();
  rebuild();
  var network = new vis.Network(container, {nodes: nodeSet, edges: edgeSet}, data.options);
  window.stratgraphNetwork = network;

  network.once("afterDrawing", function () {
    window.stratgraphReady = true;
    window.stratgraphReadyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  network.on("hoverNode", function (p) { showTooltip(p.node, p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (p) { showTooltip(p.edge, p.pointer.DOM); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (p) {
    if (p.nodes.length) {
      var id = p.nodes[0];
      if (groups[id]) { openGroup(id); return; }
      showDetails(id);
    } else if (p.edges.length) {
      showDetails(p.edges[0]);
    }
  });
  network.on("doubleClick", function (p) {
    if (!p.nodes.length || groups[p.nodes[0]] || !byId.has(p.nodes[0])) { return; }
    var n = nodes[byId.get(p.nodes[0])];
    if (!n.path.length || data.startDepth === null) { return; }
    expanded.delete(groupId(n.path, n.path.length - 1));
    rebuild();
  });

  var input = document.getElementById("search");
  input.addEventListener("input", function () { search(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = document.querySelector("#results button");
      if (first) { reveal(first.dataset.node); }
    }
  });
  document.getElementById("suggested").addEventListener("change", function (event) {
    showSuggested = event.currentTarget.checked;
    rebuild();
  });
  document.getElementById("open-all").addEventListener("click", function () { openAll(); rebuild(); });
  document.getElementById("close-all").addEventListener("click", function () { resetGroups(); rebuild(); network.fit(); });
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });
  if (data.startDepth === null) {
    document.getElementById("open-all").hidden = true;
    document.getElementById("close-all").hidden = true;
  }
  if (!edges.some(function (e) { return e.suggested; })) {
    document.getElementById("suggested-box").hidden = true;
  }
}());
