// A box that scrolls (a wide table or card on a phone, the progress matrix) can be scrolled with the
// arrow keys only when the focus is in it: one that scrolls now and holds nothing focusable becomes a
// tab stop (WCAG 2.1.1), and stops being one when it no longer scrolls.
(function () {
  var BOXES = ".card, table.list, .matrix-wrap, .table-wrap, .prose table";
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  function scrolls(box) {
    var style = getComputedStyle(box);
    return (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth) ||
           (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight);
  }
  function mark() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      if (scrolls(box) && !box.querySelector(FOCUSABLE)) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
