"""The demo workspace: two open days shaped like the published plans, with generated applicants.

Nobody in it is real: names, ID numbers (valid check characters, real region prefixes) and
mobile numbers are drawn from a seeded generator, so the same seed gives the same workspace.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin_app import clock, events, idcard, logistics, roles, sealing, selection, workspace
from checkin_app.models import (
    Activity,
    DocumentType,
    Event,
    Gender,
    Participant,
    Source,
    Status,
    StatusChange,
)

DEMO_ACTOR = "演示数据"
# The demo desk's supervisor PIN (a real workspace sets its own with `checkin supervisor-pin`).
DEMO_SUPERVISOR_PIN = "1234"
GUYUAN = "固原市城市管理局2025年“政府开放日”"
JINCHENG = "晋城市城市管理局2024年政府开放周"
# Registration windows (local time, Asia/Shanghai) from the plans.
_UTC_OFFSET = dt.timedelta(hours=8)


def demo_today() -> dt.date:
    """Today on the demo events' clock (Asia/Shanghai): the day the demo's activities are held,
    so a demo pass scanned at a demo desk is admitted instead of refused as the wrong day."""
    return dt.datetime.now(clock.zone(clock.DEFAULT_ZONE)).date()


@dataclass(frozen=True)
class Applicant:
    """One generated registration. `id_number` is for building the demo only: never stored."""

    event: str
    activity: str
    name: str
    gender: Gender
    id_number: str
    phone: str
    work_unit: str
    job_title: str
    category: str
    invited: bool
    companion_key: str
    needs: str
    remarks: str
    source: Source
    registered_at: dt.datetime  # UTC, naive, as the database keeps times


# --------------------------------------------------------------- names, numbers, units

_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾"
    "丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱"
    "汤尹黎易常武乔贺赖龚文牛拓海"
)
_MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁亮建国志文博俊浩宇轩晨昊然子涵一鸣天佑家豪"
_FEMALE_CHARS = "芳娜敏静丽艳娟霞秀英华玲婷雪慧莉萍红燕琳晶欣怡梓涵诗雨佳悦晓彤雅琪思颖可馨"
# Rare characters that a pass must still print (the fonts test them); a few people have them.
_RARE_CHARS = "堃喆犇昇頔"

# Region codes (GB/T 2260): where the applicants' ID cards were issued.
_REGIONS = {
    GUYUAN: ("640402", "640402", "640402", "640422", "640423", "640424", "640425", "640104"),
    JINCHENG: ("140502", "140502", "140502", "140521", "140522", "140524", "140525", "140581"),
}
_MOBILE_PREFIXES = ("133", "135", "137", "138", "139", "150", "151", "155", "158", "177", "186")

# (category, weight, invited?) — most applicants answer the open call as citizens.
_CATEGORIES = (
    ("市民代表", 46, False),
    ("人大代表", 5, True),
    ("政协委员", 4, True),
    ("专家学者", 8, False),
    ("媒体记者", 6, False),
    ("企业代表", 11, False),
    ("社区工作者", 10, False),
    ("学生", 10, False),
)

_UNITS: dict[str, tuple[tuple[str, str], ...]] = {
    "市民代表": (
        ("{city}居民", "退休职工"),
        ("{city}第三中学", "教师"),
        ("{city}人民医院", "护士"),
        ("{district}个体工商户", "个体经营者"),
        ("{city}顺达出租汽车公司", "司机"),
        ("{district}居民", "自由职业"),
        ("{city}邮政分公司", "投递员"),
    ),
    "人大代表": (
        ("{city}第一人民医院", "主任医师"),
        ("{district}西街社区居委会", "党支部书记"),
        ("{city}兴农种养殖专业合作社", "理事长"),
    ),
    "政协委员": (("{city}律师协会", "律师"), ("{city}第二中学", "副校长")),
    "专家学者": (
        ("{city}城乡规划设计研究院", "高级工程师"),
        ("{city}环境科学研究所", "研究员"),
        ("{city}职业技术学院", "副教授"),
    ),
    "媒体记者": (("{city}日报社", "记者"), ("{city}广播电视台", "编辑")),
    "企业代表": (
        ("{city}恒通建筑工程有限公司", "项目经理"),
        ("{city}绿源物业服务有限公司", "经理"),
        ("{city}宏达商贸有限公司", "总经理"),
    ),
    "社区工作者": (
        ("{district}北关街道新华社区居委会", "网格员"),
        ("{district}南关街道文化社区居委会", "社区主任"),
    ),
    "学生": (("{city}职业技术学院", "学生"), ("{city}师范高等专科学校", "学生")),
}
_CITY = {GUYUAN: ("固原市", "原州区"), JINCHENG: ("晋城市", "晋城市城区")}
_INVITED_REMARKS = {"人大代表": "{city}人大代表", "政协委员": "{city}政协委员"}
_NEEDS = ("行动不便", "晕车", "行动不便，需要无障碍座位")


def _given_name(rng: random.Random, gender: Gender) -> str:
    chars = _MALE_CHARS if gender == Gender.MALE else _FEMALE_CHARS
    length = 1 if rng.random() < 0.3 else 2
    given = "".join(rng.choice(chars) for _ in range(length))
    if rng.random() < 0.07:
        given = given[:-1] + rng.choice(_RARE_CHARS)
    return given


def generate_id_number(rng: random.Random, region: str, born: dt.date, gender: Gender) -> str:
    """A GB 11643 number that passes the check: region, birth date, order code, check character."""
    order = rng.randrange(0, 100)
    sex_digit = rng.choice("13579" if gender == Gender.MALE else "02468")
    body = f"{region}{born:%Y%m%d}{order:02d}{sex_digit}"
    return body + idcard.check_character(body)


def _birth_date(rng: random.Random, category: str) -> dt.date:
    # Everyone is 18+ on any activity day (the demo holds them today or later); students are
    # young adults.
    first, last = (
        (dt.date(2000, 1, 1), dt.date(2005, 12, 31))
        if category == "学生"
        else (dt.date(1950, 1, 1), dt.date(2003, 12, 31))
    )
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _registered_at(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = int((end - start).total_seconds())
    local = start + dt.timedelta(seconds=rng.randrange(seconds))
    return local.replace(microsecond=0) - _UTC_OFFSET


# (event, activity, applicants, registration window start and end in local time, sources)
_PLAN = (
    (
        JINCHENG,
        "智慧城管",
        30,
        (dt.datetime(2024, 6, 10, 8), dt.datetime(2024, 6, 16, 18)),
        (Source.PHONE, Source.PHONE, Source.EMAIL, Source.ONLINE),
    ),
    (
        JINCHENG,
        "绿色城管",
        28,
        (dt.datetime(2024, 6, 10, 8), dt.datetime(2024, 6, 16, 18)),
        (Source.PHONE, Source.EMAIL, Source.EMAIL, Source.ONSITE),
    ),
    (
        JINCHENG,
        "亲民城管",
        18,
        (dt.datetime(2024, 6, 10, 8), dt.datetime(2024, 6, 16, 18)),
        (Source.PHONE, Source.PHONE, Source.EMAIL),
    ),
    (
        GUYUAN,
        "城市管理开放日",
        44,
        (dt.datetime(2025, 9, 9, 8), dt.datetime(2025, 9, 17, 18, 30)),
        (Source.PHONE, Source.PHONE, Source.ONSITE, Source.ONLINE),
    ),
)


def generate_applicants(seed: int = 2025) -> list[Applicant]:
    """The demo's registrations (about 120), the same for the same seed."""
    rng = random.Random(seed)
    people: list[Applicant] = []
    numbers: set[str] = set()
    phones: set[str] = set()
    names, weights = [c[0] for c in _CATEGORIES], [c[1] for c in _CATEGORIES]
    invited_categories = {c[0] for c in _CATEGORIES if c[2]}
    pair_no = 0
    for event, activity, count, (start, end), sources in _PLAN:
        city, district = _CITY[event]
        companions_left = 0
        companion = None
        for index in range(count):
            if companions_left and companion is not None:
                # The second of a pair: same category and unit, registered a little later.
                category, unit, job, key, surname = companion
                companions_left -= 1
                registered = people[-1].registered_at + dt.timedelta(minutes=rng.randrange(1, 30))
            else:
                category = rng.choices(names, weights)[0]
                unit, job = rng.choice(_UNITS[category])
                unit = unit.format(city=city, district=district)
                surname = rng.choice(_SURNAMES)
                key = ""
                pairable = category in ("市民代表", "学生", "企业代表") and index < count - 1
                if pairable and rng.random() < 0.1:
                    pair_no += 1
                    key = f"同行{pair_no:02d}"
                    companion = (category, unit, job, key, surname)
                    companions_left = 1
                registered = _registered_at(rng, start, end)
            gender = rng.choice((Gender.MALE, Gender.FEMALE))
            name = surname + _given_name(rng, gender)
            while True:
                born = _birth_date(rng, category)
                number = generate_id_number(rng, rng.choice(_REGIONS[event]), born, gender)
                if number not in numbers:
                    numbers.add(number)
                    break
            while True:
                phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
                if phone not in phones:
                    phones.add(phone)
                    break
            # The office marks deputies and committee members, and a few experts, as invited.
            invited = category in invited_categories or (
                category == "专家学者" and rng.random() < 0.4
            )
            needs = rng.choice(_NEEDS) if rng.random() < 0.06 else ""
            remarks = _INVITED_REMARKS.get(category, "").format(city=city)
            if key:
                remarks = "与同行人一同报名"
            people.append(
                Applicant(
                    event=event,
                    activity=activity,
                    name=name,
                    gender=gender,
                    id_number=number,
                    phone=phone,
                    work_unit=unit,
                    job_title=job,
                    category=category,
                    invited=invited,
                    companion_key=key,
                    needs=needs,
                    remarks=remarks,
                    source=rng.choice(sources),
                    registered_at=registered,
                )
            )
    return people


