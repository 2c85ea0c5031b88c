from datetime import date

from charts import ReferenceLine, Series, line_chart


def _chart():
    return line_chart(
        title="Practitioners at fidelity",
        caption="Rising from 20% to 60%; the dashed line is the full-implementation mark.",
        series=[Series("At fidelity", [(date(2026, 1, 1), 20.0), (date(2026, 4, 1), None), (date(2026, 7, 1), 60.0)])],
        x_label="Quarter",
        y_label="Per cent",
        unit="%",
        y_limits=(0, 100),
        reference_lines=[ReferenceLine(50, "Full implementation (50%)")],
    )


def test_a_chart_is_svg_with_its_numbers_as_a_table():
    chart = _chart()
    assert chart.svg.lstrip().startswith("<?xml") and "<svg" in chart.svg
    assert "Practitioners at fidelity" in chart.svg
    assert chart.headers == ["Quarter", "At fidelity"]
    assert chart.rows == [["1 Jan 2026", "20%"], ["1 Apr 2026", "—"], ["1 Jul 2026", "60%"]]
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")


def test_the_same_data_draws_the_same_svg():
    assert _chart().svg == _chart().svg


def test_a_line_chart_is_drawn_once_per_picture_then_served_from_the_cache(monkeypatch):
    # Issue 17: the drivers progress page drew its charts with matplotlib on every request.
    import charts

    drawn = []
    real = charts._svg
    monkeypatch.setattr(charts, "_svg", lambda figure: drawn.append(1) or real(figure))
    options = {"title": "Cache test", "caption": "c", "x_label": "Quarter", "y_label": "Score"}
    first = charts.line_chart(series=[charts.Series("A", [("Q1", 1), ("Q2", 2)])], **options)
    again = charts.line_chart(series=[charts.Series("A", [("Q1", 1), ("Q2", 2)])], **options)
    changed = charts.line_chart(series=[charts.Series("A", [("Q1", 1), ("Q2", 3)])], **options)
    assert first.svg == again.svg != changed.svg
    assert len(drawn) == 2
