// CSV import page, progressive enhancement only: refuse a file over the
// size limit before it is sent (the server refuses it too, but a browser
// cut off mid-upload may show a connection error instead of the page).
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var max = Number(input.getAttribute("data-max-bytes"));
    function check() {
      var f = input.files && input.files[0];
      input.setCustomValidity(f && f.size > max ? input.getAttribute("data-too-large") : "");
      if (f && f.size > max) input.reportValidity();
    }
    input.addEventListener("change", check);
    check();
  });
})();
