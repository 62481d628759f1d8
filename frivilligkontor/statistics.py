"""The Statistics page in the admin: figures for a period beside the same period a year
before, per month or quarter, each as a chart drawn on the server (SVG) with its numbers in
a table beside it and a CSV of that table.

Each app computes its own figures in `<app>/portal.py`:

    def statistics(*, period: Period) -> list[Section]

and this page only lays them out (the core imports no app). Apps leave out their example
(demo) data, and the page says so.
"""

import base64
import math
import statistics as stats
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from frivilligkontor import permissions
from frivilligkontor.csv_export import csv_response
from frivilligkontor.discovery import app_modules
from frivilligkontor.models import Unit

Number = int | float | None


class Grouping:
    MONTH = "month"
    QUARTER = "quarter"
    CHOICES = [(MONTH, _("Per month")), (QUARTER, _("Per quarter"))]


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Bucket:
    """One month or quarter of the period (cut to the period at its ends)."""

    label: str
    start: date
    end: date


@dataclass(frozen=True)
class Period:
    """The days `start`–`end` (both included), optionally one district, and the grouping."""

    start: date
    end: date
    district: Unit | None = None
    grouping: str = Grouping.MONTH

    def previous_year(self) -> "Period":
        """The same days a year before (29 February becomes 28 February)."""
        return Period(
            start=_shift_year(self.start, -1),
            end=_shift_year(self.end, -1),
            district=self.district,
            grouping=self.grouping,
        )

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=timezone.get_current_timezone())

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (a half-open range is exact at midnight)."""
        return datetime.combine(
            self.end + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
        )

    def within(self, field: str) -> Q:
        """Rows whose `field` (a moment) falls in the period:
        `Model.objects.filter(period.within("created_at"))`."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})

    def buckets(self) -> list[Bucket]:
        result = []
        months = 3 if self.grouping == Grouping.QUARTER else 1
        first_month = (self.start.month - 1) // months * months + 1
        current = date(self.start.year, first_month, 1)
        while current <= self.end:
            month_index = current.month - 1 + months
            following = date(current.year + month_index // 12, month_index % 12 + 1, 1)
            if months == 3:
                label = pgettext("quarter of a year", "Q%(quarter)d %(year)d") % {
                    "quarter": (current.month - 1) // 3 + 1,
                    "year": current.year,
                }
            else:
                label = date_format(current, "F Y")
            result.append(
                Bucket(
                    label=label,
                    start=max(current, self.start),
                    end=min(following - timedelta(days=1), self.end),
                )
            )
            current = following
        return result

    def bucket_index(self, day: date) -> int | None:
        for index, bucket in enumerate(self.buckets()):
            if bucket.start <= day <= bucket.end:
                return index
        return None

    def label(self) -> str:
        return f"{date_format(self.start, 'j. F Y')}–{date_format(self.end, 'j. F Y')}"


@dataclass(frozen=True)
class StatTable:
    """A table of numbers (and the chart drawn from it). `rows` are (row label, values),
    one value per column; None is shown as a dash (nothing to measure)."""

    slug: str
    title: str
    row_heading: str
    columns: Sequence[str]
    rows: Sequence[tuple[str, Sequence[Number]]]
    unit: str = ""
    chart: bool = True
    note: str = ""

    def display_rows(self) -> list[tuple[str, list[str]]]:
        """The rows as the table shows them (the unit is in the caption)."""
        return [(label, [format_number(value) for value in values]) for label, values in self.rows]

    def chart_svg(self) -> str:
        """The chart as an SVG document (drawn here; no chart script in the browser)."""
        if not (self.chart and self.rows):
            return ""
        return render_to_string("admin/statistics/chart.svg", {"chart": BarChart.of(self)})

    def chart_data_uri(self) -> str:
        """The chart for an <img>: its text alternative is the alt text and the table."""
        svg = self.chart_svg()
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() if svg else ""


@dataclass(frozen=True)
class Section:
    """The figures of one area (one app), in the order the page shows them."""

    slug: str
    title: str
    tables: list[StatTable] = field(default_factory=list)
    note: str = ""


# --- small helpers the apps share -------------------------------------------------------


def comparison_columns(period: Period) -> list[str]:
    before = period.previous_year()
    return [period.label(), gettext("a year before (%(period)s)") % {"period": before.label()}]


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent, one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def median(values: Sequence[float]) -> float | None:
    return round(float(stats.median(values)), 1) if values else None


def percentile_90(values: Sequence[float]) -> float | None:
    """The 90th percentile by the nearest-rank method (a value that occurred)."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[math.ceil(0.9 * len(ordered)) - 1])


def per_bucket(
    period: Period, days: Iterable[date], *, weights: Iterable[float] | None = None
) -> list[float]:
    """Sum of `weights` (or a count) per bucket of `period`, for the given days."""
    totals = [0.0] * len(period.buckets())
    for day, weight in zip(days, weights if weights is not None else _ones(), strict=False):
        index = period.bucket_index(day)
        if index is not None:
            totals[index] += weight
    return totals


def _ones() -> Iterable[float]:
    while True:
        yield 1


def over_time(
    period: Period, count: Callable[[Period], list[float]], *, as_int: bool = True
) -> list[tuple[str, list[Number]]]:
    """Rows per month/quarter: this period beside the same month a year before."""
    now = count(period)
    before = count(period.previous_year())
    convert = int if as_int else (lambda value: round(value, 1))
    return [
        (bucket.label, [convert(now[index]), convert(before[index])])
        for index, bucket in enumerate(period.buckets())
    ]


def counts_over_time(
    period: Period, days: Sequence[date], days_before: Sequence[date]
) -> list[tuple[str, list[Number]]]:
    """Rows per month/quarter: how many of `days` fall in it, beside how many of
    `days_before` (from the year before) fall in the same month or quarter a year before."""
    return [
        (
            bucket.label,
            [
                sum(bucket.start <= day <= bucket.end for day in days),
                sum(earlier.start <= day <= earlier.end for day in days_before),
            ],
        )
        for bucket, earlier in zip(period.buckets(), period.previous_year().buckets(), strict=False)
    ]


# --- charts ---------------------------------------------------------------------------


# Bar colours, each with at least 3:1 contrast against white (WCAG 1.4.11).
SERIES_COLOURS = ["#2a2859", "#6b6b6b", "#034b45"]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value_x: float
    value_y: float
    value: str
    series: int

    @property
    def colour(self) -> str:
        return SERIES_COLOURS[self.series % len(SERIES_COLOURS)]


@dataclass(frozen=True)
class BarChart:
    """A horizontal grouped bar chart: one group per row, one bar per column."""

    width: int
    height: int
    label_width: int
    rows: list[tuple[str, float]]  # (shortened label, y of its middle)
    bars: list[Bar]
    legend: list[tuple[str, float, str]]  # (column, y, colour)
    axis_y2: float
    plot_top: float

    BAR = 14
    GAP = 10
    LABEL_WIDTH = 190
    PLOT_WIDTH = 330
    WIDTH = 600
    LABEL_CHARACTERS = 28

    @classmethod
    def of(cls, table: StatTable) -> "BarChart":
        series_count = len(table.columns)
        numbers = [value or 0 for _label, values in table.rows for value in values]
        top = max(numbers, default=0) or 1
        legend_height = 20 * series_count + 8
        group = series_count * cls.BAR + cls.GAP
        rows, bars = [], []
        for row_index, (label, values) in enumerate(table.rows):
            y0 = legend_height + row_index * group
            short = (
                label
                if len(label) <= cls.LABEL_CHARACTERS
                else label[: cls.LABEL_CHARACTERS - 1] + "…"
            )
            rows.append((short, y0 + series_count * cls.BAR / 2))
            for series, value in enumerate(values):
                width = round(cls.PLOT_WIDTH * (value or 0) / top, 1)
                y = y0 + series * cls.BAR
                bars.append(
                    Bar(
                        x=cls.LABEL_WIDTH,
                        y=y + 1,
                        width=max(width, 0),
                        height=cls.BAR - 2,
                        value_x=cls.LABEL_WIDTH + width + 4,
                        value_y=y + cls.BAR - 3,
                        value=format_number(value, table.unit),
                        series=series,
                    )
                )
        legend = [
            (str(column), 14 + 20 * index, SERIES_COLOURS[index % len(SERIES_COLOURS)])
            for index, column in enumerate(table.columns)
        ]
        height = legend_height + len(table.rows) * group
        return cls(
            width=cls.WIDTH,
            height=height,
            label_width=cls.LABEL_WIDTH,
            rows=rows,
            bars=bars,
            legend=legend,
            axis_y2=height,
            plot_top=legend_height - 4,
        )


def format_number(value: Number, unit: str = "") -> str:
    """A value as the page shows it (decimal comma in bokmål); a dash for nothing."""
    if value is None:
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=False)
    return f"{text} {unit}".strip() if unit and unit != "%" else f"{text}{unit}"


def csv_value(value: Number) -> str:
    """A value in the CSV: a plain number with a decimal point, empty for nothing."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# --- the page ---------------------------------------------------------------------------


def collect(period: Period) -> list[Section]:
    sections: list[Section] = []
    for _config, module in app_modules("portal", include_core=False):
        function = getattr(module, "statistics", None)
        if function is not None:
            sections.extend(function(period=period))
    return sections


class StatisticsForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=Unit.objects.districts().order_by("name"),
        required=False,
        empty_label=_("All of Oslo"),
    )
    grouping = forms.ChoiceField(label=_("Over time"), choices=Grouping.CHOICES)

    # A longer period makes the monthly tables too long to read.
    MAX_DAYS = 3 * 366
    # Nothing was recorded before the portal, and a year before year 1 does not exist.
    FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day and not self.FIRST_DAY <= day <= self.LAST_DAY:
                self.add_error(name, _("Choose a date from the year 2000 to 2100."))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The end date must be on or after the start date."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Choose a period of at most three years."))
        return cleaned


