// Progressive enhancement only: the page reads the same without it.  Filter the matrix rows.
(function () {
  var table = document.querySelector("table.matrix");
  if (!table) { return; }
  var box = document.createElement("input");
  box.type = "text"; box.placeholder = "filter claims"; box.setAttribute("aria-label", "filter claims");
  table.parentNode.insertBefore(box, table);
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase();
    table.querySelectorAll("tbody tr").forEach(function (row) {
      row.style.display = row.textContent.toLowerCase().indexOf(words) >= 0 ? "" : "none";
    });
  });
})();
