// Polls a report run's status while it is being built, then reloads the page to show its files.
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var url = box.dataset.statusUrl;
  var announce = box.querySelector("[data-run-announce]");
  function poll() {
    fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        var percent = box.querySelector("[data-run-percent]");
        if (percent) { percent.textContent = state.percent; }
        var bar = box.querySelector("[data-run-bar]");
        if (bar) { bar.value = state.percent; }
        if (state.finished) {
          if (announce) { announce.textContent = "The build has finished: " + state.status_label + "."; }
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
