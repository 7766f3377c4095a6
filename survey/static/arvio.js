// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so that screen reader and keyboard users hear the problems first.
  var summary = document.querySelector("[data-focus]");
  if (summary) {
    summary.focus();
  }

  // Error summary links: focus the field and bring its question (legend) into view.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) {
        return;
      }
      event.preventDefault();
      var question = input.closest("fieldset") || input;
      question.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  });

  // A table or map wider than the screen scrolls inside its own box: make that box reachable by keyboard and named
  // after its table's caption or its chart's title (WCAG 2.1.1), but only while it actually scrolls, so wide
  // screens get no extra stops.
  var scrollers = document.querySelectorAll(".table-scroll, .chart-scroll");
  function markScrollers() {
    scrollers.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption, svg > title");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.replace(/\s+/g, " ").trim() : "");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  if (scrollers.length) {
    markScrollers();
    window.addEventListener("resize", markScrollers);
    document.querySelectorAll("details").forEach(function (details) {
      details.addEventListener("toggle", markScrollers);
    });
  }

  // Read-aloud buttons for children's forms: the browser's own speech synthesis, in the page's language.
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    return;
  }
  var language = document.documentElement.lang || "fi";
  var locales = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };
  document.querySelectorAll(".read-aloud[data-read]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var question = document.getElementById(button.getAttribute("data-read"));
      if (!question) {
        return;
      }
      var parts = [];
      question.querySelectorAll("legend, .hint, .choice__label").forEach(function (node) {
        parts.push(node.textContent.replace(/\s+/g, " ").trim());
      });
      window.speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance(parts.join(". "));
      utterance.lang = locales[language] || language;
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    });
  });
})();
