"""Quote-reply: a comment as a Markdown blockquote that names its author and links to it,
to start a reply with (?reply_to=<id>&quote=1 without JavaScript; comments.js quotes a
selection the same way)."""

from .models import Comment


def quoted(comment: Comment) -> str:
    """The whole comment's Markdown, quoted under a link to its permalink, then a blank line
    for the answer. Only ever given a public comment (comments.reader checks)."""
    author = comment.author
    name = author.public_name if author.is_anonymised else f"@{author.username}"
    lines = [f"> [{name}]({comment.get_absolute_url()}) wrote:", ">"]
    lines += [f"> {line}".rstrip() for line in comment.body.split("\n")]
    return "\n".join(lines) + "\n\n"
