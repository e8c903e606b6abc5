/* 公报全文检索 — loads only the index shards a query needs, then one small script per shown hit.
   Everything is a <script> that registers itself (GZ.manifest / GZ.shard / GZ.doc), so it works
   from file:// as well as from any static web server. search-head.js, inlined in the page's head,
   holds the registry, the loader and the query's keys, and has already asked for the shards of
   the query in the address. The Python twin is gazette/site/search_index.py. */
(function () {
  "use strict";
  var ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var PAGE = 20;
  var SCREEN = 5;  /* hits a tall screen shows above the fold */
  var VAL = [];
  for (var a = 0; a < ALPHA.length; a++) VAL[ALPHA.charCodeAt(a)] = a;
  var GZ = window.GZ, load = GZ.load;
  var state = { hits: [], shown: 0, marks: [] };

  function decode(v) {
    var out = [];
    if (v.charAt(0) === "~") {
      var c = v.indexOf(":"), first = parseInt(v.slice(1, c), 10), bin = atob(v.slice(c + 1));
      for (var b = 0; b < bin.length; b++) {
        var byte = bin.charCodeAt(b);
        if (!byte) continue;
        for (var k = 0; k < 8; k++) if ((byte >> k) & 1) out.push(first + b * 8 + k);
      }
      return out;
    }
    var cur = 0, acc = 0, mul = 1;
    for (var j = 0; j < v.length; j++) {
      var x = VAL[v.charCodeAt(j)];
      acc += (x & 31) * mul;
      if (x & 32) { mul *= 32; continue; }
      cur += acc; out.push(cur); acc = 0; mul = 1;
    }
    return out;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  var $ = function (id) { return document.getElementById(id); };
  function status(text) { $("status").textContent = text; }

  /* append text to el with every occurrence of the marks wrapped in <mark> (no innerHTML) */
  function marked(el, text, marks) {
    var low = text.toLowerCase(), i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      marks.forEach(function (m) {
        var p = low.indexOf(m, i);
        if (p >= 0 && (best < 0 || p < best || (p === best && m.length > len))) { best = p; len = m.length; }
      });
      if (best < 0) break;
      if (best > i) el.appendChild(document.createTextNode(text.slice(i, best)));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(best, best + len);
      el.appendChild(mk);
      i = best + len;
    }
    if (i < text.length) el.appendChild(document.createTextNode(text.slice(i)));
    return el;
  }

  function snippet(x, marks) {
    var low = x.toLowerCase(), pos = -1;
    marks.forEach(function (m) { var p = low.indexOf(m); if (p >= 0 && (pos < 0 || p < pos)) pos = p; });
    if (pos < 0) return x.slice(0, 110) + (x.length > 110 ? "…" : "");
    var start = Math.max(0, pos - 30);
    return (start > 0 ? "…" : "") + x.slice(start, start + 120) + (start + 120 < x.length ? "…" : "");
  }

  function render(seq) {
    var d = GZ.docs[seq], li = document.createElement("li"), a = document.createElement("a");
    a.href = d.u; a.className = "r-title";
    li.appendChild(marked(a, d.t, state.marks));
    var meta = document.createElement("p");
    meta.className = "r-meta";
    li.appendChild(marked(meta, d.m, state.marks));
    var sn = document.createElement("p");
    sn.className = "r-snip";
    li.appendChild(marked(sn, snippet(d.x, state.marks), state.marks));
    return li;
  }

  /* resolves once the page has painted what it holds (a hidden page waits until shown) */
  function painted() {
    return new Promise(function (ok) {
      window.requestAnimationFrame(function () { window.setTimeout(ok, 0); });
    });
  }

  /* resolves in a task of its own: the head has often fetched the shards before the query runs,
     and without a break the ranking, the snippet requests and the page's own start-up would make
     one long task that holds the main thread (a phone's total blocking time) */
  function nextTask() {
    return new Promise(function (ok) { window.setTimeout(ok, 0); });
  }

  /* append the snippets of hits, in order, once all of them have arrived */
  function append(mine, hits) {
    return Promise.all(hits.map(function (s) {
      return load("search/d/" + Math.floor(s / 1000) + "/" + s + ".js");
    })).then(function () {
      if (state !== mine) return;  /* a newer search has cleared the list */
      var list = $("results");
      hits.forEach(function (s) { list.appendChild(render(s)); });
      mine.shown += hits.length;
    });
  }

  /* the next page of hits, a screenful at a time: the first as soon as it arrives, the second
     once that has painted, each later one in a task of its own. On a slow line the hits in view
     do not share it with the twenty that follow, and no one task asks for and renders a page */
  function showMore() {
    var mine = state, slice = mine.hits.slice(mine.shown, mine.shown + PAGE);
    var done = append(mine, slice.slice(0, SCREEN));
    $("more").hidden = true;
    for (var i = SCREEN; i < slice.length; i += SCREEN) {
      done = after(done, mine, i === SCREEN ? painted : nextTask, slice.slice(i, i + SCREEN));
    }
    return done.then(function () {
      if (state !== mine) return;
      status("找到 " + mine.hits.length + " 篇文件，显示第 1—" + mine.shown + " 篇（最新的在前）");
      $("more").hidden = mine.shown >= mine.hits.length;
    });
  }

  /* append hits once what came before has been shown and ``wait`` has resolved, unless a newer
     search has begun */
  function after(before, mine, wait, hits) {
    return before.then(function () {
      return state === mine ? wait() : null;
    }).then(function () {
      return state === mine ? append(mine, hits) : null;
    });
  }

  function run(q, year, issuer) {
    $("results").textContent = "";
    $("more").hidden = true;
    var keys = GZ.keysOf(q), exact = GZ.docno(q);
    if (!keys.length) { status(q ? "请输入汉字、数字或字母作为检索词" : ""); return Promise.resolve(); }
    var words = keys;
    if (exact) {
      /* look the 发文字号 up as a whole first; fall back to its words if nothing carries it */
      return find([exact], q, year, issuer, [exact.slice(1)].concat(keys), false).then(function (found) {
        return found ? null : find(words, q, year, issuer, keys, true);
      });
    }
    return find(words, q, year, issuer, keys, true);
  }

  /* rank: documents whose title holds every word come first (keys "^" + word), then the rest;
     each group newest first (Python: IndexReader.search) */
  function find(words, q, year, issuer, keys, rank) {
    var base = issuer !== "" ? words.concat(["@" + issuer]) : words;
    var titles = rank ? words.map(function (w) { return "^" + w; }) : [];
    var all = base.concat(titles);
    var M = GZ.M, hashes = all.map(GZ.fnv), files = [];
    all.forEach(function (k, i) {
      files.push("search/s/" + GZ.slot(k) + ".js");
      if (M.m) files.push("search/t/" + (hashes[i] % M.m) + ".js");
    });
    status("正在检索…");
    return Promise.all(files.filter(function (f, i) { return files.indexOf(f) === i; })
      .map(function (f) { return load(f); }))
      .then(nextTask)
      .then(function () {
        /* a key's documents: those in its base shard, then those added since (all larger) */
        var every = all.map(function (k, i) {
          var b = GZ.shards[GZ.slot(k)][k], d = M.m ? GZ.deltas[hashes[i] % M.m][k] : null;
          return (b ? decode(b) : []).concat(d ? decode(d) : []);
        });
        var lists = every.slice(0, base.length), tlists = every.slice(base.length);
        lists.sort(function (x, y) { return x.length - y.length; });
        var hits = lists.reduce(function (acc, l) { return intersect(acc, l); });
        var range = year ? M.years[year] : null;
        if (range) hits = hits.filter(function (s) { return s >= range[0] && s < range[1]; });
        else if (year) hits = [];
        hits.reverse();
        if (tlists.length) {
          var titled = new Set(tlists.reduce(function (acc, l) { return intersect(acc, l); }));
          hits = hits.filter(function (s) { return titled.has(s); })
            .concat(hits.filter(function (s) { return !titled.has(s); }));
        }
        var ph = GZ.phrases(q);
        state = { hits: hits, shown: 0, marks: ph.concat(keys.filter(function (k) { return ph.indexOf(k) < 0; })) };
        if (!hits.length) { status("没有找到包含“" + q + "”的文件"); return false; }
        return nextTask().then(showMore).then(function () { return true; });
      })
      .catch(function () { status("检索索引加载失败，请刷新页面后重试"); });
  }

  function params() {
    var p = new URLSearchParams(window.location.search);
    return { q: p.get("q") || "", y: p.get("y") || "", i: p.get("i") || "" };
  }

  function start() {
    var form = $("search-form");
    if (!form || !GZ.M) return;
    var p = params();
    $("q").value = p.q; $("y").value = p.y; $("i").value = p.i;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = $("q").value.trim(), y = $("y").value, i = $("i").value;
      try {
        var qs = "?q=" + encodeURIComponent(q) + (y ? "&y=" + y : "") + (i ? "&i=" + i : "");
        window.history.replaceState(null, "", qs);
      } catch (e) { /* file:// may refuse; the search still runs */ }
      GZ.last = run(q, y, i);
    });
    $("more").addEventListener("click", function () { GZ.last = showMore(); });
    /* a query in the address runs once the page has painted: the heading and the form show
       first, and the index's requests and parsing do not hold them up */
    GZ.last = p.q ? painted().then(function () { return run(p.q, p.y, p.i); }) : Promise.resolve();
  }

  GZ.start = start;
  document.addEventListener("DOMContentLoaded", start);
})();
