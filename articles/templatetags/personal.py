from django import template

from articles import personal as personal_parts

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, name: str, *arguments):
    """A part of the page that belongs to its reader (see articles/personal.py)."""
    return personal_parts.render(context["request"], name, *arguments)
