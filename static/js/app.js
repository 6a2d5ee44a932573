// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function showAlert(text, kind) {
    var region = document.getElementById("alerts");
    if (!region || !text) return;
    var p = document.createElement("p");
    p.className = "alert alert-" + (kind || "error");
    p.textContent = text;
    region.appendChild(p);
    setTimeout(function () { p.remove(); }, 8000);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]")) {
      target.form.submit();
    }
  });

  // A refused htmx action (403/400) answers with a plain-text message: show it.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var type = xhr.getResponseHeader("Content-Type") || "";
    var fallback = document.getElementById("alerts").dataset.errorText;
    showAlert(type.indexOf("text/plain") === 0 ? xhr.responseText : fallback, "error");
  });
  // django-markdownx inserts the text "Invalid response" into the editor when an upload is
  // refused: keep the author's text as it was and show our message (JSON {"error": ...}).
  document.addEventListener("markdownx.fileUploadError", function (event) {
    var editor = event.target.querySelector("textarea");
    var before = editor ? editor.value : null;
    var detail = event.detail && event.detail[0];
    showAlert((detail && detail.error) || document.getElementById("alerts").dataset.errorText);
    if (editor !== null) {
      setTimeout(function () { editor.value = before; }, 0);
    }
  }, true);
  document.addEventListener("htmx:sendError", function () {
    showAlert(document.getElementById("alerts").dataset.offlineText, "error");
  });
})();
