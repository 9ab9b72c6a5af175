import re

from django.core import mail
from playwright.sync_api import expect

from programmes.models import ProgrammeRole, TeamMembership
from tests.browser.dialogs import answering


def test_msm_invites_a_scrum_master_who_sets_a_password(cast, open_page):
    msm_page = open_page(cast.msm)
    msm_page.goto(f"/p/{cast.programme.slug}/people/")
    msm_page.get_by_label("Email").fill("nia@example.com")
    msm_page.get_by_label("Name").fill("Nia Newcomer")
    msm_page.get_by_label("Role", exact=True).select_option("scrum_master")
    msm_page.get_by_label("Team").select_option(label="Card Gateway")
    msm_page.get_by_role("button", name="Add person").click()
    expect(msm_page.get_by_text("nia@example.com now has that role")).to_be_visible()
    expect(msm_page.get_by_role("cell", name="Nia Newcomer", exact=True)).to_be_visible()

    link = re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    newcomer = open_page()
    newcomer.goto(link)
    newcomer.get_by_label("New password", exact=True).fill("Ledger-and-Cards-2026")
    newcomer.get_by_label("New password confirmation").fill("Ledger-and-Cards-2026")
    newcomer.get_by_role("button", name="Set password and sign in").click()
    expect(newcomer.get_by_role("heading", name="My programmes")).to_be_visible()
    expect(newcomer.get_by_role("link", name="Payments")).to_be_visible()
    assert TeamMembership.objects.get(person__email="nia@example.com").role == "scrum_master"

    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="This invitation no longer works")).to_be_visible()


def test_msm_removes_a_stakeholder(cast, open_page):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/people/")
    asked = answering(page)
    page.get_by_role("button", name="Remove Steve Stake as Stakeholder").click()
    assert asked[0].startswith("Remove Steve Stake as Stakeholder of")
    expect(page.get_by_text("Removed Steve Stake as Stakeholder")).to_be_visible()
    assert not ProgrammeRole.objects.filter(person=cast.stakeholder).exists()


def test_a_person_resets_a_forgotten_password(cast, open_page):
    page = open_page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill(cast.member.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("Brand-new-pass-2026")
    page.get_by_label("New password confirmation").fill("Brand-new-pass-2026")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(cast.member.email)
    page.get_by_label("Password").fill("Brand-new-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My programmes")).to_be_visible()
