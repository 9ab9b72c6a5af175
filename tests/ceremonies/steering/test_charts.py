"""The steering trend charts read without guessing: months with their year, a y-axis with round
figures, month labels that never overlap, and every value in a table beside the chart."""

from datetime import UTC, datetime

from django.template.loader import render_to_string

from ceremonies.steering.charts import LABEL_WIDTH, trend_charts


def monthly(values: list[float | None], *, year=2026, first_month=1) -> list[tuple]:
    return [(n, datetime(year + (first_month + n - 1) // 12, (first_month + n - 1) % 12 + 1, 15,
                         tzinfo=UTC), {"open_impediments": value})
            for n, value in enumerate(values)]


def impediments_chart(values, **kwargs):
    return trend_charts(None, snapshots=monthly(values, **kwargs), tz=UTC)[0]


def test_each_month_is_named_with_its_year():
    chart = impediments_chart([3, 5], year=2026, first_month=11)
    assert [p.label for p in chart.points] == ["Nov 2026", "Dec 2026"]


def test_the_y_axis_runs_from_zero_to_a_round_figure_above_the_highest_value():
    chart = impediments_chart([3, 17, 9])
    assert [t.label for t in chart.ticks] == ["0", "10", "20"]
    assert chart.ticks[0].y > chart.ticks[1].y > chart.ticks[2].y  # drawn upwards
    highest = max(chart.plotted, key=lambda p: p.value)
    assert chart.ticks[2].y < highest.y < chart.ticks[1].y


def test_month_labels_shown_a_year_apart_do_not_overlap_and_the_latest_is_always_shown():
    chart = impediments_chart(list(range(12)))
    shown = [p for p in chart.points if p.show_label]
    assert shown[-1] is chart.points[-1]
    assert all(b.x - a.x >= LABEL_WIDTH for a, b in zip(shown, shown[1:], strict=False))
    assert len(shown) >= 3


def test_a_few_months_show_every_label():
    assert all(p.show_label for p in impediments_chart([1, 2, 3]).points)


def test_the_chart_keeps_its_values_as_a_table_and_its_axis_figures_as_text():
    chart = impediments_chart([4, None, 6], first_month=11)
    html = render_to_string("ceremonies/steering/_chart.html", {"chart": chart})
    assert '<th scope="col">Nov 2026</th>' in html and '<th scope="col">Jan 2027</th>' in html
    assert "<td>4</td><td>—</td><td>6</td>" in html
    assert 'text-anchor="end">10</text>' in html  # the y-axis' top figure
    assert "Dec 2026: no data" in chart.description