# --------------------------------------------------------------- events, sites, itineraries


def _guyuan(session: Session, today: dt.date) -> Event:
    event = events.create_event(session, GUYUAN, organiser="固原市城市管理局")
    event.notes = "遇极端天气活动顺延，另行通知。报名截止：9月17日18:30（市城市管理局806室）。"
    activity = events.add_activity(
        session,
        event,
        "城市管理开放日",
        today,
        40,
        assembly_point="市城市管理局办公楼前",
        signin_start=dt.time(14, 20),
        signin_end=dt.time(14, 40),
        discussion_start=dt.time(17, 0),
        end_time=dt.time(18, 0),
        host_unit="固原市城市管理局",
        responsible_person="办公室",
        contact_phone="0954-2036118",
        description="签到领取资料，乘车观摩四个点位，返回指挥大厅座谈并填写意见建议征集表。",
    )
    square = events.add_site(
        session,
        event,
        "人民广场园林绿化景观",
        address="原州区人民广场",
        planned_minutes=30,
        responsible_unit="市园林绿化服务中心",
        safety_notes="请勿踩踏绿地，注意台阶。",
    )
    plant = events.add_site(
        session,
        event,
        "第一污水处理厂",
        address="原州区清河路",
        planned_minutes=30,
        responsible_unit="市污水处理运营公司",
        capacity_at_once=20,
        safety_notes="按标识路线参观，不得跨越护栏、触碰设备；池边不得停留嬉戏，听从讲解员指挥。",
    )
    parking = events.add_site(
        session,
        event,
        "文化街智慧停车场（LED路灯改造）",
        address="原州区文化街",
        planned_minutes=20,
        responsible_unit="市停车管理服务中心",
        safety_notes="停车场内注意来往车辆。",
    )
    hall = events.add_site(
        session,
        event,
        "数字化城市管理指挥大厅",
        address="市城市管理局8楼",
        planned_minutes=20,
        responsible_unit="市数字化城市管理监督指挥中心",
        safety_notes="",
    )
    events.set_itinerary(session, activity, [(square, 5), (plant, 5), (parking, 5), (hall, 5)])
    # The plant takes 20 at a time, so the office hires two midibuses that visit it in turn.
    for label, plate in (("1号车", "宁D·23581"), ("2号车", "宁D·23592")):
        logistics.add_vehicle(
            session,
            activity,
            label,
            rows=6,
            seats_per_row=4,
            back_row_seats=0,
            reserved="1A",
            plate=plate,
        )
    return event