def can_see_statistics(user: Any) -> bool:
    return permissions.can_see_figures(user)


def statistics_view(request: HttpRequest, *, admin_context: dict[str, Any]) -> HttpResponse:
    """The page: filters, then each app's sections; `?csv=<table>` downloads one table and
    `?utskrift=1` shows a printable page without the admin's navigation."""
    if not can_see_statistics(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"start": date(today.year, 1, 1), "end": today, "grouping": Grouping.MONTH}
    form = StatisticsForm(
        {**{key: str(value) for key, value in initial.items()}, **request.GET.dict()}
        if request.GET
        else None,
        initial=initial,
    )
    period = Period(start=initial["start"], end=initial["end"])
    if form.is_bound and form.is_valid():
        period = Period(
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            district=form.cleaned_data["district"],
            grouping=form.cleaned_data["grouping"],
        )
    valid = not form.is_bound or form.is_valid()
    sections = collect(period) if valid else []
    wanted = request.GET.get("csv", "")
    if wanted and valid:
        for section in sections:
            for table in section.tables:
                if table.slug == wanted:
                    return _csv_response(table, period)
    context = {
        **admin_context,
        "title": gettext("Statistics"),
        "form": form,
        "period": period,
        "previous": period.previous_year(),
        "sections": sections,
        "query": request.GET.urlencode() if valid else "",
    }
    template = (
        "admin/statistics/print.html"
        if request.GET.get("utskrift") == "1"
        else "admin/statistics/page.html"
    )
    return TemplateResponse(request, template, context)


def _csv_response(table: StatTable, period: Period) -> HttpResponse:
    return csv_response(
        f"frivilligkontoret-{table.slug}-{period.start}-{period.end}.csv",
        [table.row_heading, *table.columns],
        ([label, *(csv_value(value) for value in values)] for label, values in table.rows),
        delimiter=",",
        byte_order_mark=False,
    )
