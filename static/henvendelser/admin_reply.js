// Fill an empty reply box with the chosen standard answer (placeholders filled in on the server).
// Focus stays on the list, so keyboard users can keep moving through it with the arrow keys,
// and text the officer already typed is never replaced: then the "Use this standard answer"
// button adds the answer below it. Without JavaScript that button does the whole job.
(function () {
  "use strict";
  var form = document.querySelector(".case-reply-form");
  if (!form || !window.fetch) { return; }
  var select = form.querySelector("select[name=standard_answer]");
  var body = form.querySelector("textarea[name=body]");
  if (!select || !body) { return; }
  var filled = "";
  select.addEventListener("change", function () {
    if (!select.value) { return; }
    if (body.value.trim() && body.value !== filled) { return; }
    fetch(form.dataset.standardUrl + encodeURIComponent(select.value) + "/", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && (!body.value.trim() || body.value === filled)) {
          body.value = data.text;
          filled = data.text;
        }
      });
  });
})();
