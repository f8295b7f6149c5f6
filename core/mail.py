from django.core.mail.backends import console


class ReadableConsoleBackend(console.EmailBackend):
    """The console mail of local work, printed as a person reads it: the main headers, then
    the text body as written. The raw message wraps long lines with quoted-printable "=",
    which broke the verification link when it was clicked or copied from the terminal."""

    HEADERS = ("From", "To", "Subject", "Date", "Reply-To")

    def write_message(self, message):
        mime = message.message()
        headers = "".join(f"{name}: {mime[name]}\n" for name in self.HEADERS if mime[name])
        self.stream.write(f"{headers}\n{message.body}\n{'-' * 79}\n")
