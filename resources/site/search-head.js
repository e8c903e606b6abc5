/* 公报全文检索, the part that runs first: inlined in search.html's <head> before the stylesheet,
   it works out which index shards the query in the address needs and starts fetching them at
   once, while the stylesheet and search.js are still on their way. It also holds what the page
   and search.js share: the registry every index script calls (GZ.manifest / GZ.shard / GZ.doc),
   the script loader, and the query's keys. The Python twin is gazette/site/search_index.py. */
(function () {
  "use strict";
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var WORD = /[0-9a-z]+/g;
  var N = +document.currentScript.getAttribute("data-shards");
  var loading = {};
  var GZ = window.GZ = { M: null, shards: {}, deltas: {}, docs: {} };

  GZ.manifest = function (m) { GZ.M = m; };
  GZ.shard = function (n, d) { GZ.shards[n] = d; };
  GZ.delta = function (n, d) { GZ.deltas[n] = d; };
  GZ.doc = function (n, d) { GZ.docs[n] = d; };

  /* a script that registers itself, fetched once however often it is asked for */
  GZ.load = function (src, urgent) {
    if (!loading[src]) {
      loading[src] = new Promise(function (ok, fail) {
        var s = document.createElement("script");
        s.src = src;
        if (urgent) s.fetchPriority = "high";
        s.onload = function () { ok(); };
        s.onerror = function () { delete loading[src]; fail(new Error(src)); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  };

  function norm(s) { return s.normalize("NFKC").toLowerCase(); }
  GZ.norm = norm;

  /* keys a query needs: bigrams covering each CJK run (a single character is its own key),
     plus ASCII words and numbers; the same rules as query_keys() in Python */
  GZ.keysOf = function (q) {
    var t = norm(q), out = [], runs = t.match(CJK) || [], words = t.match(WORD) || [];
    runs.forEach(function (run) {
      if (run.length === 1) { out.push(run); return; }
      for (var i = 0; i + 1 < run.length; i += 2) out.push(run.substr(i, 2));
      if (run.length % 2) out.push(run.substr(run.length - 2, 2));
    });
    out = out.concat(words);
    return out.filter(function (k, i) { return out.indexOf(k) === i; });
  };

  /* the phrases a hit's text is marked with: each CJK run and ASCII word as typed */
  GZ.phrases = function (q) {
    var t = norm(q);
    return (t.match(CJK) || []).concat(t.match(WORD) || []);
  };

  /* a 发文字号 is one exact key: "#宿政办发〔2018〕56号" (Python: docno_key) */
  GZ.docno = function (q) {
    var t = norm(q).replace(/\s+/g, "").replace(/[\[(【]/g, "〔").replace(/[\])】]/g, "〕");
    var m = /^([\u3400-\u9fff]+)〔(\d{4})〕第?0*(\d+)号$/.exec(t);
    return m ? "#" + m[1] + "〔" + m[2] + "〕" + m[3] + "号" : null;
  };

  GZ.fnv = function (key) {
    var h = 0x811c9dc5;
    for (var ch of key) { h ^= ch.codePointAt(0); h = Math.imul(h, 16777619) >>> 0; }
    return h >>> 0;
  };

  /* the shard a key lives in: a title key "^k" lives with k (Python: slot) */
  GZ.slot = function (key) { return GZ.fnv(key.charAt(0) === "^" ? key.slice(1) : key) % N; };

  /* the keys the first lookup of a query reads: its 发文字号 as a whole if it is one, else its
     words; and the issuer filter's key (search.js: run and find) */
  GZ.firstKeys = function (q, issuer) {
    var exact = GZ.docno(q), keys = exact ? [exact] : GZ.keysOf(q);
    return keys.length && issuer !== "" ? keys.concat(["@" + issuer]) : keys;
  };

  var p = new URLSearchParams(window.location.search), q = p.get("q");
  if (q && N) {
    GZ.firstKeys(q, p.get("i") || "").forEach(function (k) {
      GZ.load("search/s/" + GZ.slot(k) + ".js", true).catch(function () { /* search.js says */ });
    });
  }
})();
