"""The drivers charts: an area's scores over time, as SVG line charts with captions that say what
they show in words (the numbers themselves are in the tables beside them)."""

from __future__ import annotations

from charts import Series, line_chart
from core.dates import day_label

from .scoring import answered_text
from .selectors import drivers_by_group


def _score_cell(score) -> str:
    """A table cell: '62% (31 of 40 answered)', or '—' when nothing was answered."""
    return "—" if score.percent is None else f"{score.percent}% ({answered_text(score)})"


def _with_answered(chart, trend, getters):
    """Each number in the chart's table with how many items it was worked out from.

    The chart's table has one row per assessment date (oldest first), the last assessment of a day
    winning, as in the drawing; `getters` pick each column's Score from an assessment's scores."""
    by_date = {a.assessed_on: trend.scores[a.pk] for a in trend.assessments}
    days = sorted(by_date)
    chart.rows = [
        [row[0]] + [_score_cell(getter(by_date[day])) for getter in getters]
        for row, day in zip(chart.rows, days, strict=True)
    ]
    return chart


def trend_charts(trend, *, about: str) -> list:
    """Overall and group scores, then one chart per group of drivers (a few lines each, readable)."""
    if not trend.assessments:
        return []
    dates = [a.assessed_on for a in trend.assessments]

    def points(getter):
        return [(day, getter(trend.scores[a.pk]).percent) for day, a in zip(dates, trend.assessments, strict=True)]

    count = len(trend.assessments)
    when = f"{count} assessment{'s' if count != 1 else ''} from {day_label(dates[0])} to {day_label(dates[-1])}"
    overall_getters = [lambda s: s.overall] + [
        lambda s, g=group: s.group(g) for group, _label, _drivers in drivers_by_group(trend.drivers)
    ]
    charts = [
        line_chart(
            title="Overall and group scores",
            caption=f"{about}: overall and group scores as a percentage of the points possible for the items "
            f"answered, over {when}.",
            series=[
                Series(label, points(getter))
                for label, getter in zip(
                    ["Overall"] + [label for _g, label, _d in drivers_by_group(trend.drivers)],
                    overall_getters,
                    strict=True,
                )
            ],
            x_label="Assessment date",
            y_label="Score (%)",
            unit="%",
            y_limits=(0, 100),
        )
    ]
    _with_answered(charts[0], trend, overall_getters)
    for _group, label, drivers in drivers_by_group(trend.drivers):
        latest = trend.scores[trend.latest.pk]
        weakest = min(
            (d for d in drivers if latest.driver(d.key).answered),
            key=lambda d: latest.driver(d.key).percent,
            default=None,
        )
        note = (
            f" In the latest assessment the weakest is {weakest.name} at {latest.driver(weakest.key).percent}% "
            f"({answered_text(latest.driver(weakest.key))})."
            if weakest
            else ""
        )
        getters = [lambda s, k=d.key: s.driver(k) for d in drivers]
        chart = line_chart(
            title=f"{label} drivers",
            caption=f"{about}: each {label.lower()} driver's score over {when}.{note}",
            series=[Series(d.name, points(lambda s, k=d.key: s.driver(k))) for d in drivers],
            x_label="Assessment date",
            y_label="Score (%)",
            unit="%",
            y_limits=(0, 100),
        )
        charts.append(_with_answered(chart, trend, getters))
    return charts
