/* PeerWork language hints while typing: the shipped language guide's terms, found in any
 * textarea marked data-language-hints, shown in its [data-hints-for] box. The same hints are
 * drawn by the server (competencies/language.py), so they work without this file too. The
 * server builds each term's pattern (accents, spaces, escapes); here it gets its word
 * boundaries: any letter, with or without an accent, is part of a word ("u" flag, \p{L}). */
(function () {
  "use strict";

  var node = document.getElementById("language-terms");
  if (!node) { return; }
  var terms = JSON.parse(node.textContent);

  var before = "(?<![\\p{L}\\p{N}_])";
  var after = "(?![\\p{L}\\p{N}_])";

  var matchers = terms.map(function (term) {
    return {
      re: new RegExp(before + term.pattern + "s?" + after, "iu"),
      ignore: term.ignore.map(function (p) { return new RegExp(before + p + after, "giu"); }),
      alternatives: term.alternatives
    };
  });

  // gettext() and interpolate() come from Django's JavaScript catalog (base.html).
  function hintText(found, alternatives) {
    return "💡 " + interpolate(
      gettext("Language hint: instead of “%(found)s”, the language guide suggests: %(alternatives)s."),
      { found: found, alternatives: alternatives.join(", ") }, true);
  }

  function showHints(textarea) {
    var box = document.querySelector('[data-hints-for="' + textarea.id + '"]');
    if (!box) { return; }
    var lines = [];
    matchers.forEach(function (m) {
      var text = m.ignore.reduce(function (t, re) { return t.replace(re, " "); }, textarea.value);
      var match = m.re.exec(text);
      if (match) { lines.push(hintText(match[0], m.alternatives)); }
    });
    var joined = lines.join("\n");
    if (box.dataset.current === joined) { return; }
    box.dataset.current = joined;
    box.textContent = "";
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.className = "mb-1";
      p.textContent = line;
      box.appendChild(p);
    });
  }

  document.querySelectorAll("textarea[data-language-hints]").forEach(function (textarea) {
    textarea.addEventListener("input", function () { showHints(textarea); });
  });
})();
