(function () {
  "use strict";
  var box = document.getElementById("claim-search");
  var input = document.getElementById("claim-search-input");
  var table = document.getElementById("claim-table");
  var counter = document.getElementById("claim-count");
  if (!box || !input || !table || !counter || !table.tBodies.length) {
    return;
  }
  function fold(text) {
    return text.toLowerCase()
      .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, "\"")
      .replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/\s+/g, " ");
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return fold(row.textContent || ""); });
  function apply() {
    var words = fold(input.value).trim().split(" ").filter(function (w) { return w.length > 0; });
    var shown = 0;
    rows.forEach(function (row, i) {
      var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    counter.textContent = shown === rows.length
      ? rows.length + " claims"
      : shown + " of " + rows.length + " claims match";
  }
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.hidden) {
      input.value = "";
      apply();
      target.scrollIntoView();
    }
  }
  box.hidden = false;
  input.addEventListener("input", apply);
  window.addEventListener("hashchange", reveal);
  apply();
})();
