/*
 * What every page does the same way.
 *
 * 1. Wide tables scroll inside their own region on a narrow screen (a phone, or a laptop at 200 %
 *    zoom), so the page itself never scrolls sideways: each table is wrapped in a focusable region
 *    named after the table's caption (or the heading before it), which keyboard users can scroll.
 *    Charts do the same: they keep a legible width and scroll inside their frame.
 *    The section tabs, one sideways-scrolling row on a phone, start scrolled to the current tab.
 * 2. Every form's long-text fields: a live count under each field with a limit (data-maxlength, set
 * by core.forms.polish), so nobody is surprised by the limit. Nothing is cut: the server names the
 * limit if it is passed. Screen readers hear the count only when the text goes over the limit.
 */
(function () {
  "use strict";

  function counterFor(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit) {
      return;
    }
    var counter = document.createElement("div");
    counter.className = "form-text char-count";
    counter.id = field.id ? field.id + "_count" : "";
    var alert = document.createElement("div");
    alert.className = "visually-hidden";
    alert.setAttribute("aria-live", "polite");
    var wasOver = false;

    function update() {
      var length = field.value.length;
      var over = length > limit;
      counter.textContent = length.toLocaleString("en-GB") + " of " + limit.toLocaleString("en-GB") + " characters" +
        (over ? " – " + (length - limit).toLocaleString("en-GB") + " too many" : "");
      counter.classList.toggle("text-danger", over);
      if (over !== wasOver) {
        alert.textContent = over ? "Over the limit of " + limit + " characters." : "Within the limit again.";
        wasOver = over;
      }
    }

    field.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", alert);
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-maxlength]").forEach(counterFor);

  function tableName(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var node = table.closest(".table-responsive") || table;
    while (node && node !== document.body) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) {
          return previous.textContent.trim();
        }
        var heading = previous.querySelector && previous.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading) {
          return heading.textContent.trim();
        }
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "Table";
  }

  var wrappers = [];

  function scrollable(table) {
    var wrapper = table.parentElement;
    if (!wrapper.classList.contains("table-responsive")) {
      wrapper = document.createElement("div");
      wrapper.className = "table-responsive";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    }
    wrappers.push({ wrapper: wrapper, name: tableName(table) + " (scrolls sideways)" });
  }

  // Only a table that does not fit becomes a named, focusable region (one more tab stop where it
  // helps, none where it does not); checked again when the window changes size.
  function markOverflowing() {
    wrappers.forEach(function (item) {
      var overflows = item.wrapper.scrollWidth > item.wrapper.clientWidth + 1;
      if (overflows) {
        item.wrapper.setAttribute("role", "region");
        item.wrapper.setAttribute("aria-label", item.name);
        item.wrapper.setAttribute("tabindex", "0");
      } else if (item.wrapper.getAttribute("aria-label") === item.name) {
        item.wrapper.removeAttribute("role");
        item.wrapper.removeAttribute("aria-label");
        item.wrapper.removeAttribute("tabindex");
      }
    });
  }

  // On a phone the section tabs are one sideways-scrolling row (portal.css): show the current one.
  document.querySelectorAll(".nav-tabs").forEach(function (tabs) {
    var current = tabs.querySelector(".active, [aria-current]");
    if (current && tabs.scrollWidth > tabs.clientWidth) {
      tabs.scrollLeft = Math.max(0, current.offsetLeft - tabs.offsetLeft - 24);
    }
  });

  document.querySelectorAll("main table").forEach(scrollable);
  document.querySelectorAll("main .chart-frame").forEach(function (frame) {
    wrappers.push({ wrapper: frame, name: (frame.getAttribute("data-chart-name") || "Chart") + " (chart, scrolls sideways)" });
  });
  markOverflowing();
  document.addEventListener("toggle", markOverflowing, true); // a table inside <details> opened
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markOverflowing, 150);
  });
})();
