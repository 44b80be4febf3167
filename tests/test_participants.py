"""The participants list: masking, filters, and search by name, pinyin initials and last digits."""

from __future__ import annotations

import datetime as dt

import pytest

from checkin_app import events
from checkin_app.db import Database
from checkin_app.models import DocumentType, Participant, Status
from checkin_app.participants import categories, list_participants, matches_initials

PEOPLE = [
    # name, phone, doc prefix, last4, category, status, activity index
    ("张三", "13812345678", "6404", "123X", "市民代表", Status.APPLIED, 0),
    ("李四", "13900001111", "1404", "0021", "人大代表", Status.CONFIRMED, 0),
    ("单雄信", "13700002222", "6401", "4455", "专家学者", Status.WAITLISTED, 1),
    ("王芳", "15800003333", "6404", "7788", "市民代表", Status.CONFIRMED, 1),
    ("张思远", "18600004444", "6402", "5678", "学生", Status.DECLINED, 0),
]


@pytest.fixture
def event_id(db: Database) -> int:
    with db.transaction() as s:
        event = events.create_event(s, "晋城市城市管理局2024年政府开放周")
        acts = [
            events.add_activity(s, event, "智慧城管", dt.date(2024, 6, 19), 20),
            events.add_activity(s, event, "绿色城管", dt.date(2024, 6, 20), 20),
        ]
        for n, (name, phone, prefix, last4, cat, status, act) in enumerate(PEOPLE):
            s.add(
                Participant(
                    event_id=event.id,
                    activity_id=acts[act].id,
                    name=name,
                    phone=phone,
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=f"hash{n}",
                    doc_prefix=prefix,
                    doc_last4=last4,
                    category=cat,
                    status=status,
                    registered_at=dt.datetime(2024, 6, 10, 9, n),
                )
            )
        return event.id


def _names(db: Database, event_id: int, **kw: object) -> list[str]:
    with db.reading() as s:
        return [r.name for r in list_participants(s, event_id, **kw)]  # type: ignore[arg-type]


def test_rows_are_masked_and_in_registration_order(db: Database, event_id: int) -> None:
    with db.reading() as s:
        rows = list_participants(s, event_id)
    assert [r.name for r in rows] == [p[0] for p in PEOPLE]
    first = rows[0]
    assert first.doc_masked == "6404**********123X"
    assert first.phone_masked == "138****5678"
    assert first.activity_name == "智慧城管"
    assert "12345678" not in repr(first)


def test_filters_by_status_category_and_activity(db: Database, event_id: int) -> None:
    assert _names(db, event_id, status=Status.CONFIRMED) == ["李四", "王芳"]
    assert _names(db, event_id, category="市民代表") == ["张三", "王芳"]
    with db.reading() as s:
        green = next(
            a.id for a in events.find_event(s, event_id).activities if a.name == "绿色城管"
        )
    assert _names(db, event_id, activity_id=green) == ["单雄信", "王芳"]
    assert _names(db, event_id, activity_id=green, status=Status.CONFIRMED) == ["王芳"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张", ["张三", "张思远"]),
        ("zs", ["张三", "张思远"]),  # initials of 张三 and of 张思(远)
        ("ZSY", ["张思远"]),
        ("sxx", ["单雄信"]),  # 单 read as a surname (shan)
        ("dxx", ["单雄信"]),  # and in its common reading
        ("5678", ["张三", "张思远"]),  # phone of 张三, document of 张思远
        ("123x", ["张三"]),  # the check character typed in lower case
        ("0021", ["李四"]),
        ("赵", []),
    ],
)
def test_search(db: Database, event_id: int, query: str, expected: list[str]) -> None:
    assert _names(db, event_id, search=query) == expected


def test_categories_are_the_ones_in_use(db: Database, event_id: int) -> None:
    with db.reading() as s:
        assert set(categories(s, event_id)) == {"市民代表", "人大代表", "专家学者", "学生"}


def test_initials_match_consecutive_characters() -> None:
    assert matches_initials("欧阳娜娜", "yn")
    assert not matches_initials("欧阳娜娜", "on")
