from django import template
from django.utils.html import json_script

register = template.Library()


@register.filter
def json_ld(data):
    """A JSON-LD block, escaped like `json_script` so `</script>` in a title stays data.

    Search engines read it; browsers never run it, so the CSP's `script-src 'self'` holds.
    """
    return json_script(data).replace(
        '<script type="application/json">', '<script type="application/ld+json">', 1
    )
