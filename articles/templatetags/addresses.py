"""Django's `{% url %}`, with addresses reversed once per process (articles/addresses.py).

A template builtin (config/settings.py), so it stands in for Django's tag of the same name
in every template. An address is kept when its arguments are positional strings or
integers, which name it exactly (a model instance could print differently with the same
key); others are reversed as Django does, every time.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from articles.addresses import kept_reverse

register = template.Library()

KEPT_ARGUMENT_TYPES = (str, int)


class KeptURLNode(URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        if not all(type(arg) in KEPT_ARGUMENT_TYPES for arg in args):
            return super().render(context)
        # Which application's namespace instances to prefer, found as Django's tag finds it.
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        view_name = self.view_name.resolve(context)
        try:
            address = kept_reverse(view_name, args, current_app=current_app)
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