def _jincheng(session: Session, today: dt.date) -> Event:
    event = events.create_event(session, JINCHENG, organiser="晋城市城市管理局")
    event.notes = "邀请时间6月10日至16日，活动时间6月17日至21日；报名者请携带身份证。"
    common = {"host_unit": "晋城市城市管理局", "responsible_person": "办公室"}
    friendly = events.add_activity(
        session,
        event,
        "亲民城管",
        today,
        9,
        assembly_point="市城市管理综合行政执法支队",
        signin_start=dt.time(8, 30),
        signin_end=dt.time(8, 50),
        discussion_start=dt.time(11, 0),
        end_time=dt.time(12, 0),
        contact_phone="0356-2218630",
        description="跟随执法中队体验一天：队列训练、参观办公区、上街巡查占道经营，座谈并填写意见表。",
        **common,
    )
    smart = events.add_activity(
        session,
        event,
        "智慧城管",
        today + dt.timedelta(days=1),
        20,
        assembly_point="市数字化城市管理指挥中心一楼大厅",
        signin_start=dt.time(9, 0),
        signin_end=dt.time(9, 20),
        discussion_start=dt.time(11, 0),
        end_time=dt.time(11, 30),
        contact_phone="0356-2218631",
        description="参观数字化指挥中心和建筑工地扬尘监控平台，观看宣传片，体验服务热线。",
        **common,
    )
    green = events.add_activity(
        session,
        event,
        "绿色城管",
        today + dt.timedelta(days=2),
        20,
        assembly_point="市物贸广场",
        signin_start=dt.time(8, 30),
        signin_end=dt.time(8, 50),
        end_time=dt.time(13, 0),  # a bus tour of three sites, one in two batches
        contact_phone="0356-2218632",
        description="乘车参观垃圾分类宣教中心、餐厨垃圾处理公司和生活垃圾焚烧发电厂，填写意见表。",
        **common,
    )
    squad = events.add_site(
        session,
        event,
        "城区执法中队",
        planned_minutes=120,
        responsible_unit="市城市管理综合行政执法支队",
        safety_notes="巡查时跟随队员，注意往来车辆。",
    )
    command = events.add_site(
        session,
        event,
        "数字化城市管理指挥中心",
        planned_minutes=40,
        responsible_unit="市数字化城市管理监督指挥中心",
    )
    dust = events.add_site(
        session,
        event,
        "建筑工地扬尘监控平台",
        planned_minutes=30,
        responsible_unit="市城市管理局建设科",
    )
    education = events.add_site(
        session,
        event,
        "泽州县垃圾分类宣教中心",
        planned_minutes=40,
        responsible_unit="泽州县环境卫生服务中心",
    )
    kitchen = events.add_site(
        session,
        event,
        "餐厨垃圾处理公司",
        planned_minutes=40,
        responsible_unit="市环境卫生服务中心",
        capacity_at_once=15,
        safety_notes="车间内请戴口罩，不得触碰设备。",
    )
    energy = events.add_site(
        session,
        event,
        "生活垃圾焚烧发电厂",
        planned_minutes=40,
        responsible_unit="市环境卫生服务中心",
        capacity_at_once=20,
        safety_notes="按参观通道行走，佩戴安全帽，不得进入生产区。",
    )
    events.set_itinerary(session, friendly, [(squad, 0)])
    events.set_itinerary(session, smart, [(command, 0), (dust, 0)])
    events.set_itinerary(session, green, [(education, 25), (kitchen, 20), (energy, 25)])
    return event


