"""The scope-of-role chart, drawn on the server as SVG geometry for a template.

Bars are the share of sessions per month that reported out-of-role duties; every bar carries
its number as text (so the meaning never rests on colour or height alone) and a month with
no session says so.
"""

from django.utils import formats

WIDTH = 360
HEIGHT = 150
TOP = 20
BOTTOM = 30
LEFT = 34


def role_chart(shares):
    plot_height = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT) / max(len(shares), 1)
    bar_width = step * 0.6
    bars = []
    for index, month in enumerate(shares):
        x = LEFT + index * step + (step - bar_width) / 2
        percent = month["percent"]
        height = 0 if percent is None else max(plot_height * percent / 100, 1 if percent else 0)
        bars.append(
            {
                "x": round(x, 1),
                "y": round(TOP + plot_height - height, 1),
                "width": round(bar_width, 1),
                "height": round(height, 1),
                "label_x": round(x + bar_width / 2, 1),
                "value_y": round(TOP + plot_height - height - 4, 1),
                "month": formats.date_format(month["month"], "M"),
                "month_long": formats.date_format(month["month"], "YEAR_MONTH_FORMAT"),
                "percent": percent,
                "outside": month["outside"],
                "total": month["total"],
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": TOP + plot_height,
        "axis_x": LEFT,
        "top": TOP,
        "middle": TOP + plot_height / 2,
        "month_y": HEIGHT - 10,
        "bars": bars,
    }
