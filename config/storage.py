"""Static files as whitenoise stores them, with each file's address looked up once."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed manifest storage, remembering the addresses it gave.

    With DEBUG off an address comes from the manifest, which stays as it is while the
    process runs. Every page asks for the same few (stylesheet, scripts, icons), and the
    lookup (name cleaning, the manifest, joining to STATIC_URL) cost about 5 % of an article
    page rendered around its stored fragments. Django replaces this storage when a test
    changes STATIC_URL or STORAGES, and with it what it remembered.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        if settings.DEBUG or force:
            return super().url(name, force)
        address = self._addresses.get(name)
        if address is None:
            address = self._addresses[name] = super().url(name)
        return address
