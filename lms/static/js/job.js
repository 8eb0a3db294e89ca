// A background job's page: ask for its progress every second until it is finished, then reload to show the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-state-url]");
  if (!box) { return; }
  var bar = box.querySelector(".job-bar");
  var status = box.querySelector("[data-field=status-text]");
  function field(name, value) { box.querySelector("[data-field=" + name + "]").textContent = value; }
  function poll() {
    fetch(box.dataset.stateUrl, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (state) {
      field("percent", state.percent);
      field("done", state.done);
      field("total", state.total);
      bar.querySelector("rect").setAttribute("width", state.percent);
      bar.setAttribute("aria-valuenow", state.percent);
      status.textContent = status.dataset[state.status] || state.status;
      if (state.status === "done" || state.status === "failed") {
        if (state.errors || state.status === "failed") { window.location.reload(); return; }
        var link = box.querySelector("[data-test=job-download]");
        if (state.download) { link.href = state.download; link.hidden = false; }
        return;
      }
      window.setTimeout(poll, 1000);
    }).catch(function () { window.setTimeout(poll, 3000); });
  }
  if (["done", "failed"].indexOf(status.dataset.initial) < 0) { poll(); }
})();
