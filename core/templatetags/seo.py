from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def json_ld(data):
    """A JSON-LD block, escaped by `json_script` so `</script>` in a title stays data.

    Search engines read it; browsers never run it, so the CSP's `script-src 'self'` holds.
    """
    script = json_script(data)
    # Only the opening tag changes; the escaped JSON inside is json_script's own.
    return mark_safe(
        script.replace('<script type="application/json">', '<script type="application/ld+json">')
    )
