// Progressive enhancement only: the page reads the same without it.  Filter the matrix rows
// (both tables: the rows shown and those folded behind a count) by their text, verdict,
// parties and outlets.
(function () {
  var tables = document.querySelectorAll("table.matrix");
  if (!tables.length) { return; }
  var first = tables[0].closest(".matrix-wrap") || tables[0];
  var box = document.createElement("input");
  box.type = "text"; box.placeholder = "filter claims: words, verdict, party or outlet";
  box.setAttribute("aria-label", "filter claims");
  first.parentNode.insertBefore(box, first);
  var folded = document.getElementById("quiet-rows");
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase();
    if (words && folded) { folded.open = true; }
    tables.forEach(function (table) {
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var text = (row.textContent + " " + (row.dataset.outlets || "")).toLowerCase();
        row.style.display = text.indexOf(words) >= 0 ? "" : "none";
      });
    });
  });
})();
