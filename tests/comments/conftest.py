import pytest
from django.contrib.auth.models import Group

from tests.factories import make_comment, make_user


@pytest.fixture
def trusted(db, article):
    """A member with an approved comment already, so the first-comment hold is behind them."""
    user = make_user(username="tomas", display_name="Tomás Ruiz")
    make_comment(article=article, author=user)
    return user


@pytest.fixture
def moderator(db):
    user = make_user(username="moddy", display_name="Mo Derator", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
