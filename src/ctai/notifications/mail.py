"""The e-mails: French, plain text and HTML, with a link to the page. They hold what the
notification says (sheet numbers, statuses, a return's reason), never data about
beneficiaries; a message's text stays in the application."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from ctai.notifications.models import Notification


def absolute(url: str) -> str:
    return f"{settings.CTAI_SITE_URL.rstrip('/')}{url}"


def _message(subject: str, template: str, context: dict, to: str) -> EmailMultiAlternatives:
    context = {**context, "site_url": settings.CTAI_SITE_URL.rstrip("/")}
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"[CTAI] {subject}"[:200], body=text, from_email=None, to=[to]
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    return _message(
        notification.title,
        "notification",
        {"notification": notification, "link": absolute(notification.url)},
        notification.recipient.email,
    )


def digest_email(user, notifications: list[Notification]) -> EmailMultiAlternatives:
    count = len(notifications)
    subject = f"Résumé du jour : {count} notification{'s' if count > 1 else ''}"
    items = [{"notification": n, "link": absolute(n.url)} for n in notifications]
    return _message(
        subject,
        "digest",
        {"items": items, "count": count, "link": absolute("/notifications/")},
        user.email,
    )
