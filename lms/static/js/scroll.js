// A box that scrolls (a wide table on a phone, the progress matrix) can be scrolled with the arrow
// keys only when it can take the focus: each one that scrolls now is a tab stop, the others are not.
(function () {
  function scrolls(box) {
    var style = getComputedStyle(box);
    return (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth) ||
           (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight);
  }
  function mark() {
    document.querySelectorAll("table.list, .matrix-wrap").forEach(function (box) {
      if (scrolls(box)) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
