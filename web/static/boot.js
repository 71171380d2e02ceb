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
