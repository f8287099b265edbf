/* PeerWork evaluation form: progress, autosave, leave warning, goals (language hints: language-hints.js).
 * The form works fully without this file; it only adds conveniences. */
(function () {
  "use strict";

  var AUTOSAVE_DELAY = 2500;
  // gettext() comes from Django's JavaScript catalog, loaded by base.html before this file.
  var form = document.getElementById("evaluation-form");
  if (!form) { return; }

  // --- progress and "comment required" notes ----------------------------------------------
  function updateProgress() {
    var rated = 0;
    form.querySelectorAll("[data-category]").forEach(function (section) {
      var count = section.querySelectorAll("input[type=radio]:checked").length;
      rated += count;
      var counter = section.querySelector(".category-progress .js-rated");
      if (counter) { counter.textContent = count; }
      var note = section.querySelector(".js-comment-required");
      if (note) {
        note.hidden = !section.querySelector("input[type=radio][data-requires-comment]:checked");
      }
    });
    var overall = document.querySelector("#progress-overall .js-rated");
    if (overall) { overall.textContent = rated; }
  }

  // --- instructions: the toolbar link opens them ------------------------------------------
  document.querySelectorAll("[data-open-details]").forEach(function (link) {
    link.addEventListener("click", function () {
      var details = document.getElementById(link.dataset.openDetails);
      if (details) { details.open = true; }
    });
  });

  // --- development goals: add as many as needed --------------------------------------------
  var addGoal = document.getElementById("add-goal");
  var slots = form.querySelector("input[name=goal_slots]");
  var template = document.getElementById("goal-template");
  if (addGoal && slots && template) {
    addGoal.hidden = false;
    addGoal.addEventListener("click", function () {
      var index = parseInt(slots.value, 10) || 0;
      if (index >= 20) { addGoal.disabled = true; return; }
      var html = template.innerHTML.replace(/__i__/g, String(index)).replace(/__n__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstChild;
      document.getElementById("goal-list").appendChild(row);
      slots.value = String(index + 1);
      if (window.PeerWorkLimits) { window.PeerWorkLimits.attachAll(row); }
      row.querySelector("textarea").focus();
      markChanged();
    });
  }

  // --- autosave and the leave warning ----------------------------------------------------------
  var status = document.getElementById("save-status");
  var problem = document.getElementById("autosave-problem");
  var revision = form.querySelector("input[name=revision]");
  var changes = 0;          // edits since the page loaded
  var savedChanges = 0;     // edits covered by the last successful save
  var inFlight = false;
  var stopped = false;      // after a conflict: the person decides, not the timer
  var submitting = false;
  var offline = false;      // the last attempt never reached the server: the timer retries
  var timer = null;

  function dirty() { return changes !== savedChanges; }

  function say(text) { if (status) { status.textContent = text; } }

  function showProblem(message, list) {
    if (!problem) { return; }
    problem.textContent = "";
    var p = document.createElement("p");
    p.className = "mb-1";
    p.textContent = "⚠ " + message;
    problem.appendChild(p);
    if (list && list.length) {
      var ul = document.createElement("ul");
      ul.className = "mb-1";
      list.forEach(function (change) {
        var li = document.createElement("li");
        li.textContent = change.label + ": " + change.yours + " ≠ " + change.saved;
        ul.appendChild(li);
      });
      problem.appendChild(ul);
    }
    var hint = document.createElement("p");
    hint.className = "mb-0";
    hint.textContent = gettext("Your input is still in this form. Press “Save draft” to review the differences.");
    problem.appendChild(hint);
    problem.hidden = false;
  }

  function autosave() {
    timer = null;
    if (stopped || submitting || !dirty()) { return; }
    if (inFlight) { schedule(); return; }
    inFlight = true;
    var covered = changes;
    var data = new FormData(form);
    data.set("action", "save");
    // A draft save never needs the signature; the password is sent only to sign.
    data.delete("sign_password");
    say(gettext("Saving…"));
    // Not form.action: the buttons named "action" shadow that property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { code: response.status, body: body }; });
    }).then(function (result) {
      inFlight = false;
      offline = false;
      var body = result.body;
      if (result.code === 200 && body.status === "saved") {
        revision.value = body.revision;
        savedChanges = covered;
        say(body.message);
        if (problem) { problem.hidden = true; }
        if (dirty()) { schedule(); }
      } else if (body.status === "conflict") {
        stopped = true;
        say(gettext("Not saved"));
        showProblem(body.message, body.changes);
      } else {
        say(gettext("Not saved"));
        showProblem(body.message || gettext("Not saved"));
        if (body.status === "read-only") { stopped = true; }
      }
    }).catch(function () {
      inFlight = false;
      offline = true;
      say(gettext("Not saved: no connection. Trying again shortly."));
      timer = setTimeout(autosave, AUTOSAVE_DELAY * 4);
    });
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(autosave, AUTOSAVE_DELAY);
  }

  function markChanged() {
    changes += 1;
    if (!stopped) {
      say(gettext("Unsaved changes"));
      schedule();
    }
  }

  form.addEventListener("input", markChanged);
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") { updateProgress(); markChanged(); }
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    // data-input-kept: the language switch has stored the input (language-switch.js).
    if (dirty() && !submitting && !document.documentElement.hasAttribute("data-input-kept")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty() && !offline) { autosave(); }
  });

  updateProgress();
  var focusTarget = document.getElementById("conflict") || document.getElementById("error-summary");
  if (focusTarget) { focusTarget.focus(); }
})();
