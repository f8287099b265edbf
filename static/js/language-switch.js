/* The language switch keeps what the person typed and has not saved yet.
 *
 * Switching reloads the page in the other language, which would lose unsaved input. Before the
 * switch's form is sent, every changed field of the page's other forms is kept in
 * sessionStorage (this tab only, gone when it closes); when the same page loads again, the
 * values are put back and the usual input events fired, so counters and hints update. A form
 * that had changes also keeps its hidden fields (a revision, a one-time token) as they were,
 * so saving it afterwards still meets the concurrent-edit guards; the CSRF token is always the
 * fresh one. Passwords and files are never stored. */
(function () {
  "use strict";
  var KEY = "peerwork:unsaved-input";
  var switchForm = document.querySelector("form[data-language-switch]");

  function pageKey() { return window.location.pathname + window.location.search; }

  function otherForms() {
    return Array.prototype.filter.call(document.forms, function (form) {
      return !form.hasAttribute("data-language-switch");
    });
  }

  function storable(field) {
    if (!field.name || field.disabled || field.name === "csrfmiddlewaretoken") { return false; }
    var type = (field.type || "").toLowerCase();
    return ["password", "file", "submit", "button", "reset", "image"].indexOf(type) === -1;
  }

  function changed(field) {
    var type = (field.type || "").toLowerCase();
    if (type === "checkbox" || type === "radio") { return field.checked !== field.defaultChecked; }
    if (field.tagName === "SELECT") {
      var options = Array.prototype.slice.call(field.options);
      var marked = options.some(function (option) { return option.defaultSelected; });
      return options.some(function (option, i) {
        // A single choice with none marked starts on its first option.
        var initial = marked || field.multiple ? option.defaultSelected : i === 0;
        return option.selected !== initial;
      });
    }
    if (type === "hidden") { return false; }
    return field.value !== field.defaultValue;
  }

  // Fields are found again by name and, for repeated names, by their position among them.
  function describe(form) {
    var seen = {};
    return Array.prototype.filter.call(form.elements, storable).map(function (field) {
      var index = seen[field.name] = (seen[field.name] === undefined ? 0 : seen[field.name] + 1);
      var value;
      if (field.type === "checkbox" || field.type === "radio") {
        value = field.checked;
      } else if (field.tagName === "SELECT") {
        value = Array.prototype.filter.call(field.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        value = field.value;
      }
      return { name: field.name, index: index, value: value, changed: changed(field), field: field };
    });
  }

  function save() {
    var forms = [];
    otherForms().forEach(function (form, position) {
      var fields = describe(form);
      if (!fields.some(function (f) { return f.changed; })) { return; }
      forms.push({
        position: position,
        action: form.getAttribute("action") || "",
        fields: fields.filter(function (f) { return f.changed || f.field.type === "hidden"; })
          .map(function (f) { return { name: f.name, index: f.index, value: f.value }; })
      });
    });
    try {
      if (forms.length) {
        window.sessionStorage.setItem(KEY, JSON.stringify({ page: pageKey(), forms: forms }));
      } else {
        window.sessionStorage.removeItem(KEY);
      }
    } catch (error) { /* storage full or refused: switching still works, without the input */ }
  }

  function restore() {
    var saved;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
      window.sessionStorage.removeItem(KEY);
    } catch (error) { return; }
    if (!saved || saved.page !== pageKey()) { return; }
    var forms = otherForms();
    saved.forms.forEach(function (entry) {
      var form = forms[entry.position];
      if (!form || (form.getAttribute("action") || "") !== entry.action) { return; }
      var byName = {};
      describe(form).forEach(function (f) { byName[f.name + "\u0000" + f.index] = f.field; });
      entry.fields.forEach(function (stored) {
        var field = byName[stored.name + "\u0000" + stored.index];
        if (!field) { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = stored.value;
        } else if (field.tagName === "SELECT") {
          Array.prototype.forEach.call(field.options, function (o) {
            o.selected = stored.value.indexOf(o.value) !== -1;
          });
        } else {
          field.value = stored.value;
        }
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  if (switchForm) {
    switchForm.addEventListener("submit", function () {
      save();
      // The input is kept: pages that warn before leaving with unsaved changes need not.
      document.documentElement.setAttribute("data-input-kept", "");
    });
  }
  // After every script of the page has set up its listeners, so they hear the restored input.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
})();
