from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss); negative values get a minus sign."""
    if seconds is None or seconds == "":
        return "—"
    seconds = int(seconds)
    sign, seconds = ("−" if seconds < 0 else ""), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


@register.filter
def signed_clock(seconds) -> str:
    if seconds is None:
        return "—"
    return ("+" if int(seconds) > 0 else "") + clock(seconds)
