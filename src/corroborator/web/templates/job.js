// With JavaScript the page follows the job through the API and reloads once when it ends;
// without it, the refresh in <noscript> reloads the whole page every second.
(function () {
  var state = document.getElementById("job-state");
  document.getElementById("job-note").textContent = "Following the job as it runs.";
  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(state.dataset.job)).then(function (r) { return r.json(); }).then(function (job) {
      if (job.state === "done" || job.state === "failed" || job.state === "interrupted") { location.reload(); return; }
      state.textContent = job.state + (job.stage ? ": " + job.stage + ", " + job.done + " done" : "");
      setTimeout(poll, 500);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 300);
})();
