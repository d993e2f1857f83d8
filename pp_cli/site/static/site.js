/* The site's own script (no framework, nothing from another host): instant filtering, search and sorting
   of the list of people, from the JSON index written at build time. Without it the pages work as they are.
   Record text is only ever set as textContent, never as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("people");
  if (!form || !table || !window.fetch || !document.querySelector) { return; }

  var STEP = 100;
  var data = null, loading = null, matches = [], shown = 0, sortKey = "name", sortUp = true;
  var root = form.getAttribute("data-root") || "";
  var status = document.getElementById("filter-status");
  var tbody = table.querySelector("tbody");
  var caption = table.querySelector("caption");
  var pager = document.getElementById("pager");
  var more = document.getElementById("more");
  var original = { rows: Array.prototype.map.call(tbody.childNodes, function (n) { return n.cloneNode(true); }),
                   caption: caption.textContent };

  /* Names are compared as pp compares them (pp_cli/names.py: skeleton): case, diacritics and the usual
     Azerbaijani/English/Russian spelling differences do not matter. */
  var AZ = { "\u0259": "a", "\u0131": "i", "\u00f6": "o", "\u00fc": "u", "\u00e7": "ch", "\u015f": "sh", "\u011f": "gh" };
  var CYR = "\u0430a \u0431b \u0432v \u0433g \u0434d \u0435e \u0451e \u0436zh \u0437z \u0438i \u0439i \u043ak \u043bl " +
            "\u043cm \u043dn \u043eo \u043fp \u0440r \u0441s \u0442t \u0443u \u0444f \u0445kh \u0446ts \u0447ch " +
            "\u0448sh \u0449shch \u044by \u044de \u044eiu \u044fia";
  var CYRILLIC = {};
  CYR.split(" ").forEach(function (pair) { CYRILLIC[pair.charAt(0)] = pair.slice(1); });
  CYRILLIC["\u044a"] = ""; CYRILLIC["\u044c"] = "";
  var DIGRAPHS = [["dzh", "j"], ["dj", "j"], ["zh", "j"], ["kh", "h"], ["gh", "g"], ["ch", "C"], ["sh", "S"]];
  var LETTERS = { x: "h", q: "g", c: "j", e: "a", y: "i", w: "v", C: "c", S: "s" };

  function foldWord(word) {
    var out = "", lower = word.toLowerCase(), i, ch;
    for (i = 0; i < lower.length; i++) {
      ch = lower.charAt(i);
      out += AZ.hasOwnProperty(ch) ? AZ[ch] : CYRILLIC.hasOwnProperty(ch) ? CYRILLIC[ch] : ch;
    }
    out = out.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/['\u2019]/g, "");
    return out.replace(/[^a-z0-9]+/g, " ").trim();
  }
  function skeletonWord(word) {
    var out = foldWord(word), i;
    for (i = 0; i < DIGRAPHS.length; i++) { out = out.split(DIGRAPHS[i][0]).join(DIGRAPHS[i][1]); }
    out = out.replace(/[xqceywCS]/g, function (c) { return LETTERS[c]; });
    return out.replace(/(.)\1+/g, "$1");
  }
  function skeleton(text) {
    return text.split(/\s+/).map(skeletonWord).filter(Boolean).join(" ");
  }

  function load() {
    if (!loading) {
      say(form.getAttribute("data-loading"));
      loading = fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (doc) {
          var f = {};
          doc.fields.forEach(function (name, i) { f[name] = i; });
          data = { doc: doc, f: f };
          return data;
        })
        .catch(function () { say(form.getAttribute("data-failed")); loading = null; throw new Error("index"); });
    }
    return loading;
  }

  function say(text) { if (status) { status.textContent = text || ""; } }

  function values() {
    var out = {};
    ["q", "status", "role", "affiliation", "charge", "year"].forEach(function (name) {
      var el = form.elements[name];
      out[name] = el ? el.value.trim() : "";
    });
    return out;
  }

  function chargeMatches(wanted, person, f, categories) {
    if (categories.hasOwnProperty(wanted)) { return person[f.categories].indexOf(wanted) >= 0; }
    var w = wanted.toLowerCase();
    return person[f.charges].some(function (a) { a = a.toLowerCase(); return a === w || a.indexOf(w + ".") === 0; });
  }

  function filter() {
    var v = values(), f = data.f, doc = data.doc, words = skeleton(v.q).split(" ").filter(Boolean);
    var lowered = v.q.toLowerCase();
    var cats = doc.labels.category;
    matches = doc.people.filter(function (p) {
      if (v.status && p[f.status] !== v.status) { return false; }
      if (v.role && p[f.roles].indexOf(v.role) < 0) { return false; }
      if (v.affiliation && p[f.affiliations].indexOf(v.affiliation) < 0) { return false; }
      if (v.charge && !chargeMatches(v.charge, p, f, cats)) { return false; }
      if (v.year && p[f.years].indexOf(parseInt(v.year, 10)) < 0) { return false; }
      if (v.q) {
        var key = p[f.key];
        if (key.indexOf(lowered) < 0 && !words.every(function (w) { return key.indexOf(w) >= 0; })) { return false; }
      }
      return true;
    });
    sortMatches();
    tbody.textContent = "";
    shown = 0;
    showMore();
    var total = doc.people.length;
    var text = form.getAttribute("data-count").replace("{n}", matches.length).replace("{total}", total);
    caption.textContent = text;
    say(text);
    if (pager) { pager.hidden = true; }
  }

  function dateKey(text) {
    if (!text) { return "~"; }
    return text.replace(/^(by|before) /, "");
  }
  function sortMatches() {
    var f = data.f, order = {};
    data.doc.people.forEach(function (p, i) { order[p[f.id]] = i; });
    var key = {
      name: function (p) { return [order[p[f.id]]]; },
      status: function (p) { return [p[f.status] || "~", order[p[f.id]]]; },
      as_of: function (p) { return [dateKey(p[f.as_of]), order[p[f.id]]]; },
      arrested: function (p) { return [dateKey(p[f.arrested]), order[p[f.id]]]; }
    }[sortKey];
    matches.sort(function (a, b) {
      var ka = key(a), kb = key(b), i;
      for (i = 0; i < ka.length; i++) {
        if (ka[i] < kb[i]) { return sortUp ? -1 : 1; }
        if (ka[i] > kb[i]) { return sortUp ? 1 : -1; }
      }
      return 0;
    });
  }

  function link(text, href, lang) {
    var a = document.createElement("a");
    a.textContent = text;
    a.href = root + href;
    if (lang) { a.lang = lang; }
    return a;
  }
  function cell(tag, parts, cls) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    parts.forEach(function (part, i) {
      if (i > 0 && part !== null) { el.appendChild(document.createTextNode(", ")); }
      if (part === null) { return; }
      el.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return el;
  }

  function row(p) {
    var f = data.f, doc = data.doc, L = doc.labels, tr = document.createElement("tr");
    var name = document.createElement("th");
    name.scope = "row";
    name.appendChild(link(p[f.name], "people/" + p[f.id] + "/"));
    var native = p[f.native_name];
    if (native && native !== p[f.name]) {
      var span = document.createElement("span");
      span.className = "small";
      var lang = doc.native_lang[p[f.country]];
      if (lang) { span.lang = lang; }
      span.textContent = native;
      name.appendChild(document.createElement("br"));
      name.appendChild(span);
    }
    tr.appendChild(name);
    var st = p[f.status];
    var statusCell = document.createElement("td");
    if (st) {
      var strong = document.createElement("span");
      strong.className = "status status-" + st;
      strong.textContent = L.status[st] || st;
      statusCell.appendChild(strong);
      if (p[f.detail]) { statusCell.appendChild(document.createTextNode(" (" + (L.status_detail[p[f.detail]] || p[f.detail]) + ")")); }
    } else {
      statusCell.textContent = doc.hidden;
    }
    tr.appendChild(statusCell);
    tr.appendChild(cell("td", [p[f.as_of] || "\u2014"], "nowrap"));
    tr.appendChild(cell("td", p[f.roles].map(function (r) { return link(L.role[r] || r, "roles/" + r + "/"); })));
    tr.appendChild(cell("td", p[f.affiliations].map(function (o) {
      return doc.organizations[o] ? link(doc.organizations[o], "organizations/" + o + "/") : o;
    })));
    tr.appendChild(cell("td", p[f.charges].map(function (c) {
      var label = L.category[c] || c;
      return doc.charges[c] ? link(label, doc.charges[c]) : label;
    })));
    tr.appendChild(cell("td", [p[f.arrested] || "\u2014"], "nowrap"));
    return tr;
  }

  function showMore() {
    var end = Math.min(matches.length, shown + STEP), frag = document.createDocumentFragment(), i;
    for (i = shown; i < end; i++) { frag.appendChild(row(matches[i])); }
    tbody.appendChild(frag);
    shown = end;
    if (more) { more.hidden = shown >= matches.length; }
  }

  function active() {
    var v = values();
    return Object.keys(v).some(function (k) { return v[k] !== ""; }) || sortKey !== "name" || !sortUp;
  }

  function update() {
    if (!active()) { restore(); return; }
    load().then(filter, function () {});
  }

  function restore() {
    tbody.textContent = "";
    original.rows.forEach(function (n) { tbody.appendChild(n.cloneNode(true)); }); /* the page's own rows */
    caption.textContent = original.caption;
    if (pager) { pager.hidden = false; }
    if (more) { more.hidden = true; }
    say("");
  }

  /* sortable column headers */
  Array.prototype.forEach.call(table.querySelectorAll("thead th[data-sort]"), function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    button.title = form.getAttribute("data-sort").replace("{column}", th.textContent);
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      sortUp = key === sortKey ? !sortUp : true;
      sortKey = key;
      Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortUp ? "ascending" : "descending");
      update();
    });
  });

  form.hidden = false;
  var hint = document.getElementById("no-script");
  if (hint) { hint.hidden = true; }
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("reset", function () { sortKey = "name"; sortUp = true; setTimeout(update, 0); });
  form.addEventListener("focusin", function () { load().catch(function () {}); }, { once: true });
  if (more) { more.addEventListener("click", showMore); }
})();
