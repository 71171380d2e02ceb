// Downloads and compiles main.wasm for boot.js, in a worker: off the
// page's main thread. It posts the module, or the error as a string.
"use strict";
WebAssembly.compileStreaming(fetch("main.wasm")).then(
  function (module) { postMessage(module); },
  function (err) { postMessage(String(err)); });
