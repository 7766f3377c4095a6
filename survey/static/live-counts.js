// Live response counts: re-fetch the counts fragment every 30 seconds while the page is visible.
// Progressive enhancement only: without JavaScript the page shows the counts of the moment it was loaded.
(function () {
  "use strict";
  var box = document.getElementById("live-counts");
  if (!box || !window.fetch || !window.DOMParser) { return; }
  var url = box.getAttribute("data-refresh");
  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live-counts");
        var current = document.getElementById("live-counts");
        if (fresh && current && fresh.innerHTML !== current.innerHTML) {
          var open = current.querySelector("details[open]") !== null;
          current.innerHTML = fresh.innerHTML;
          var details = current.querySelector("details");
          if (details && open) { details.open = true; }
        }
      })
      .catch(function () { /* keep the counts shown */ });
  }
  window.setInterval(refresh, 30000);
}());
