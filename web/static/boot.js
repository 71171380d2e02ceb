// Starts the playground: loads main.wasm and runs it with Go's wasm_exec.js.
(function () {
  "use strict";
  window.batchlabStart = performance.now();
  const go = new Go();
  const fail = function (err) {
    const mount = document.getElementById("mount");
    mount.textContent = "The playground could not start: " + err;
    mount.className = "loading failed";
  };
  WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject)
    .then(function (result) { go.run(result.instance); })
    .catch(fail);
})();
