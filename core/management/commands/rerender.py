"""Re-render every stored HTML field after a change to the Markdown pipeline.

Any app takes part without `core` importing it: a model declares the class attribute

    rendered_fields = [("body", "body_html", Profile.COMMENT)]

a list of (Markdown source field, stored HTML field, pipeline profile) tuples, or
`core.markdown.RenderedField`s, whose optional fourth item names a JSON field holding
the headings (the table of contents) of the same render. The command finds those models
through `django.apps.apps.get_models()`.

Rows are streamed with `iterator()` and written back with `bulk_update()` in batches, and
only rows whose output changed are written. `save()` is not called; the `rerendered` signal
(core.signals) tells the apps which rows changed, so they can move the versions of their
cached fragments, and every page is purged from the HTTP cache at the end.

    manage.py rerender                    # every declaring model
    manage.py rerender articles.Article   # only these models
    manage.py rerender --dry-run          # count what would change, write nothing
"""

import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from core.http_cache import SITE_TAG, purge
from core.rerendering import rerender_row, specs_of, stored_fields, write_rerendered


def rendering_models(labels=()):
    """Models that declare `rendered_fields`, optionally limited to `app_label.Model` labels."""
    models = [model for model in apps.get_models() if getattr(model, "rendered_fields", None)]
    if not labels:
        return models
    wanted = {label.lower() for label in labels}
    chosen = [model for model in models if model._meta.label_lower in wanted]
    unknown = wanted - {model._meta.label_lower for model in chosen}
    if unknown:
        known = ", ".join(sorted(model._meta.label for model in models)) or "none"
        raise CommandError(
            f"No rendered fields on: {', '.join(sorted(unknown))}. Models that have them: {known}."
        )
    return chosen


class Command(BaseCommand):
    help = "Re-render every stored HTML field (models declaring `rendered_fields`)."

    def add_arguments(self, parser):
        parser.add_argument("models", nargs="*", metavar="app_label.Model")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="Count changes, write none.")

    def handle(self, *args, models, batch_size, dry_run, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()
        totals = {"rows": 0, "changed": 0}
        for model in rendering_models(models):
            rows, changed = self.rerender_model(model, batch_size, dry_run)
            totals["rows"] += rows
            totals["changed"] += changed
        if totals["changed"] and not dry_run:
            purge(SITE_TAG)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {totals['rows']} rows checked, {totals['changed']} {verb}, "
                f"in {time.monotonic() - started:.1f}s."
            )
        )

    def rerender_model(self, model, batch_size: int, dry_run: bool) -> tuple[int, int]:
        specs = specs_of(model)
        stored = stored_fields(specs)
        queryset = model._base_manager.only(*(spec.source for spec in specs), *stored).order_by(
            "pk"
        )
        total = queryset.count()
        label = model._meta.label
        self.stdout.write(f"{label}: {total} rows")
        seen = changed = 0
        pending = []
        for row in queryset.iterator(chunk_size=batch_size):
            seen += 1
            if rerender_row(row, specs):
                pending.append(row)
            if len(pending) >= batch_size or seen == total:
                changed += len(pending)
                if pending and not dry_run:
                    write_rerendered(model, pending, stored, batch_size)
                pending = []
            if seen % batch_size == 0 or seen == total:
                self.stdout.write(f"  {label}: {seen}/{total} checked, {changed} changed")
        # Rows added while the command ran can make `seen` exceed the first count.
        changed += len(pending)
        if pending and not dry_run:
            write_rerendered(model, pending, stored, batch_size)
        return seen, changed
