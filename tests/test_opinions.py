"""The opinions ledger: deadlines by calendar or working days, the status flow, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from checkin_app import events, opinions
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import Opinion, OpinionChange, OpinionStatus
from checkin_app.opinions import NewOpinion

EVENT = "固原市城市管理局2025年“政府开放日”"
DAY = dt.date(2025, 9, 24)  # a Wednesday, a week before the National Day holiday


def build(db: Database) -> int:
    with db.transaction() as s:
        event = events.create_event(s, EVENT, organiser="固原市城市管理局")
        events.add_activity(s, event, "城市管理开放日", DAY, 40, host_unit="市城市管理局")
        events.add_site(s, event, "污水处理厂", responsible_unit="市排水公司")
        events.add_site(s, event, "中心广场", responsible_unit="市园林绿化中心")
        return event.id


@pytest.fixture
def event_id(db: Database) -> int:
    return build(db)


def _snapshot(db: Database) -> list[tuple[object, ...]]:
    """Every opinion and history row, to show that a refusal changed nothing."""
    with db.reading() as s:
        rows = [
            (o.id, o.text, o.unit, o.due, o.status, o.answer, o.answered_at)
            for o in s.scalars(select(Opinion).order_by(Opinion.id))
        ]
        rows.append((s.scalar(select(func.count()).select_from(OpinionChange)),))
    return rows


def _add(db: Database, event_id: int, **fields: object) -> opinions.Added:
    values: dict[str, object] = {"text": "希望增加停车位", "activity": "城市管理开放日"}
    values.update(fields)
    with db.transaction() as s:
        return opinions.add(s, event_id, NewOpinion(**values), actor="李文员")  # type: ignore[arg-type]


def test_calendar_days_from_the_activity_by_default(db: Database, event_id: int) -> None:
    added = _add(db, event_id, received=DAY)
    assert added.due == DAY + dt.timedelta(days=15)
    assert added.warning == ""


def test_working_days_skip_the_national_day_holiday_and_count_make_up_days() -> None:
    # 2025: 10/1-10/8 off, Sunday 9/28 and Saturday 10/11 are make-up working days.
    due = opinions.add_days(DAY, 5, working=True)
    # 9/25 Thu, 9/26 Fri, 9/28 Sun (调休), 9/29 Mon, 9/30 Tue.
    assert due.day == dt.date(2025, 9, 30)
    assert opinions.add_days(DAY, 7, working=True).day == dt.date(2025, 10, 10)
    assert opinions.add_days(DAY, 8, working=True).day == dt.date(2025, 10, 11)


def test_a_year_beyond_the_holiday_calendar_is_counted_in_calendar_days_with_a_warning(
    db: Database, event_id: int
) -> None:
    with db.transaction() as s:
        opinions.set_rule(s, event_id, working_days=True)
    added = _add(db, event_id, activity=None, received=dt.date(2031, 5, 6))
    assert added.due == dt.date(2031, 5, 21)
    assert "2031年" in added.warning and "自然日" in added.warning


def test_status_flow_and_history_with_the_operator(db: Database, event_id: int) -> None:
    added = _add(db, event_id, received=DAY, name="张三丰", phone="13912345678")
    with db.transaction() as s:
        assert opinions.line(s, added.id).status is OpinionStatus.PENDING
        opinions.assign(s, added.id, "市排水公司", actor="王科长")
        assert opinions.line(s, added.id).status is OpinionStatus.ASSIGNED
        opinions.answer(s, added.id, "已增设40个车位", actor="王科长", at=dt.date(2025, 10, 5))
        assert opinions.mark_published(s, event_id, actor="李文员") == 1
    with db.reading() as s:
        row = s.get(Opinion, added.id)
        assert row is not None
        assert [(h.action, h.status, h.actor) for h in row.history] == [
            ("收到", OpinionStatus.PENDING, "李文员"),
            ("交办", OpinionStatus.ASSIGNED, "王科长"),
            ("答复", OpinionStatus.ANSWERED, "王科长"),
            ("公开", OpinionStatus.PUBLISHED, "李文员"),
        ]
        # The history never repeats the giver's name or phone (the purge clears one place).
        assert not any("张三" in h.detail or "1391" in h.detail for h in row.history)
        line = opinions.line(s, added.id)
        assert line.on_time is True and line.giver == "张**"


def test_due_this_week_and_late(db: Database, event_id: int) -> None:
    soon = _add(db, event_id, received=DAY, due=dt.date(2025, 10, 12))
    late = _add(db, event_id, received=DAY, due=dt.date(2025, 10, 3))
    later = _add(db, event_id, received=DAY, due=dt.date(2025, 10, 30))
    today = dt.date(2025, 10, 8)  # Wednesday; the week ends on Sunday 10/12
    with db.reading() as s:
        assert [x.id for x in opinions.ledger(s, event_id, "due", today)] == [soon.id]
        assert [x.id for x in opinions.ledger(s, event_id, "late", today)] == [late.id]
        assert len(opinions.ledger(s, event_id, "open", today)) == 3
        assert opinions.deadlines(s, event_id, today) == opinions.Deadlines(3, 1, 1)
        assert opinions.ledger(s, event_id, "late", today)[0].on_time is False
    assert later.id


def test_an_answer_before_the_opinion_was_received_is_refused(db: Database, event_id: int) -> None:
    added = _add(db, event_id, received=DAY)
    before = _snapshot(db)
    with pytest.raises(UserError) as err, db.transaction() as s:
        opinions.answer(s, added.id, "已答复", actor="王", at=dt.date(2025, 9, 20))
    assert str(err.value) == (
        f"第{added.id}条意见建议的答复日期2025-09-20早于收到日期2025-09-24，请检查日期"
    )
    assert _snapshot(db) == before


def test_a_due_date_before_the_received_date_is_refused(db: Database, event_id: int) -> None:
    before = _snapshot(db)
    with pytest.raises(UserError) as err:
        _add(db, event_id, received=DAY, due=dt.date(2025, 9, 1))
    assert "办理期限2025-09-01早于收到日期2025-09-24" in str(err.value)
    assert _snapshot(db) == before
    added = _add(db, event_id, received=DAY)
    before = _snapshot(db)
    with pytest.raises(UserError) as err, db.transaction() as s:
        opinions.assign(s, added.id, "市排水公司", actor="王", due=dt.date(2025, 9, 1))
    assert f"第{added.id}条意见建议的办理期限2025-09-01早于收到日期" in str(err.value)
    assert _snapshot(db) == before


def test_a_unit_not_in_the_event_is_refused_with_the_closest(db: Database, event_id: int) -> None:
    added = _add(db, event_id, received=DAY)
    before = _snapshot(db)
    with pytest.raises(UserError) as err, db.transaction() as s:
        opinions.assign(s, added.id, "排水公司", actor="王")
    assert "“排水公司”不是" in str(err.value) and "是否是“市排水公司”？" in str(err.value)
    assert _snapshot(db) == before


def test_an_empty_text_is_refused(db: Database, event_id: int) -> None:
    before = _snapshot(db)
    with pytest.raises(UserError) as err:
        _add(db, event_id, text="   ")
    assert str(err.value) == "意见建议内容不能为空"
    assert _snapshot(db) == before


def test_import_from_a_survey_download_one_row_per_submission(
    db: Database, event_id: int, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["序号", "提交答卷时间", "所用时间", "1、您的姓名", "2、联系电话", "3、您的意见建议"]
    )
    sheet.append([1, "2025/9/24 17:40:01", "95秒", "张三", "13912345678", "厂区绿化可以再加强"])
    sheet.append([2, "2025/9/25 09:02:11", "40秒", "", "", "无"])
    sheet.append([3, "2025/9/25 10:00:00", "60秒", "李四", "", ""])
    # A survey service writes a text starting with "=" as text, not as a formula.
    sheet.cell(4, 6).value = '=HYPERLINK("x")希望多办'
    sheet.cell(4, 6).data_type = "s"
    path = tmp_path / "问卷星下载.xlsx"
    book.save(path)
    with db.transaction() as s:
        preview = opinions.preview_import(s, event_id, path)
        assert preview.to_json() == {
            "accepted": [2, 4],
            "rejected": [],
            "duplicates": [],
            "warnings": [
                {"row": 3, "column": "3、您的意见建议", "reason": "没有填写意见建议，已跳过"}
            ],
        }
        opinions.commit_import(s, event_id, preview, actor="李文员")
    with db.reading() as s:
        rows = s.scalars(select(Opinion).order_by(Opinion.id)).all()
        assert [(o.name, o.received, o.source) for o in rows] == [
            ("张三", dt.date(2025, 9, 24), "线上"),
            ("李四", dt.date(2025, 9, 25), "线上"),
        ]
        assert rows[1].text.startswith("=HYPERLINK")


def test_the_purge_keeps_texts_and_answers_and_removes_givers(db: Database) -> None:
    from checkin_app import purge
    from tests.test_reports import build_day

    day = build_day(db)
    with db.transaction() as s:
        opinions.set_rule(s, day.event_id, units=["市城管局"])
        added = opinions.add(
            s,
            day.event_id,
            NewOpinion(
                text="希望延长开放时间",
                received=dt.date(2024, 6, 18),
                name="欧阳蘩蘅",
                phone="13700001111",
                work_unit="某某社区",
            ),
            actor="李文员",
        )
        opinions.answer(s, added.id, "明年延长一小时", actor="王科长", at=dt.date(2024, 6, 25))
    with db.transaction() as s:
        result = purge.purge_event(
            s, day.event_id, reason="保存期限已满", actor="", today=dt.date(2024, 7, 20)
        )
    assert {"欧阳蘩蘅", "13700001111"} <= set(result.traces)
    done = purge.make_gone(db, result)
    assert done.file is not None and done.file.ok, done.file
    with db.reading() as s:
        row = s.get(Opinion, added.id)
        assert row is not None
        assert (row.name, row.phone, row.work_unit) == ("", "", "")
        assert (row.text, row.answer) == ("希望延长开放时间", "明年延长一小时")
        assert opinions.line(s, added.id).giver == "匿名"


def test_stations_never_hold_opinions() -> None:
    from checkin_app import stations
    from checkin_app.models import OpinionRule

    copied = set(stations._TABLES)
    assert not copied & {Opinion, OpinionChange, OpinionRule}


@pytest.mark.postgres
def test_the_ledger_on_postgres(pg_url: str) -> None:
    database = Database(pg_url)
    try:
        event_id = build(database)
        added = _add(database, event_id, received=DAY, name="张三")
        with database.transaction() as s:
            opinions.assign(s, added.id, "市排水公司", actor="王科长")
            opinions.answer(s, added.id, "已答复", actor="王科长", at=dt.date(2025, 9, 30))
        with database.reading() as s:
            (line,) = opinions.ledger(s, event_id, "answered")
            assert (line.status, line.on_time, line.giver) == (OpinionStatus.ANSWERED, True, "张*")
    finally:
        database.close()


def test_control_characters_are_dropped_at_entry(db: Database, event_id: int) -> None:
    added = _add(db, event_id, text="希望\x07增设\x1b停车位\u202e", name="张\x00三")
    with db.reading() as s:
        row = s.get(Opinion, added.id)
        assert row is not None and (row.text, row.name) == ("希望增设停车位", "张三")
