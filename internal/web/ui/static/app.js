// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Filters and the company switcher submit on change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.requestSubmit ? s.form.requestSubmit() : s.form.submit(); });
  });

  // Close an open row menu when another opens or on a click elsewhere.
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });

  // Placeholder picker: insert at the caret of the last focused field of
  // the same template (the message by default).
  var lastField = new WeakMap();
  document.querySelectorAll(".tpl").forEach(function (tpl) {
    tpl.querySelectorAll("input[name$='subject'], textarea").forEach(function (f) {
      f.addEventListener("focus", function () { lastField.set(tpl, f); });
    });
    tpl.querySelectorAll("button[data-insert]").forEach(function (b) {
      b.addEventListener("click", function () {
        var f = lastField.get(tpl) || tpl.querySelector("textarea");
        var text = b.getAttribute("data-insert");
        var start = f.selectionStart, end = f.selectionEnd;
        f.value = f.value.slice(0, start) + text + f.value.slice(end);
        f.focus();
        f.selectionStart = f.selectionEnd = start + text.length;
        f.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  });

  // Live preview: after a pause in typing, post the form to the preview
  // frame through the template's own Preview button.
  var timer;
  function refresh(tpl) {
    var b = tpl.querySelector("button[data-preview]");
    if (!b || !b.form.requestSubmit) return;
    b.form.requestSubmit(b);
  }
  document.querySelectorAll(".tpl").forEach(function (tpl) {
    tpl.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(tpl); }, 700);
    });
    tpl.addEventListener("change", function () { refresh(tpl); });
  });
  // The manual reminder shows its preview at once.
  var manual = document.querySelector("#manual-form .tpl");
  if (manual) refresh(manual);
  var form = document.getElementById("reminders-form");
  var first = document.querySelector("details.lang-tpl[open] .tpl");
  if (form && first && document.getElementById("preview_invoice")) {
    document.getElementById("preview_invoice").addEventListener("change", function () { refresh(first); });
    refresh(first);
  }
})();
