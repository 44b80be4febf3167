"""Printed rosters for group leaders who carry paper: per vehicle an A4 PDF with the seat map and
the name list with a tick box for boarding and for each site of the itinerary."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPdfWriter, QPen
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app import leaders, logistics
from checkin_app.errors import NotFound, UserError
from checkin_app.models import Activity, Event, Group, Participant, SeatAssignment, Vehicle
from checkin_app.phones import mask_phone

# Drawing shares the passes' pen (millimetres on any paint device, text fitted to its box).
from checkin_app.printing import _Pen, open_pdf

ACCENT = QColor(0xB7, 0x1C, 0x1C)
GREY = QColor("#777777")
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0


@dataclass(frozen=True)
class SeatCell:
    label: str
    row: int
    index: int
    side: int
    reserved: bool
    name: str  # "" when free
    ours: bool  # the person belongs to the group this sheet is for


@dataclass(frozen=True)
class RosterLine:
    seat: str
    name: str
    phone_masked: str
    needs: str
    group: str


@dataclass(frozen=True)
class RosterSheet:
    """One vehicle's roster (or one group's part of it), ready to draw."""

    event: str
    activity: str
    date: dt.date
    vehicle: str
    plate: str
    driver: str
    leaders: tuple[str, ...]  # "第1组 马领队 13900000000"
    group: str  # the group the sheet is for, "" for the whole vehicle
    rows: int
    seats_per_row: int
    back_row: int
    seats: tuple[SeatCell, ...]
    lines: tuple[RosterLine, ...]
    stops: tuple[str, ...]  # tick columns: 上车, then the sites in visiting order


# --- Gathering. ---


class NothingSeated(UserError):
    """Nobody has a seat yet: there is no roster to print."""


def _groups(session: Session, activity_id: int) -> list[Group]:
    return list(
        session.scalars(select(Group).where(Group.activity_id == activity_id).order_by(Group.id))
    )


def _sheet(
    session: Session, activity: Activity, vehicle: Vehicle, group: Group | None
) -> RosterSheet:
    pairs = session.execute(
        select(SeatAssignment, Participant)
        .join(Participant, Participant.id == SeatAssignment.participant_id)
        .where(SeatAssignment.vehicle_id == vehicle.id)
    ).all()
    groups = {g.id: g for g in _groups(session, activity.id)}
    by_seat = {a.seat: (a, p) for a, p in pairs}
    kept = logistics.reserved_seats(vehicle)
    cells = tuple(
        SeatCell(
            s.label,
            s.row,
            s.index,
            s.side,
            s.label in kept,
            by_seat[s.label][1].name if s.label in by_seat else "",
            group is None or (s.label in by_seat and by_seat[s.label][0].group_id == group.id),
        )
        for s in logistics.layout(vehicle)
    )
    order = {s.label: n for n, s in enumerate(logistics.layout(vehicle))}
    lines = tuple(
        RosterLine(
            a.seat,
            p.name,
            mask_phone(p.phone),
            p.needs,
            groups[a.group_id].name if a.group_id in groups else "",
        )
        for a, p in sorted(pairs, key=lambda ap: order.get(ap[0].seat, 0))
        if group is None or a.group_id == group.id
    )
    on_bus = [g for g in groups.values() if g.vehicle_id == vehicle.id]
    first = group or (on_bus[0] if on_bus else None)
    stops = (
        leaders.group_stops(activity, first, leaders.planned_timetable(session, activity))
        if first is not None
        else (
            leaders.Stop(None, leaders.ASSEMBLY),
            *(leaders.Stop(s.site_id, s.site.name) for s in activity.stops),
        )
    )
    who = [
        " ".join(x for x in (g.name, g.leader, g.leader_phone) if x)
        for g in ([group] if group else on_bus)
        if g.leader
    ]
    if not who and vehicle.leader:
        who = [" ".join(x for x in (vehicle.leader, vehicle.leader_phone) if x)]
    driver = " ".join(x for x in (vehicle.driver, vehicle.driver_phone) if x)
    event = session.get(Event, activity.event_id)
    return RosterSheet(
        event.name if event else "",
        activity.name,
        activity.date,
        vehicle.label,
        vehicle.plate,
        driver,
        tuple(who),
        group.name if group else "",
        vehicle.rows,
        vehicle.seats_per_row,
        vehicle.back_row_seats,
        cells,
        lines,
        ("上车", *(_short(s.name) for s in stops[1:])),
    )


def _short(site: str) -> str:
    """A site's name for a narrow column head: what is in brackets is left out."""
    return re.sub(r"[（(].*?[）)]", "", site).strip() or site


