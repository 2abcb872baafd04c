// Sala's one script on every page, loaded with `defer`. Reading never needs it. Over
// http(s) it registers the service worker and runs the "save for offline" buttons; from
// file:// (a USB stick) it does nothing, because the files are already on the device.
(function () {
  "use strict";
  // assets/sala.js → the site root, wherever the site lives.
  var root = new URL("../", document.currentScript.src);
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  // Under `sala serve` (it adds /__sala/live.js) a worker would keep old CSS while the
  // author edits: none is registered, and one left from an earlier visit is removed.
  if (document.querySelector('script[src^="/__sala/"]')) {
    navigator.serviceWorker.getRegistrations().then(function (list) {
      list.forEach(function (r) { r.unregister(); });
    });
    return;
  }
  // The save buttons appear only once the worker is registered: where it cannot be
  // (blocked, some private modes), a button would wait forever.
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
    .then(function () { document.querySelectorAll(".offline-save").forEach(setUp); })
    .catch(function () { /* pages still work online */ });

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function setUp(box) {
    // A section saved with its search index can run to megabytes: say so in MB.
    function kb(bytes) {
      if (bytes >= 1024 * 1024) {
        var mb = (bytes / (1024 * 1024)).toLocaleString(undefined, { maximumFractionDigits: 1 });
        return fill(box.dataset.sizeMb, { mb: mb });
      }
      return fill(box.dataset.size, { kb: Math.max(1, Math.round(bytes / 1024)).toLocaleString() });
    }
    var button = box.querySelector("button");
    var status = box.querySelector(".offline-status");
    box.hidden = false;
    // Tell the cost before the reader spends it: data is paid by the megabyte here.
    fetch(new URL("offline/" + box.dataset.section + ".json", root).href)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (m) {
        var size = box.querySelector(".offline-size");
        if (m && size) size.textContent = fill(box.dataset.download, { size: kb(m.bytes) });
      })
      .catch(function () {});
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = fill(box.dataset.saving, { done: 0, total: "…" });
      navigator.serviceWorker.ready.then(function (reg) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          var m = event.data;
          if (m.type === "progress") {
            status.textContent = fill(box.dataset.saving, m);
          } else if (m.type === "done") {
            status.textContent = fill(box.dataset.saved, { size: kb(m.bytes) });
            box.dataset.state = "saved";
            button.disabled = false;
          } else if (m.type === "error") {
            status.textContent = box.dataset.failed;
            box.dataset.state = "failed";
            button.disabled = false;
          }
        };
        reg.active.postMessage({ type: "save-section", section: box.dataset.section }, [channel.port2]);
      });
    });
  }
})();
