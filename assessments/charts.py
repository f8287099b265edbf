"""Charts drawn on the server as inline SVG, for the results page and the PDF alike.

Readable without colour and in print: the scale's levels run from light to dark in the
scale's own order, every segment carries its count as text, every row its mean as text,
and each chart has a <title> and a <desc> that says everything the picture shows.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Light to dark greys with a blue tint: distinct in greyscale print as well as on screen.
SCORED_FILLS = ["#eef3f8", "#c3d3e6", "#8aa9cc", "#4f7bb0", "#1f4e86", "#0b2a4f"]
UNSCORED_FILL = "#ffffff"
LABEL_WIDTH = 250
BAR_WIDTH = 380
MEAN_WIDTH = 220
ROW_HEIGHT = 26
ROW_GAP = 10


def level_fills(levels):
    """{level pk: (fill, text colour)}; levels that are not a score are white, dashed."""
    scored = sorted((lv for lv in levels if lv.counts_as_score), key=lambda lv: lv.score)
    step = max(1, len(SCORED_FILLS) // max(1, len(scored)))
    fills = {}
    for index, level in enumerate(scored):
        fill = SCORED_FILLS[min(index * step, len(SCORED_FILLS) - 1)]
        dark = SCORED_FILLS.index(fill) >= 3
        fills[level.pk] = (fill, "#ffffff" if dark else "#000000")
    for level in levels:
        fills.setdefault(level.pk, (UNSCORED_FILL, "#000000"))
    return fills


def _fmt(value):
    return "–" if value is None else f"{value:.2f}"


def distribution_chart(item_result, levels, chart_id):
    fills = level_fills(levels)
    cells = item_result.cells
    width = LABEL_WIDTH + BAR_WIDTH + MEAN_WIDTH
    height = len(cells) * (ROW_HEIGHT + ROW_GAP) + ROW_GAP
    item = item_result.item
    title = _("Item %(number)s: answers by group") % {"number": item.number}
    descriptions = []
    parts = []
    for row, cell in enumerate(cells):
        y = ROW_GAP + row * (ROW_HEIGHT + ROW_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW_HEIGHT / 2 + 5}" text-anchor="end" '
            f'font-size="13">{escape(cell.column.label)} (n={cell.column.size})</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{ROW_HEIGHT}" '
            'fill="none" stroke="#6c757d" stroke-width="1"/>'
        )
        x = LABEL_WIDTH
        said = []
        for level, count, _percent in cell.distribution:
            if not count:
                continue
            said.append(f"{level.label} {count}")
            segment = BAR_WIDTH * count / cell.answered
            fill, ink = fills[level.pk]
            dash = "" if level.counts_as_score else ' stroke-dasharray="3 2"'
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{segment:.1f}" height="{ROW_HEIGHT}" '
                f'fill="{fill}" stroke="#212529" stroke-width="1"{dash}/>'
            )
            if segment >= 16:
                parts.append(
                    f'<text x="{x + segment / 2:.1f}" y="{y + ROW_HEIGHT / 2 + 5}" '
                    f'text-anchor="middle" font-size="12" fill="{ink}">{count}</text>'
                )
            x += segment
        mean_text = _("mean %(mean)s") % {"mean": _fmt(cell.mean)}
        if cell.previous_mean is not None:
            mean_text += " " + _("(before %(mean)s)") % {"mean": _fmt(cell.previous_mean)}
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + ROW_HEIGHT / 2 + 5}" '
            f'font-size="12">{escape(mean_text)}</text>'
        )
        descriptions.append(
            f"{cell.column.label}: {', '.join(said) or _('no answers')}; {mean_text}."
        )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="assessment-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(" ".join(descriptions))}</desc>'
        f"{''.join(parts)}</svg>"
    )


def legend(levels):
    """The key to the charts, as a list with a swatch beside each level's label."""
    fills = level_fills(levels)
    entries = []
    for level in levels:
        fill, _ink = fills[level.pk]
        dash = "" if level.counts_as_score else ' stroke-dasharray="3 2"'
        score = f" ({level.score})" if level.counts_as_score else ""
        entries.append(
            '<li class="list-inline-item me-3">'
            '<svg width="18" height="14" aria-hidden="true" focusable="false">'
            f'<rect x="0.5" y="0.5" width="17" height="13" fill="{fill}" stroke="#212529"{dash}/>'
            f"</svg> {escape(level.label)}{score}</li>"
        )
    return mark_safe(f'<ul class="list-inline chart-legend mb-2">{"".join(entries)}</ul>')