def roster_sheets(
    session: Session,
    activity: Activity,
    *,
    group_id: int | None = None,
    vehicle_id: int | None = None,
) -> list[RosterSheet]:
    """The sheets to print: one group's, one vehicle's, or every vehicle with people on it."""
    if group_id is not None:
        group = session.get(Group, group_id)
        if group is None or group.activity_id != activity.id:
            raise NotFound(f"“{activity.name}”没有编号为{group_id}的分组")
        vehicles = _vehicles_of_group(session, group)
        if not vehicles:
            raise NothingSeated(f"{group.name}还没有人安排座位：请先排座（checkin plan）")
        return [_sheet(session, activity, v, group) for v in vehicles]
    chosen = [
        v
        for v in logistics.activity_vehicles(session, activity)
        if vehicle_id is None or v.id == vehicle_id
    ]
    if vehicle_id is not None and not chosen:
        raise NotFound(f"“{activity.name}”没有编号为{vehicle_id}的车辆")
    sheets = [_sheet(session, activity, v, None) for v in chosen]
    sheets = [s for s in sheets if s.lines]
    if not sheets:
        raise NothingSeated(f"“{activity.name}”还没有人安排座位：请先排座（checkin plan）")
    return sheets


def _vehicles_of_group(session: Session, group: Group) -> list[Vehicle]:
    ids = set(
        session.scalars(
            select(SeatAssignment.vehicle_id).where(SeatAssignment.group_id == group.id)
        )
    )
    found = [v for v in (session.get(Vehicle, i) for i in sorted(ids)) if v is not None]
    found.sort(key=lambda v: (v.id != group.vehicle_id, v.id))
    return found


# --- Drawing. ---


def _title(pen: _Pen, sheet: RosterSheet, page: int, pages: int) -> float:
    w = PAGE_W - 2 * MARGIN
    who = f"{sheet.group}　" if sheet.group else ""
    y = MARGIN
    pen.text(0, y, w, sheet.event, 3.2, color=GREY)
    pen.text(0, y + 5.0, w, f"{sheet.activity}　{sheet.vehicle}　{who}乘车名单", 6.5, bold=True)
    y += 15.0
    weekday = "一二三四五六日"[sheet.date.weekday()]
    facts = [f"{sheet.date.year}年{sheet.date.month}月{sheet.date.day}日（星期{weekday}）"]
    if sheet.plate:
        facts.append(f"车牌 {sheet.plate}")
    if sheet.driver:
        facts.append(f"司机 {sheet.driver}")
    facts.append(f"共{len(sheet.lines)}人")
    pen.text(0, y, w, "　".join(facts), 3.4)
    if sheet.leaders:
        pen.text(0, y + 5.5, w, "带队：" + "；".join(sheet.leaders), 3.4, bold=True)
    pen.text(
        0,
        PAGE_H - MARGIN - 4,
        w,
        f"第{page}页／共{pages}页",
        2.8,
        color=GREY,
        align=Qt.AlignmentFlag.AlignRight,
    )
    return MARGIN + TITLE_H


def _cell_h(sheet: RosterSheet) -> float:
    return 8.5 if sheet.rows <= 11 else 7.0


def _seat_map_height(sheet: RosterSheet) -> float:
    return 6.5 + (sheet.rows + (1 if sheet.back_row else 0)) * _cell_h(sheet) + 4.0


def _seat_map(pen: _Pen, sheet: RosterSheet, y: float) -> float:
    """The bus from above, front at the top: rows of seats with names, the aisle between."""
    w = PAGE_W - 2 * MARGIN
    aisle = 0.6  # in seat widths
    columns = max(sheet.seats_per_row + aisle, float(sheet.back_row))
    cell_w = min(34.0, w / columns)
    cell_h = _cell_h(sheet)
    left = (w - cell_w * columns) / 2
    thin = QPen(QColor("#444444"), 0.25 * pen.unit)
    pen.painter.setPen(thin)
    pen.painter.drawRect(pen.rect(left, y, cell_w * columns, 5.0))
    pen.text(
        left, y + 0.8, cell_w * columns, "▲ 车头　司机", 3.0, align=Qt.AlignmentFlag.AlignHCenter
    )
    y += 6.5
    per_row = sheet.seats_per_row
    aisle_after = next((c.index for c in sheet.seats if c.row == 1 and c.side == 1), per_row)
    for cell in sheet.seats:
        back = cell.row == sheet.rows + 1
        if back:
            x = left + (cell_w * columns - cell_w * sheet.back_row) / 2 + cell.index * cell_w
        else:
            x = left + cell.index * cell_w + (aisle * cell_w if cell.index >= aisle_after else 0)
        top = y + (cell.row - 1) * cell_h
        box = pen.rect(x + 0.4, top + 0.4, cell_w - 0.8, cell_h - 0.8)
        if cell.reserved:
            pen.painter.fillRect(box, QColor("#e0e0e0"))
        pen.painter.setPen(thin)
        pen.painter.drawRect(box)
        pen.text(x + 1.0, top + 0.8, cell_w - 2, cell.label, 2.3, color=GREY)
        name = "工作人员" if cell.reserved and not cell.name else cell.name
        if name:
            color = QColor("black") if cell.ours and not cell.reserved else GREY
            pen.text(
                x + 1.0,
                top + cell_h * 0.36,
                cell_w - 2.0,
                name,
                min(3.6, cell_h * 0.42),
                bold=cell.ours and not cell.reserved,
                color=color,
                align=Qt.AlignmentFlag.AlignHCenter,
            )
    return y - 6.5 + _seat_map_height(sheet)


