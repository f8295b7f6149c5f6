import io

from django.core.mail import EmailMessage

from core.mail import ReadableConsoleBackend

LINK = "http://127.0.0.1:8100/accounts/confirm-email/" + "MTI:1vXyZa:" + "k" * 90 + "/"


def test_local_mail_prints_links_whole_so_they_work_when_clicked_or_copied():
    stream = io.StringIO()
    message = EmailMessage(
        "[Adapting Together] Please confirm your email address",
        f"Héllo! To confirm, go to {LINK}\n",
        "noreply@localhost",
        ["noor@example.com"],
    )
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert LINK in printed
    assert "Subject: [Adapting Together] Please confirm your email address" in printed
    assert "To: noor@example.com" in printed
    assert "=\n" not in printed and "Héllo" in printed
