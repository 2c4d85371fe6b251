// QIC's fixes to Django's admin, loaded on every admin page (templates/admin/base_site.html).
//
// The filter box of a many-to-many chooser (SelectFilter2.js) gets a search icon, a <span> with an aria-label; a
// plain span may not carry a name (axe "aria-prohibited-attr"), so the icon is given the role of an image. The
// admin's scripts draw the chooser when the page has loaded, so icons are fixed as they appear.
(function () {
  "use strict";
  function fixIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fixIcons(document);
    new MutationObserver(function () {
      fixIcons(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
