from datetime import UTC, datetime

from feedback import services

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def raise_impediment(cast, at=T0, **extra):
    return services.impediment_raise(programme=cast.programme, team=cast.team,
                                     title=extra.pop("title", "Test environment is down"),
                                     raised_by=extra.pop("raised_by", cast.scrum_master),
                                     at=at, **extra)
