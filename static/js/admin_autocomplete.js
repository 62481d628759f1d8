// The admin's autocomplete boxes (select2) are named only by their current value, so an
// empty box has no accessible name. Each box is named by its field's label as well.
(function () {
  "use strict";
  function nameBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (!container || !label) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "_label";
      }
      // The box (a combobox) and the value shown in it (a read-only textbox).
      container.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (box) {
        var ids = (box.getAttribute("aria-labelledby") || box.id || "")
          .split(" ")
          .filter(Boolean);
        if (ids.indexOf(label.id) === -1) {
          box.setAttribute("aria-labelledby", [label.id].concat(ids).join(" "));
        }
      });
    });
  }
  new MutationObserver(nameBoxes).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  window.addEventListener("load", nameBoxes);
})();