def _register(session: Session, event: Event, people: list[Applicant], key: bytes) -> None:
    activities: dict[str, Activity] = {a.name: a for a in event.activities}
    for person in people:
        participant = Participant(
            event_id=event.id,
            activity_id=activities[person.activity].id,
            name=person.name,
            gender=person.gender,
            work_unit=person.work_unit,
            job_title=person.job_title,
            phone=person.phone,
            doc_type=DocumentType.RESIDENT_ID,
            doc_hash=idcard.document_hash(key, person.id_number),
            doc_last4=person.id_number[-4:],
            doc_prefix=person.id_number[:4],
            doc_sealed=sealing.seal_document(session, person.id_number),
            category=person.category,
            invited=person.invited,
            companion_key=person.companion_key,
            needs=person.needs,
            remarks=person.remarks,
            source=person.source,
            status=Status.APPLIED,
            decision="",
            registered_at=person.registered_at,
        )
        session.add(participant)
        session.add(
            StatusChange(
                participant=participant,
                old=None,
                new=Status.APPLIED,
                reason="报名",
                actor=DEMO_ACTOR,
                at=person.registered_at,
            )
        )
    session.flush()


def build_demo(session: Session, *, seed: int = 2025, today: dt.date | None = None) -> list[Event]:
    """Add the two demo events with their applicants, then run the selection on each.

    The 固原 open day is held `today` (default: today in Asia/Shanghai) and the 晋城 open week's
    three activities today, tomorrow and the day after, so the demo's passes scan as admitted."""
    key = workspace.document_key(session)
    people = generate_applicants(seed)
    day = today or demo_today()
    built = [_guyuan(session, day), _jincheng(session, day)]
    for event in built:
        _register(session, event, [p for p in people if p.event == event.name], key)
        selection.run_selection(session, event, actor=DEMO_ACTOR)
    # The 固原 office has seated its two midibuses, so its passes and the desk show bus and seat.
    logistics.assign(session, built[0].activities[0])
    if not roles.has_supervisor_pin(session):
        roles.set_supervisor_pin(session, DEMO_SUPERVISOR_PIN)
    return built


def ensure_demo(session: Session, *, today: dt.date | None = None) -> bool:
    """Build the demo on a workspace with no events at all (the app's first start)."""
    if session.scalar(select(func.count()).select_from(Event)):
        return False
    build_demo(session, today=today)
    return True
