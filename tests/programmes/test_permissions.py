from programmes.permissions import access_for, visible_programmes
from tests import factories


def test_msm_manages_their_programme(cast):
    access = access_for(cast.msm, cast.programme)
    assert access.may_view and access.may_manage and access.may_facilitate


def test_msm_of_parent_manages_the_child_programme(cast):
    access = access_for(cast.parent_msm, cast.programme)
    assert access.may_manage
    assert access.msm_above and not access.msm_here


def test_msm_of_child_does_not_manage_the_parent(cast):
    assert not access_for(cast.msm, cast.parent).may_view


def test_stakeholder_sees_but_does_not_manage(cast):
    access = access_for(cast.stakeholder, cast.programme)
    assert access.may_view and not access.may_manage


def test_team_member_sees_the_programme_but_does_not_manage(cast):
    access = access_for(cast.member, cast.programme)
    assert access.may_view and not access.may_manage
    assert access.member_of(cast.team) and not access.scrum_master_of(cast.team)


def test_scrum_master_posts_for_own_team_only(cast):
    access = access_for(cast.scrum_master, cast.programme)
    assert access.may_post_update_for(cast.team)
    assert not access.may_post_update_for(cast.other_team)


def test_member_may_not_post_the_team_update(cast):
    assert not access_for(cast.member, cast.programme).may_post_update_for(cast.team)


def test_outsider_sees_nothing(cast):
    for programme in (cast.parent, cast.programme):
        assert not access_for(cast.outsider, programme).may_view


def test_anonymous_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert not access_for(AnonymousUser(), cast.programme).may_view


def test_visible_programmes_follow_the_tree_downwards(cast):
    grandchild = factories.ProgrammeFactory(name="Deep", parent=cast.programme)
    assert set(visible_programmes(cast.parent_msm)) == {cast.parent, cast.programme, grandchild}
    assert set(visible_programmes(cast.msm)) == {cast.programme, grandchild}
    assert set(visible_programmes(cast.member)) == {cast.programme}
    assert set(visible_programmes(cast.outsider)) == {cast.other_programme}


def test_a_person_can_hold_several_roles_in_several_programmes(cast):
    factories.make_member(cast.other_team, cast.scrum_master)
    factories.make_stakeholder(cast.other_programme, cast.scrum_master)
    access = access_for(cast.scrum_master, cast.programme)
    assert access.scrum_master_of(cast.team) and access.member_of(cast.other_team)
    assert access_for(cast.scrum_master, cast.other_programme).is_stakeholder
