// Draws each Plotly figure on the page from the JSON the server put beside it (json_script).
(function () {
  "use strict";
  if (!window.Plotly) {
    return;
  }
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    const source = document.getElementById(element.dataset.figure);
    if (!source || source.tagName !== "SCRIPT") {
      return;
    }
    try {
      // The script holds the figure's JSON as a string (plotly's own to_json, numpy arrays included).
      const figure = JSON.parse(JSON.parse(source.textContent));
      window.Plotly.newPlot(element, figure.data, figure.layout, {
        responsive: true,
        displaylogo: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d"],
      });
    } catch (error) {
      // One bad figure must not stop the others; its table and summary are still on the page.
      console.error("Could not draw", element.dataset.figure, error);
    }
  });
})();
