import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

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
    """Run every ready task as ``ctai db_worker`` does (its ``Worker``: claim, run, record the
    result). Not the command's loop itself: its ``close_old_connections`` would close the
    test's connection (a transaction on PostgreSQL, the live server's shared SQLite one)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


@pytest.fixture
def world(db):
    world = build_world()
    for name, person in vars(world.people).items():
        person.email = f"{name}@ctai.example"
        person.first_name = name
        person.save()
    return world
