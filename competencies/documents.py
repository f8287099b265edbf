"""The shipped-data file formats (fixtures/README.md): validation, normalization, export.

`validate_document(data)` checks a whole parsed JSON document and returns
`(normalized, problems)`; `problems` lists every problem found, in words an admin can act on,
so a bad file is rejected once with all of them rather than one per attempt. The normalized
form has every optional field filled in, which makes "is the database already like this file?"
a plain comparison with `export_version` / `export_reference`.

Items may carry ``"translations"`` (peerwork/translations.py): they are checked here and kept
in the normalized form and in the exports, but they are not content: `without_translations`
gives the English document the comparisons and the read-only rules are about.
"""

import json

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from competencies.models import (
    Category,
    Competency,
    Framework,
    FrameworkSubject,
    FrameworkVersion,
    RatingLevel,
    RatingScale,
    ReferenceEntry,
    ReferenceList,
)
from peerwork.translations import check_translations
from peerwork.versioning import VersionStatus

FRAMEWORK_FORMAT = "peerwork.framework/1"
REFERENCE_FORMAT = "peerwork.reference/1"
FORMATS = (FRAMEWORK_FORMAT, REFERENCE_FORMAT)

# Upper bound on an uploaded fixture file; the largest shipped file is about 60 kB.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class DocumentError(Exception):
    """A document that cannot be loaded; `problems` lists every reason."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def parse_json(raw):
    """Bytes or text to a Python object, or DocumentError with where the JSON breaks."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError([_("The file is not UTF-8 text.")]) from None
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [
                _("The file is not valid JSON: %(msg)s at line %(line)s, column %(col)s.")
                % {"msg": exc.msg, "line": exc.lineno, "col": exc.colno}
            ]
        ) from None
    except RecursionError:
        raise DocumentError(
            [_("The file nests lists or objects too deeply to be a PeerWork document.")]
        ) from None
    except _NotANumber as exc:
        raise DocumentError(
            [
                _("The file holds %(name)s, which is not a number a document can hold.")
                % {"name": exc.args[0]}
            ]
        ) from None
    except ValueError:
        # Python refuses to read integers of more than 4,300 digits (int_max_str_digits).
        raise DocumentError(
            [_("The file holds a number with thousands of digits, too long to read.")]
        ) from None
    problems = _storable(data)
    if problems:
        raise DocumentError(problems)
    return data


class _NotANumber(ValueError):
    pass


def _refuse_constant(name):
    raise _NotANumber(name)  # NaN, Infinity, -Infinity: JSON has no such numbers


MAX_DEPTH = 32
# What every database the app runs on stores in an integer column.
INT_RANGE = (-(2**31), 2**31 - 1)


