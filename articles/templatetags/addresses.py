"""Django's `{% url %}`, with the addresses that take no arguments reversed once per process.

A template builtin (config/settings.py), so it stands in for Django's tag of the same name
in every template. The header, the footer and the account links name the same dozen
addresses on every page, and each `reverse()` cost about 25 µs: a tenth of a page rendered
around its stored fragments. Such an address only changes with the URLconf, the script
prefix the site is served under, the current application's namespace and the language
(for translated routes), so it is kept for those. Addresses with arguments are reversed as
Django does, every time.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=1024)
def _reversed(view_name: str, current_app, urlconf, script_prefix: str, language) -> str:
    # script_prefix and language are only part of the key: reverse() reads them itself.
    return reverse(view_name, urlconf=urlconf, current_app=current_app)


class KeptURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        # Which application's namespace instances to prefer, found as Django's tag finds it.
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        view_name = self.view_name.resolve(context)
        try:
            address = _reversed(
                view_name, current_app, urlconf, get_script_prefix(), get_language()
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
            address = ""
        if self.asvar:
            context[self.asvar] = address
            return ""
        return conditional_escape(address) if context.autoescape else address


@register.tag
def url(parser, token):
    """As Django's `{% url %}` (see the module's doc)."""
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
