// Polls an import's progress while it runs, then reloads the page to show the outcome.
(function () {
  "use strict";
  const section = document.querySelector("[data-progress-url]");
  if (!section) {
    return;
  }
  const bar = section.querySelector("progress");
  const text = section.querySelector("[data-progress-text]");
  const url = section.dataset.progressUrl;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        text.textContent = state.text;
        if (state.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
