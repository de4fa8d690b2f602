// Copy buttons for the commands. Without JavaScript the buttons stay
// hidden and the commands are plain text to select.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button.copy").forEach(function (button) {
    var pre = button.previousElementSibling;
    if (!pre) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }, function () {
        button.textContent = "Select and copy";
      });
    });
  });
});
