// The error summary (templates/_error_summary.html): focused when the page arrives, so a screen reader reads the
// problems first; each link moves focus to its field and scrolls the field's question into view, as GOV.UK's does.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();

  // A field drawn by hand in its template may lack the id Django gives it: its line then stays, without a link.
  summary.querySelectorAll("a[href^='#']").forEach(function (link) {
    if (!document.getElementById(decodeURIComponent(link.hash.slice(1)))) {
      link.replaceWith(document.createTextNode(link.textContent));
    }
  });

  function questionOf(field) {
    // A radio or tick box belongs to a question asked by its fieldset's legend; other fields have a label.
    if (field.type === "radio" || field.type === "checkbox") {
      var fieldset = field.closest("fieldset");
      var legend = fieldset && fieldset.querySelector("legend");
      if (legend) return legend;
    }
    return document.querySelector('label[for="' + CSS.escape(field.id) + '"]') || field;
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    questionOf(field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
