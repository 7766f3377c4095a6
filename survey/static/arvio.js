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

  // Copy buttons (a link for respondents): the link is on the page as text too, so without this script nothing is
  // lost. The result is said in the button's own status line (aria-live).
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = (source.getAttribute("href") || source.textContent).trim();
      navigator.clipboard.writeText(text).then(
        function () { if (status) { status.textContent = button.getAttribute("data-done"); } },
        function () { if (status) { status.textContent = button.getAttribute("data-failed"); } }
      );
    });
  });

  // Print buttons (the poster): the browser's own print dialogue; without this script, the browser's menu prints.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Read-aloud buttons for children's forms: the browser's own speech synthesis, in the page's language. A button
  // reads the element it names: a question (its legend, hint and options) or a block of text (the start page,
  // a page's heading and introduction, the thank-you page).
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    return;
  }
  var language = document.documentElement.lang || "fi";
  var locales = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };
  function textOf(target) {
    var parts = [];
    var selector = target.matches("fieldset") ? "legend, .hint, .choice__label"
      : "h1, h2, p, dt, dd, li, legend, .hint, .choice__label";
    target.querySelectorAll(selector).forEach(function (node) {
      parts.push(node.textContent.replace(/\s+/g, " ").trim());
    });
    return parts.filter(Boolean).join(". ");
  }
  document.querySelectorAll(".read-aloud[data-read]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-read"));
      if (!target) {
        return;
      }
      window.speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance(textOf(target));
      utterance.lang = locales[language] || language;
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    });
  });
})();
