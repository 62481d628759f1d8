// Suggest guidance articles while a person picks a topic or writes an enquiry.
// The page works without this: the "Show guidance for my question" button does the same.
(function () {
  "use strict";
  var box = document.getElementById("guidance-suggestions");
  var form = document.querySelector(".enquiry-form");
  if (!box || !form || !window.fetch) {
    return;
  }
  var timer = null;
  var lastQuery = null;

  function currentTopic() {
    var checked = form.querySelector("input[name=topic]:checked");
    return checked ? checked.value : "";
  }

  function refresh() {
    var message = form.querySelector("textarea[name=message]");
    var params = new URLSearchParams({ tema: currentTopic(), q: message ? message.value : "" });
    var query = params.toString();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    fetch(box.dataset.url + "?" + query, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () { /* keep the current suggestions */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 500);
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "topic") { refresh(); }
  });
  form.addEventListener("input", function (event) {
    if (event.target.name === "message") { later(); }
  });
})();