ROW_H = 6.8
HEAD_H = 12.0
TITLE_H = 28.0
BOTTOM = PAGE_H - MARGIN - 16.0  # room for the footer and the page number


def _columns(sheet: RosterSheet) -> list[tuple[str, float]]:
    w = PAGE_W - 2 * MARGIN
    ticks = min(16.0, 70.0 / max(len(sheet.stops), 1))
    fixed = [("座位", 11.0), ("姓名", 24.0), ("电话", 25.0), ("分组", 15.0)]
    rest = w - sum(x for _, x in fixed) - ticks * len(sheet.stops)
    return [*fixed[:3], ("需求", rest), fixed[3], *((s, ticks) for s in sheet.stops)]


def _table_head(pen: _Pen, sheet: RosterSheet, y: float) -> float:
    x = 0.0
    pen.painter.fillRect(pen.rect(0, y, PAGE_W - 2 * MARGIN, HEAD_H), QColor("#f1e4e4"))
    for title, width in _columns(sheet):
        small = width <= 16.0 and len(title) > 2
        pen.text(
            x + 0.6,
            y + (1.0 if small else 3.2),
            width - 1.2,
            title,
            2.5 if small else 3.3,
            bold=True,
            wrap=small,
            max_lines=3,
            align=Qt.AlignmentFlag.AlignHCenter
            if small or width <= 16
            else Qt.AlignmentFlag.AlignLeft,
        )
        x += width
    _grid(pen, sheet, y, HEAD_H)
    return y + HEAD_H


def _grid(pen: _Pen, sheet: RosterSheet, y: float, h: float) -> None:
    line = QPen(QColor("#555555"), 0.2 * pen.unit)
    pen.painter.setPen(line)
    x = 0.0
    for _, width in _columns(sheet):
        pen.painter.drawRect(pen.rect(x, y, width, h))
        x += width


def _table_row(pen: _Pen, sheet: RosterSheet, line: RosterLine, y: float) -> None:
    values = [line.seat, line.name, line.phone_masked, line.needs, line.group]
    x = 0.0
    columns = _columns(sheet)
    for (title, width), value in zip(columns, values + [""] * len(sheet.stops), strict=True):
        if value:
            pen.text(x + 1.0, y + 1.5, width - 2.0, value, 3.4 if title == "姓名" else 3.0)
        x += width
    x = sum(w for _, w in columns[: len(values)])
    box = QPen(QColor("#222222"), 0.3 * pen.unit)
    for _, width in columns[len(values) :]:
        pen.painter.setPen(box)
        pen.painter.drawRect(pen.rect(x + width / 2 - 2.0, y + 1.4, 4.0, 4.0))
        x += width
    _grid(pen, sheet, y, ROW_H)


def _footer(pen: _Pen, y: float) -> None:
    w = PAGE_W - 2 * MARGIN
    pen.text(
        0,
        y + 3,
        w,
        "每个观摩点离开前点名：到场打“√”，未到写“×”并电话联系；人数不符不得发车。"
        "　　带队签字：＿＿＿＿＿＿",
        3.0,
        wrap=True,
        max_lines=2,
    )


def _paint(pen: _Pen, writer: QPdfWriter, sheet: RosterSheet, first: bool) -> int:
    """One sheet over as many pages as its list needs; returns the pages used."""
    bottom = BOTTOM
    table_top = MARGIN + TITLE_H
    rows_first = max(0, int((bottom - table_top - _seat_map_height(sheet) - HEAD_H) // ROW_H))
    rest = max(0, len(sheet.lines) - rows_first)
    per_page = int((bottom - table_top - HEAD_H) // ROW_H)
    pages = 1 + -(-rest // per_page)
    index = 0
    for page in range(1, pages + 1):
        if not (first and page == 1):
            writer.newPage()
        y = _title(pen, sheet, page, pages)
        if page == 1:
            y = _seat_map(pen, sheet, y)
        y = _table_head(pen, sheet, y)
        while index < len(sheet.lines) and y + ROW_H <= bottom:
            _table_row(pen, sheet, sheet.lines[index], y)
            index += 1
            y += ROW_H
        if page == pages:
            _footer(pen, y)
    return pages


def write_pdf(sheets: Sequence[RosterSheet], path: Path) -> int:
    """Writes the rosters to an A4 PDF, each vehicle from a new page; returns the page count."""
    if not sheets:
        raise UserError("没有可打印的乘车名单")
    with open_pdf(path, "乘车名单") as pdf:
        pen = pdf.pen(MARGIN, 0)
        return sum(_paint(pen, pdf.writer, sheet, n == 0) for n, sheet in enumerate(sheets))
