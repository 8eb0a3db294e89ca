// The "read" button of a section unlocks only once the end of the section has been on screen,
// so a section counts as read after the learner reached its end. Without script it stays usable.
(function () {
  var end = document.getElementById("section-end");
  var button = document.querySelector("[data-read-button]");
  if (!end || !button || !("IntersectionObserver" in window)) return;
  button.disabled = true;
  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (entry) { return entry.isIntersecting; })) {
      button.disabled = false;
      observer.disconnect();
    }
  });
  observer.observe(end);
})();
