// Starts the playground: loads main.wasm and runs it with Go's wasm_exec.js.
// The page loads this script first, before its stylesheets, so that the
// download of main.wasm and its compilation overlap the rest of the page's
// loading; the app starts once the page is parsed (it renders into #mount,
// with vugu.js's helper). No <link rel=preload> for main.wasm: Chrome then
// stops reusing the compiled code it caches for the module (0 hits in 7
// repeat loads, against about 1 in 2 without).
(function () {
  "use strict";
  window.batchlabStart = performance.now();
  const go = new Go();
  const fail = function (err) {
    const show = function () {
      const mount = document.getElementById("mount");
      mount.textContent = "The playground could not start: " + err;
      mount.className = "loading failed";
    };
    whenParsed(show);
  };
  const whenParsed = function (f) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", f, {once: true});
    } else {
      f();
    }
  };
  WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject)
    .then(function (result) {
      performance.mark("batchlab:instantiated");
      whenParsed(function () { go.run(result.instance); });
    })
    .catch(fail);
})();

// batchlabSetValue shows v in a form control unless the user is typing in
// it; the playground calls it after each render (one call instead of
// several from Go).
window.batchlabSetValue = function (el, v) {
  if (el === document.activeElement || el.value === v) { return; }
  el.value = v;
};

// batchlabSetChecked sets a checkbox or radio button.
window.batchlabSetChecked = function (el, on) {
  if (el.checked !== on) { el.checked = on; }
};

// batchlabDraft keeps the playground's draft between visits (the decisions
// are in wasm/draft): small drafts in localStorage, large ones (imported
// traces) in IndexedDB. Saving one place clears the other.
window.batchlabDraft = (function () {
  "use strict";
  const key = "batchlab.draft";
  const open = function () {
    return new Promise(function (ok, fail) {
      const r = indexedDB.open("batchlab", 1);
      r.onupgradeneeded = function () { r.result.createObjectStore("drafts"); };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  };
  const run = function (mode, op) {
    return open().then(function (db) {
      return new Promise(function (ok, fail) {
        const tx = db.transaction("drafts", mode);
        const req = op(tx.objectStore("drafts"));
        tx.oncomplete = function () { db.close(); ok(req.result); };
        tx.onerror = tx.onabort = function () { db.close(); fail(tx.error); };
      });
    });
  };
  const dropInline = function () { try { localStorage.removeItem(key); } catch (e) { /* storage off */ } };
  return {
    // inline returns the draft kept in localStorage, or null.
    inline: function () {
      try { return localStorage.getItem(key); } catch (e) { return null; }
    },
    // saveInline keeps text in localStorage and reports whether it could.
    saveInline: function (text) {
      try { localStorage.setItem(key, text); } catch (e) { return false; }
      run("readwrite", function (s) { return s.delete(key); }).catch(function () {});
      return true;
    },
    // stored returns a promise of the draft kept in IndexedDB (its UTF-8
    // bytes, a Uint8Array; a string if an earlier page kept it), or null.
    stored: function () {
      return run("readonly", function (s) { return s.get(key); })
        .then(function (v) { return v === undefined ? null : v; });
    },
    // save keeps data, the draft's UTF-8 bytes (a Uint8Array), in
    // IndexedDB: a promise.
    save: function (data) {
      return run("readwrite", function (s) { return s.put(data, key); }).then(dropInline);
    },
    // clear forgets the draft: a promise.
    clear: function () {
      dropInline();
      return run("readwrite", function (s) { return s.delete(key); });
    }
  };
})();
