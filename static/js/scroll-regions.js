// A table wider than the screen scrolls sideways inside its .table-responsive box. A keyboard user can scroll
// it only if the box takes focus (WCAG 2.1.1; axe "scrollable-region-focusable"), so a box that scrolls is made a
// named, focusable region, and one that no longer scrolls (the window grew) stops being a tab stop. Boxes whose
// template already made them regions are left alone.
(function () {
  "use strict";
  var boxes = Array.prototype.filter.call(document.querySelectorAll(".table-responsive"), function (box) {
    return !box.hasAttribute("tabindex");
  });
  if (!boxes.length) return;

  function nameOf(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    // Otherwise the heading the table sits under.
    for (var node = box; node && node !== document.body; node = node.previousElementSibling || node.parentElement) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
    }
    return "";
  }

  function update() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (box.getAttribute("tabindex") === "0") return;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var name = nameOf(box);
        if (name) box.setAttribute("aria-label", name);
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  update();
  // A table inside a closed <details> has no width until it is opened.
  document.addEventListener("toggle", update, true);
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  });
})();
