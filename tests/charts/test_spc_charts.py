"""Run charts and XmR charts from the shared chart place: centre line, limits, marks, annotations."""

from datetime import date

from charts import Annotation, MarkedPoint, ReferenceLine, run_chart_figure, spc_chart, xmr_chart_figure

POINTS = [(date(2025, m, 1), v) for m, v in zip(range(1, 9), [10, 12, None, 11, 19, 20, 21, 22], strict=True)]


def _xmr():
    return xmr_chart_figure(
        title="XmR chart: Concerns discussed",
        caption="Mean 11, limits 5 to 17.",
        points=POINTS,
        x_label="Period",
        y_label="Concerns",
        mean=11.0,
        limits=(5.0, 17.0),
        near_limits=(7.0, 15.0),
        baseline_points=3,
        marks=[MarkedPoint(4, "improvement", "Beyond a limit (improvement)"), MarkedPoint(5, "concern")],
        annotations=[Annotation(date(2025, 4, 15), "Stage change: initial implementation")],
        reference_lines=[ReferenceLine(18, "Target 18")],
        point_notes={1: "Two teams merged"},
    )


def test_an_xmr_chart_has_its_lines_and_marks_in_the_table():
    chart = _xmr()
    assert "<svg" in chart.svg and "XmR chart: Concerns discussed" in chart.svg
    assert chart.headers == ["Period", "Concerns", "Mean", "Lower limit", "Upper limit", "Signals", "Notes"]
    assert chart.rows[0] == ["1 Jan 2025", "10", "11", "5", "17", "—", "—"]
    assert chart.rows[1][-1] == "Two teams merged"
    assert chart.rows[2][1] == "—"  # a gap stays a row, with no figure
    assert chart.rows[4][5] == "Beyond a limit (improvement)"
    assert chart.rows[5][5] == "Concern"  # a mark without words is named by its kind


def test_annotations_are_numbered_on_the_chart_and_listed_in_words():
    chart = _xmr()
    assert chart.notes == ["1. Stage change: initial implementation (15 Apr 2025)"]
    # It falls in April's period, so April's row carries it too.
    assert chart.rows[3][-1] == "1. Stage change: initial implementation (15 Apr 2025)"
    assert "Stage change" not in chart.svg  # the picture shows the number; the words are in the notes


def test_a_run_chart_has_a_median_and_no_limits():
    chart = run_chart_figure(
        title="Run chart", caption="Median 11.", points=POINTS, x_label="Period", y_label="Concerns", median=11.0
    )
    assert chart.headers == ["Period", "Concerns", "Median", "Signals", "Notes"]
    assert "Median" in chart.svg and "Limits" not in chart.svg


def test_row_labels_and_number_format_can_be_given():
    chart = spc_chart(
        title="t",
        caption="c",
        points=POINTS[:2],
        x_label="Period",
        y_label="Per cent",
        centre=11,
        centre_label="Median",
        row_labels=["Jan 2025", "Feb 2025"],
        number=lambda y: f"{y:.0f}%",
    )
    assert chart.rows == [["Jan 2025", "10%", "11%", "—", "—"], ["Feb 2025", "12%", "11%", "—", "—"]]


def test_the_same_data_draws_the_same_svg():
    assert _xmr().svg == _xmr().svg
