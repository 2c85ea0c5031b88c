/*
 * Save a long draft as it is written: the drivers assessment's scores and a quarterly return's
 * narrative (any form with `data-autosave`).
 *
 * The form works without this script (its Save draft button posts the whole form). With it, every
 * change is posted in the background with `X-Requested-With: fetch`; the server answers JSON.
 * The form carries the draft's version: when somebody else saved the draft in between, the server
 * answers 409, nothing is overwritten, the typed answers stay on the page, and saving in the
 * background pauses until the person chooses Save draft (their deliberate choice to keep theirs).
 * Attributes: data-autosave (URL to post to), data-status (id of the live status line),
 * data-saved-url (the saved draft, offered in a new tab after a clash); the Save draft button has
 * data-save-draft.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var status = document.getElementById(form.getAttribute("data-status"));
  if (status) {
    // Kept in view while the person works down a long form (static/css/portal.css).
    status.classList.add("save-status");
  }
  var version = form.querySelector("input[name='version']");
  var savedUrl = form.getAttribute("data-saved-url");
  var url = form.getAttribute("data-autosave") || window.location.pathname;

  var CHOICE_DELAY = 400; // a radio button: save almost at once
  var TYPING_DELAY = 1500; // an evidence note: wait for a pause in typing

  var timer = null;
  var saving = false;
  var again = false;
  var dirty = false;
  var paused = false;
  var submitting = false;

  function say(message, link) {
    if (!status) {
      return;
    }
    status.textContent = message;
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.target = "_blank";
      anchor.rel = "noopener";
      anchor.className = "alert-link";
      anchor.textContent = link.text;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(anchor);
    }
  }

  function schedule(delay) {
    dirty = true;
    if (paused) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function save() {
    window.clearTimeout(timer);
    timer = null;
    if (saving) {
      again = true;
      return;
    }
    if (navigator.onLine === false) {
      dirty = true;
      say("Not saved: you are offline. Your answers are still on this page and will be saved when you are back online.");
      return;
    }
    saving = true;
    dirty = false;
    say("Saving…");
    var body = new FormData(form);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(
          function (data) {
            return { status: response.status, data: data };
          },
          function () {
            return { status: response.status, data: {} };
          }
        );
      })
      .then(function (answer) {
        var data = answer.data || {};
        if (answer.status === 200 && data.saved) {
          version.value = data.version;
          say(data.message);
        } else if (answer.status === 409) {
          dirty = true;
          paused = true;
          if (data.clash && data.version) {
            // The next Save draft is the person's own choice to keep their answers.
            version.value = data.version;
          }
          say(data.message || "Not saved: this draft changed elsewhere.", savedUrl && !data.locked ? { href: savedUrl, text: "Open the saved draft in a new tab" } : null);
        } else {
          dirty = true;
          say(data.message || "Not saved: something went wrong. Your answers are still on this page; choose Save draft to try again.");
        }
      })
      .catch(function () {
        dirty = true;
        say("Not saved: the portal could not be reached. Your answers are still on this page; choose Save draft to try again.");
      })
      .then(function () {
        saving = false;
        if (again && !paused) {
          again = false;
          save();
        }
      });
  }

  form.addEventListener("change", function (event) {
    schedule(event.target.type === "radio" ? CHOICE_DELAY : TYPING_DELAY);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      schedule(TYPING_DELAY);
    }
  });
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-save-draft")) {
      event.preventDefault();
      paused = false;
      save();
      return;
    }
    submitting = true;
  });
  window.addEventListener("online", function () {
    if (dirty && !paused) {
      save();
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && (dirty || saving || timer)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
