// storyline's page script: optional comforts only; every page works without it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    var box = document.querySelector("input[type=search]");
    if (e.key === "/" && box && document.activeElement !== box) {
      e.preventDefault();
      box.focus();
    }
  });
  var hl = document.getElementById("hl");
  if (hl) {
    hl.scrollIntoView({ block: "center" });
  }
})();
