/* PeerWork text limits: a live counter beside every field that has a limit (data-limit).
 * The limit is never enforced here: the browser's maxlength would silently cut pasted text,
 * so the server refuses an over-long value with a message and keeps all of it. This file
 * only shows, while typing, how close the text is to the limit. */
(function () {
  "use strict";

  var group = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function counterFor(field) {
    var id = "limit-" + field.id;
    var counter = document.getElementById(id);
    if (!counter) {
      counter = document.createElement("div");
      counter.id = id;
      counter.className = "form-text limit-counter";
      field.insertAdjacentElement("afterend", counter);
    }
    var described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(id) < 0) {
      described.push(id);
      field.setAttribute("aria-describedby", described.join(" "));
    }
    return counter;
  }

  function update(field, counter) {
    var limit = parseInt(field.dataset.limit, 10);
    var count = field.value.length;
    var over = count > limit;
    var values = { count: group.format(count), limit: group.format(limit), excess: group.format(count - limit) };
    // gettext() and interpolate() come from Django's JavaScript catalog (base.html).
    counter.textContent = over
      ? "⚠ " + interpolate(gettext("%(count)s of %(limit)s characters: %(excess)s too many. Shorten it before saving."), values, true)
      : interpolate(gettext("%(count)s of %(limit)s characters"), values, true);
    counter.classList.toggle("text-danger", over);
    counter.classList.toggle("fw-semibold", over);
    // Announced only when it matters (crossing the limit), not at every key press.
    counter.setAttribute("aria-live", over ? "assertive" : "off");
  }

  function attach(field) {
    if (!field.id || field.dataset.limitCounter) { return; }
    field.dataset.limitCounter = "1";
    var counter = counterFor(field);
    update(field, counter);
    field.addEventListener("input", function () { update(field, counter); });
  }

  function attachAll(root) {
    (root || document).querySelectorAll("[data-limit]").forEach(attach);
  }

  window.PeerWorkLimits = { attachAll: attachAll };
  attachAll(document);
})();
