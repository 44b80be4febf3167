"""After selection, the notices: one row per confirmed (and waitlisted) person with a ready message
for a bulk-SMS upload and the pass image to send; and the 公示 list with masked names."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app import cells, files, passes
from checkin_app.errors import UserError
from checkin_app.events import find_activity, find_event
from checkin_app.idcard import mask_stored
from checkin_app.models import Activity, Event, Participant, Status

CONFIRMED_TEMPLATE = (
    "{姓名}您好：您已报名成功“{活动}”。请于{日期}{签到时间}到{集合地点}签到{安排}，"
    "签到码{签到码}。请携带本人身份证。"
)
WAITLIST_TEMPLATE = (
    "{姓名}您好：您报名的“{活动}”（{日期}）名额已满，您在候补名单第{候补序号}位，"
    "如有空位我们将电话通知您。"
)
PLACEHOLDERS = ("姓名", "活动", "日期", "签到时间", "集合地点", "安排", "签到码", "候补序号")
HEADER = ("活动", "姓名", "证件号码", "手机号码", "状态", "通知内容", "通行证图片")


@dataclass(frozen=True)
class Notice:
    """One person's row: the message and, for the confirmed, the pass image's file name."""

    activity: str
    name: str
    masked_id: str
    phone: str
    status: str
    text: str
    png: str


def check_template(template: str, which: str = "通知") -> None:
    """Refuse a template whose placeholders are not ours, naming the first unknown one."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        raise UserError(f"{which}模板中的花括号不配对：占位符应写成{{姓名}}这样") from None
    for f in fields:
        if f not in PLACEHOLDERS:
            known = "、".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise UserError(f"{which}模板中有未知的占位符“{{{f}}}”：可用的有{known}")


def _window(activity: Activity) -> str:
    start, end = activity.signin_start, activity.signin_end
    if start and end:
        return f"{start:%H:%M}—{end:%H:%M}"
    return f"{start:%H:%M}起" if start else ""


def _arrangement(bus: str, seat: str, group: str) -> str:
    said = passes.placement_text(bus, seat, group)
    return f"（{said}）" if said else ""


def notices(
    session: Session,
    event_ref: str,
    activity_ref: str | None = None,
    *,
    template: str = CONFIRMED_TEMPLATE,
    waitlist_template: str = WAITLIST_TEMPLATE,
) -> list[Notice]:
    """The notice rows: confirmed people (with their pass), then the waitlist in its order."""
    check_template(template)
    check_template(waitlist_template, "候补通知")
    event = find_event(session, event_ref)
    activity = find_activity(session, event, activity_ref) if activity_ref else None
    cards = passes.pass_cards(session, event.id, activity.id if activity else None)
    card_of = dict(zip((c.participant_id for c in cards), cards, strict=True))
    png_of = dict(zip((c.participant_id for c in cards), passes_png(cards), strict=True))
    rows: list[Notice] = []
    for person in _people(session, event, activity, Status.CONFIRMED):
        card = card_of.get(person.id)
        values = _values(person)
        if card is not None:
            values.update(
                签到码=passes.format_manual_code(card.manual_code),
                安排=_arrangement(card.bus, card.seat, card.group),
            )
        rows.append(_notice(person, "已确认", template.format(**values), png_of.get(person.id, "")))
    for activity_id in sorted({p.activity_id for p in _people(session, event, activity)}):
        waiting = [
            p
            for p in _people(session, event, activity, Status.WAITLISTED)
            if p.activity_id == activity_id
        ]
        for place, person in enumerate(waiting, start=1):
            text = waitlist_template.format(**_values(person), 候补序号=place)
            rows.append(_notice(person, "候补", text, ""))
    return rows


def passes_png(cards: Sequence[passes.PassCard]) -> list[str]:
    """The file names `checkin passes --png` gives the same passes (sent by WeChat)."""
    from checkin_app.printing import png_file_names

    return png_file_names(cards)


def _people(
    session: Session, event: Event, activity: Activity | None, status: Status | None = None
) -> list[Participant]:
    query = select(Participant).where(Participant.event_id == event.id)
    if activity is not None:
        query = query.where(Participant.activity_id == activity.id)
    if status is not None:
        query = query.where(Participant.status == status)
    order = (Participant.activity_id, Participant.registered_at, Participant.id)
    return list(session.scalars(query.order_by(*order)))


def _values(person: Participant) -> dict[str, object]:
    a = person.activity
    return {
        "姓名": person.name,
        "活动": a.name,
        "日期": f"{a.date.month}月{a.date.day}日",
        "签到时间": _window(a),
        "集合地点": a.assembly_point or "集合地点",
        "安排": "",
        "签到码": "（通行证发出后告知）",
    }


def _notice(person: Participant, status: str, text: str, png: str) -> Notice:
    masked = mask_stored(person.doc_type, person.doc_prefix, person.doc_last4)
    return Notice(person.activity.name, person.name, masked, person.phone, status, text, png)


def mask_name(name: str) -> str:
    """张*明 for 张三明, 李* for 李娜: the 公示 list's names."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def write_notices(rows: Sequence[Notice], out: Path) -> None:
    _save(out, "通知", [HEADER, *([*_cells(n)] for n in rows)])


def _cells(n: Notice) -> list[object]:
    return [n.activity, n.name, n.masked_id, n.phone, n.status, n.text, n.png]


def write_publication(session: Session, event_ref: str, activity_ref: str | None, out: Path) -> int:
    """The 公示 list: confirmed people, masked names and work units, by activity."""
    event = find_event(session, event_ref)
    activity = find_activity(session, event, activity_ref) if activity_ref else None
    people = _people(session, event, activity, Status.CONFIRMED)
    rows: list[list[object]] = [["活动", "日期", "序号", "姓名", "工作单位"]]
    number = 0
    last = -1
    for p in people:
        number = number + 1 if p.activity_id == last else 1
        last = p.activity_id
        date = f"{p.activity.date:%Y-%m-%d}"
        rows.append([p.activity.name, date, number, mask_name(p.name), p.work_unit])
    _save(out, "公示名单", rows)
    return len(people)


def _save(out: Path, title: str, rows: Sequence[Sequence[object]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if out.suffix.lower() != ".xlsx":
        raise UserError(f"“{out.name}”：请写成 .xlsx 文件")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    # Names, units and messages come from the public: every cell through cells.write_rows.
    cells.write_rows(sheet, rows)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (14, 10, 22, 14, 8, 80, 36), strict=False):
        sheet.column_dimensions[letter].width = width
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        files.create_private(out)  # names and phones: the owner's eyes only
        book.save(out)
    except OSError as err:
        raise UserError(f"无法写入文件“{out}”：{err.strerror or err}") from None
