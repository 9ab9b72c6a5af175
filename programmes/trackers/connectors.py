"""Which module speaks to which kind of tracker."""

from types import ModuleType

from programmes.models import TrackerKind
from programmes.trackers import github, gitlab, jira

CONNECTORS: dict[str, ModuleType] = {
    TrackerKind.GITHUB: github,
    TrackerKind.GITLAB: gitlab,
    TrackerKind.JIRA_CLOUD: jira,
    TrackerKind.JIRA_DC: jira,
}


def connector(kind: str) -> ModuleType:
    return CONNECTORS[kind]
