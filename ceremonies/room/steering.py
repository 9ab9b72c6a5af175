"""What the meeting room adds for a Steering Committee: its pack, and decisions routed down."""

from __future__ import annotations

from ceremonies.models import Kind, Meeting, SteeringSnapshot
from ceremonies.room.forms import SteeringDecisionForm
from ceremonies.steering.pack import pack_items, section_for_title, steering_pack


def pack_for_room(meeting: Meeting) -> tuple[dict, bool]:
    """The frozen pack once the meeting ended and was snapshotted, else the live one."""
    if meeting.state == Meeting.State.ENDED:
        frozen = (SteeringSnapshot.objects.filter(meeting=meeting)
                  .values_list("data", flat=True).first())
        if frozen is not None:
            return frozen, True
    return steering_pack(programme=meeting.programme, meeting=meeting), False


def decision_form(meeting: Meeting, pack: dict, data=None) -> SteeringDecisionForm:
    return SteeringDecisionForm(data, meeting=meeting, pack_choices=pack_items(pack))


def room_context(meeting: Meeting, *, decision=None, facilitate: bool = False) -> dict:
    """Extra context of a Steering Committee's room; nothing for other meetings."""
    if meeting.kind != Kind.STEERING:
        return {}
    pack, frozen = pack_for_room(meeting)
    current = meeting.current_item.title if meeting.current_item_id else ""
    context = {"pack": pack, "pack_frozen": frozen, "pack_section": section_for_title(current)}
    if facilitate:
        context["decision_form"] = decision or decision_form(meeting, pack)
    return context
