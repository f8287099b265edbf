"""A small reader of gettext .po files, enough for the catalog tests (no extra dependency)."""

import re
from dataclasses import dataclass, field

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')


def _unquote(text):
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text)


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list = field(default_factory=list)  # one string, or one per plural form
    flags: set = field(default_factory=set)
    references: list = field(default_factory=list)
    obsolete: bool = False

    @property
    def translated(self):
        return bool(self.msgstr) and all(self.msgstr)


def parse(path):
    """The entries of a .po file, the header (msgid "") included, in file order."""
    entries, current, target = [], None, None

    def start():
        nonlocal current
        if current is not None and (current.msgid or current.msgstr):
            entries.append(current)
        current = Entry()

    start()
    for raw in open(path, encoding="utf-8").read().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#"):
            if target is not None:  # a comment after a message begins the next entry
                start()
                target = None
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#:"):
                current.references.extend(line[2:].split())
            continue
        match = _LINE.match(line)
        if match:
            key, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if key in ("msgctxt", "msgid") and target in ("msgstr", "msgstr[]"):
                start()
            if key == "msgid" and target == "msgctxt":
                pass
            if key.startswith("msgstr"):
                current.msgstr.append(value)
                target = "msgstr[]" if index is not None else "msgstr"
            else:
                setattr(current, key, value)
                target = key
            continue
        if line.startswith('"') and line.endswith('"'):
            value = _unquote(line[1:-1])
            if target in ("msgstr", "msgstr[]"):
                current.msgstr[-1] += value
            else:
                setattr(current, target, getattr(current, target) + value)
            continue
        raise ValueError(f"{path}: cannot read {raw!r}")
    start()
    return entries
