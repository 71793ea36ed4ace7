import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.reporting.builders import build_world


class Inbox:
    """What the local SMTP server received, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def subjects(self, address: str) -> list[str]:
        return [str(m["Subject"]).strip() for m in self.to(address)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd), and Django sending to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.CTAI_SITE_URL = "https://ctai.example.org"
    yield inbox
    controller.stop()


def work_the_queue() -> None:
    """Run the task queue's worker until the queue is empty (what `ctai db_worker` does)."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name=*", verbosity=0
    )


@pytest.fixture
def world(db):
    world = build_world()
    for name, person in vars(world.people).items():
        person.email = f"{name}@ctai.example"
        person.first_name = name
        person.save()
    return world
