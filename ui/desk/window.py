"""签到台: the check-in desk window for one activity at one station.

Every scan, admit, undo, override and walk-in runs as a change Operation on the database worker;
the verdict is painted only when that change has committed, so what the steward sees is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checkin_app import checkin, clock, events, roles
from checkin_app.checkin import OVERRIDABLE, Desk, DeskLists, Roster, ScanResult, Verdict
from checkin_app.db import Database, Session
from checkin_app.errors import NotFound, UserError
from ui import operations
from ui.desk import dialogs
from ui.desk.burst import ScannerBurstFilter
from ui.desk.camera import CameraThread, DeviceSource, FrameSource, list_cameras
from ui.desk.lists import ArrivalsList, CountersBar, MissingList, SearchPanel
from ui.desk.serial_scanner import SerialScanner, list_ports
from ui.desk.sounds import VerdictSounds
from ui.desk.speech import Speaker
from ui.desk.verdict_panel import VerdictPanel
from ui.hub_status import attach_hub

# A supervisor who walks away does not leave the desk unlocked for the next passer-by.
SUPERVISOR_TIMEOUT_MS = 5 * 60 * 1000
# The search box gives the focus back to the scan field when nobody has typed for this long.
SEARCH_IDLE_MS = 20 * 1000
# After a verdict the counters and lists are reloaded at most this often: a queue of people
# scanned one a second gets one reload, not one per scan in front of the next scan.
REFRESH_COALESCE_MS = 2000
# A reload due while a scan is still on the database worker waits this much longer.
REFRESH_RETRY_MS = 250
PREVIEW_SIZE = (400, 225)
PREVIEW_MIN = (256, 144)
LISTS_MIN_WIDTH = 260
LISTS_WIDTH = 400
SIDE_SHARE = 0.22  # of the window's width, for each side column
# How the body's extra width is shared: camera/search, verdict, lists.
BODY_STRETCH = (0, 1, 0)
# The desk opens filling the screen's free area (less the taskbar), with room for the window
# manager's title bar and borders: the bigger the screen, the bigger the verdict.
TITLE_BAR_PX = 32
FRAME_SIDES_PX = 4  # the window manager's left and right borders


@dataclass(frozen=True)
class DeskInfo:
    """What the desk's header shows, loaded once."""

    event_name: str
    activity_name: str
    date: dt.date
    timezone: str


def desk_info(session: Session, activity_id: int) -> DeskInfo:
    for e in events.list_events(session):
        for a in e.activities:
            if a.id == activity_id:
                details = events.event_details(session, e.id)
                return DeskInfo(e.name, a.name, a.date, details.timezone)
    raise NotFound(f"找不到编号为 {activity_id} 的活动项目")


def activity_choices(session: Session, event_id: int | None = None) -> list[dialogs.ActivityChoice]:
    """The activities of one event (or of every event), for the chooser."""
    return [
        dialogs.ActivityChoice(a.id, a.name, f"{e.name} · {a.name} · {a.date:%Y-%m-%d}")
        for e in events.list_events(session)
        if event_id is None or e.id == event_id
        for a in e.activities
    ]


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    # Clicking a button must not take the focus from the scan field (kiosk).
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setFont(_font(15))
    return button


