"""Rendering stored Markdown again, for any model that declares `rendered_fields` (see the
`rerender` command): the whole site after a change to the pipeline, or the few rows whose
links changed meaning (a member's mentions, once the account is closed)."""

from django.db import transaction

from .markdown import RenderedField, render
from .signals import rerendered


def specs_of(model) -> list[RenderedField]:
    return [RenderedField(*spec) for spec in model.rendered_fields]


def stored_fields(specs: list[RenderedField]) -> list[str]:
    """The fields a render writes: the HTML, and the headings where a model keeps them."""
    return [spec.html for spec in specs] + [spec.headings for spec in specs if spec.headings]


def rerender_row(row, specs: list[RenderedField]) -> bool:
    """Render a row's sources again; True if any stored output differs."""
    changed = False
    for spec in specs:
        rendered = render(getattr(row, spec.source) or "", spec.profile, spec.mention_resolver)
        outputs = {spec.html: rendered.html}
        if spec.headings:
            outputs[spec.headings] = [vars(heading) for heading in rendered.headings]
        for field, value in outputs.items():
            if getattr(row, field) != value:
                setattr(row, field, value)
                changed = True
    return changed


def write_rerendered(model, rows, fields: list[str], batch_size: int = 500) -> None:
    """Write re-rendered rows without save(), so no edit is recorded, and tell the apps."""
    with transaction.atomic():
        model._base_manager.bulk_update(rows, fields, batch_size=batch_size)
        # bulk_update() sends no model signals: apps that cache what shows the HTML (the
        # fragments of articles and discussions) hear it from this one.
        rerendered.send(sender=model, pks=[row.pk for row in rows])
