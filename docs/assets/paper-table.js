// Filters and sorting for the "All papers" table. Without this script the
// table is a plain list; with it, readers tick topics (a paper must carry all
// of them), narrow the years, and sort by clicking a column heading.
(function () {
  "use strict";

  function setUp(table) {
    var filters = document.querySelector(".paper-table-filters");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = filters.querySelector(".paper-table-count");
    var yearFrom = filters.querySelector("#year-from");
    var yearTo = filters.querySelector("#year-to");
    var sortState = { key: "order", ascending: true };

    function tickedTopics() {
      return Array.prototype.slice
        .call(filters.querySelectorAll("input[name=topic]:checked"))
        .map(function (box) { return box.value; });
    }

    function applyFilters() {
      var topics = tickedTopics();
      var from = parseInt(yearFrom.value, 10) || -Infinity;
      var to = parseInt(yearTo.value, 10) || Infinity;
      var shown = 0;
      rows.forEach(function (row) {
        var own = row.dataset.topics.split(" ");
        var year = parseInt(row.dataset.year, 10);
        var visible = topics.every(function (t) { return own.indexOf(t) >= 0; }) &&
          year >= from && year <= to;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " papers shown";
    }

    function sortBy(key) {
      sortState.ascending = sortState.key === key ? !sortState.ascending : true;
      sortState.key = key;
      var sorted = rows.slice().sort(function (a, b) {
        var left = a.dataset[key], right = b.dataset[key];
        var order = key === "year" || key === "order"
          ? Number(left) - Number(right)
          : left.localeCompare(right);
        if (order === 0) order = Number(a.dataset.order) - Number(b.dataset.order);
        return sortState.ascending ? order : -order;
      });
      sorted.forEach(function (row) { table.tBodies[0].appendChild(row); });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
        if (!cell.dataset.sort) return;
        cell.setAttribute("aria-sort", cell.dataset.sort === key
          ? (sortState.ascending ? "ascending" : "descending") : "none");
      });
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (!cell.dataset.sort) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "paper-table-sort";
      button.textContent = cell.textContent;
      button.addEventListener("click", function () { sortBy(cell.dataset.sort); });
      cell.textContent = "";
      cell.appendChild(button);
    });
    filters.addEventListener("change", applyFilters);
    filters.addEventListener("input", applyFilters);
    filters.hidden = false;
    applyFilters();
  }

  function start() {
    var table = document.querySelector("table.paper-table");
    if (table && document.querySelector(".paper-table-filters")) setUp(table);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
