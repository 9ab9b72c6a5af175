"""A dependency's notices are written in each recipient's language, not the actor's."""

from datetime import timedelta

from django.utils import translation

from ceremonies.dependencies import services as deps
from ceremonies.models import Dependency
from tests.ceremonies.dependencies import requested, sent_to


def speaks(person, language):
    person.language = language
    person.save(update_fields=["language"])


def test_a_request_reaches_a_german_scrum_master_in_german(cast):
    speaks(cast.other_scrum_master, "de")
    with translation.override("es"):  # whatever the asker's page was in
        requested(cast)
    assert sent_to(cast.other_scrum_master) == ["Ledger braucht etwas von Card Gateway"]


def test_a_german_answer_reaches_an_english_scrum_master_in_english(cast):
    speaks(cast.other_scrum_master, "de")
    dependency = requested(cast)
    with translation.override("de"):
        deps.dependency_answer(dependency=dependency, by=cast.other_scrum_master,
                               answer=Dependency.Status.ACCEPTED,
                               committed_date=cast.programme.today() + timedelta(days=10))
    assert sent_to(cast.scrum_master) == ["Card Gateway answered: accepted"]


def test_each_team_hears_of_a_late_dependency_in_its_own_language(cast):
    speaks(cast.scrum_master, "es")
    speaks(cast.other_scrum_master, "de")
    dependency = requested(cast)
    Dependency.objects.filter(pk=dependency.pk).update(
        status=Dependency.Status.ACCEPTED, committed_date=cast.programme.today())
    dependency.refresh_from_db()
    deps._flag_late(dependency, dependency.created_at)
    late = [s for s in sent_to(cast.scrum_master) if "→" in s]
    assert late == ["Con retraso: Card Gateway → Ledger, «Card API v2»"]
    assert [s for s in sent_to(cast.other_scrum_master) if "→" in s] == [
        "Verspätet: Card Gateway → Ledger, „Card API v2“"]
