// Shows a running (or just queued) recompute's progress, then reloads the page to show the outcome.
(function () {
  "use strict";
  const section = document.querySelector("[data-status-url]");
  if (!section) {
    return;
  }
  const queuedAfter = parseInt(section.dataset.queuedAfter || "", 10);
  const waitingForQueued = !Number.isNaN(queuedAfter);
  if (section.dataset.running !== "true" && !waitingForQueued) {
    return;
  }
  const bar = section.querySelector("progress");
  const text = section.querySelector("[data-progress-text]");
  const button = section.querySelector("button[type=submit]");
  const giveUpAt = Date.now() + 30 * 60 * 1000;

  function poll() {
    fetch(section.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        const isNewRun = !waitingForQueued || state.id > queuedAfter;
        if (isNewRun) {
          bar.value = state.percent;
          text.textContent = state.text;
        }
        if (button) {
          button.disabled = state.running || !isNewRun;
        }
        if (isNewRun && !state.running) {
          if (section.dataset.next && state.status === "succeeded") {
            // Back to the dashboard the recompute was started from, now showing the new results.
            window.location.replace(section.dataset.next);
            return;
          }
          const url = new URL(window.location.href);
          url.searchParams.delete("queued_after");
          window.location.replace(url.toString());
        } else if (Date.now() < giveUpAt) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
