from django import template

from credentials.progress import format_hours

register = template.Library()


@register.filter
def hours(value):
    """2.50 -> "2.5", 20.0 -> "20": hours as people write them."""
    return format_hours(value)
