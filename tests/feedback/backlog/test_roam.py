"""A risk's ROAM state (resolved, owned, accepted, mitigated) with its history; only the MSM
who holds it changes it, and only risks have one."""

import pytest

from feedback.backlog import services
from feedback.models import RoamChange
from tests.feedback.backlog import raised


def test_each_change_joins_the_history_with_who_and_why(cast):
    risk, = raised(cast, "Scheme deadline", kind="risk")
    services.roam_set(item=risk, by=cast.msm, roam="owned", note="Maya takes it")
    services.roam_set(item=risk, by=cast.msm, roam="mitigated", note="Second supplier")
    services.roam_set(item=risk, by=cast.msm, roam="mitigated")  # no change, no entry
    history = [(c.from_state, c.to_state, c.by, c.note) for c in RoamChange.objects.all()]
    assert history == [("", "owned", cast.msm, "Maya takes it"),
                       ("owned", "mitigated", cast.msm, "Second supplier")]
    risk.refresh_from_db()
    assert risk.roam == "mitigated"


def test_an_impediment_has_no_roam_state(cast):
    impediment, = raised(cast, "Env down")
    with pytest.raises(services.BacklogError, match="ROAM is for risks"):
        services.roam_set(item=impediment, by=cast.msm, roam="owned")


@pytest.mark.parametrize("who", ["scrum_master", "stakeholder"])
def test_only_the_holding_msm_changes_it(cast, who):
    risk, = raised(cast, "Scheme deadline", kind="risk")
    with pytest.raises(services.BacklogError) as refused:
        services.roam_set(item=risk, by=getattr(cast, who), roam="accepted")
    assert refused.value.status == 403 and not RoamChange.objects.exists()


def test_an_unknown_state_is_refused(cast):
    risk, = raised(cast, "Scheme deadline", kind="risk")
    with pytest.raises(services.BacklogError, match="Choose resolved"):
        services.roam_set(item=risk, by=cast.msm, roam="ignored")
