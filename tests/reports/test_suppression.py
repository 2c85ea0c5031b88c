"""The small-numbers rule: primary suppression of 1–4 and secondary suppression where a total
would give a hidden count away."""

import pytest

from reports.suppression import PRIMARY, SECONDARY, footnote, show, suppress_column, suppress_table


def test_counts_from_one_to_four_are_shown_as_under_five():
    assert [show(v, 5) for v in (0, 1, 4, 5, 12, None)] == ["0", "<5", "<5", "5", "12", "—"]


def test_the_threshold_is_a_setting_not_a_constant():
    assert show(9, 10) == "<10"
    assert show(10, 10) == "10"


def test_a_column_with_no_small_counts_is_shown_as_it_is():
    assert suppress_column([5, 10, 20], threshold=5) == (["5", "10", "20"], "35")


def test_one_hidden_count_beside_a_total_hides_the_next_smallest_too():
    # 3 + 10 + 12 = 25: with only the 3 hidden, 25 − 10 − 12 would give it away.
    shown, total = suppress_column([12, 3, 10], threshold=5)
    assert shown == ["12", "<5", "[c]"]
    assert total == "25"


def test_two_small_counts_protect_each_other():
    shown, total = suppress_column([2, 3, 40], threshold=5)
    assert shown == ["<5", "<5", "40"]
    assert total == "45"


def test_with_nothing_else_to_hide_the_total_is_hidden():
    shown, total = suppress_column([3, 0], threshold=5)
    assert shown == ["<5", "0"]
    assert total == "<5"  # the total is itself small
    shown, total = suppress_column([3, 6], threshold=5)
    assert shown == ["<5", "[c]"]
    assert total == "9"
    shown, total = suppress_column([4], threshold=5)
    assert total == "<5"


def test_a_lone_hidden_count_whose_only_neighbour_is_zero_hides_the_zero():
    # 3 + 0 + 0 = 3 is small itself; with 7 the zeros are the only neighbours.
    shown, total = suppress_column([7, 0, 3], threshold=5)
    assert shown == ["[c]", "0", "<5"]
    assert total == "10"


def test_an_empty_column_has_no_total():
    assert suppress_column([], threshold=5) == ([], "—")


def test_zeros_are_shown():
    assert suppress_column([0, 0, 8], threshold=5) == (["0", "0", "8"], "8")


def test_missing_figures_are_neither_counted_nor_hidden():
    shown, total = suppress_column([None, 3, 9], threshold=5)
    assert shown == ["—", "<5", "[c]"]
    assert total == "12"


def test_secondary_suppression_spreads_through_rows_and_columns_until_nothing_can_be_worked_out():
    values = [
        [3, 10, 12],
        [20, 30, 40],
    ]
    table = suppress_table(values, threshold=5)
    assert table.cells == [["<5", "[c]", "12"], ["[c]", "[c]", "40"]]
    assert table.row_totals == ["25", "90"]
    assert table.column_totals == ["23", "40", "52"]
    assert table.grand_total == "115"
    assert table.reasons[("cell", 0, 0)] == PRIMARY
    assert table.reasons[("cell", 0, 1)] == SECONDARY
    _no_hidden_value_can_be_worked_out(values, table)


def test_a_small_total_is_hidden_and_its_line_then_needs_nothing_more():
    values = [[1, 2], [10, 20]]
    table = suppress_table(values, threshold=5)
    assert table.cells[0] == ["<5", "<5"]
    assert table.row_totals[0] == "<5"
    # The column totals (11, 22) would give away 1 and 2 from 10 and 20: those are hidden too.
    assert table.cells[1] == ["[c]", "[c]"]
    _no_hidden_value_can_be_worked_out(values, table)


@pytest.mark.parametrize(
    "values",
    [
        [[1, 7, 9], [8, 2, 30], [15, 16, 4]],
        [[0, 4, 0], [6, 0, 9]],
        [[3]],
        [[12, 13], [14, 2]],
        [[5, 5, 5], [5, 1, 5], [5, 5, 5]],
    ],
)
def test_no_hidden_count_can_ever_be_recovered_from_one_line(values):
    _no_hidden_value_can_be_worked_out(values, suppress_table(values, threshold=5))


def _no_hidden_value_can_be_worked_out(values, table):
    """In every row and column whose total is shown, never exactly one figure is hidden."""
    rows, columns = len(values), len(values[0])
    lines = [[("cell", r, c) for c in range(columns)] + [("row_total", r)] for r in range(rows)]
    lines += [[("cell", r, c) for r in range(rows)] + [("column_total", c)] for c in range(columns)]
    lines.append([("row_total", r) for r in range(rows)] + [("grand_total",)])
    lines.append([("column_total", c) for c in range(columns)] + [("grand_total",)])
    for line in lines:
        hidden = [p for p in line if table.is_hidden(p)]
        assert len(hidden) != 1, f"{hidden[0]} could be worked out from the rest of {line}"
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if 0 < value < 5:
                assert table.cells[r][c] == "<5"


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        suppress_table([[1, -2]], threshold=5)
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]], threshold=5)


def test_the_footnote_explains_both_symbols():
    text = footnote(5)
    assert '"<5"' in text and "[c]" in text and "1 to 4" in text
