// The article page's one behaviour: clicking a highlighted passage shows the records
// (claims, quotes, entities, places) covering it in the side panel. Kept in a file so the
// Content-Security-Policy can forbid inline script; the page reads fine without it.
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.getElementById("records");
  if (!panel) { return; }
  function show(refs) {
    var first = null;
    panel.querySelectorAll(".record").forEach(function (record) {
      var on = refs.indexOf(record.getAttribute("data-ref")) >= 0;
      record.classList.toggle("active", on);
      if (on && !first) { first = record; }
    });
    if (first) { first.scrollIntoView({block: "nearest"}); }
  }
  document.querySelectorAll(".body .mark").forEach(function (piece) {
    piece.addEventListener("click", function () { show(piece.getAttribute("data-refs").split(" ")); });
  });
});
