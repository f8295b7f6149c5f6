from django.dispatch import Signal

# Sent by `manage.py rerender` for each model whose stored HTML it changed (sender=model).
rerendered = Signal()
