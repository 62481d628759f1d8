// Fill the reply box with the chosen standard answer (placeholders filled in on the server).
// Without JavaScript the "Use this standard answer" button does the same.
(function () {
  "use strict";
  var form = document.querySelector(".case-reply-form");
  if (!form || !window.fetch) { return; }
  var select = form.querySelector("select[name=standard_answer]");
  var body = form.querySelector("textarea[name=body]");
  if (!select || !body) { return; }
  select.addEventListener("change", function () {
    if (!select.value) { return; }
    fetch(form.dataset.standardUrl + encodeURIComponent(select.value) + "/", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { body.value = data.text; body.focus(); } });
  });
})();
