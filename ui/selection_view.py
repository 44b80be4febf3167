"""均衡选取: run the balanced selection and show, per activity, who was confirmed and why."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checkin_app import events, roles, selection
from checkin_app.db import Database, Session
from checkin_app.selection import SelectionReport
from ui import operations
from ui.participants_view import status_label
from ui.tables import fill_table, read_only_table
from ui.view import EventView


def _by_category(pairs: tuple[tuple[str, int], ...]) -> str:
    return "、".join(f"{category} {n}" for category, n in pairs) or "—"


class SelectionView(EventView):
    """The button, the outcome per activity, and every decision with its reason."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.report: SelectionReport | None = None
        self._just_ran = False
        self.run_button = QPushButton(self.tr("均衡选取"))
        self.run_button.setMinimumWidth(140)
        self.run_button.clicked.connect(self.run_selection)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        intro = QLabel(
            self.tr(
                "在各活动项目名额内确认报名者，其余列入候补：已确认者保留名额，"
                "邀请对象优先（如已设置），其余按类别轮流、类别内按报名先后，同行者同进同退。"
            )
        )
        intro.setWordWrap(True)
        self.outcome_table = read_only_table(
            [
                self.tr("活动项目"),
                self.tr("名额"),
                self.tr("已报名"),
                self.tr("已确认"),
                self.tr("候补"),
                self.tr("确认（按类别）"),
                self.tr("候补（按类别）"),
            ]
        )
        self.decisions_table = read_only_table(
            [self.tr("姓名"), self.tr("活动项目"), self.tr("结果"), self.tr("原因")]
        )
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.run_button)
        outcome_box = QGroupBox(self.tr("各活动项目"))
        QVBoxLayout(outcome_box).addWidget(self.outcome_table)
        self.decisions_box = QGroupBox(self.tr("本次选取的决定"))
        QVBoxLayout(self.decisions_box).addWidget(self.decisions_table)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(outcome_box, 2)
        layout.addWidget(self.decisions_box, 3)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        if self._just_ran:
            # The window refreshes every tab after our own run: keep its per-category detail.
            self._just_ran = False
            return
        event_id = self.event_id

        def load(s: Session, _: operations.Progress) -> events.EventSummary:
            return events.summarise(s, events.find_event(s, event_id))

        operations.query(self.database, load).success(self._summary_loaded).failure(
            self.show_error
        ).run_in_background()

    def _summary_loaded(self, summary: events.EventSummary) -> None:
        # Counts changed by hand since the last run: its per-category detail no longer holds.
        self.report = None
        fill_table(
            self.outcome_table,
            [
                [a.name, str(a.capacity), str(a.applied), str(a.confirmed), str(a.waitlisted)]
                for a in summary.activities
            ],
        )
        self.loaded.emit()

    def run_selection(self) -> None:
        self.run_button.setEnabled(False)
        self.progress.show()
        self.message.clear()
        event_id = self.event_id
        actor = roles.login_name()

        def work(s: Session, _: operations.Progress) -> tuple[SelectionReport, list[int]]:
            event = events.find_event(s, event_id)
            report = selection.run_selection(s, event, actor=actor)
            applied = {a.id: a.applied for a in events.summarise(s, event).activities}
            return report, [applied.get(a.id, 0) for a in report.activities]

        operations.change(self.database, work).success(self._done).failure(
            self._failed
        ).run_in_background()

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.run_button.setEnabled(True)
        self.show_error(message)

    def _done(self, data: tuple[SelectionReport, list[int]]) -> None:
        report, applied = data
        self.report = report
        self._just_ran = True
        self.progress.hide()
        self.run_button.setEnabled(True)
        fill_table(
            self.outcome_table,
            [
                [
                    a.name,
                    str(a.capacity),
                    str(n),
                    str(a.confirmed),
                    str(a.waitlisted),
                    _by_category(a.confirmed_by_category),
                    _by_category(a.waitlisted_by_category),
                ]
                for a, n in zip(report.activities, applied, strict=True)
            ],
        )
        names = {a.id: a.name for a in report.activities}
        fill_table(
            self.decisions_table,
            [
                [
                    d.name,
                    names.get(d.activity_id, ""),
                    (f"{status_label(d.old)} → " if d.old and d.changed else "")
                    + status_label(d.new),
                    d.reason,
                ]
                for d in report.decisions
            ],
        )
        self.decisions_box.setTitle(
            self.tr("本次选取的决定（{0} 人，其中 {1} 人状态有变）").format(
                len(report.decisions), len(report.changes)
            )
        )
        self.show_info(
            self.tr("选取完成：确认 {0} 人，候补 {1} 人。").format(
                sum(a.confirmed for a in report.activities),
                sum(a.waitlisted for a in report.activities),
            )
        )
        self.changed.emit()
