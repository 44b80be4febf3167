"""带队名单: the group leader's window. Roster in seat order, ticks at boarding and at each site's
roll call, the missing list with their phone, and the bus leaves only when the count matches."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checkin_app import leaders, roles
from checkin_app.db import Database, Session
from ui import operations
from ui.seat_map import SeatMap

# Phones are shown with the supervisor's PIN; it is asked again after this long.
SUPERVISOR_TIMEOUT_MS = 5 * 60 * 1000
PRESENT_COLUMN = 5
MISSING_COLUMN = 6
# A tick button shows the state the log holds (its "ticked" property, set at each reload), never a
# state Qt toggled on click: the leader sees 到 only once the tick is committed.
_TICK_STYLE = """
QPushButton { padding: 2px 10px; }
QPushButton[ticked="true"] { color: white; font-weight: bold; }
QPushButton[verdict="present"][ticked="true"] { background: #2e7d32; }
QPushButton[verdict="missing"][ticked="true"] { background: #c62828; }
"""


# What the window shows, read by the core (leaders.leader_view); `load` is the name the window
# calls it by.
LeaderData = leaders.LeaderData
load = leaders.leader_view


class LeaderWindow(QMainWindow):
    """One group's roster for its leader; every tick is a log event committed before it shows."""

    loaded = Signal()
    load_failed = Signal(str)

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.event_id = event_id
        self.data: LeaderData | None = None
        self._filling = False
        # What the supervisor's PIN earned (to show phones); dropped after a while.
        self.grant: roles.SupervisorGrant | None = None
        self._grant_timer = QTimer(self)
        self._grant_timer.setSingleShot(True)
        self._grant_timer.timeout.connect(self.lock)
        self.setWindowTitle(self.tr("带队名单"))

        self.activity = QComboBox()
        self.activity.currentIndexChanged.connect(lambda _: self._choose(group=None, site=-1))
        self.group = QComboBox()
        self.group.currentIndexChanged.connect(lambda _: self._choose(site=-1))
        self.stop = QComboBox()
        self.stop.currentIndexChanged.connect(lambda _: self._choose())
        self.count = QLabel()
        self.count.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.signin = QLabel()
        self.signin.setToolTip(self.tr("本组在签到台的签到情况，与签到台、看板和报告的统计一致"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)

        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("座位"),
                self.tr("姓名"),
                self.tr("电话"),
                self.tr("需求"),
                self.tr("状态"),
                self.tr("到"),
                self.tr("未到"),
            ]
        )
        self.table.setStyleSheet(_TICK_STYLE)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.missing = QListWidget()
        self.missing.setWordWrap(True)
        self.missing.itemSelectionChanged.connect(self._missing_chosen)
        self.missing_title = QLabel(self.tr("未到"))
        self.call_button = QPushButton(self.tr("显示电话"))
        self.call_button.clicked.connect(self.show_phone)
        self.mark_button = QPushButton(self.tr("标记未到"))
        self.mark_button.clicked.connect(self._mark_chosen_missing)
        self.phone = QLabel()
        self.phone.setStyleSheet("font-size: 20px; font-weight: bold; color: #0d47a1;")
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.depart_button = QPushButton(self.tr("发车 / 离开"))
        self.depart_button.setMinimumHeight(40)
        self.depart_button.clicked.connect(self.depart)
        self.seat_map = SeatMap()
        self.message = QLabel()
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        for label, combo in (
            (self.tr("活动项目"), self.activity),
            (self.tr("分组"), self.group),
            (self.tr("点名地点"), self.stop),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(combo, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.signin)
        top.addWidget(self.count)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.missing_title)
        side_layout.addWidget(self.missing, 1)
        calls = QHBoxLayout()
        calls.addWidget(self.call_button)
        calls.addWidget(self.mark_button)
        side_layout.addLayout(calls)
        side_layout.addWidget(self.phone)
        side_layout.addWidget(self.depart_button)
        side_layout.addWidget(self.seat_map, 2)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.setCentralWidget(central)
        self.resize(1200, 720)
        self._choose(group=None, site=-1)

    # -- loading

    def _current(self, combo: QComboBox) -> int | None:
        value = combo.currentData()
        return int(value) if value is not None else None

    def _choose(self, *, group: int | bool | None = True, site: int | bool | None = True) -> None:
        """Reload; `True` keeps what the combo shows, a value picks it."""
        if self._filling:
            return
        activity_id = self._current(self.activity)
        group_id = self._current(self.group) if group is True else group
        if site is True:
            data = self.stop.currentData()
            site_id: int | None = -1 if data is None else (None if data == "" else int(data))
        else:
            site_id = site if isinstance(site, int) or site is None else -1
        self.reload(activity_id, group_id if isinstance(group_id, int) else None, site_id)

    def reload(
        self, activity_id: int | None = None, group_id: int | None = None, site: int | None = -1
    ) -> None:
        event_id = self.event_id
        operations.query(
            self.database, lambda s, _: load(s, event_id, activity_id, group_id, site)
        ).success(self._loaded).failure(self._load_failed).run_in_background()

    def refresh(self) -> None:
        self._choose()

    def _load_failed(self, text: str) -> None:
        """Show why, and load nothing more until the leader asks: reloading from here would fail
        the same way forever (a site removed from the itinerary, an event that is gone) and keep
        the one DB worker everyone shares busy."""
        self._filling = True
        try:
            # The next load asks for the stop the group is at now, not the one that failed.
            self.stop.clear()
            self._show_roster(None)
        finally:
            self._filling = False
        if self.data is not None:
            self.data = LeaderData(self.data.activities, self.data.activity_id, (), None, None)
        self.seat_map.set_map(None, {})
        self.phone.clear()
        self.count.setText(self.tr("未能载入"))
        self.show_error(text)
        self.load_failed.emit(text)

    def _action_failed(self, text: str) -> None:
        """A tick, departure or phone look refused: nothing was written; show what is stored now
        (someone else's change may be why). A failing reload stops at `_load_failed`."""
        self.show_error(text)
        self.refresh()

    def _loaded(self, data: LeaderData) -> None:
        self.data = data
        self._filling = True
        try:
            _fill(self.activity, [(str(a), n) for a, n in data.activities], data.activity_id)
            _fill(
                self.group,
                [
                    (str(g.id), self.tr("{0}　{1}　{2}人").format(g.name, g.vehicle, g.size))
                    for g in data.groups
                ],
                data.roster.group_id if data.roster else None,
            )
            roster = data.roster
            stops = roster.stops if roster else ()
            _fill(
                self.stop,
                [("" if s.site_id is None else str(s.site_id), self._stop_title(s)) for s in stops],
                None,
            )
            if roster is not None:
                self.stop.setCurrentIndex(roster.shown)
            self._show_roster(roster)
        finally:
            self._filling = False
        t = data.signin
        self.signin.setText(
            self.tr("签到：应到 {0} 已到 {1} 未到 {2}").format(t.expected, t.arrived, t.missing)
            if t
            else ""
        )
        self.seat_map.set_map(data.bus, self._marks(data.roster))
        self.loaded.emit()

    def _stop_title(self, stop: leaders.Stop) -> str:
        if stop.site_id is None:
            return self.tr("上车（集合点）")
        if stop.start and stop.end:
            return f"{stop.name}　{stop.start:%H:%M}–{stop.end:%H:%M}"
        return stop.name

    def _marks(self, roster: leaders.GroupRoster | None) -> dict[int, str]:
        if roster is None:
            return {}
        return {
            m.participant_id: m.tick or ("absent" if not m.expected else "") for m in roster.members
        }

    def chosen_member(self) -> int | None:
        """The participant whose row is highlighted in the roster, if any."""
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        item = self.table.item(rows[0].row(), 0) if rows else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _choose_member(self, participant_id: int | None) -> None:
        """Highlight that person's row, or none when they are not on the roster (any more)."""
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        row = None if participant_id is None else self._row_of(participant_id)
        if row is not None:
            self.table.selectRow(row)

    def _show_roster(self, roster: leaders.GroupRoster | None) -> None:
        # The highlight follows the person, not the row number, across the reload.
        chosen = self.chosen_member()
        members = roster.members if roster else ()
        self.table.clearSelection()
        self.table.setRowCount(len(members))
        for row, m in enumerate(members):
            status = self._status(m)
            for col, value in enumerate([m.seat, m.name, m.phone_masked, m.needs, status]):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.participant_id)
                if col == 4 and (m.left_behind or not m.checked_in):
                    item.setForeground(QColor("#b00020"))
                self.table.setItem(row, col, item)
            for col, verdict, text in (
                (PRESENT_COLUMN, leaders.PRESENT, self.tr("到")),
                (MISSING_COLUMN, leaders.MISSING, self.tr("未到")),
            ):
                self.table.setCellWidget(row, col, self._tick_button(m, verdict, text))
        self._choose_member(chosen)
        self._show_missing(roster)
        if roster is None:
            self.count.setText(self.tr("没有已排座的分组"))
            self.depart_button.setEnabled(False)
            return
        call = roster.call
        self.count.setText(self.tr("点名：应到 {0}　实到 {1}").format(call.expected, call.present))
        self.count.setStyleSheet(
            "font-size: 18px; font-weight: bold; color: %s;"
            % ("#1b5e20" if call.complete and call.expected else "#b00020")
        )
        where = call.stop.name
        if call.departed_at is not None:
            self.depart_button.setText(self.tr("已离开{0}").format(where))
            self.depart_button.setEnabled(False)
        else:
            verb = self.tr("发车") if call.stop.site_id is None else self.tr("离开")
            if call.complete and call.expected:
                self.depart_button.setText(self.tr("{0}（{1}）").format(verb, where))
            else:
                self.depart_button.setText(self.tr("{0}（人数不符，需填写原因）").format(verb))
            self.depart_button.setEnabled(True)

    def _show_missing(self, roster: leaders.GroupRoster | None) -> None:
        chosen = self.chosen_missing()
        self.missing.clear()
        missing = roster.call.missing if roster else ()
        by_id = {m.participant_id: m for m in roster.members} if roster else {}
        for pid in missing:
            m = by_id[pid]
            item = QListWidgetItem(f"{m.seat} {m.name}　{m.phone_masked}\n{m.last_seen}")
            item.setData(Qt.ItemDataRole.UserRole, pid)
            self.missing.addItem(item)
            if pid == chosen:  # still missing after the reload: keep the leader's choice
                self.missing.setCurrentItem(item)
        title = self.tr("未到 {0} 人").format(len(missing)) if roster else self.tr("未到")
        self.missing_title.setText(title)
        self._missing_chosen()

    def _status(self, m: leaders.Member) -> str:
        if m.left_behind and not m.expected:
            return self.tr("已掉队")
        if not m.checked_in and not m.boarded:
            return self.tr("未签到")
        if m.boarded:
            return self.tr("已上车")
        return self.tr("已签到")

    # -- ticking

    def _tick_button(self, member: leaders.Member, verdict: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("verdict", verdict)
        button.setProperty("ticked", member.tick == verdict)
        button.setProperty("participant", member.participant_id)
        # No focus: a button that is disabled while it has the focus hands it to the next cell
        # widget, and the table's highlight went with it to another row.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        pid = member.participant_id
        button.clicked.connect(lambda: self._tick_clicked(pid, verdict == leaders.PRESENT))
        return button

    def tick_buttons(self, row: int) -> tuple[QPushButton, QPushButton]:
        present = self.table.cellWidget(row, PRESENT_COLUMN)
        missing = self.table.cellWidget(row, MISSING_COLUMN)
        assert isinstance(present, QPushButton) and isinstance(missing, QPushButton)
        return present, missing

    def _row_of(self, participant_id: int) -> int | None:
        members = self.data.roster.members if self.data and self.data.roster else ()
        ids = [m.participant_id for m in members]
        return ids.index(participant_id) if participant_id in ids else None

    def tick(self, participant_id: int, present: bool) -> None:
        """Write the tick; the table shows it only from the reload after the commit."""
        roster = self.data.roster if self.data else None
        row = self._row_of(participant_id)
        if roster is None or row is None:
            return
        verdict = leaders.PRESENT if present else leaders.MISSING
        if roster.members[row].tick == verdict:
            return  # already so in the log: another event would only repeat it
        for button in self.tick_buttons(row):
            button.setEnabled(False)  # one tick at a time per person; the reload re-enables
        group_id, site = roster.group_id, roster.call.stop.site_id

        def work(s: Session, _: operations.Progress) -> leaders.GroupRoster:
            return leaders.tick(s, group_id, participant_id, site, present=present)

        operations.change(self.database, work).success(lambda _: self.refresh()).failure(
            self._action_failed
        ).run_in_background()

    def _tick_clicked(self, participant_id: int, present: bool) -> None:
        self._choose_member(participant_id)  # the row ticked is the row highlighted
        self.tick(participant_id, present)

    def mark_missing(self, participant_id: int) -> None:
        self.tick(participant_id, False)

    def chosen_missing(self) -> int | None:
        """The person the leader selected in the missing list; nobody is chosen by default."""
        chosen = self.missing.selectedItems()
        return int(chosen[0].data(Qt.ItemDataRole.UserRole)) if chosen else None

    def _missing_chosen(self) -> None:
        chosen = self.chosen_missing() is not None
        self.call_button.setEnabled(chosen)
        self.mark_button.setEnabled(chosen)

    def _mark_chosen_missing(self) -> None:
        pid = self.chosen_missing()
        if pid is not None:
            self.mark_missing(pid)

    def depart(self) -> None:
        roster = self.data.roster if self.data else None
        if roster is None:
            return
        reason = ""
        call = roster.call
        if not (call.complete and call.expected):
            text, ok = QInputDialog.getText(
                self,
                self.tr("人数不符"),
                self.tr("应到{0}人，实到{1}人。确需离开，请填写原因：").format(
                    call.expected, call.present
                ),
            )
            if not ok:
                return
            reason = text
        self.depart_with(reason)

    def depart_with(self, reason: str) -> None:
        roster = self.data.roster if self.data else None
        if roster is None:
            return
        group_id, site = roster.group_id, roster.call.stop.site_id

        def work(s: Session, _: operations.Progress) -> leaders.StopCall:
            return leaders.depart(s, group_id, site, reason=reason)

        def done(call: leaders.StopCall) -> None:
            self.show_info(self.tr("{0}：已离开{1}").format(roster.group, call.stop.name))
            self._choose(site=-1)

        operations.change(self.database, work).success(done).failure(
            self._action_failed
        ).run_in_background()

    def show_phone(self) -> None:
        """The full number of the person chosen in the missing list (the look is logged), once
        the supervisor's PIN was entered."""
        pid = self.chosen_missing()
        roster = self.data.roster if self.data else None
        if roster is None:
            return
        if pid is None:
            self.show_error(self.tr("请先在未到名单中选择要联系的人"))
            return
        if self.grant is None:
            pin = self.ask_pin()
            if pin is not None:
                self.unlock(pin, then=self.show_phone)
            return
        group_id, grant = roster.group_id, self.grant
        name = next(m.name for m in roster.members if m.participant_id == pid)

        def work(s: Session, _: operations.Progress) -> str:
            return leaders.reveal_phone(s, group_id, pid, supervisor=grant)

        operations.change(self.database, work).success(
            lambda phone: self.phone.setText(f"{name}　{phone}")
        ).failure(self._action_failed).run_in_background()

    def ask_pin(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("主管解锁"),
            self.tr("显示完整电话号码须由主管输入主管密码："),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def unlock(self, pin: str, then: Callable[[], None] | None = None) -> None:
        """Check the supervisor's PIN (a wrong one is counted and logged, so it is a change)."""
        roster = self.data.roster if self.data else None
        if roster is None:
            return
        group_id = roster.group_id

        def checked(answer: roles.Attempt) -> None:
            if answer.grant is None:
                self.show_error(answer.message)
                return
            self.grant = answer.grant
            self._grant_timer.start(SUPERVISOR_TIMEOUT_MS)
            self.show_info(self.tr("主管已解锁：可显示完整电话号码"))
            if then is not None:
                then()

        operations.change(self.database, lambda s, _: leaders.unlock(s, group_id, pin)).success(
            checked
        ).failure(self.show_error).run_in_background()

    def lock(self) -> None:
        self.grant = None
        self.phone.clear()

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(text)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(text)


def _fill(combo: QComboBox, items: list[tuple[str, str]], current: int | None) -> None:
    keep = combo.currentData()
    combo.clear()
    for value, text in items:
        combo.addItem(text, value)
    wanted = str(current) if current is not None else keep
    index = combo.findData(wanted)
    combo.setCurrentIndex(index if index >= 0 else (0 if items else -1))
