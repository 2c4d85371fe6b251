// Tables with class "sortable": each column header becomes a button that sorts the rows, and says so
// with aria-sort. Cells may carry data-sort (a number or an ISO date) to sort by instead of their text.
(function () {
  "use strict";
  function key(cell) {
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    const number = parseFloat(raw.replace(/[^0-9.\-]/g, ""));
    return Number.isNaN(number) || /^\d{4}-\d{2}/.test(raw) ? raw.toLowerCase() : number;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    const headers = table.querySelectorAll("thead th");
    headers.forEach(function (header, column) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link p-0 text-reset fw-bold text-decoration-none sort-button";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const x = key(a.cells[column] || a.cells[0]);
          const y = key(b.cells[column] || b.cells[0]);
          if (x === y) { return 0; }
          if (typeof x !== typeof y) { return typeof x === "number" ? -1 : 1; }
          return (x < y ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
