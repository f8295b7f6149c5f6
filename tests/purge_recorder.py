"""A real HTTP peer standing where Varnish would, for tests that check what a change purges."""

import http.server
import threading
from contextlib import contextmanager


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A real HTTP peer standing where Varnish would: records each PURGE's tags."""

    received: list[set[str]] = []

    def do_PURGE(self):
        self.received.append(set(self.headers["xkey-purge"].split()))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def recording_purges(settings):
    """The site sends its purges to a recorder for the block; yields the tags each carried."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_address[1]}/"]
    PurgeRecorder.received = []
    try:
        yield PurgeRecorder.received
    finally:
        server.shutdown()


def purged(received) -> set[str]:
    return set().union(*received) if received else set()
