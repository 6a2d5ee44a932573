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
  window.Gachi = { showAlert: showAlert };  // for static/js/editor.js

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]")) {
      target.form.submit();
    }
  });

  // An unavailable action says why on hover and focus (CSS) and on a tap, which phones need:
  // the first tap on it shows the reason; on a link, a second one follows it (to the
  // privileges page). Escape or a tap elsewhere hides it.
  function hideReasons(except) {
    document.querySelectorAll(".has-reason.show-reason").forEach(function (element) {
      if (element !== except) element.classList.remove("show-reason");
    });
  }
  document.addEventListener("click", function (event) {
    var element = event.target.closest && event.target.closest(".has-reason");
    hideReasons(element);
    if (!element) return;
    if (element.tagName === "A" && element.classList.contains("show-reason")) return;
    event.preventDefault();
    element.classList.toggle("show-reason");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideReasons(null);
  });

  // A formula wider than its column scrolls: let the keyboard reach it too (arrow keys).
  function markScrollingMath(root) {
    (root || document).querySelectorAll("div.math-display").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", document.getElementById("alerts").dataset.wideMathText);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { markScrollingMath(); });
  document.addEventListener("htmx:afterSwap", function (event) { markScrollingMath(event.target); });

  // Tag autocomplete: a picked suggestion replaces the name being typed (the last one).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tag-suggestion]");
    if (!button) return;
    var input = document.querySelector("[data-tag-input]");
    var names = input.value.split(",").map(function (name) { return name.trim(); });
    names[names.length - 1] = button.dataset.tagSuggestion;
    input.value = names.filter(Boolean).join(", ") + ", ";
    document.getElementById("tag-suggestions").innerHTML = "";
    // The concepts changed: companions listening for it (the suggested people) look again.
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });

  // Concept index: filter the cards as you type (the form still filters on the server).
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-live-filter]")) return;
    var needle = field.value.trim().toLowerCase();
    var root = document.querySelector(field.dataset.liveFilter);
    root.querySelectorAll("[data-filter-text]").forEach(function (card) {
      card.hidden = needle !== "" && card.dataset.filterText.toLowerCase().indexOf(needle) === -1;
    });
    root.querySelectorAll("section").forEach(function (section) {
      section.hidden = section.querySelector("[data-filter-text]:not([hidden])") === null;
    });
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
