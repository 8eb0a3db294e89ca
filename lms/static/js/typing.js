// Typing drill: the server's clock starts at the first keystroke (the page asks it to start) and
// stops at submit; the server computes every figure. This script only shows live figures, with the
// same definitions, from composed text: while an IME is composing, the uncommitted text is not
// counted (compositionend commits it). Paste and drop are refused.
// A timed test (data-minutes) counts down from the first keystroke, shows the run-on text around where the
// learner is, and at zero locks the box and submits; its live figures compare with the text typed so far.
(function () {
  var form = document.getElementById("typing-form");
  if (!form) return;
  var box = document.getElementById("typed");
  var target = document.getElementById("target").textContent.normalize("NFC");
  var messages = document.getElementById("typing-messages").dataset;
  var warning = document.getElementById("typing-warning");
  var done = document.getElementById("typing-done");
  var perUnit = form.dataset.lang === "en" ? 5 : 1;
  var limit = form.dataset.minutes ? Number(form.dataset.minutes) * 60 : null;   // seconds, timed tests only
  var chars = Array.from(target);
  var over = false;
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

  function clock(seconds) { return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0"); }

  function showWindow(position) {
    if (!limit) return;
    document.getElementById("window-done").textContent = chars.slice(Math.max(0, position - 30), position).join("");
    document.getElementById("window-next").textContent = chars[position] || "";
    document.getElementById("window-rest").textContent = chars.slice(position + 1, position + 160).join("");
  }

  function elapsed() {
    var seconds = (Date.now() - startedAt) / 1000;
    return limit ? Math.min(seconds, limit) : seconds;
  }

  function finish() {
    if (over) return;
    over = true;
    box.readOnly = true;
    if (composing) committed = box.value;
    warn(messages.over);
    if (!done.disabled) form.requestSubmit();
  }

  function refresh() {
    if (!startedAt) return;
    var minutes = Math.max(elapsed() / 60, 1 / 600);
    var typed = Array.from(committed.normalize("NFC"));
    var correct = lcs(typed, limit ? chars.slice(0, typed.length + 100) : chars);
    document.getElementById("live-gross").textContent = Math.round(typed.length / perUnit / minutes);
    document.getElementById("live-net").textContent = Math.round(correct / perUnit / minutes);
    document.getElementById("live-accuracy").textContent = typed.length ? Math.round(100 * correct / typed.length) + "%" : "—";
    var seconds = Math.floor(elapsed());
    document.getElementById("live-time").textContent = clock(limit ? limit - seconds : seconds);
    showWindow(typed.length);
    if (limit && seconds >= limit) finish();
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
  setInterval(refresh, limit ? 250 : 1000);
  showWindow(0);

  form.addEventListener("submit", function () {
    if (limit) box.readOnly = true;
    document.getElementById("client-seconds").value = startedAt ? elapsed().toFixed(2) : "";
  });
})();
