import logging
from datetime import timedelta
from smtplib import SMTPException

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends import console
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


class ReadableConsoleBackend(console.EmailBackend):
    """The console mail of local work, printed as a person reads it: the main headers, then
    the text body as written. The raw message wraps long lines with quoted-printable "=",
    which broke the verification link when it was clicked or copied from the terminal."""

    HEADERS = ("From", "To", "Subject", "Date", "Reply-To")

    def write_message(self, message):
        mime = message.message()
        headers = "".join(f"{name}: {mime[name]}\n" for name in self.HEADERS if mime[name])
        self.stream.write(f"{headers}\n{message.body}\n{'-' * 79}\n")


# Account mails (verification, sign-in codes, password resets) are rendered in the request
# and sent by the task worker: a slow or failing mail server never holds up sign-up. A
# failed send is tried again later, MAIL_ATTEMPTS times in all, each wait four times longer.
MAIL_ATTEMPTS = 5
MAIL_RETRY_SECONDS = 60


def message_as_data(message: EmailMessage) -> dict:
    """A rendered message as task arguments (JSON: no objects)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [alternative.content, alternative.mimetype]
            for alternative in getattr(message, "alternatives", [])
        ],
    }


@task
def send_message(data: dict, attempt: int = 1) -> str:
    """Send a message rendered earlier; on failure, queue the next attempt (when the task
    backend can run one later) and say why in the log."""
    message = EmailMultiAlternatives(
        data["subject"], data["body"], data["from_email"], data["to"], headers=data["headers"]
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    try:
        message.send()
    except (OSError, SMTPException) as error:
        logger.warning("Mail to %s failed (attempt %d): %s", data["to"], attempt, error)
        if attempt < MAIL_ATTEMPTS and send_message.get_backend().supports_defer:
            later = timezone.now() + timedelta(seconds=MAIL_RETRY_SECONDS * 4 ** (attempt - 1))
            send_message.using(run_after=later).enqueue(data, attempt + 1)
        return f"failed: {error}"
    return "sent"
