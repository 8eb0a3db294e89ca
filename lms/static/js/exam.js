// Exam paper: every change is saved to the server at once; a failed save is shown and retried
// until it goes through; the countdown starts from the server's remaining seconds and hands in
// when it reaches zero. Without this script the paper still works: answers go with "交卷".
(function () {
  // Back after handing in must not show a live paper from the browser's memory: ask the server,
  // which sends a finished attempt to its result.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });
  var form = document.getElementById("paper");
  var bar = document.getElementById("exam-bar");
  if (!form || !bar) return;
  var text = document.getElementById("messages").dataset;
  var status = document.getElementById("save-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  var baseUrl = bar.dataset.saveUrl.replace(/\/0$/, "/");
  var pending = {};      // position -> true while it still has to reach the server
  var timers = {};
  var retryDelay = 1000;
  var submitting = false;
  var stopped = false;   // a save came back that no retry can fix: say so once, retry nothing

  function show(message, failed) {
    status.textContent = message;
    status.classList.toggle("failed", !!failed);
    status.dataset.pending = Object.keys(pending).length;  // how many answers still have to reach the server
  }

  function fieldsOf(position) {
    var data = new FormData();
    data.append("csrf_token", token);  // checked by the server for the attempt's whole time, not an hour
    var block = document.getElementById("question-" + position);
    block.querySelectorAll("input, select, textarea").forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      data.append(field.name, field.value);
    });
    return data;
  }

  // One save per question on its way at a time, so the server always stores the newest answer last; a change
  // made meanwhile is sent when the save in flight has come back. Hand-in waits until nothing is in flight.
  var inFlight = {};
  var again = {};
  var handInWhenIdle = false;

  function settled(position) {
    delete inFlight[position];
    if (again[position]) { delete again[position]; send(position); return true; }
    if (handInWhenIdle && Object.keys(inFlight).length === 0) { handInWhenIdle = false; form.submit(); }
    return false;
  }

  function send(position) {
    if (inFlight[position]) { again[position] = true; return; }
    inFlight[position] = true;
    show(text.saving);
    fetch(baseUrl + position, {method: "POST", body: fieldsOf(position), headers: {"X-CSRFToken": token},
                               credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 409) {
          return response.json().then(function (body) { submitting = true; show(body.error, true); window.location = body.result; });
        }
        if (response.status === 400 || response.redirected) {
          // An expired page or a signed-out session: sending it again cannot succeed. Stop and say what to do;
          // the answers stay on the page and go with 交卷 or after a reload.
          return response.json().catch(function () { return {}; }).then(function (body) {
            settled(position);
            show(body.error || text.signedout, true);
            stopped = true;
          });
        }
        if (!response.ok) throw new Error(response.status);
        if (settled(position)) return;
        delete pending[position];
        retryDelay = 1000;
        var time = new Date().toLocaleTimeString([], {timeZone: bar.dataset.timezone});  // LMS_TIMEZONE, like the pages
        if (Object.keys(pending).length === 0) show(text.saved + " " + time);
      })
      .catch(function () {
        settled(position);
        if (stopped) return;
        show(text.failed, true);
        setTimeout(flush, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 15000);
      });
  }

  function flush() {
    if (stopped) return;
    Object.keys(pending).forEach(send);
  }

  function changed(event) {
    var block = event.target.closest(".question");
    if (!block) return;
    var position = block.dataset.position;
    pending[position] = true;
    status.dataset.pending = Object.keys(pending).length;
    clearTimeout(timers[position]);
    var typing = event.type === "input";
    if (stopped) return;
    timers[position] = setTimeout(function () { send(position); }, typing ? 700 : 0);
  }

  // Enter in a one-line answer box would hand the paper in (a form's implicit submission): it does nothing there.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input[type=text]")) event.preventDefault();
  });
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  window.addEventListener("online", flush);
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && Object.keys(pending).length) { event.preventDefault(); event.returnValue = ""; }
  });
  form.addEventListener("submit", function (event) {
    if (!submitting && !window.confirm(text.confirm)) { event.preventDefault(); return; }
    submitting = true;
    if (Object.keys(inFlight).length) { event.preventDefault(); handInWhenIdle = true; }
  });

  var remaining = parseInt(bar.dataset.remaining, 10);
  var end = Date.now() + remaining * 1000;
  var countdown = document.getElementById("countdown");
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    countdown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    countdown.classList.toggle("urgent", left <= 60);
    if (left === 0) {
      if (!submitting) { submitting = true; show(text.timeup); form.submit(); }
      return;
    }
    setTimeout(tick, 500);
  }
  tick();
})();
