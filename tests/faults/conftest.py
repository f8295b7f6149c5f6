"""The worker tests' database and processes (tests/worker), with a mail server that keeps
the order in which messages arrive."""

import email
import re

import pytest
from aiosmtpd.controller import Controller

from tests.worker.conftest import site_database  # noqa: F401
from tests.worker.harness import Mailbox

from .harness import FaultSite, free_port


class OrderedMailbox(Mailbox):
    """Also keeps, in the order they arrived, the comment each message is about."""

    def __init__(self):
        super().__init__()
        self.comments: list[int] = []

    async def handle_DATA(self, server, session, envelope):
        text = email.message_from_bytes(envelope.content).get_payload(decode=True).decode()
        self.comments.append(int(re.search(r"/comments/(\d+)/", text)[1]))
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def mailbox():
    handler = OrderedMailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def site(site_database, mailbox, tmp_path):  # noqa: F811
    running = FaultSite(site_database, mailbox.port, tmp_path)
    yield running
    running.stop()
    print(running.log_tails())  # pytest shows it only when the test failed
