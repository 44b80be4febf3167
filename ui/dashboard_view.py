"""当日看板: an event's arrivals over time, attendance, stations' sync, conflicts, report, purge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checkin_app import opinions, purge, reports, roles, wording
from checkin_app.db import Database, Session
from checkin_app.purge import PurgeResult
from ui import file_dialogs, operations
from ui.tables import fill_table, read_only_table
from ui.view import EventView

# The dashboard follows the stations' merges and pushes on its own while it is on screen.
REFRESH_MS = 30_000
# Every curve is drawn on this day so that activities of different days share one time axis.
_AXIS_DAY = dt.date(2000, 1, 1)


def _hm(at: dt.datetime | None) -> str:
    return at.strftime("%m-%d %H:%M") if at else ""


def _msecs(at: dt.datetime) -> float:
    on_axis = dt.datetime.combine(_AXIS_DAY, at.time())
    return float(_qdatetime(on_axis).toMSecsSinceEpoch())


def _qdatetime(at: dt.datetime) -> QDateTime:
    return QDateTime(at.year, at.month, at.day, at.hour, at.minute, at.second)


class DashboardView(EventView):
    """One event's day at a glance, refreshed from the log every half minute while shown."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.data: reports.Report | None = None
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.totals.setWordWrap(True)
        # The duties after the day: opinions due this week and late (the 意见建议 tab has them).
        self.opinions_due = QLabel()
        self.opinions_due.setObjectName("opinions_due")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("导出报告…"))
        self.export_button.clicked.connect(self.ask_export)
        self.purge_button = QPushButton(self.tr("清除个人信息…"))
        self.purge_button.setToolTip(
            self.tr("保存期满后清除本活动报名人的姓名、电话和证件信息；人数统计和报告保留")
        )
        self.purge_button.clicked.connect(self.ask_purge)

        self.chart = QChart()
        self.chart.setTitle(self.tr("签到人数（累计）"))
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumSize(360, 260)

        self.activities = self._table(
            [
                self.tr("活动项目"),
                self.tr("日期"),
                self.tr("名额"),
                self.tr("确认"),
                self.tr("应到"),
                self.tr("实到"),
                self.tr("现场登记"),
                self.tr("未到"),
                self.tr("观摩点"),
            ]
        )
        self.categories = self._table(
            [
                self.tr("类别"),
                self.tr("确认"),
                self.tr("应到"),
                self.tr("实到"),
                self.tr("现场登记"),
                self.tr("未到"),
            ]
        )
        self.vehicles = self._table(
            [
                self.tr("活动项目"),
                self.tr("车辆"),
                self.tr("应到"),
                self.tr("实到"),
                self.tr("未到"),
            ]
        )
        self.no_shows = self._table(
            [
                self.tr("活动项目"),
                self.tr("姓名"),
                self.tr("证件号"),
                self.tr("电话"),
                self.tr("类别"),
                self.tr("车辆"),
                self.tr("座位"),
            ]
        )
        self.walk_ins = self._table(
            [
                self.tr("活动项目"),
                self.tr("姓名"),
                self.tr("证件号"),
                self.tr("电话"),
                self.tr("签到点"),
                self.tr("时间"),
                self.tr("原因"),
            ]
        )
        self.stations = self._table(
            [
                self.tr("签到点"),
                self.tr("已合并至"),
                self.tr("最后同步"),
                self.tr("记录数"),
                self.tr("最后记录"),
                self.tr("未发送"),
            ]
        )
        for column, tip in enumerate(
            [
                self.tr("签到点的名称"),
                self.tr("办公室已收到该签到点第几条记录为止（数据包合并或联网同步）"),
                self.tr("最近一次合并该签到点数据包或联网同步的时间"),
                self.tr("本库中该签到点的签到、撤销等记录条数"),
                self.tr("该签到点最后一条记录的时间"),
                self.tr("本机签到点尚未导出数据包、也未经联网确认的记录条数"),
            ]
        ):
            header = self.stations.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tip)
        self.stations_note = QLabel(
            self.tr(
                "各签到点的记录经U盘数据包（冲突处理 → 合并签到点数据）或联网同步到达办公室。"
                "“本机”是本库自己的签到台，记录就在这里，无需合并。"
            )
        )
        self.stations_note.setWordWrap(True)
        stations_page = QWidget()
        stations_layout = QVBoxLayout(stations_page)
        stations_layout.setContentsMargins(0, 0, 0, 0)
        stations_layout.addWidget(self.stations_note)
        stations_layout.addWidget(self.stations, 1)
        self.conflicts = self._table(
            [self.tr("类型"), self.tr("说明"), self.tr("签到点"), self.tr("处理意见")]
        )
        self.tabs = QTabWidget()
        for table, title in (
            (self.activities, self.tr("按活动")),
            (self.categories, self.tr("按类别")),
            (self.vehicles, self.tr("按车辆")),
            (self.no_shows, self.tr("未到人员")),
            (self.walk_ins, self.tr("现场登记")),
            (stations_page, self.tr("签到点同步")),
            (self.conflicts, self.tr("冲突")),
        ):
            self.tabs.addTab(table, title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(self.totals, 1)
        top.addWidget(self.opinions_due)
        for button in (self.refresh_button, self.export_button, self.purge_button):
            top.addWidget(button)
        split = QSplitter()
        split.addWidget(self.chart_view)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.refresh()

    def _table(self, headers: list[str]) -> QTableWidget:
        return read_only_table(headers)

    # -- loading

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        event_id = self.event_id
        operations.query(self.database, lambda s, _: reports.report(s, event_id)).success(
            self._loaded
        ).failure(self.show_error).run_in_background()
        operations.query(self.database, lambda s, _: opinions.deadlines(s, event_id)).success(
            self._opinions_loaded
        ).failure(self.show_error).run_in_background()

    def _opinions_loaded(self, due: opinions.Deadlines) -> None:
        text = self.tr("意见建议：本周到期 {0} 条 · 逾期 {1} 条").format(
            due.due_this_week, due.late
        )
        self.opinions_due.setText(text)
        self.opinions_due.setStyleSheet("color: #b00020;" if due.late else "")

    def _loaded(self, data: reports.Report) -> None:
        self.data = data
        b, t = data.dashboard, data.dashboard.totals
        # 应到 = 实到 + 未到 always (attendance.Counts); 确认 is the selection's figure.
        figures = self.tr(
            "应到 {0} 人 · 实到 {1} 人（现场登记 {2}）· 未到 {3} 人 · 冲突 {4}（待处理 {5}）"
        )
        self.totals.setText(
            figures.format(
                t.expected, t.attended, t.walk_ins, t.no_shows, t.conflicts, t.open_conflicts
            )
        )
        self.totals.setToolTip(
            self.tr("应到：确认参加的 {0} 人，加上未经确认而放行入场的 {1} 人").format(
                t.confirmed, t.expected - t.confirmed
            )
        )
        fill_table(self.activities, [
            [a.name, a.date.isoformat(), str(a.capacity), str(a.confirmed), str(a.expected),
             str(a.attended), str(a.walk_ins), str(a.no_shows), "、".join(a.sites)]
            for a in b.activities
        ])  # fmt: skip
        fill_table(self.categories, [
            [c.category, str(c.confirmed), str(c.expected), str(c.attended), str(c.walk_ins),
             str(c.no_shows)]
            for c in b.categories
        ])  # fmt: skip
        fill_table(self.vehicles, [
            [v.activity, v.label, str(v.expected), str(v.arrived), str(v.missing)]
            for v in b.vehicles
        ])  # fmt: skip
        fill_table(self.no_shows, [
            [n.activity, n.name, n.masked_id, n.phone_masked, n.category, n.bus or "",
             n.seat or ""]
            for n in data.no_shows
        ])  # fmt: skip
        fill_table(self.walk_ins, [
            [w.activity, w.name, w.masked_id, w.phone_masked, w.station, _hm(w.at), w.reason]
            for w in data.walk_ins
        ])  # fmt: skip
        fill_table(self.stations, [self._station_cells(s) for s in b.stations])
        fill_table(self.conflicts, [
            [c.kind, c.description, "、".join(c.stations), c.decision or self.tr("待处理")]
            for c in b.conflicts
        ])  # fmt: skip
        self.tabs.setTabText(6, self.tr("冲突（{0}）").format(t.open_conflicts))
        self.summary.setText(self.tr("活动开展情况：{0}").format(data.summary))
        self._draw(b.arrivals)
        self.loaded.emit()

    def _station_cells(self, s: reports.StationState) -> list[str]:
        """Every cell says something: an empty one read as 'broken' to the office."""
        if s.local:
            merged, synced = self.tr("本机"), self.tr("本机（无需同步）")
        else:
            merged = self.tr("未合并")
            if s.merged_seq:
                merged = self.tr("第 {0} 条").format(s.merged_seq)
            synced = _hm(s.last_sync_at) or self.tr("从未同步")
        if s.unsent is not None:
            unsent = str(s.unsent)
        else:  # only a station's own laptop knows what it has not sent yet
            unsent = self.tr("无需发送") if s.local else self.tr("在该签到点查看")
        last = _hm(s.last_event_at) or self.tr("尚无记录")
        return [s.name, merged, synced, str(s.events), last, unsent]

    def _draw(self, curves: tuple[reports.ArrivalCurve, ...]) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        drawn = [c for c in curves if c.points]
        x_axis = QDateTimeAxis()
        x_axis.setFormat("HH:mm")
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%d")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        if not drawn:
            self.chart.setTitle(self.tr("签到人数（累计）：尚无签到"))
            return
        self.chart.setTitle(self.tr("签到人数（累计）"))
        # By time of day: a late walk-in may fall on the next day in UTC terms of another curve.
        first = min(at.time() for c in drawn for at, _ in c.points)
        last = max(at.time() for c in drawn for at, _ in c.points)
        top = max(c.points[-1][1] for c in drawn)
        for curve in drawn:
            series = QLineSeries()
            series.setName(
                self.tr("{0} {1}月{2}日").format(curve.activity, curve.date.month, curve.date.day)
            )
            previous = 0
            for at, total in curve.points:
                # A step: the count rises at the moment of each admission.
                series.append(_msecs(at), previous)
                series.append(_msecs(at), total)
                previous = total
            self.chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        start = dt.datetime.combine(_AXIS_DAY, first) - dt.timedelta(minutes=5)
        end = dt.datetime.combine(_AXIS_DAY, last) + dt.timedelta(minutes=5)
        x_axis.setRange(_qdatetime(start), _qdatetime(end))
        y_axis.setRange(0, max(5, top + 1))
        y_axis.applyNiceNumbers()

    # -- the report

    def ask_export(self) -> None:
        name = f"{self.data.dashboard.event}_报告.xlsx" if self.data else "报告.xlsx"
        path = file_dialogs.save_file(
            self, self.tr("导出报告"), name, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.export(path)

    def export(self, path: Path) -> None:
        """Write the XLSX in the database worker; the window stays responsive."""
        event_id = self.event_id

        def work(s: Session, _: operations.Progress) -> reports.ReportFile:
            return reports.export_report(s, event_id, path)

        self.export_button.setEnabled(False)
        operations.query(self.database, work).success(self._exported).failure(
            self._export_failed
        ).run_in_background()

    def _exported(self, info: reports.ReportFile) -> None:
        self.export_button.setEnabled(True)
        self.show_info(
            self.tr("已导出报告：{0}（实到 {1} 人，未到 {2} 人）").format(
                info.file, info.attended, info.no_shows
            )
        )

    def _export_failed(self, text: str) -> None:
        self.export_button.setEnabled(True)
        self.show_error(text)

    # -- the purge

    def ask_purge(self) -> None:
        event_id = self.event_id
        operations.query(self.database, lambda s, _: purge.plan(s, event_id)).success(
            self._confirm_purge
        ).failure(self.show_error).run_in_background()

    def _confirm_purge(self, plan: purge.PurgePlan) -> None:
        if plan.people == 0:
            self.show_info(self.tr("{0}没有需要清除的个人信息").format(wording.quoted(plan.event)))
            return
        earliest = self.tr("{0}年{1}月{2}日").format(
            plan.earliest.year, plan.earliest.month, plan.earliest.day
        )
        if not plan.allowed:
            # Said before any question: asking for a reason and a confirmation only to refuse
            # afterwards wasted the office's time.
            self.show_error(
                self.tr(
                    "{0}的个人信息须保存至活动结束后{1}天（答复意见建议），最早可于{2}清除"
                ).format(wording.quoted(plan.event), purge.RETENTION_DAYS, earliest)
            )
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("清除个人信息"),
            self.tr(
                "将清除{0}{1} 名报名人的姓名、电话、证件信息、工作单位和备注，"
                "签到记录中的人员标识一并改写；人数统计和报告保留。\n"
                "最早可清除日期：{2}。此操作不可撤销。\n\n清除原因："
            ).format(wording.quoted(plan.event), plan.people, earliest),
            text=self.tr("保存期限已满"),
        )
        if not ok:
            return
        answer = QMessageBox.question(
            self,
            self.tr("确认清除"),
            self.tr("确定清除{0}{1} 人的个人信息？此操作不可撤销。").format(
                wording.quoted(plan.event), plan.people
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.purge(reason)

    def purge(self, reason: str) -> None:
        event_id, actor = self.event_id, roles.login_name()

        def work(s: Session, _: operations.Progress) -> PurgeResult:
            return purge.purge_event(s, event_id, reason=reason, actor=actor)

        self.write(operations.change(self.database, work)).success(self._purged)

    def _purged(self, result: PurgeResult) -> None:
        done = self.tr("已清除{0}{1} 人的个人信息，改写签到记录 {2} 条；已记录本次清除").format(
            wording.quoted(result.event), result.people, result.log_events
        )
        self.show_info(done)
        database = self.database

        def checked(found: PurgeResult) -> None:
            if found.file is not None and not found.file.ok:
                self.show_error(f"{done}。{found.file.message}")
            else:
                self.show_info(f"{done}；已压缩数据库并核对。{purge.FILES_TO_DELETE}")
            self.refresh()

        # Compacted and searched outside any transaction, once the purge has committed.
        operations.query(database, lambda _s, _p: purge.make_gone(database, result)).success(
            checked
        ).failure(self.show_error).run_in_background()
