"""A closed round's results: per item, the distribution and mean by respondent group.

Small groups are withheld (see assessments/models.py). The rule, with `min` the setting
ASSESSMENT_MIN_GROUP_SIZE:

- a group with at least `min` respondents gets its own column;
- smaller groups are withheld. If together they reach `min`, they get one combined column
  and count in "all respondents". If together they stay under `min`, they are left out of
  every figure, "all respondents" included: otherwise "all respondents" minus the columns
  on show would be exactly their answers;
- "all respondents" itself is shown only when it counts at least `min` people.

Every figure comes from a fixed number of aggregate queries, whatever the number of
responses.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, RespondentGroup, Response
from competencies.models import Competency

WEAKEST_COUNT = 3


@dataclass
class Column:
    key: str
    label: str
    groups: tuple
    size: int


@dataclass
class Cell:
    column: Column
    distribution: list  # [(level, count, percent)]
    answered: int
    mean: float | None
    previous_mean: float | None = None

    @property
    def change(self):
        if self.mean is None or self.previous_mean is None:
            return None
        return round(self.mean - self.previous_mean, 2)


@dataclass
class ItemResult:
    item: Competency
    cells: list
    comments: list = field(default_factory=list)  # [(column label, text)]
    weakest: bool = False

    @property
    def overall(self):
        """The "all respondents" cell (or the widest one on show)."""
        return self.cells[-1] if self.cells else None


@dataclass
class Results:
    min_size: int
    levels: list
    columns: list
    withheld: list  # [(group label, size)]
    left_out: int  # respondents in withheld groups that count in no figure
    total: int
    items: list
    previous_round: object = None

    @property
    def has_figures(self):
        return bool(self.columns)

    @property
    def side_by_side(self):
        keys = {column.key for column in self.columns}
        return {RespondentGroup.PEER, RespondentGroup.NON_PEER} <= keys


def plan_columns(group_sizes, min_size):
    """(columns, withheld groups, number left out) from {group: respondents}."""
    columns, withheld = [], []
    for group in RespondentGroup:
        size = group_sizes.get(group.value, 0)
        if not size:
            continue
        if size >= min_size:
            columns.append(Column(group.value, group.label, (group.value,), size))
        else:
            withheld.append((group, size))
    withheld_size = sum(size for _group, size in withheld)
    counted = [group for column in columns for group in column.groups]
    left_out = 0
    if withheld_size >= min_size:
        groups = tuple(group.value for group, _size in withheld)
        columns.append(Column("smaller", _("Smaller groups combined"), groups, withheld_size))
        counted.extend(groups)
    else:
        left_out = withheld_size
    everyone = sum(group_sizes.get(group, 0) for group in counted)
    if everyone >= min_size and len(columns) != 1:
        label = _("All respondents") if not left_out else _("All respondents shown")
        columns.append(Column("all", label, tuple(counted), everyone))
    return columns, [(group.label, size) for group, size in withheld], left_out


def _items(version_id):
    return list(
        Competency.objects.filter(category__version_id=version_id)
        .select_related("category")
        .order_by("category__order", "order", "pk")
    )


def build_results(round_, *, with_previous=True, min_size=None):
    min_size = min_size or settings.ASSESSMENT_MIN_GROUP_SIZE
    version = round_.framework_version
    levels = list(version.rating_scale.levels.all())
    submitted = Response.objects.filter(round_id=round_.pk, submitted=True)
    group_sizes = dict(
        submitted.order_by().values_list("group").annotate(n=Count("pk")).values_list("group", "n")
    )
    columns, withheld, left_out = plan_columns(group_sizes, min_size)
    items = _items(version.pk)

    counts = {}
    answers = Answer.objects.filter(response__round_id=round_.pk, response__submitted=True)
    if columns:
        rows = (
            answers.order_by()
            .values_list("response__group", "competency_id", "level_id")
            .annotate(n=Count("pk"))
        )
        for group, competency_id, level_id, n in rows:
            counts[(group, competency_id, level_id)] = n
    comments = {}
    shown_groups = {group: column for column in columns for group in column.groups}
    if columns:
        texts = (
            answers.exclude(comment="")
            .filter(response__group__in=list(shown_groups))
            .order_by()
            .values_list("competency_id", "response__group", "comment")
        )
        for competency_id, group, text in texts:
            # A combined column's label, never the small group's own name.
            column = next(c for c in columns if group in c.groups and c.key != "all")
            comments.setdefault(competency_id, []).append((column.label, text.strip()))

    previous = round_.previous_round() if with_previous else None
    previous_means = {}
    if previous is not None:
        earlier = build_results(previous, with_previous=False, min_size=min_size)
        for item_result in earlier.items:
            key = (item_result.item.category.order, item_result.item.number)
            for cell in item_result.cells:
                previous_means[(key, cell.column.key)] = cell.mean

    item_results = []
    for item in items:
        cells = []
        for column in columns:
            distribution, answered, total, scored = [], 0, 0, 0
            for level in levels:
                n = sum(counts.get((group, item.pk, level.pk), 0) for group in column.groups)
                distribution.append([level, n, 0])
                answered += n
                if level.counts_as_score:
                    total += n * level.score
                    scored += n
            for entry in distribution:
                entry[2] = round(100 * entry[1] / answered) if answered else 0
            key = (item.category.order, item.number)
            cells.append(
                Cell(
                    column=column,
                    distribution=[tuple(entry) for entry in distribution],
                    answered=answered,
                    mean=round(total / scored, 2) if scored else None,
                    previous_mean=previous_means.get((key, column.key)),
                )
            )
        texts = sorted(comments.get(item.pk, []), key=lambda pair: pair[1].casefold())
        item_results.append(ItemResult(item=item, cells=cells, comments=texts))

    rated = [r for r in item_results if r.overall and r.overall.mean is not None]
    for result in sorted(rated, key=lambda r: r.overall.mean)[:WEAKEST_COUNT]:
        result.weakest = True
    return Results(
        min_size=min_size,
        levels=levels,
        columns=columns,
        withheld=withheld,
        left_out=left_out,
        total=sum(group_sizes.values()),
        items=item_results,
        previous_round=previous,
    )
