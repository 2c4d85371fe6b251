// A table wider than the screen scrolls sideways inside its .table-responsive box. A keyboard user can scroll
// it only if the box takes focus (WCAG 2.1.1; axe "scrollable-region-focusable"), so a box that scrolls is made a
// named, focusable region, and one that no longer scrolls (the window grew) stops being a tab stop. Boxes whose
// template already made them regions are left alone. Templates mark a box that scrolls at some width and is not a
// .table-responsive (a diagram, the framework grid) with .scroll-region, tabindex="0", role="region" and a name, so
// it is a tab stop without waiting for this script; <pre> blocks wide enough to scroll are handled here too.
(function () {
  "use strict";
  var boxes = Array.prototype.filter.call(document.querySelectorAll(".table-responsive, .scroll-region, pre"), function (box) {
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
  function later() {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  }
  window.addEventListener("resize", later);
  // A box whose content grows after the page loads (a table sorted or filled in, a chart drawn) is checked again.
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(later);
    boxes.forEach(function (box) {
      observer.observe(box);
      if (box.firstElementChild) observer.observe(box.firstElementChild);
    });
  }
})();
