(function () {
  "use strict";
  var bar = document.getElementById("flag-filters");
  if (!bar) { return; }
  bar.hidden = false;
  var selects = Array.prototype.slice.call(bar.querySelectorAll("select"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#flags .flag"));
  var count = document.getElementById("flag-count");
  function apply() {
    var want = {};
    selects.forEach(function (s) { if (s.value !== "") { want[s.name] = s.value; } });
    var keys = Object.keys(want);
    var shown = 0;
    rows.forEach(function (r) {
      var ok = keys.every(function (k) { return r.getAttribute("data-" + k) === want[k]; });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (count) { count.textContent = shown + " of " + rows.length + " flags shown"; }
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  var reset = document.getElementById("flag-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      selects.forEach(function (s) { s.value = ""; });
      apply();
    });
  }
  apply();
})();
