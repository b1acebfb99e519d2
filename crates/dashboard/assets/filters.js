// Filters of the task and finding lists; iacgrade's own code, no library.
// The data comes from filter-data.js, written beside the pages:
//   IACGRADE_DATA.tasks[i]    = [page, id, platform, language, failed checkpoint ids,
//                                input problems (0/1), both scores (0/1)]
//   IACGRADE_DATA.findings[j] = [task index, rule, name, severity, status, side, place,
//                                file page link, message, invented name, suppression]
// Filters combine (AND) and live in the URL's fragment (#platform=cdk&severity=critical), so a
// filtered view can be linked. A task matches the finding filters (severity, rule, status,
// invented name) when one of its findings matches all of them.
(function () {
  "use strict";
  var data = window.IACGRADE_DATA;
  var root = document.getElementById("filters");
  if (!root || !data) { return; }
  var list = root.getAttribute("data-list");
  var T = data.tasks, F = data.findings;
  var KEYS = ["platform", "severity", "rule", "status", "checkpoint", "task", "api"];
  var LABELS = { platform: "Platform", severity: "Severity", rule: "Rule", status: "Status",
    checkpoint: "Failed checkpoint", task: "Tasks", api: "Invented name" };
  var FINDING_KEYS = ["severity", "rule", "status", "api"];
  var SEVERITIES = ["critical", "high", "medium", "low"];
  var STATUSES = ["failure", "fixed", "unfixed", "standing", "regression", "suppressed"];
  var NAMES = { failure: "model failure (fixed or unfixed)", any: "any checkpoint",
    errors: "with input errors or not judged", paired: "with both scores" };
  var SHOWN = 500;
  var showAll = false;

  function isFindingKey(key) { return FINDING_KEYS.indexOf(key) >= 0; }
  function statusIs(status, wanted) {
    return wanted === "failure" ? (status === "fixed" || status === "unfixed") : status === wanted;
  }
  // The values of a task for a task key.
  function taskValues(key, t) {
    var task = T[t];
    if (key === "platform") { return [task[2]]; }
    if (key === "checkpoint") { return task[4].length ? task[4].concat(["any"]) : []; }
    if (key === "task") {
      var out = [];
      if (task[5]) { out.push("errors"); }
      if (task[6]) { out.push("paired"); }
      return out;
    }
    return [];
  }
  // The values of a finding for any key.
  function findingValues(key, x) {
    if (key === "severity") { return [x[3]]; }
    if (key === "rule") { return [x[1]]; }
    if (key === "api") { return x[9] ? [x[9]] : []; }
    if (key === "status") {
      return (x[4] === "fixed" || x[4] === "unfixed") ? [x[4], "failure"] : [x[4]];
    }
    return taskValues(key, x[0]);
  }
  function has(values, wanted) { return values.indexOf(wanted) >= 0; }
  function taskMatches(t, f, skip) {
    for (var i = 0; i < KEYS.length; i++) {
      var key = KEYS[i];
      if (key === skip || isFindingKey(key) || f[key] === undefined) { continue; }
      if (!has(taskValues(key, t), f[key])) { return false; }
    }
    return true;
  }
  function findingFacetsMatch(x, f, skip) {
    for (var i = 0; i < FINDING_KEYS.length; i++) {
      var key = FINDING_KEYS[i];
      if (key === skip || f[key] === undefined) { continue; }
      if (key === "status" ? !statusIs(x[4], f.status) : !has(findingValues(key, x), f[key])) {
        return false;
      }
    }
    return true;
  }
  function findingMatches(x, f, skip) {
    return findingFacetsMatch(x, f, skip) && taskMatches(x[0], f, skip);
  }
  function hasFindingFilter(f, skip) {
    return FINDING_KEYS.some(function (k) { return k !== skip && f[k] !== undefined; });
  }
  // Tasks with a finding matching the finding filters (all tasks when there are none).
  function tasksWithFinding(f, skip) {
    if (!hasFindingFilter(f, skip)) { return null; }
    var found = {};
    F.forEach(function (x) { if (findingFacetsMatch(x, f, skip)) { found[x[0]] = true; } });
    return found;
  }
  function matchingTasks(f) {
    var found = tasksWithFinding(f, null);
    var out = [];
    for (var t = 0; t < T.length; t++) {
      if (taskMatches(t, f, null) && (!found || found[t])) { out.push(t); }
    }
    return out;
  }
  // How many items of the list each value of `key` would give, with the other filters kept.
  function facetCounts(key, f) {
    var counts = {};
    function add(v) { counts[v] = (counts[v] || 0) + 1; }
    if (list === "findings") {
      F.forEach(function (x) { if (findingMatches(x, f, key)) { findingValues(key, x).forEach(add); } });
    } else if (isFindingKey(key)) {
      var seen = {};
      F.forEach(function (x) {
        if (!findingFacetsMatch(x, f, key) || !taskMatches(x[0], f, key)) { return; }
        findingValues(key, x).forEach(function (v) {
          var k = x[0] + "\u0000" + v;
          if (!seen[k]) { seen[k] = true; add(v); }
        });
      });
    } else {
      var found = tasksWithFinding(f, key);
      for (var t = 0; t < T.length; t++) {
        if (taskMatches(t, f, key) && (!found || found[t])) { taskValues(key, t).forEach(add); }
      }
    }
    return counts;
  }
  // Every value a key takes in the data, in the order the dashboard shows them.
  function allValues(key) {
    var seen = {};
    if (key === "status") { STATUSES.forEach(function (s) { seen[s] = true; }); }
    if (isFindingKey(key)) {
      F.forEach(function (x) { findingValues(key, x).forEach(function (v) { seen[v] = true; }); });
    } else {
      for (var t = 0; t < T.length; t++) { taskValues(key, t).forEach(function (v) { seen[v] = true; }); }
    }
    var values = Object.keys(seen);
    var order = key === "severity" ? SEVERITIES : key === "status" ? STATUSES : [];
    values.sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      if (ia < 0) { ia = order.length; }
      if (ib < 0) { ib = order.length; }
      if (a === "any") { ia = -1; }
      if (b === "any") { ib = -1; }
      return ia !== ib ? ia - ib : (a < b ? -1 : a > b ? 1 : 0);
    });
    return values;
  }

  function readHash() {
    var f = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at < 0) { return; }
      var key, value;
      try {
        key = decodeURIComponent(part.slice(0, at));
        value = decodeURIComponent(part.slice(at + 1));
      } catch (e) { return; }
      if (KEYS.indexOf(key) >= 0 && value !== "") { f[key] = value; }
    });
    return f;
  }
  function writeHash(f) {
    var parts = [];
    KEYS.forEach(function (k) {
      if (f[k] !== undefined) { parts.push(k + "=" + encodeURIComponent(f[k])); }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash) {
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
  }

  var selects = {};
  var chip = document.createElement("span");
  var keysWithSelect = KEYS.filter(function (k) { return k !== "api"; });
  keysWithSelect.forEach(function (key) {
    var label = document.createElement("label");
    label.appendChild(document.createTextNode(LABELS[key]));
    var select = document.createElement("select");
    select.setAttribute("data-key", key);
    select.addEventListener("change", function () {
      var f = readHash();
      if (select.value === "") { delete f[key]; } else { f[key] = select.value; }
      showAll = false;
      writeHash(f);
      apply();
    });
    label.appendChild(select);
    root.appendChild(label);
    selects[key] = select;
  });
  root.appendChild(chip);
  var clear = document.createElement("button");
  clear.type = "button";
  clear.textContent = "Clear filters";
  clear.addEventListener("click", function () { showAll = false; writeHash({}); apply(); });
  root.appendChild(clear);

  function fillSelect(key, f) {
    var select = selects[key];
    var counts = facetCounts(key, f);
    var values = allValues(key);
    if (f[key] !== undefined && values.indexOf(f[key]) < 0) { values.push(f[key]); }
    while (select.firstChild) { select.removeChild(select.firstChild); }
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "all";
    select.appendChild(all);
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = (NAMES[v] || v) + " (" + (counts[v] || 0) + ")";
      select.appendChild(option);
    });
    select.value = f[key] !== undefined ? f[key] : "";
  }
  function fillChip(f) {
    while (chip.firstChild) { chip.removeChild(chip.firstChild); }
    if (f.api === undefined) { return; }
    chip.className = "badge plain";
    chip.appendChild(document.createTextNode(LABELS.api + ": " + f.api + " "));
    var remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "\u00d7";
    remove.setAttribute("aria-label", "remove the invented name filter");
    remove.addEventListener("click", function () { var g = readHash(); delete g.api; writeHash(g); apply(); });
    chip.appendChild(remove);
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    if (text !== null) { td.textContent = text; }
    row.appendChild(td);
    return td;
  }
  function link(parent, href, text) {
    var a = document.createElement("a");
    a.setAttribute("href", href);
    a.textContent = text;
    parent.appendChild(a);
  }
  function renderFindings(f) {
    var table = document.getElementById("finding-table");
    var body = table.tBodies[0];
    var matches = F.filter(function (x) { return findingMatches(x, f, null); });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var shown = showAll ? matches.length : Math.min(matches.length, SHOWN);
    for (var i = 0; i < shown; i++) {
      var x = matches[i], task = T[x[0]];
      var row = document.createElement("tr");
      link(cell(row, null), task[0], task[1] || "(task without id)");
      cell(row, task[2]);
      cell(row, x[1], "mono");
      var sev = cell(row, null);
      var badge = document.createElement("span");
      badge.className = "badge sev-" + (SEVERITIES.indexOf(x[3]) >= 0 ? x[3] : "other");
      badge.textContent = x[3];
      sev.appendChild(badge);
      var st = cell(row, null);
      var sbadge = document.createElement("span");
      sbadge.className = "badge fs-" + (STATUSES.indexOf(x[4]) > 0 ? x[4] : "other");
      sbadge.textContent = x[4];
      st.appendChild(sbadge);
      var where = cell(row, null, "mono");
      if (x[7]) { link(where, x[7], x[6]); } else { where.textContent = x[6]; }
      var message = cell(row, x[8]);
      if (x[10]) {
        var note = document.createElement("div");
        note.className = "suppression";
        note.textContent = x[10];
        message.appendChild(note);
      }
      body.appendChild(row);
    }
    var more = document.getElementById("show-more");
    more.hidden = shown >= matches.length;
    more.textContent = "Show all " + matches.length + " findings";
    return [matches.length, F.length, "finding(s)", shown];
  }
  function renderTasks(f) {
    var table = document.getElementById("task-table");
    var wanted = {};
    var matches = matchingTasks(f);
    matches.forEach(function (t) { wanted[t] = true; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      // Its own switch, apart from the text filter's `hidden`: a row shows when both let it.
      row.style.display = wanted[row.getAttribute("data-t")] ? "" : "none";
    });
    return [matches.length, T.length, "task(s)", matches.length];
  }
  function apply() {
    var f = readHash();
    keysWithSelect.forEach(function (key) { fillSelect(key, f); });
    fillChip(f);
    var counts = list === "findings" ? renderFindings(f) : renderTasks(f);
    var count = document.getElementById("filter-count");
    count.textContent = counts[0] + " of " + counts[1] + " " + counts[2] + " match" +
      (counts[3] < counts[0] ? " (the first " + counts[3] + " shown)" : "");
    count.setAttribute("data-matches", String(counts[0]));
  }
  var more = document.getElementById("show-more");
  if (more) { more.addEventListener("click", function () { showAll = true; apply(); }); }
  window.addEventListener("hashchange", apply);
  apply();
})();
