"""Picking a few skills for one's profile is quick: the chosen ones as chips at the top, the
full list folded and found by typing. Without JavaScript the plain form does the same."""

import pytest
from playwright.sync_api import expect

from accounts.models import SkillEntry
from tests.browser.conftest import DESKTOP
from tests.factories import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def profile_page(open_page, sign_in):
    member = make_user(username="lin", display_name="Lin Wei")

    def profile_page(**context_args):
        page = open_page(**context_args)
        sign_in(page, member)
        page.goto("/accounts/profile/")
        return page

    profile_page.member = member
    return profile_page


def test_a_member_finds_picks_orders_and_removes_skills_on_a_short_page(profile_page):
    page = profile_page(viewport=DESKTOP)
    height = page.evaluate("document.scrollingElement.scrollHeight")
    # The picker folds the skill list away (listing it all was 4,500 px on a laptop);
    # the picture's disclosure above it adds one line.
    assert height < 1900, f"the profile form is {height} px tall"

    find = page.get_by_role("searchbox", name="Find a skill")
    find.fill("prompt")
    page.get_by_role("combobox", name="Prompt engineering").select_option(label="I have it")
    find.fill("network")
    page.get_by_role("combobox", name="Networking").select_option(label="I have it")
    chosen = page.locator(".skill-order .chip")
    expect(chosen).to_have_count(2)
    expect(chosen.first).to_contain_text("Prompt engineering")

    page.get_by_role("button", name="Move Networking up").click()
    expect(chosen.first).to_contain_text("Networking")
    page.get_by_role("button", name="Remove Prompt engineering").click()
    expect(chosen).to_have_count(1)

    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved")).to_be_visible()
    entries = SkillEntry.objects.filter(user=profile_page.member)
    assert [entry.skill.name for entry in entries] == ["Networking"]


def test_without_javascript_every_skill_is_listed_and_can_be_picked(profile_page):
    page = profile_page(java_script_enabled=False)
    page.get_by_role("combobox", name="Networking").select_option(label="I am learning it")
    page.get_by_role("button", name="Save profile").click()
    entries = SkillEntry.objects.filter(user=profile_page.member)
    assert [(e.skill.name, e.level) for e in entries] == [("Networking", SkillEntry.Level.LEARNING)]
