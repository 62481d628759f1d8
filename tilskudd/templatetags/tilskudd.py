"""Dates written the way each language writes them: "1. mars 2027" / "1 March 2027"."""

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def long_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return date_format(day, pgettext("day, month and year", "j F Y"))


@register.filter
def weekday_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return date_format(day, pgettext("weekday, day and month", "l j F"))
