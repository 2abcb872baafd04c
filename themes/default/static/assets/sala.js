// Sala's one script on every page, loaded with `defer`. Reading never needs it. Over
// http(s) it registers the service worker and runs the "save for offline" buttons; from
// file:// (a USB stick) it does nothing, because the files are already on the device.
(function () {
  "use strict";
  // assets/sala.js → the site root, wherever the site lives.
  var root = new URL("../", document.currentScript.src);
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
    .catch(function () { /* private mode or blocked: pages still work online */ });

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  document.querySelectorAll(".offline-save").forEach(function (box) {
    var button = box.querySelector("button");
    var status = box.querySelector(".offline-status");
    box.hidden = false;
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
            var size = fill(box.dataset.size, { kb: Math.max(1, Math.round(m.bytes / 1024)).toLocaleString() });
            status.textContent = fill(box.dataset.saved, { size: size });
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
  });
})();
