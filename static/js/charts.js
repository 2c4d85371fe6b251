// Draws each Plotly figure on the page from the JSON the server put beside it (json_script), in the page's
// language, with a phone layout of its own where the figure has one (layout.meta.narrow, made in Python).
(function () {
  "use strict";
  const Plotly = window.Plotly;
  if (!Plotly) {
    return;
  }

  // Spanish as QIC writes it (qic/formats/es): dates as in Spanish, month names in lower case, numbers as
  // in the United States (decimal point, comma between thousands), like the numbers on the rest of the page.
  Plotly.register({
    moduleType: "locale",
    name: "es",
    dictionary: {
      "Double-click to zoom back out": "Haga doble clic para volver a la vista completa",
      "Double-click on legend to isolate one trace": "Haga doble clic en la leyenda para ver solo una serie",
    },
    format: {
      days: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
      shortDays: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
      months: [
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
      ],
      shortMonths: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
      periods: ["a. m.", "p. m."],
      date: "%d/%m/%Y",
      time: "%H:%M:%S",
      dateTime: "%A, %e de %B de %Y, %X",
      year: "%Y",
      month: "%b %Y",
      dayMonth: "%-d %b",
      dayMonthYear: "%-d %b %Y",
      decimal: ".",
      thousands: ",",
      grouping: [3],
      currency: ["$", ""],
    },
  });

  const language = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
  const CONFIG = {
    locale: language === "es" ? "es" : "en",
    // No toolbar: its buttons are in English only, its "share" button sends the chart to Plotly's cloud, and
    // zooming is switched off in the figures (fixedrange) so that a phone scrolls the page, not the chart.
    // Every chart has its figures in a table beside it.
    displayModeBar: false,
    displaylogo: false,
    showTips: false,
    scrollZoom: false,
    doubleClick: false,
    // Redrawn below when the chart's box changes size (a ResizeObserver), so Plotly's own listener is not needed.
    responsive: false,
  };
  // A chart narrower than this takes its figure's phone layout (Bootstrap's sm breakpoint).
  const NARROW = 576;

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // A copy of `base` with `changes` merged in, objects key by key (arrays and values replaced).
  function merged(base, changes) {
    const result = Object.assign({}, base);
    Object.keys(changes).forEach(function (key) {
      result[key] = isObject(base[key]) && isObject(changes[key]) ? merged(base[key], changes[key]) : changes[key];
    });
    return result;
  }

  function layoutFor(figure, narrow) {
    const phone = figure.layout.meta && figure.layout.meta.narrow;
    return narrow && phone ? merged(figure.layout, phone) : figure.layout;
  }

  const charts = new Map();

  // Draw a chart the first time its box has a width (a chart hidden on this screen waits until it is shown),
  // redraw it when it crosses the phone width, and resize it otherwise.
  function fit(element, width) {
    const chart = charts.get(element);
    if (!chart || !width || width === chart.width) {
      return;
    }
    chart.width = width;
    const narrow = width < NARROW;
    try {
      if (chart.narrow === narrow) {
        Plotly.Plots.resize(element);
        return;
      }
      chart.narrow = narrow;
      Plotly.react(element, chart.figure.data, layoutFor(chart.figure, narrow), CONFIG);
    } catch (error) {
      // One bad figure must not stop the others; its table and summary are still on the page.
      console.error("Could not draw", element.dataset.figure, error);
    }
  }

  const observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      fit(entry.target, Math.round(entry.contentRect.width));
    });
  });

  document.querySelectorAll("[data-figure]").forEach(function (element) {
    const source = document.getElementById(element.dataset.figure);
    if (!source || source.tagName !== "SCRIPT") {
      return;
    }
    try {
      // The script holds the figure's JSON as a string (plotly's own to_json, numpy arrays included).
      charts.set(element, { figure: JSON.parse(JSON.parse(source.textContent)), width: 0, narrow: null });
      observer.observe(element);
    } catch (error) {
      console.error("Could not read", element.dataset.figure, error);
    }
  });
})();
