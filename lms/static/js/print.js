// A button that prints the page (the job aid): the print style sheet fits it on one A4 page.
(function () {
  var button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
