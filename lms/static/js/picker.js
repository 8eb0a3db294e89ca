// The people picker: a search box narrows the list of tick boxes, "select the whole team" ticks and locks them all,
// and a count says how many are chosen. Without script the tick boxes and the whole-team box work as they are.
(function () {
  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var search = picker.querySelector("[data-picker-search]");
    var all = picker.querySelector("[data-picker-all]");
    var count = picker.querySelector("[data-picker-count]");
    var none = picker.querySelector("[data-picker-none]");
    var boxes = Array.prototype.slice.call(picker.querySelectorAll(".picker-list input[type=checkbox]"));

    function update() {
      var n = all.checked ? boxes.length : boxes.filter(function (box) { return box.checked; }).length;
      count.textContent = count.dataset.template.replace("{n}", n);
    }

    function lock() {
      boxes.forEach(function (box) {
        if (all.checked) {
          box.dataset.before = box.checked ? "1" : "";
          box.checked = true;
        } else if (box.dataset.before !== undefined) {
          box.checked = box.dataset.before === "1";
        }
        box.disabled = all.checked;
      });
      update();
    }

    search.hidden = false;
    search.addEventListener("input", function () {
      var words = search.value.trim().toLowerCase();
      var shown = 0;
      boxes.forEach(function (box) {
        var item = box.closest("li");
        var match = !words || item.textContent.toLowerCase().indexOf(words) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      none.hidden = shown > 0;
    });
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    all.addEventListener("change", lock);
    if (all.checked) lock(); else update();
  });
})();
