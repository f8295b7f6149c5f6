from django.dispatch import Signal

# Sent by `manage.py rerender` for each batch of rows whose stored HTML it changed
# (sender=the model, pks=their primary keys), inside the batch's transaction.
rerendered = Signal()
