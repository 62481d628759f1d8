"""Template filters for season lending pages."""

from django import template

from lokaler.models import Weekday

register = template.Library()


@register.filter
def weekday_name(value: int | None) -> str:
    """The weekday's name ("Tirsdag") from its number (Monday is 0)."""
    if value is None or value not in Weekday.values:
        return ""
    return str(Weekday(value).label)


@register.filter
def kroner(value: object) -> str:
    """An amount in whole kroner with a thin space for thousands ("12 340 kr")."""
    try:
        amount = round(float(value))
    except (TypeError, ValueError):
        return ""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


@register.filter
def get_item(mapping: dict | None, key: object) -> object:
    return (mapping or {}).get(key)
