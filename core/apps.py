from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure every app may use and that knows no app: the Markdown pipeline, the
    editor widget and its preview, HTTP-cache headers and purges, the Redis cache backend."""

    name = "core"
