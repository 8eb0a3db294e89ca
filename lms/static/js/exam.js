// Exam paper: every change is saved to the server at once and kept in this browser (localStorage, per attempt and
// question, the newest answer winning) until the server has acknowledged it, so a reload or a closed tab sends it
// again. A busy server (503, with Retry-After), a timeout or a lost network makes the page back off, with a
// random share of as long again (jitter), before trying again, then send all its unsent answers in one post (a busy
// server gets one request per page, not a burst, and stores them in one transaction); a save that can
// never succeed (400, signed out) stops and says so. The countdown
// starts from the server's remaining seconds and hands in when it reaches zero. Without this script the paper still
// works: answers go with "交卷".
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
  var saveUrl = bar.dataset.saveUrl;  // takes one answer or several, each named by its question's fields
  var prefix = "lms-unsent:" + saveUrl + "/";  // + position: one answer per question of this attempt
  var TIMEOUT = 30000;    // a save not answered by then is sent again (the server refuses one queued over 2 s)
  var BACKOFF_BASE = 2000, BACKOFF_CAP = 30000;
  var KEEP_DAYS = 2;      // other attempts' leftovers (their papers handed in) are dropped after this
  var pending = {};       // position -> the version of its answer that still has to reach the server
  var timers = {};
  var failures = 0;       // saves failed in a row: the back-off window doubles with each, up to BACKOFF_CAP
  var retryTimer = null;  // while set, the page is backing off: changes are kept, not sent
  var submitting = false;
  var stopped = false;    // a save came back that no retry can fix: say so once, retry nothing
  var kept = true;        // whether this browser keeps unsent answers (localStorage may be full or refused)

  function show(message, failed) {
    status.textContent = message;
    status.classList.toggle("failed", !!failed);
    status.dataset.pending = Object.keys(pending).length;  // how many answers still have to reach the server
  }

  // --- unsent answers in localStorage: {v: version, at: time, fields: [[name, value], ...]} ---
  function remember(position, entry) {
    try { window.localStorage.setItem(prefix + position, JSON.stringify(entry)); } catch (e) { kept = false; }
  }
  function recall(key) {
    try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
  }
  function forget(position, version) {
    var entry = recall(prefix + position);
    try { if (entry && entry.v === version) window.localStorage.removeItem(prefix + position); } catch (e) { /* gone */ }
  }

  function fieldsOf(position) {
    var fields = [];
    document.getElementById("question-" + position).querySelectorAll("input, select, textarea").forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      fields.push([field.name, field.value]);
    });
    return fields;
  }

  function restore(position, fields) {
    var block = document.getElementById("question-" + position);
    if (!block) return false;
    block.querySelectorAll("input, select, textarea").forEach(function (field) {
      var values = fields.filter(function (pair) { return pair[0] === field.name; }).map(function (pair) { return pair[1]; });
      if (field.type === "radio" || field.type === "checkbox") field.checked = values.indexOf(field.value) >= 0;
      else if (field.type !== "hidden") field.value = values.length ? values[0] : "";
    });
    return true;
  }

  // One save per question on its way at a time, so the server always stores the newest answer last; a change
  // made meanwhile is sent when the save in flight has come back. Hand-in waits until nothing is in flight.
  var inFlight = {};
  var again = {};
  var handInWhenIdle = false;

  // The saves of `positions` came back: changes made meanwhile go now (true if any did).
  function settled(positions) {
    var changedMeanwhile = positions.filter(function (position) { return again[position]; });
    positions.forEach(function (position) { delete inFlight[position]; delete again[position]; });
    if (changedMeanwhile.length) { send(changedMeanwhile); return true; }
    if (handInWhenIdle && Object.keys(inFlight).length === 0) { handInWhenIdle = false; form.submit(); }
    return false;
  }

  // Retry-After, then a random wait up to as long again, or up to a window of 2, 4, 8 … 30 s (doubling with each
  // failure) if that is longer: pages refused together do not come back together (lms/bench/patient.py does alike).
  function backOff(retryAfter) {
    failures += 1;
    var window_ = Math.max(retryAfter * 1000, Math.min(BACKOFF_CAP, BACKOFF_BASE * Math.pow(2, failures - 1)));
    var offline = navigator.onLine === false;
    show(offline ? text.offline : kept ? text.retrying : text.failed, true);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; sendWaiting(); }, retryAfter * 1000 + Math.random() * window_);
  }

  // Every unsent answer not on its way, in one post: after a back-off, after a reload, and after each save that
  // got through (answers kept meanwhile follow it).
  function sendWaiting() {
    if (stopped || retryTimer) return;
    var waiting = Object.keys(pending).filter(function (position) { return !inFlight[position]; });
    if (waiting.length) send(waiting);
  }

  // One post with the answers at `positions`; a question whose save is still on its way goes again after it.
  function send(positions) {
    positions = positions.filter(function (position) {
      if (inFlight[position]) again[position] = true;
      return !inFlight[position];
    });
    if (!positions.length) return;
    var entries = {};
    var data = new FormData();
    data.append("csrf_token", token);  // checked by the server for the attempt's whole time, not an hour
    positions.forEach(function (position) {
      var entry = (kept && recall(prefix + position)) || {v: pending[position], fields: fieldsOf(position)};
      entry.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
      entries[position] = entry;
      inFlight[position] = true;
    });
    if (!retryTimer && failures === 0) show(text.saving);
    var abort = new AbortController();
    var timeout = setTimeout(function () { abort.abort(); }, TIMEOUT);
    fetch(saveUrl, {method: "POST", body: data, headers: {"X-CSRFToken": token},
                               credentials: "same-origin", signal: abort.signal})
      .then(function (response) {
        clearTimeout(timeout);
        if (response.status === 409) {
          return response.json().then(function (body) {
            submitting = true; stopped = true; show(body.error, true); window.location = body.result;
          });
        }
        if (response.status === 400 || response.redirected) {
          // An expired page or a signed-out session: sending it again cannot succeed. Stop and say what to do;
          // the answers stay on the page and in this browser, and go with 交卷 or after a reload.
          return response.json().catch(function () { return {}; }).then(function (body) {
            settled(positions);
            show(body.error || (kept ? text.signedoutKept : text.signedout), true);
            stopped = true;
          });
        }
        if (!response.ok) {  // 503 from a busy server (or a proxy's 502/504): not stored, try again later
          positions.forEach(function (position) { delete again[position]; });  // kept: they go after the back-off
          settled(positions);
          if (!stopped) backOff(parseInt(response.headers.get("Retry-After"), 10) || 0);
          return;
        }
        return response.json().then(function (body) {
          body.positions.forEach(function (stored) {  // only what the server says it stored is forgotten
            var entry = entries[stored];
            if (!entry) return;
            forget(stored, entry.v);
            if (pending[stored] === entry.v) delete pending[stored];
          });
          failures = 0;
          if (settled(positions)) return;
          sendWaiting();  // answers kept meanwhile follow the save that got through
          var time = new Date().toLocaleTimeString([], {timeZone: bar.dataset.timezone});  // LMS_TIMEZONE, like the pages
          if (Object.keys(pending).length === 0) show(text.saved + " " + time);
        });
      })
      .catch(function () {  // no answer: the network is down, or the server did not answer within TIMEOUT
        clearTimeout(timeout);
        positions.forEach(function (position) { delete again[position]; });
        settled(positions);
        if (!stopped) backOff(0);
      });
  }

  function changed(event) {
    var block = event.target.closest(".question");
    if (!block) return;
    var position = block.dataset.position;
    var version = Date.now() * 1000 + Math.floor(Math.random() * 1000);  // newer than any kept before
    pending[position] = version;
    remember(position, {v: version, at: Date.now(), fields: fieldsOf(position)});
    status.dataset.pending = Object.keys(pending).length;
    clearTimeout(timers[position]);
    if (stopped || retryTimer) return;  // kept; sent once the page may send again
    var typing = event.type === "input";
    timers[position] = setTimeout(function () { if (!retryTimer) send([position]); }, typing ? 700 : 0);
  }

  // Answers this browser kept from an earlier visit to this paper go on the page and to the server; other
  // attempts' leftovers older than KEEP_DAYS are dropped.
  function resume() {
    var keys = [];
    try { for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i)); } catch (e) { return; }
    keys.forEach(function (key) {
      if (key.indexOf("lms-unsent:") !== 0) return;
      var entry = recall(key);
      if (key.indexOf(prefix) === 0 && entry && entry.fields && restore(key.slice(prefix.length), entry.fields)) {
        pending[key.slice(prefix.length)] = entry.v;
      } else if (key.indexOf(prefix) !== 0 && !(entry && Date.now() - entry.at < KEEP_DAYS * 86400000)) {
        try { window.localStorage.removeItem(key); } catch (e) { /* gone */ }
      }
    });
    if (Object.keys(pending).length) { show(text.resending); sendWaiting(); }
  }

  // Enter in a one-line answer box would hand the paper in (a form's implicit submission): it does nothing there.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input[type=text]")) event.preventDefault();
  });
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  window.addEventListener("online", function () { clearTimeout(retryTimer); retryTimer = null; sendWaiting(); });
  window.addEventListener("offline", function () { if (Object.keys(pending).length) show(text.offline, true); });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && Object.keys(pending).length) { event.preventDefault(); event.returnValue = ""; }
  });
  form.addEventListener("submit", function (event) {
    if (!submitting && !window.confirm(text.confirm)) { event.preventDefault(); return; }
    submitting = true;
    if (Object.keys(inFlight).length) { event.preventDefault(); handInWhenIdle = true; }
  });
  resume();

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
