// Starts the playground: loads main.wasm and runs it with Go's wasm_exec.js.
// The page comes with the first view prerendered (wasm/prerender.go), and the
// app takes it over once it runs. The page loads this script first, before the
// stylesheets; wasm_exec.js and vugu.js are deferred (they run once the page
// is parsed, before DOMContentLoaded, which this script waits for before it
// uses them): as plain scripts they held the parser back, and the first
// timeline came 35 ms later (medians of 30 loads each, alternated: 914 against
// 879 ms; 6 against 2 loads over 1 s). It starts a worker (compile.js) at
// once, which downloads and compiles main.wasm off the page's main thread and
// hands the module over; the module is instantiated, and the app started, once
// the page is parsed and painted (it renders into #mount, with vugu.js's
// helper). Compiling on the main thread, as compileStreaming does, took
// 200–260 ms of its CPU (receiving the bytes, finishing the compilation, then
// Blink's ResponseBodyLoader) before the Go program could start, in tasks that
// held the parse and the paint back when they came first; in the worker,
// Chrome still reuses the compiled code it caches for the module. Chrome
// traces of loads to the first timeline (TestFirstRenderTrace, load 8–10, 6
// loads each, alternated): main-thread CPU 375–447 ms against 613–704 ms, on a
// load that reuses the cached code 159–256 ms against 401–418 ms. A browser
// that cannot hand a module over from a worker compiles it here, after the
// paint. On a start-default visit (below), window.batchlabShown (ms since
// navigation, mark batchlab:shown) is when the prerendered page's first frame
// is painted (its main-thread part: a timer after the frame,
// batchlabAfterPaint). No <link rel=preload> for main.wasm: Chrome then
// stopped reusing the compiled code it caches for the module (0 hits in 7
// repeat loads, against about 1 in 2 without).
(function () {
  "use strict";
  window.batchlabStart = performance.now();
  const whenParsed = function (f) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", f, {once: true});
    } else {
      f();
    }
  };
  const parsed = new Promise(whenParsed);
  const painted = parsed.then(function () {
    return new Promise(function (ok) { window.batchlabAfterPaint(ok); });
  });
  const compiled = new Promise(function (ok, fail) {
    const worker = new Worker("compile.js");
    worker.onmessage = function (e) {
      if (e.data instanceof WebAssembly.Module) {
        ok(e.data);
      } else {
        fail(new Error(e.data));
      }
    };
    worker.onerror = worker.onmessageerror = function () { fail(new Error("compile.js failed")); };
  }).catch(function () {
    // A browser that cannot hand a module over from a worker: compiled
    // here, once the page is painted.
    return painted.then(function () { return WebAssembly.compileStreaming(fetch("main.wasm")); });
  });
  painted.then(function () {
    if (document.documentElement.classList.contains("start-default")) {
      window.batchlabShown = performance.now();
      performance.mark("batchlab:shown");
    }
  });
  let go;
  compiled
    .then(function (module) {
      performance.mark("batchlab:compiled");
      return painted.then(function () {
        go = new Go(); // wasm_exec.js has run: the page is parsed
        return WebAssembly.instantiate(module, go.importObject);
      });
    })
    .then(function (instance) {
      performance.mark("batchlab:instantiated");
      go.run(instance);
    })
    .catch(function (err) {
      whenParsed(function () {
        // In place of the prerendered first view (or the loading line).
        const mount = document.getElementById("mount");
        mount.textContent = "The playground could not start: " + err;
        mount.className = "loading failed";
        mount.removeAttribute("inert");
      });
    });
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
// traces) in IndexedDB. Saving one place clears the other. A draft in
// IndexedDB leaves a marker in localStorage, so that the page can tell at
// once, before the body is parsed, that it will restore a draft (kept).
window.batchlabDraft = (function () {
  "use strict";
  // A draft goes to IndexedDB as a Blob written in parts (begin), whose
  // store copies no bytes in the page's task; big prompts documents go
  // there too. The newest save wins: each save or clear takes a ticket,
  // and an older one never undoes a newer one.
  const key = "batchlab.draft";
  const markerKey = "batchlab.draft.stored";
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
  const local = function (op) { try { return op(localStorage); } catch (e) { return null; } }; // null: storage off
  const dropInline = function () { local(function (s) { s.removeItem(key); }); };
  const dropMarker = function () { local(function (s) { s.removeItem(markerKey); }); };
  // latest is the ticket of the newest save or clear; inlineAt that of the
  // newest save to localStorage or clear, which a save to IndexedDB
  // finishing later must leave as it is.
  let latest = 0, inlineAt = 0;
  const self = {
    // saves counts the drafts stored in IndexedDB (for the browser tests).
    saves: 0,
    // kept reports whether a draft is kept, in either place (a draft in
    // IndexedDB by its marker: one saved by a page older than the marker
    // goes unnoticed until it is restored).
    kept: function () {
      return local(function (s) { return s.getItem(key) !== null || s.getItem(markerKey) !== null; }) === true;
    },
    // inline returns the draft kept in localStorage, or null.
    inline: function () {
      return local(function (s) { return s.getItem(key); });
    },
    // saveInline keeps text in localStorage and reports whether it could.
    saveInline: function (text) {
      try { localStorage.setItem(key, text); } catch (e) { return false; }
      inlineAt = ++latest;
      dropMarker();
      run("readwrite", function (s) { return s.delete(key); }).catch(function () {});
      return true;
    },
    // stored returns a promise of the draft kept in IndexedDB, its UTF-8
    // bytes (a Uint8Array, as an earlier page kept it or read from the
    // Blob kept now; a string if a yet earlier page kept it), or null.
    stored: function () {
      return run("readonly", function (s) { return s.get(key); }).then(function (v) {
        if (v === undefined) return null;
        if (v instanceof Blob) return v.arrayBuffer().then(function (b) { return new Uint8Array(b); });
        return v;
      });
    },
    // begin starts a draft for IndexedDB, written in parts: add(part)
    // appends a Uint8Array or a Blob; done() stores them, as one Blob,
    // and returns a promise of whether it did. A later save or clear
    // makes the draft stale (live() false): done stores nothing then.
    begin: function () {
      const ticket = ++latest;
      const parts = [];
      return {
        live: function () { return ticket === latest; },
        add: function (part) { parts.push(part); },
        done: function () {
          if (ticket !== latest) return Promise.resolve(false);
          const blob = new Blob(parts);
          return run("readwrite", function (s) { return s.put(blob, key); }).then(function () {
            self.saves++;
            if (inlineAt < ticket) {
              dropInline();
              local(function (s) { s.setItem(markerKey, "1"); });
            }
            return true;
          });
        }
      };
    },
    // clear forgets the draft: a promise.
    clear: function () {
      inlineAt = ++latest;
      dropInline();
      dropMarker();
      return run("readwrite", function (s) { return s.delete(key); });
    }
  };
  return self;
})();

// The page comes with the first view of the default scenario prerendered
// into #mount (wasm/prerender.go), which the app's first render takes
// over. A visit that opens another scenario, a link's fragment or the
// draft kept in this browser, must not show it as if it were its own:
// before the body is parsed, the page is marked start-default or
// start-own, and style.css shows the prerendered view or the loading line
// until the app runs.
document.documentElement.classList.add(
  location.hash.length > 1 || window.batchlabDraft.kept() ? "start-own" : "start-default");

// batchlabAfterPaint calls f once, in a task of its own after the browser
// has painted the page (a timer set from the next animation frame), or
// after 100 ms when no frame comes (a hidden tab).
window.batchlabAfterPaint = function (f) {
  let called = false;
  const call = function () {
    if (!called) {
      called = true;
      f();
    }
  };
  requestAnimationFrame(function () { setTimeout(call, 0); });
  setTimeout(call, 100);
};
