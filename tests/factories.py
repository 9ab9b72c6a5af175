"""factory_boy factories for the domain; services keep derived fields (paths, sprints) right."""

import factory
from django.utils.text import slugify

from programmes import services
from programmes.models import Person, Programme, ProgrammeRole, Team, TeamMembership


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("pw")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    timezone = "Europe/London"
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        programme = super()._create(model_class, *args, **kwargs)
        services.programme_repath(programme=programme)
        return programme


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def make_msm(programme, person=None):
    person = person or PersonFactory()
    ProgrammeRole.objects.create(programme=programme, person=person, role=ProgrammeRole.Role.MSM)
    return person


def make_stakeholder(programme, person=None):
    person = person or PersonFactory()
    ProgrammeRole.objects.create(programme=programme, person=person,
                                 role=ProgrammeRole.Role.STAKEHOLDER)
    return person


def make_scrum_master(team, person=None):
    person = person or PersonFactory()
    TeamMembership.objects.create(team=team, person=person,
                                  role=TeamMembership.Role.SCRUM_MASTER)
    return person


def make_member(team, person=None):
    person = person or PersonFactory()
    TeamMembership.objects.create(team=team, person=person, role=TeamMembership.Role.MEMBER)
    return person