class DeskWindow(QMainWindow):
    """One station's desk. `shown(result)` after a committed verdict is painted; `refreshed`
    after counters and lists were reloaded; `message_shown(text)` for everything else."""

    shown = Signal(object)
    refreshed = Signal()
    roster_loaded = Signal()
    message_shown = Signal(str)
    camera_state = Signal(str)

    def __init__(
        self,
        database: Database,
        activity_id: int,
        *,
        station: str,
        operator: str,
        settings: QSettings | None = None,
        camera: FrameSource | None = None,
        use_cameras: bool = True,
        station_renamable: bool = False,
    ) -> None:
        super().__init__()
        self.database = database
        self.desk = Desk(activity_id, station, operator)
        self.station_renamable = station_renamable
        self.settings = settings if settings is not None else QSettings()
        self.info: DeskInfo | None = None
        self.roster: Roster | None = None
        self.last_result: ScanResult | None = None
        self.supervisor = False
        # What the supervisor's PIN earned: the core checks it on every supervisor action.
        self.grant: roles.SupervisorGrant | None = None
        self.camera_thread: CameraThread | None = None
        self.zone: dt.tzinfo = clock.zone("")
        self._refreshing = False
        self._refresh_again = False
        self._inside: dict[int, dt.datetime] = {}  # who is in, for the search's 签到 state
        self._scans_in_flight = 0
        self._camera_sources: list[FrameSource | None] = []
        self._watching_focus = False
        self.walk_in_dialog: dialogs.WalkInDialog | None = None
        self.setWindowTitle(self.tr("签到台"))

        self.sounds = VerdictSounds(self, enabled=self._setting_bool("sound", True))
        self.speaker = Speaker(self)
        self.speaker.enabled = self._setting_bool("speech", False)
        self.serial = SerialScanner(self)
        self.serial.scanned.connect(lambda text: self.submit(text))
        self.serial.failed.connect(
            lambda why: self.show_message(self.tr("串口扫码枪出错：{0}").format(why), error=True)
        )

        self._build()
        # The live hub: a status light, a push after each verdict, other desks' check-ins pulled.
        self.hub = attach_hub(self, self.database, verdicts=self.shown, refresh=self.refresh)
        self.burst = ScannerBurstFilter(self.scan_field, self)
        self.burst.scanned.connect(lambda text: self.submit(text))
        self.burst.install()
        self._supervisor_timer = QTimer(self)
        self._supervisor_timer.setSingleShot(True)
        self._supervisor_timer.timeout.connect(self.lock)
        self._search_idle = QTimer(self)
        self._search_idle.setSingleShot(True)
        self._search_idle.timeout.connect(self.focus_scan_field)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._refresh_when_idle)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        self._fill_camera_choices(camera, use_cameras)
        self._fill_serial_choices()
        self._set_supervisor(False)
        self._fit_to_screen()
        self.load()
        self._check_station()

    # -- building

    def _fit_to_screen(self) -> None:
        """Open filling the screen's free area: at 1366x768 a 768 px tall window put the status
        messages under a 40 px taskbar."""
        area = self.screen().availableGeometry()
        width = area.width() - FRAME_SIDES_PX
        height = area.height() - TITLE_BAR_PX
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, area.y())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._body_dragged:
            self._share_body()

    def _share_body(self) -> None:
        """Side columns take a share of the width up to their full size; the verdict the rest
        (until the steward drags a handle)."""
        total = self.width()
        left = max(PREVIEW_MIN[0], min(PREVIEW_SIZE[0] + 4, int(SIDE_SHARE * total)))
        right = max(LISTS_MIN_WIDTH, min(LISTS_WIDTH, int(SIDE_SHARE * total)))
        self.body.setSizes([left, max(1, total - left - right), right])

    def _body_moved(self, _pos: int, _index: int) -> None:
        self._body_dragged = True

    def _setting_bool(self, key: str, default: bool) -> bool:
        value = self.settings.value(f"desk/{key}", default)
        return value in (True, "true", "1", 1)

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setFont(_font(18, bold=True))
        self.who = QLabel()
        self.who.setFont(_font(14))
        self.operator_button = _button(self.tr("更换签到员"))
        self.operator_button.clicked.connect(self.ask_operator)
        # Only the office's own desk is named here; a station's name comes with its package.
        self.station_button = _button(self.tr("更改签到点"))
        self.station_button.clicked.connect(self.ask_station_name)
        self.station_button.setVisible(self.station_renamable)
        self.role = QLabel()
        self.role.setFont(_font(14, bold=True))
        self.unlock_button = _button(self.tr("主管解锁"))
        self.unlock_button.clicked.connect(self.toggle_supervisor)
        self.sound_box = QCheckBox(self.tr("提示音"))
        self.sound_box.setChecked(self.sounds.enabled)
        self.sound_box.toggled.connect(self._sound_toggled)
        self.speech_box = QCheckBox(self.tr("语音播报"))
        self.speech_box.setChecked(self.speaker.enabled)
        self.speech_box.toggled.connect(self._speech_toggled)
        self.full_button = _button(self.tr("全屏 (F11)"))
        self.full_button.clicked.connect(self.toggle_full_screen)
        for box in (self.sound_box, self.speech_box):
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.setFont(_font(14))
        # Two rows: the activity and who is at the desk, then the tools. One row of all of them
        # was 1,291 px wide, and 1024x768 laptops could not reach 全屏 or 提示音.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.who)
        tools = QHBoxLayout()
        tools.addWidget(self.operator_button)
        tools.addWidget(self.station_button)
        tools.addSpacing(12)
        tools.addWidget(self.role)
        tools.addWidget(self.unlock_button)
        tools.addStretch(1)
        tools.addWidget(self.sound_box)
        tools.addWidget(self.speech_box)
        tools.addWidget(self.full_button)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(4)
        outer.addLayout(heading)
        outer.addLayout(tools)
        # A splitter: each column gives way down to its minimum, and the steward may drag.
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self._left_column())
        self.body.addWidget(self._centre_column())
        self.body.addWidget(self._right_column())
        for column, stretch in enumerate(BODY_STRETCH):
            self.body.setStretchFactor(column, stretch)
        self._body_dragged = False
        self.body.splitterMoved.connect(self._body_moved)
        outer.addWidget(self.body, 1)
        self.setCentralWidget(central)

    def _left_column(self) -> QWidget:
        self.preview = QLabel(self.tr("摄像头未开启"))
        # 16:9, between a small laptop's column and the full 400 x 225.
        self.preview.setMinimumSize(*PREVIEW_MIN)
        self.preview.setMaximumSize(*PREVIEW_SIZE)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #111827; color: #d1d5db;")
        self.preview.setFont(_font(16))
        self.camera_choice = QComboBox()
        self.camera_choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.camera_choice.activated.connect(self._camera_chosen)
        self.serial_choice = QComboBox()
        self.serial_choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.serial_choice.activated.connect(self._serial_chosen)
        for combo in (self.camera_choice, self.serial_choice):
            # A long device name must not widen the column past a small screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        self.camera_status = QLabel()
        self.camera_status.setWordWrap(True)
        self.camera_status.setFont(_font(13))
        self.scan_field = QLineEdit()
        # A Chinese input method in Chinese mode would swallow the scanner's letters.
        self.scan_field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.scan_field.setFont(_font(20))
        # Short enough for a 256 px column; the tooltip says it in full.
        self.scan_field.setPlaceholderText(self.tr("扫码/证件号/手工码"))
        self.scan_field.setToolTip(self.tr("扫码 / 证件号 / 手工码，回车"))
        self.scan_field.returnPressed.connect(self._scan_field_entered)
        self.search = SearchPanel()
        self.search.query_changed.connect(self._search_changed)
        self.search.entered.connect(self._search_entered)
        devices = QHBoxLayout()
        devices.addWidget(self.camera_choice, 1)
        devices.addWidget(self.serial_choice, 1)
        left = QWidget()
        left.setMinimumWidth(PREVIEW_MIN[0])
        left.setMaximumWidth(PREVIEW_SIZE[0] + 4)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.preview, 2)
        layout.addLayout(devices)
        layout.addWidget(self.camera_status)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.search, 3)
        return left

    def _centre_column(self) -> QWidget:
        self.verdict = VerdictPanel()
        self.counters = CountersBar()
        self.undo_button = _button(self.tr("撤销签到…"))
        self.undo_button.clicked.connect(self.ask_undo)
        self.override_button = _button(self.tr("主管放行…"))
        self.override_button.clicked.connect(self.ask_override)
        self.walk_in_button = _button(self.tr("现场登记…"))
        self.walk_in_button.clicked.connect(self.ask_walk_in)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setFont(_font(16, bold=True))
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        actions = QHBoxLayout()
        for button in (self.undo_button, self.override_button, self.walk_in_button):
            actions.addWidget(button)
        actions.addStretch(1)
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.verdict, 1)
        layout.addWidget(self.counters)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        return centre

    def _right_column(self) -> QWidget:
        self.arrivals = ArrivalsList(self.zone)
        self.missing = MissingList()
        self.reveal_button = _button(self.tr("显示电话"))
        self.reveal_button.clicked.connect(self.reveal_selected)
        missing_page = QWidget()
        missing_layout = QVBoxLayout(missing_page)
        missing_layout.setContentsMargins(0, 0, 0, 0)
        missing_layout.addWidget(self.missing, 1)
        missing_layout.addWidget(self.reveal_button)
        self.lists = QTabWidget()
        self.lists.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lists.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lists.setFont(_font(15))
        self.lists.addTab(self.arrivals, self.tr("已到"))
        self.lists.addTab(missing_page, self.tr("未到"))
        self.lists.setMinimumWidth(LISTS_MIN_WIDTH)
        return self.lists

    # -- loading

    def load(self) -> None:
        """Header, roster and lists, each in the worker; the desk scans before they arrive."""
        activity_id = self.desk.activity_id
        operations.query(self.database, lambda s, _: desk_info(s, activity_id)).success(
            self._info_loaded
        ).failure(lambda why: self.show_message(why, error=True)).run_in_background()
        self.load_roster()
        self.refresh()
        self._show_who()

    def _info_loaded(self, info: DeskInfo) -> None:
        self.info = info
        self.zone = clock.zone(info.timezone)
        self.arrivals.zone = self.zone
        self.title.setText(
            self.tr("{0} · {1} · {2}").format(
                info.activity_name,
                self.tr("{0}月{1}日").format(info.date.month, info.date.day),
                info.event_name,
            )
        )
        self.title.setToolTip(info.event_name)
        self.setWindowTitle(self.tr("签到台 · {0}").format(info.activity_name))

    def load_roster(self) -> None:
        activity_id = self.desk.activity_id
        operations.query(self.database, lambda s, _: Roster.load(s, activity_id)).success(
            self._roster_loaded
        ).failure(lambda why: self.show_message(why, error=True)).run_in_background()

    def _roster_loaded(self, roster: Roster) -> None:
        self.roster = roster
        self.search.hint.setText(self.tr("名单 {0} 人").format(len(roster)))
        self._search_changed(self.search.field.text())
        self.roster_loaded.emit()

    def refresh(self) -> None:
        """Counters, arrivals and missing list; a refresh asked for while one runs runs once after
        it, so a fast queue of scans does not pile up reloads in front of the next scan."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        activity_id = self.desk.activity_id

        def work(s: Session, _: operations.Progress) -> DeskLists:
            return checkin.desk_lists(s, activity_id)

        # On the read workers: the scan that follows never queues behind this refresh.
        operations.read(self.database, work).success(self._lists_loaded).failure(
            self._refresh_failed
        ).run_in_background()

    def schedule_refresh(self) -> None:
        """A reload of the lists soon (coalesced): what a verdict asks for."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start(REFRESH_COALESCE_MS)

    def _refresh_when_idle(self) -> None:
        # A reload while scans are still being committed would show the lists without them:
        # it goes after the scans.
        if self._scans_in_flight:
            self._refresh_timer.start(REFRESH_RETRY_MS)
            return
        self.refresh()

    def _lists_loaded(self, lists: DeskLists) -> None:
        self.counters.show_counters(lists.counters)
        self.arrivals.show_arrivals(lists.arrivals)
        self.missing.show_missing(lists.missing)
        self._inside = {a.person.id: a.at for a in lists.arrivals}
        self._show_hits()
        self.lists.setTabText(0, self.tr("已到 {0}").format(len(lists.arrivals)))
        self.lists.setTabText(1, self.tr("未到 {0}").format(len(lists.missing)))
        self._refresh_done()
        self.refreshed.emit()

    def _refresh_failed(self, why: str) -> None:
        self.show_message(why, error=True)
        self._refresh_done()

    def _refresh_done(self) -> None:
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    # -- scanning

    def _scan_field_entered(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit(text)

    def submit(self, text: str) -> None:
        """A scan from any input (field, burst, camera, serial): committed, then painted."""
        text = text.strip()
        if not text:
            return
        desk = self.desk
        self._change(lambda s: checkin.scan(s, desk, text), scan=True)

    def admit(self, participant_id: int) -> None:
        """Someone chosen from the search (no pass, no ID card)."""
        desk = self.desk
        self.search.clear()
        self.focus_scan_field()
        self._change(lambda s: checkin.admit(s, desk, participant_id), scan=True)

    def _change(self, call: Any, *, scan: bool = False) -> operations.Operation[ScanResult]:
        failed = self._scan_failed if scan else lambda why: self.show_message(why, error=True)
        operation = (
            operations.change(self.database, lambda s, _: call(s))
            .success(self._show_result)
            .failure(failed)
        )
        self._scans_in_flight += 1
        operation.finished.connect(self._change_finished)
        return operation.run_in_background()

    def _change_finished(self) -> None:
        self._scans_in_flight -= 1

    def _scan_failed(self, why: str) -> None:
        # Nothing was stored for this scan: the previous verdict must not stay up as if it were
        # this person's, and there is no result to undo or override.
        self.last_result = None
        self.verdict.show_unsaved(why)
        self.sounds.play(Verdict.UNREADABLE)
        self._update_actions()
        self.show_message(why, error=True)

    def _show_result(self, result: ScanResult) -> None:
        # Only here, after the commit returned: a verdict on the screen is a stored record.
        self.last_result = result
        self.verdict.show_result(result)
        self.sounds.play(result.verdict)
        if result.verdict == Verdict.ADMITTED and result.person is not None:
            self.speaker.announce(result.person.name, result.bus)
        self.message.setText("")
        self._update_actions()
        self.schedule_refresh()
        self.shown.emit(result)

    def show_message(self, text: str, *, error: bool = False) -> None:
        colour = "#b00020" if error else "#1b5e20"
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)
        self.message_shown.emit(text)

    # -- search

    def _search_changed(self, text: str) -> None:
        # In memory and a few ms for 10,000 people (bench/desk_bench.py): fine on the UI thread.
        self._search_idle.start(SEARCH_IDLE_MS)
        self._show_hits(keep=False)

    def _show_hits(self, keep: bool = True) -> None:
        """The search's results for what is typed; a reload keeps the person picked (by id)."""
        if self.roster is None:
            return
        picked = self.search.selected() if keep else None
        hits = self.roster.hits(self.search.field.text(), self._inside, self.zone)
        self.search.show_hits(hits)
        rows = [i for i, h in enumerate(hits) if picked is not None and h.person.id == picked.id]
        if rows:
            self.search.results.setCurrentRow(rows[0])

    def _search_entered(self, row: int | None) -> None:
        """Return (or a double-click) on the search: ask once, never guess among several."""
        pick = checkin.pick_from_search(self.search.hits, row)
        if pick.hit is None:
            if pick.choose:
                self.show_message(
                    self.tr("找到 {0} 人，请先用 ↑↓ 或单击选中要签到的人").format(
                        len(self.search.hits)
                    ),
                    error=True,
                )
            return
        person = pick.hit.person
        question = self.tr("确认为 {0} 签到？").format(person.name)
        if pick.twins:
            question += "\n" + self.tr("同名 {0} 人，请核对证件：{1}").format(
                pick.twins + 1, self.search.details(pick.hit)
            )
        confirmed = dialogs.confirm_admit(self, question)
        self.focus_scan_field()
        if confirmed:
            self.admit(person.id)

    # -- camera

    def _fill_camera_choices(self, given: FrameSource | None, use_cameras: bool) -> None:
        self.camera_choice.clear()
        self._camera_sources = [None]
        self.camera_choice.addItem(self.tr("不使用摄像头"))
        if given is not None:
            self._camera_sources.append(given)
            self.camera_choice.addItem(self.tr("视频源：{0}").format(given.description))
        cameras = list_cameras() if use_cameras else []
        for choice in cameras:
            self._camera_sources.append(DeviceSource(choice.device, choice.description))
            self.camera_choice.addItem(choice.description)
        if given is not None:
            self.camera_choice.setCurrentIndex(1)
            self.start_camera(given)
        elif cameras:
            self.camera_choice.setCurrentIndex(1)
            self.start_camera(self._camera_sources[1])
        else:
            self._camera_message(self.tr("未找到摄像头：请用扫码枪或手工输入"))

    def _camera_chosen(self, index: int) -> None:
        source = self._camera_sources[index] if 0 <= index < len(self._camera_sources) else None
        self.stop_camera()
        if source is not None:
            self.start_camera(source)
        self.focus_scan_field()

    def start_camera(self, source: FrameSource | None) -> None:
        self.stop_camera()
        if source is None:
            return
        thread = CameraThread(source)
        thread.frame.connect(self._preview)
        thread.code.connect(self.submit)
        thread.opened.connect(
            lambda name: self._camera_message(self.tr("摄像头：{0}").format(name))
        )
        thread.failed.connect(
            lambda name: self._camera_message(
                self.tr("无法打开摄像头“{0}”：请检查连接；扫码枪和手工输入照常可用").format(name),
                error=True,
            )
        )
        thread.lost.connect(
            lambda name: self._camera_message(
                self.tr("摄像头“{0}”已断开，正在重连；扫码枪和手工输入照常可用").format(name),
                error=True,
            )
        )
        thread.ended.connect(
            lambda name: self._camera_message(self.tr("视频“{0}”已播放完毕").format(name))
        )
        self.camera_thread = thread
        self._camera_message(self.tr("正在打开摄像头“{0}”…").format(source.description))
        thread.start()

    def stop_camera(self) -> None:
        thread, self.camera_thread = self.camera_thread, None
        if thread is not None:
            thread.stop()
            thread.deleteLater()
            self.preview.clear()
            self.preview.setText(self.tr("摄像头未开启"))

    def _preview(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)
        thread = self.camera_thread
        if thread is not None:
            thread.preview_shown()

    def _camera_message(self, text: str, *, error: bool = False) -> None:
        self.camera_status.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
        self.camera_status.setText(text)
        if error:
            self.preview.clear()
            self.preview.setText(self.tr("无摄像头画面"))
        self.camera_state.emit(text)

    # -- serial scanner

    def _fill_serial_choices(self) -> None:
        self.serial_choice.clear()
        self.serial_choice.addItem(self.tr("不使用串口扫码枪"), "")
        for name, label in list_ports():
            self.serial_choice.addItem(f"{name} {label}".strip(), name)

    def _serial_chosen(self, index: int) -> None:
        name = self.serial_choice.itemData(index)
        self.serial.close()
        if name and not self.serial.open(name):
            self.show_message(
                self.tr("无法打开串口 {0}：{1}").format(name, self.serial.port.errorString()),
                error=True,
            )
        self.focus_scan_field()

    # -- roles

    def _set_supervisor(self, on: bool, grant: roles.SupervisorGrant | None = None) -> None:
        self.supervisor = on
        self.grant = grant if on else None
        self.role.setText(self.tr("主管") if on else self.tr("签到员"))
        self.role.setStyleSheet("color: #b45309;" if on else "")
        self.unlock_button.setText(self.tr("锁定") if on else self.tr("主管解锁"))
        self.walk_in_button.setEnabled(on)
        self.reveal_button.setEnabled(on)
        if on:
            self._supervisor_timer.start(SUPERVISOR_TIMEOUT_MS)
        else:
            self._supervisor_timer.stop()
            self.missing.hide_phones()
        self._update_actions()

    def _update_actions(self) -> None:
        result = self.last_result
        self.undo_button.setEnabled(self.supervisor)
        self.override_button.setEnabled(
            self.supervisor
            and result is not None
            and result.person is not None
            and result.verdict in OVERRIDABLE
        )

    def _touch_supervisor(self) -> None:
        if self.supervisor:
            self._supervisor_timer.start(SUPERVISOR_TIMEOUT_MS)

    def toggle_supervisor(self) -> None:
        if self.supervisor:
            self.lock()
            return
        pin = dialogs.ask_pin(self)
        self.focus_scan_field()
        if pin is not None:
            self.unlock(pin)

    def unlock(self, pin: str) -> None:
        # A change, not a query: a wrong PIN is counted and logged even though it unlocks nothing.
        desk = self.desk
        operations.change(self.database, lambda s, _: checkin.unlock(s, desk, pin)).success(
            self._pin_checked
        ).failure(lambda why: self.show_message(why, error=True)).run_in_background()

    def _pin_checked(self, answer: roles.Attempt) -> None:
        if answer.grant is None:
            self.show_message(answer.message, error=True)
        else:
            self._set_supervisor(True, answer.grant)
            self.show_message(self.tr("主管已解锁：可撤销、放行、现场登记、显示电话"))

    def lock(self) -> None:
        self._set_supervisor(False)
        self.show_message(self.tr("已锁定为签到员"))

    def _need_supervisor(self) -> bool:
        if not self.supervisor:
            self.show_message(self.tr("此操作需要主管解锁"), error=True)
            return False
        self._touch_supervisor()
        return True

    # -- supervisor actions

    def undo_target(self) -> tuple[int, str] | None:
        """Who an undo takes back: the person picked in the arrivals list, else the one just
        admitted (or reported already in)."""
        picked = self.arrivals.selected()
        if picked is not None:
            name = next(
                (a.person.name for a in self.arrivals.arrivals if a.person.id == picked), ""
            )
            return picked, name
        result = self.last_result
        if (
            result is not None
            and result.person is not None
            and result.verdict
            in (
                Verdict.ADMITTED,
                Verdict.ALREADY_CHECKED_IN,
            )
        ):
            return result.person.id, result.person.name
        return None

    def ask_undo(self) -> None:
        if not self._need_supervisor():
            return
        target = self.undo_target()
        if target is None:
            self.show_message(self.tr("请先在“已到”列表中选中要撤销的人"), error=True)
            return
        reason = dialogs.ask_reason(
            self, self.tr("撤销签到"), self.tr("撤销“{0}”的签到，原因：").format(target[1])
        )
        self.focus_scan_field()
        if reason is not None:
            self.undo(target[0], reason)

    def undo(self, participant_id: int, reason: str) -> None:
        if not self._need_supervisor():
            return
        desk, grant = self.desk, self.grant
        self._change(
            lambda s: checkin.undo(s, desk, participant_id, reason=reason, supervisor=grant)
        )

    def ask_override(self) -> None:
        if not self._need_supervisor():
            return
        result = self.last_result
        if result is None or result.person is None or result.verdict not in OVERRIDABLE:
            self.show_message(self.tr("只能放行刚被拒绝、且查到本人的扫码"), error=True)
            return
        reason = dialogs.ask_reason(
            self,
            self.tr("主管放行"),
            self.tr("放行“{0}”（{1}），原因：").format(result.person.name, result.headline),
        )
        self.focus_scan_field()
        if reason is not None:
            self.override(result.person.id, reason, result.verdict)

    def override(self, participant_id: int, reason: str, overridden: Verdict) -> None:
        if not self._need_supervisor():
            return
        desk, grant = self.desk, self.grant
        self._change(
            lambda s: checkin.override(
                s, desk, participant_id, reason=reason, overridden=overridden, supervisor=grant
            )
        )

    def ask_walk_in(self) -> dialogs.WalkInDialog | None:
        if not self._need_supervisor():
            return None
        dialog = dialogs.WalkInDialog(self)
        dialog.submitted.connect(lambda reg, why, over: self.walk_in(reg, why, over, dialog))
        dialog.finished.connect(lambda _: self.focus_scan_field())
        dialog.finished.connect(dialog.deleteLater)
        self.walk_in_dialog = dialog
        dialog.open()
        return dialog

    def walk_in(
        self,
        registration: checkin.WalkIn,
        reason: str,
        over_capacity: bool = False,
        dialog: dialogs.WalkInDialog | None = None,
    ) -> None:
        if not self._need_supervisor():
            return
        desk, grant = self.desk, self.grant

        def done(result: ScanResult) -> None:
            if dialog is not None:
                dialog.done_ok()
            self.load_roster()  # the new person can be found from now on
            self._show_result(result)

        def refused(why: str) -> None:
            if dialog is not None:
                dialog.show_error(why)
            self.show_message(why, error=True)

        operations.change(
            self.database,
            lambda s, _: checkin.walk_in(
                s,
                desk,
                registration,
                reason=reason,
                over_capacity=over_capacity,
                supervisor=grant,
            ),
        ).success(done).failure(refused).run_in_background()

    def reveal_selected(self) -> None:
        if not self._need_supervisor():
            return
        picked = self.missing.selected()
        if picked is None:
            self.show_message(self.tr("请先在“未到”列表中选中一人"), error=True)
            return
        self.reveal(picked)

    def reveal(self, participant_id: int) -> None:
        if not self._need_supervisor():
            return
        desk, grant = self.desk, self.grant
        operations.change(
            self.database,
            lambda s, _: checkin.reveal_phone(s, desk, participant_id, supervisor=grant),
        ).success(lambda phone: self.missing.reveal(participant_id, phone)).failure(
            lambda why: self.show_message(why, error=True)
        ).run_in_background()

    # -- operator, toggles, kiosk

    def _check_station(self) -> None:
        # Every record carries the station's name (at most 60 characters): a bad one (an empty
        # --station, a long host name) is said at once; the core refuses to record with it.
        try:
            checkin.check_station_name(self.desk.station)
        except UserError as err:
            self.show_message(
                self.tr("签到点名称无效：{0}。请用 --station 指定1至60个字符的名称").format(err),
                error=True,
            )
            return
        # Another station's name (registered for this event) would make its bundle unmergeable.
        desk = self.desk
        operations.query(self.database, lambda s, _: checkin.check_desk(s, desk)).failure(
            lambda why: self.show_message(why, error=True)
        ).run_in_background()

    def _show_who(self) -> None:
        self.who.setText(
            self.tr("签到点：{0}　签到员：{1}").format(self.desk.station, self.desk.operator)
        )

    def ask_operator(self) -> None:
        name = dialogs.ask_operator(self, self.desk.operator)
        self.focus_scan_field()
        if name:
            self.set_operator(name)

    def ask_station_name(self) -> None:
        name = dialogs.ask_station_name(self, self.desk.station)
        self.focus_scan_field()
        if name:
            self.rename_station(name)

    def rename_station(self, name: str) -> None:
        operations.change(self.database, lambda s, _: checkin.rename_office_desk(s, name)).success(
            self._station_renamed
        ).failure(lambda why: self.show_message(why, error=True)).run_in_background()

    def _station_renamed(self, name: str) -> None:
        self.desk = Desk(self.desk.activity_id, name, self.desk.operator)
        self._show_who()

    def set_operator(self, name: str) -> None:
        self.desk = Desk(self.desk.activity_id, self.desk.station, name)
        self.settings.setValue("desk/operator", name)
        self._show_who()

    def _sound_toggled(self, on: bool) -> None:
        self.sounds.enabled = on
        self.settings.setValue("desk/sound", on)

    def _speech_toggled(self, on: bool) -> None:
        self.speaker.enabled = on
        self.settings.setValue("desk/speech", on)
        if on and not self.speaker.mode:
            self.show_message(self.tr("本机没有中文语音，也找不到录音文件：不会播报"), error=True)

    def toggle_full_screen(self) -> None:
        """Kiosk mode: anyone may enter it, only a supervisor may leave it (or close the desk
        from it), so a passer-by cannot get from the desk to the rest of the laptop."""
        if not self.isFullScreen():
            self.showFullScreen()
        elif self._need_supervisor():
            self.showNormal()
        self.focus_scan_field()

    def focus_scan_field(self) -> None:
        self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Kiosk: anything but the two text fields that takes the focus gives it back at once.
        if new is None or new in (self.scan_field, self.search.field):
            return
        if self.isAncestorOf(new):
            QTimer.singleShot(0, self.focus_scan_field)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._watching_focus:
            self._watching_focus = True
            app.focusChanged.connect(self._focus_changed)
        self.focus_scan_field()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isFullScreen() and not self.supervisor:
            self.show_message(self.tr("全屏签到时，需主管解锁后才能退出"), error=True)
            event.ignore()
            return
        self.stop_camera()
        self.serial.close()
        self.burst.remove()
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._watching_focus:
            self._watching_focus = False
            app.focusChanged.disconnect(self._focus_changed)
        # The last scans commit before the station's database closes.
        operations.wait_for_workers()
        super().closeEvent(event)