def _storable(data):
    """What no database could store, anywhere in the document: NUL characters (PostgreSQL
    refuses them in text), integers outside a database integer, nesting deeper than any
    document has. Walked without recursion, so a hostile file cannot exhaust the stack."""
    problems = []
    stack = [(data, "", 0)]
    while stack and len(problems) < 20:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(
                _("%(where)s: nested more deeply than a PeerWork document is.")
                % {"where": where or _("the document")}
            )
            continue
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    problems.append(
                        _("%(where)s: a name contains a NUL character.") % {"where": where or "/"}
                    )
                stack.append((item, f"{where}/{key}", depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}/{n}", depth + 1) for n, item in enumerate(value, 1))
        elif isinstance(value, str):
            if "\x00" in value:
                problems.append(
                    _("%(where)s: the text contains a NUL character (\\u0000).") % {"where": where}
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            if not INT_RANGE[0] <= value <= INT_RANGE[1]:
                problems.append(
                    _("%(where)s: the number is outside what can be stored (%(low)s to %(high)s).")
                    % {"where": where, "low": INT_RANGE[0], "high": INT_RANGE[1]}
                )
    return sorted(problems)


class _Checker:
    """Collects problems while walking a document."""

    def __init__(self):
        self.problems = []

    def add(self, where, message):
        self.problems.append(f"{where}: {message}" if where else message)

    def mapping(self, value, where):
        if not isinstance(value, dict):
            self.add(where, _("expected an object ({…})."))
            return {}
        return value

    def array(self, value, where, allow_missing=False):
        if value is None and allow_missing:
            return []
        if not isinstance(value, list):
            self.add(where, _("expected a list ([…])."))
            return []
        return value

    def text(self, obj, key, where, *, required=False, max_length=None, default=""):
        value = obj.get(key, default)
        if value is None:
            value = default
        if not isinstance(value, str):
            self.add(where, _("“%(key)s” must be text.") % {"key": key})
            return default
        if required and not value.strip():
            self.add(where, _("“%(key)s” is empty.") % {"key": key})
        if max_length and len(value) > max_length:
            self.add(
                where,
                _("“%(key)s” is longer than %(max)s characters.") % {"key": key, "max": max_length},
            )
        return value

    def slug(self, obj, key, where, max_length):
        value = self.text(obj, key, where, required=True, max_length=max_length)
        if value.strip():
            try:
                validate_slug(value)
            except ValidationError:
                self.add(
                    where,
                    _("“%(key)s” may contain only letters, numbers, hyphens and underscores.")
                    % {"key": key},
                )
        return value

    def boolean(self, obj, key, where, default):
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.add(where, _("“%(key)s” must be true or false.") % {"key": key})
            return default
        return value

    def strings(self, obj, key, where):
        value = obj.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, _("“%(key)s” must be a list of texts.") % {"key": key})
            return []
        return value

    def translations(self, obj, where, model):
        """An item's translations, checked against the fields `model` may translate."""
        problems = check_translations(obj.get("translations"), model, where)
        self.problems.extend(problems)
        return {} if problems else dict(obj.get("translations") or {})


def without_translations(document):
    """The document with every item's "translations" left out (the English text of record)."""
    if isinstance(document, dict):
        return {k: without_translations(v) for k, v in document.items() if k != "translations"}
    if isinstance(document, list):
        return [without_translations(v) for v in document]
    return document


def _definitions(checker, raw, where):
    """[{"term", "definition"}], both non-empty text."""
    definitions = []
    for number, item in enumerate(checker.array(raw, where, allow_missing=True), start=1):
        item_where = _("%(where)s, definition %(number)s") % {"where": where, "number": number}
        item = checker.mapping(item, item_where)
        definitions.append(
            {
                "term": checker.text(item, "term", item_where, required=True, max_length=200),
                "definition": checker.text(item, "definition", item_where, required=True),
            }
        )
    return definitions


def _scale(checker, raw, where):
    raw = checker.mapping(raw, where)
    code = checker.slug(raw, "code", where, 60)
    where = _("rating scale “%(code)s”") % {"code": code} if code else where
    scale = {
        "code": code,
        "name": checker.text(raw, "name", where, required=True, max_length=200),
        "description": checker.text(raw, "description", where),
        "levels": [],
        "translations": checker.translations(raw, where, RatingScale),
    }
    levels = checker.array(raw.get("levels"), where)
    if not levels:
        checker.add(where, _("a rating scale needs at least one level."))
    seen = set()
    for index, raw_level in enumerate(levels, start=1):
        level_where = _("%(scale)s, level %(n)s") % {"scale": where, "n": index}
        raw_level = checker.mapping(raw_level, level_where)
        level = {
            "code": checker.slug(raw_level, "code", level_where, 60),
            "label": checker.text(raw_level, "label", level_where, required=True, max_length=100),
            "definition": checker.text(raw_level, "definition", level_where),
            "counts_as_score": checker.boolean(raw_level, "counts_as_score", level_where, True),
            "score": raw_level.get("score"),
            "requires_comment": checker.boolean(raw_level, "requires_comment", level_where, False),
            "rarely_used": checker.boolean(raw_level, "rarely_used", level_where, False),
            "translations": checker.translations(raw_level, level_where, RatingLevel),
        }
        if level["code"] in seen:
            checker.add(
                level_where, _("the level code “%(code)s” is used twice.") % {"code": level["code"]}
            )
        seen.add(level["code"])
        score = level["score"]
        if score is not None and (isinstance(score, bool) or not isinstance(score, int)):
            checker.add(level_where, _("“score” must be a whole number or null."))
        elif level["counts_as_score"] and score is None:
            checker.add(level_where, _("a level that counts as a score needs a “score”."))
        elif not level["counts_as_score"] and score is not None:
            checker.add(level_where, _("a level that does not count as a score has no “score”."))
        scale["levels"].append(level)
    return scale


def _categories(checker, raw_categories, where):
    categories = []
    seen_numerals = set()
    for index, raw in enumerate(checker.array(raw_categories, where), start=1):
        cat_where = _("category %(n)s") % {"n": index}
        raw = checker.mapping(raw, cat_where)
        numeral = checker.text(raw, "numeral", cat_where, max_length=10)
        if numeral:
            cat_where = _("category %(numeral)s") % {"numeral": numeral}
            if numeral in seen_numerals:
                checker.add(
                    cat_where, _("the numeral “%(numeral)s” is used twice.") % {"numeral": numeral}
                )
            seen_numerals.add(numeral)
        category = {
            "numeral": numeral,
            "title": checker.text(raw, "title", cat_where, required=True, max_length=300),
            "description": checker.text(raw, "description", cat_where),
            "competencies": [],
            "translations": checker.translations(raw, cat_where, Category),
        }
        seen_numbers = set()
        competencies = checker.array(raw.get("competencies"), cat_where)
        for comp_index, raw_comp in enumerate(competencies, start=1):
            comp_where = _("%(category)s, competency %(n)s") % {
                "category": cat_where,
                "n": comp_index,
            }
            raw_comp = checker.mapping(raw_comp, comp_where)
            number = checker.text(raw_comp, "number", comp_where, required=True, max_length=20)
            if number.strip():
                comp_where = _("%(category)s, competency %(number)s") % {
                    "category": cat_where,
                    "number": number,
                }
                if number in seen_numbers:
                    checker.add(
                        comp_where,
                        _("the number “%(number)s” is used twice in this category.")
                        % {"number": number},
                    )
                seen_numbers.add(number)
            category["competencies"].append(
                {
                    "number": number,
                    "statement": checker.text(raw_comp, "statement", comp_where, required=True),
                    "prompts": checker.strings(raw_comp, "prompts", comp_where),
                    "translations": checker.translations(raw_comp, comp_where, Competency),
                }
            )
        categories.append(category)
    return categories


def validate_framework(data, known_scale_codes=None):
    """(normalized document, problems) for a `peerwork.framework/1` document.

    `known_scale_codes` are scales already in the database that the version may name without
    shipping them; by default they are read from the database.
    """
    checker = _Checker()
    data = checker.mapping(data, "")
    scales = [
        _scale(checker, raw, _("rating scale %(n)s") % {"n": n})
        for n, raw in enumerate(checker.array(data.get("rating_scales"), "rating_scales", True), 1)
    ]
    codes = [s["code"] for s in scales]
    for code in {c for c in codes if codes.count(c) > 1}:
        checker.add("", _("the rating scale “%(code)s” is listed twice.") % {"code": code})

    raw_fw = checker.mapping(data.get("framework"), "framework")
    framework = {
        "slug": checker.slug(raw_fw, "slug", "framework", 80),
        "name": checker.text(raw_fw, "name", "framework", required=True, max_length=300),
        "publisher": checker.text(raw_fw, "publisher", "framework", max_length=300),
        "subject": checker.text(raw_fw, "subject", "framework", default="individual"),
        "description": checker.text(raw_fw, "description", "framework"),
        "translations": checker.translations(raw_fw, "framework", Framework),
    }
    if framework["subject"] not in FrameworkSubject.values:
        checker.add(
            "framework",
            _("“subject” must be one of: %(choices)s.")
            % {"choices": ", ".join(FrameworkSubject.values)},
        )

    where = _("version")
    raw_version = checker.mapping(data.get("version"), where)
    version = {
        "label": checker.text(raw_version, "label", where, required=True, max_length=40),
        "status": checker.text(raw_version, "status", where, default=VersionStatus.DRAFT),
        "source": checker.text(raw_version, "source", where),
        "introduction": checker.text(raw_version, "introduction", where),
        "instructions": checker.text(raw_version, "instructions", where),
        "definitions": _definitions(checker, raw_version.get("definitions"), where),
        "self_assessment_instructions": checker.text(
            raw_version, "self_assessment_instructions", where
        ),
        "product_text": checker.strings(raw_version, "product_text", where),
        "rating_scale": checker.text(raw_version, "rating_scale", where, required=True),
        "repairs": checker.strings(raw_version, "repairs", where),
        "categories": _categories(checker, raw_version.get("categories"), _("version categories")),
        "translations": checker.translations(raw_version, where, FrameworkVersion),
    }
    if version["status"] not in VersionStatus.values:
        checker.add(
            where,
            _("“status” must be one of: %(choices)s.")
            % {"choices": ", ".join(VersionStatus.values)},
        )
    if not version["categories"] and isinstance(raw_version.get("categories"), list):
        checker.add(where, _("a version needs at least one category."))
    scale_code = version["rating_scale"]
    if scale_code and scale_code not in codes:
        if known_scale_codes is None:
            known = RatingScale.objects.filter(code=scale_code).exists()
        else:
            known = scale_code in known_scale_codes
        if not known:
            checker.add(
                where,
                _(
                    "the rating scale “%(code)s” is unknown: it is neither in the file’s "
                    "“rating_scales” nor already in PeerWork."
                )
                % {"code": scale_code},
            )
    normalized = {
        "format": FRAMEWORK_FORMAT,
        "rating_scales": scales,
        "framework": framework,
        "version": version,
    }
    return normalized, checker.problems


def validate_reference(data):
    """(normalized document, problems) for a `peerwork.reference/1` document."""
    checker = _Checker()
    data = checker.mapping(data, "")
    document = {
        "format": REFERENCE_FORMAT,
        "slug": checker.slug(data, "slug", "", 80),
        "title": checker.text(data, "title", "", required=True, max_length=300),
        "source": checker.text(data, "source", ""),
        "introduction": checker.text(data, "introduction", ""),
        "columns": checker.strings(data, "columns", ""),
        "repairs": checker.strings(data, "repairs", ""),
        "entries": [],
        "translations": checker.translations(data, "", ReferenceList),
    }
    for index, raw in enumerate(checker.array(data.get("entries"), "entries"), start=1):
        where = _("entry %(n)s") % {"n": index}
        raw = checker.mapping(raw, where)
        document["entries"].append(
            {
                "term": checker.text(raw, "term", where, required=True, max_length=300),
                "detail": checker.text(raw, "detail", where),
                "alternatives": checker.strings(raw, "alternatives", where),
                "kind": checker.text(raw, "kind", where, max_length=40),
                "translations": checker.translations(raw, where, ReferenceEntry),
            }
        )
    return document, checker.problems


def validate_document(data, known_scale_codes=None):
    """Dispatch on the document's `format` marker; returns (normalized, problems)."""
    if not isinstance(data, dict):
        return None, [_("The file must hold one JSON object.")]
    marker = data.get("format")
    if marker == FRAMEWORK_FORMAT:
        return validate_framework(data, known_scale_codes)
    if marker == REFERENCE_FORMAT:
        return validate_reference(data)
    return None, [
        _("The format marker is “%(found)s”; expected “%(a)s” or “%(b)s”.")
        % {
            "found": marker if isinstance(marker, str) else repr(marker),
            "a": FORMATS[0],
            "b": FORMATS[1],
        }
    ]


# --- export --------------------------------------------------------------------------------


def export_scale(scale):
    return {
        "code": scale.code,
        "name": scale.name,
        "description": scale.description,
        "levels": [
            {
                "code": level.code,
                "label": level.label,
                "definition": level.definition,
                "counts_as_score": level.counts_as_score,
                "score": level.score,
                "requires_comment": level.requires_comment,
                "rarely_used": level.rarely_used,
                "translations": level.translations,
            }
            for level in scale.levels.all()
        ],
        "translations": scale.translations,
    }


def export_framework_fields(framework):
    return {
        "slug": framework.slug,
        "name": framework.name,
        "publisher": framework.publisher,
        "subject": framework.subject,
        "description": framework.description,
        "translations": framework.translations,
    }


def export_version_content(version):
    """The version's content, as in a document's "version" (pass a prefetched version)."""
    return {
        "label": version.label,
        "status": version.status,
        "source": version.source,
        "introduction": version.introduction,
        "instructions": version.instructions,
        "definitions": list(version.definitions or []),
        "self_assessment_instructions": version.self_assessment_instructions,
        "product_text": list(version.product_text or []),
        "rating_scale": version.rating_scale.code,
        "repairs": list(version.repairs or []),
        "categories": [
            {
                "numeral": category.numeral,
                "title": category.title,
                "description": category.description,
                "competencies": [
                    {
                        "number": competency.number,
                        "statement": competency.statement,
                        "prompts": list(competency.prompts or []),
                        "translations": competency.translations,
                    }
                    for competency in category.competencies.all()
                ],
                "translations": category.translations,
            }
            for category in version.categories.all()
        ],
        "translations": version.translations,
    }


def export_version(version):
    """A whole `peerwork.framework/1` document for one version (pass a prefetched version,
    see `competencies.services.version_with_items`)."""
    return {
        "format": FRAMEWORK_FORMAT,
        "rating_scales": [export_scale(version.rating_scale)],
        "framework": export_framework_fields(version.framework),
        "version": export_version_content(version),
    }


def export_reference(reference_list):
    return {
        "format": REFERENCE_FORMAT,
        "slug": reference_list.slug,
        "title": reference_list.title,
        "source": reference_list.source,
        "introduction": reference_list.introduction,
        "columns": list(reference_list.columns or []),
        "repairs": list(reference_list.repairs or []),
        "entries": [
            {
                "term": entry.term,
                "detail": entry.detail,
                "alternatives": list(entry.alternatives or []),
                "kind": entry.kind,
                "translations": entry.translations,
            }
            for entry in reference_list.entries.all()
        ],
        "translations": reference_list.translations,
    }


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
