"""The drivers charts: an area's scores over time, as SVG line charts with captions that say what
they show in words (the numbers themselves are in the tables beside them)."""

from __future__ import annotations

from django.utils.formats import date_format

from charts import Series, line_chart

from .selectors import drivers_by_group


def trend_charts(trend, *, about: str) -> list:
    """Overall and group scores, then one chart per group of drivers (a few lines each, readable)."""
    if not trend.assessments:
        return []
    dates = [a.assessed_on for a in trend.assessments]

    def points(getter):
        return [(day, getter(trend.scores[a.pk]).percent) for day, a in zip(dates, trend.assessments, strict=True)]

    count = len(trend.assessments)
    when = f"{count} assessment{'s' if count != 1 else ''} from {date_format(dates[0])} to {date_format(dates[-1])}"
    charts = [
        line_chart(
            title="Overall and group scores",
            caption=f"{about}: overall and group scores as a percentage of the points possible for the items "
            f"answered, over {when}.",
            series=[Series("Overall", points(lambda s: s.overall))]
            + [
                Series(label, points(lambda s, g=group: s.group(g)))
                for group, label, _ in drivers_by_group(trend.drivers)
            ],
            x_label="Assessment date",
            y_label="Score (%)",
            unit="%",
            y_limits=(0, 100),
        )
    ]
    for _group, label, drivers in drivers_by_group(trend.drivers):
        latest = trend.scores[trend.latest.pk]
        weakest = min(
            (d for d in drivers if latest.driver(d.key).answered),
            key=lambda d: latest.driver(d.key).percent,
            default=None,
        )
        note = (
            f" In the latest assessment the weakest is {weakest.name} at {latest.driver(weakest.key).percent}%."
            if weakest
            else ""
        )
        charts.append(
            line_chart(
                title=f"{label} drivers",
                caption=f"{about}: each {label.lower()} driver's score over {when}.{note}",
                series=[Series(d.name, points(lambda s, k=d.key: s.driver(k))) for d in drivers],
                x_label="Assessment date",
                y_label="Score (%)",
                unit="%",
                y_limits=(0, 100),
            )
        )
    return charts
