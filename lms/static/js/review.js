// 班前五分钟: one card at a time. Each answer is judged here at once (so the session works offline too), kept in a
// queue in localStorage with its own key, the phone's time and how long it took, and sent when there is a
// connection; the server judges it again, checks that the times are plausible and stores it once. The cards
// answered today are remembered, so a reload (from the offline copy when there is no connection) goes on where it was.
(function () {
  var root = document.getElementById("review");
  if (!root) return;
  var text = root.dataset;
  var status = document.getElementById("review-status");
  var form = document.getElementById("review-form");
  var QUEUE = "review-queue-" + text.user;
  var DONE = "review-done-" + text.user + "-" + text.day;
  var CACHE = "review-v1";

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (error) { return []; }
  }
  function store(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

  // Offline: the service worker (served from the site's root) answers /review and its files from a cache when
  // the network fails. It only sees pages loaded after it started, so this first page and its files are put in
  // the cache here too. A redirect (to sign in) is not kept: that is not the session.
  if ("serviceWorker" in navigator) navigator.serviceWorker.register(text.sw).catch(function () {});
  if ("caches" in window) {
    var urls = [location.pathname];
    document.querySelectorAll("link[rel=stylesheet], link[rel=icon], link[rel=manifest], script[src]").forEach(function (el) {
      urls.push(el.href || el.src);
    });
    caches.open(CACHE).then(function (cache) {
      urls.forEach(function (url) {
        fetch(url, {credentials: "same-origin"}).then(function (response) {
          if (response.ok && !response.redirected) cache.put(url, response);
        }).catch(function () {});
      });
    }).catch(function () {});
  }

  // ---- sending the queue ----
  var token = form ? form.querySelector("input[name=csrf_token]").value : null;
  var answerUrl = form ? form.dataset.answerUrl : null;
  var sending = false;
  var stopped = null;   // a reason no retry can fix (signed out, page expired): said once, nothing sent until reload

  function say(message) { status.textContent = message; }

  function report() {
    var left = load(QUEUE).length;
    if (stopped) say(stopped);
    else if (!navigator.onLine) say(text.msgOffline + (left ? " " + text.msgQueued.replace("{n}", left) : ""));
    else if (left) say(text.msgQueued.replace("{n}", left));
    status.dataset.pending = left;
  }

  function drop(key) { store(QUEUE, load(QUEUE).filter(function (item) { return item.key !== key; })); }

  function flush() {
    var queue = load(QUEUE);
    if (sending || stopped || !queue.length || !navigator.onLine || !token) { report(); return; }
    sending = true;
    var item = queue[0];
    var body = new FormData();
    body.append("csrf_token", token);
    body.append("client_key", item.key);
    body.append("answer", item.answer);
    body.append("duration_ms", item.duration);
    body.append("answered_at", item.at);
    fetch(answerUrl.replace("/0/answer", "/" + item.card + "/answer"),
          {method: "POST", body: body, headers: {"X-CSRFToken": token}, credentials: "same-origin"})
      .then(function (response) {
        sending = false;
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.redirected || (response.status === 400 && !json)) {
          // signed out, or the page is too old for its token: the answers wait in the queue for the next visit
          stopped = response.redirected ? text.msgSignin : text.msgReload;
          report();
          return;
        }
        if (response.ok || response.status === 404 || response.status === 422 || response.status === 400) {
          // stored (now or before), refused for good, or not this person's card: never to be sent again
          drop(item.key);
          if (!response.ok) {
            response.json().then(function (answer) { say(text.msgRefused + (answer.error || "")); }).catch(function () {});
          } else {
            say(text.msgSent);
          }
          flush();
          return;
        }
        setTimeout(flush, 5000);  // the server failed: try again
      })
      .catch(function () { sending = false; report(); });  // no connection: "online" will send it
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", report);
  flush();
  if (!form) return;

  // ---- the cards ----
  var cards = Array.prototype.slice.call(form.querySelectorAll(".review-card"));
  var done = load(DONE);
  var step = document.getElementById("review-step");
  var current = -1;
  var shownAt = 0;

  function key() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function normalise(value) {  // as lms.domain.scoring.normalise: width folded, case ignored, spaces and end punctuation dropped
    return value.normalize("NFKC").toLowerCase().replace(/\s+/g, "").replace(/^[。．.！!？?，,；;、：:～~…]+|[。．.！!？?，,；;、：:～~…]+$/g, "");
  }

  function show() {
    if (current >= 0) cards[current].hidden = true;
    do { current += 1; } while (current < cards.length && done.indexOf(cards[current].dataset.card) >= 0);
    if (current >= cards.length) {
      form.hidden = true;
      document.getElementById("review-done").hidden = false;
      return;
    }
    var card = cards[current];
    card.hidden = false;
    step.textContent = (current + 1) + " / " + cards.length;
    var first = card.querySelector("input, .review-option");
    if (first) first.focus();
    shownAt = performance.now();
  }

  function answered(card, answer, right) {
    var duration = Math.round(performance.now() - shownAt);
    card.querySelectorAll("button.review-option, input, .review-submit").forEach(function (el) { el.disabled = true; });
    card.querySelectorAll("[data-right=yes]").forEach(function (el) { el.closest(".review-option").classList.add("is-right"); });
    var feedback = card.querySelector(".review-feedback");
    feedback.querySelector(".review-verdict").textContent = right ? text.msgRight : text.msgWrong;
    feedback.classList.toggle("wrong", !right);
    feedback.hidden = false;
    feedback.querySelector(".review-next").focus();
    var queue = load(QUEUE);
    queue.push({key: key(), card: card.dataset.card, answer: answer, duration: duration, at: Date.now()});
    store(QUEUE, queue);
    done.push(card.dataset.card);
    store(DONE, done);
    flush();
  }

  cards.forEach(function (card) {
    var mode = card.dataset.mode;
    card.querySelector(".review-next").addEventListener("click", show);
    if (mode === "multiple") {
      card.querySelector(".review-submit").addEventListener("click", function () {
        var boxes = Array.prototype.slice.call(card.querySelectorAll("input[type=checkbox]"));
        var chosen = boxes.filter(function (box) { return box.checked; });
        chosen.forEach(function (box) { box.closest(".review-option").classList.add("chosen"); });
        var right = boxes.every(function (box) { return box.checked === (box.dataset.right === "yes"); });
        answered(card, chosen.map(function (box) { return box.value; }).join(","), right);
      });
    } else if (mode === "text") {
      var input = card.querySelector("input[type=text]");
      var accepted = JSON.parse(card.dataset.accepted || "{}");
      var submit = function () {
        var given = normalise(input.value);
        if (!given) { input.focus(); return; }
        var number = parseFloat(input.value.normalize("NFKC").replace(",", "."));
        var right = (accepted.texts || []).indexOf(given) >= 0 || (accepted.ranges || []).some(function (range) {
          return number >= range[0] && number <= range[1];
        });
        answered(card, input.value, right);
      };
      card.querySelector(".review-submit").addEventListener("click", submit);
      input.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); submit(); } });
    } else {
      card.querySelectorAll("button.review-option").forEach(function (button) {
        button.addEventListener("click", function () {
          button.classList.add("chosen");
          answered(card, button.value, button.dataset.right === "yes");
        });
      });
    }
  });
  show();
})();
