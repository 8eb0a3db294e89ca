// Typing drill: the server's clock starts at the first keystroke (the page asks it to start) and
// stops at submit; the server computes every figure. This script only shows live figures, with the
// same definitions, from composed text: while an IME is composing, the uncommitted text is not
// counted (compositionend commits it). Paste and drop are refused.
(function () {
  var form = document.getElementById("typing-form");
  if (!form) return;
  var box = document.getElementById("typed");
  var target = document.getElementById("target").textContent.normalize("NFC");
  var messages = document.getElementById("typing-messages").dataset;
  var warning = document.getElementById("typing-warning");
  var done = document.getElementById("typing-done");
  var perUnit = form.dataset.lang === "en" ? 5 : 1;
  var token = form.querySelector("input[name=csrf_token]").value;
  var startedAt = null;
  var starting = false;
  var composing = false;
  var committed = "";   // the text as of the last committed input

  function warn(text) { warning.textContent = text; warning.hidden = false; }

  function start() {
    if (starting || startedAt) return;
    starting = true;
    startedAt = Date.now();
    fetch(form.dataset.startUrl, {method: "POST", headers: {"X-CSRFToken": token}, credentials: "same-origin"})
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (body) { form.action = body.submit; done.disabled = false; })
      .catch(function () { warn(messages.failed); startedAt = null; starting = false; });
  }

  function lcs(a, b) {
    var previous = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      var current = [0];
      for (var j = 1; j <= b.length; j++) {
        current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
      }
      previous = current;
    }
    return previous[b.length];
  }

  function refresh() {
    if (!startedAt) return;
    var minutes = Math.max((Date.now() - startedAt) / 60000, 1 / 600);
    var typed = Array.from(committed.normalize("NFC"));
    var correct = lcs(typed, Array.from(target));
    document.getElementById("live-gross").textContent = Math.round(typed.length / perUnit / minutes);
    document.getElementById("live-net").textContent = Math.round(correct / perUnit / minutes);
    document.getElementById("live-accuracy").textContent = typed.length ? Math.round(100 * correct / typed.length) + "%" : "—";
    var seconds = Math.floor((Date.now() - startedAt) / 1000);
    document.getElementById("live-time").textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  box.addEventListener("compositionstart", function () { composing = true; start(); });
  box.addEventListener("compositionend", function () { composing = false; committed = box.value; refresh(); });
  box.addEventListener("beforeinput", function (event) {
    if (event.inputType === "insertFromPaste" || event.inputType === "insertFromDrop") {
      event.preventDefault();
      warn(messages.paste);
      return;
    }
    start();
  });
  box.addEventListener("input", function () { if (!composing) { committed = box.value; refresh(); } });
  ["paste", "drop"].forEach(function (name) {
    box.addEventListener(name, function (event) { event.preventDefault(); warn(messages.paste); });
  });
  setInterval(refresh, 1000);

  form.addEventListener("submit", function () {
    document.getElementById("client-seconds").value = startedAt ? ((Date.now() - startedAt) / 1000).toFixed(2) : "";
  });
})();
