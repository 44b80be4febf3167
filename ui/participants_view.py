"""The participants table: filter, search, change a status with a reason, see why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checkin_app import clock, events, participants, roles, selection
from checkin_app.db import Database, Session
from checkin_app.participants import ParticipantRow
from checkin_app.phones import mask_phone
from checkin_app.vocabulary import Gender, Source, Status
from ui import operations
from ui.view import EventView

Index = QModelIndex | QPersistentModelIndex


def status_label(status: Status) -> str:
    labels = {
        Status.APPLIED: QCoreApplication.translate("Status", "已报名"),
        Status.CONFIRMED: QCoreApplication.translate("Status", "已确认"),
        Status.WAITLISTED: QCoreApplication.translate("Status", "候补"),
        Status.DECLINED: QCoreApplication.translate("Status", "本人谢绝"),
        Status.CANCELLED: QCoreApplication.translate("Status", "已取消"),
    }
    return labels[status]


def _gender_label(gender: Gender | None) -> str:
    if gender is None:
        return ""
    if gender == Gender.MALE:
        return QCoreApplication.translate("Gender", "男")
    return QCoreApplication.translate("Gender", "女")


def _source_label(source: Source) -> str:
    labels = {
        Source.PHONE: QCoreApplication.translate("Source", "电话"),
        Source.EMAIL: QCoreApplication.translate("Source", "邮件"),
        Source.ONSITE: QCoreApplication.translate("Source", "现场"),
        Source.ONLINE: QCoreApplication.translate("Source", "网上"),
    }
    return labels[source]


STATUS_COLOURS = {
    Status.CONFIRMED: QColor("#e3f4e1"),
    Status.WAITLISTED: QColor("#fff4d6"),
    Status.DECLINED: QColor("#eeeeee"),
    Status.CANCELLED: QColor("#eeeeee"),
}


class ParticipantsModel(QAbstractTableModel):
    """ParticipantRow values as table cells; IDs and phones arrive already masked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ParticipantRow] = []
        self.zone = clock.zone(clock.DEFAULT_ZONE)
        self.headers = [
            self.tr("姓名"),
            self.tr("状态"),
            self.tr("活动项目"),
            self.tr("类别"),
            self.tr("性别"),
            self.tr("工作单位"),
            self.tr("职务"),
            self.tr("联系电话"),
            self.tr("证件号码"),
            self.tr("同行"),
            self.tr("需求"),
            self.tr("来源"),
            self.tr("报名时间"),
        ]

    def set_rows(self, rows: list[ParticipantRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def cell(self, row: ParticipantRow, column: int) -> Any:
        values = [
            row.name + (" ★" if row.invited else ""),
            status_label(row.status),
            row.activity_name,
            row.category,
            _gender_label(row.gender),
            row.work_unit,
            row.job_title,
            row.phone_masked,
            row.doc_masked,
            row.companion_key,
            row.needs,
            _source_label(row.source),
            f"{clock.in_zone(row.registered_at, self.zone):%m-%d %H:%M}",
        ]
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            # Sort keys: registration time sorts as a time, not as text.
            return row.registered_at if index.column() == 12 else self.cell(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and row.status in STATUS_COLOURS:
            return QBrush(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ToolTipRole and row.decision:
            return row.decision
        return None


class ReasonDialog(QDialog):
    """Asks why a status is changed; the reason goes into the person's history."""

    def __init__(self, parent: QWidget, title: str, prompt: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("例如：电话联系后本人表示当天有事"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(420, 220)

    def text(self) -> str:
        return self.reason.toPlainText().strip()


class ParticipantsView(EventView):
    """Filters and search above the table, actions below, the selected person's story beside."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.actor = roles.login_name()
        self.reason_dialog: ReasonDialog | None = None
        self.offer: selection.Offer | None = None

        self.model = ParticipantsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(12, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._explain_selected)

        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("全部状态"), None)
        for status in Status:
            self.status_filter.addItem(status_label(status), status)
        self.category_filter = QComboBox()
        self.activity_filter = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：姓名、拼音首字母、手机或证件后四位"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        # Typing reloads after a short pause, not on every key.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.reload_rows)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.status_filter, self.category_filter, self.activity_filter):
            combo.currentIndexChanged.connect(self.reload_rows)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.category_filter)
        filters.addWidget(self.activity_filter)
        filters.addWidget(self.count)

        self.confirm_button = QPushButton(self.tr("确认"))
        self.waitlist_button = QPushButton(self.tr("改为候补"))
        self.decline_button = QPushButton(self.tr("本人谢绝"))
        self.cancel_button = QPushButton(self.tr("取消报名"))
        self.confirm_button.clicked.connect(lambda: self.ask_reason(Status.CONFIRMED))
        self.waitlist_button.clicked.connect(lambda: self.ask_reason(Status.WAITLISTED))
        self.decline_button.clicked.connect(lambda: self.ask_reason(Status.DECLINED))
        self.cancel_button.clicked.connect(lambda: self.ask_reason(Status.CANCELLED))
        actions = QHBoxLayout()
        for b in (self.confirm_button, self.waitlist_button, self.decline_button):
            actions.addWidget(b)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)

        # The seat freed by a cancellation, offered to the first waitlisted person.
        self.offer_banner = QFrame()
        self.offer_banner.setStyleSheet("QFrame { background: #fff4d6; border-radius: 4px; }")
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        self.offer_confirm = QPushButton(self.tr("确认此人"))
        self.offer_dismiss = QPushButton(self.tr("暂不处理"))
        self.offer_confirm.clicked.connect(self.accept_offer)
        self.offer_dismiss.clicked.connect(self.offer_banner.hide)
        banner = QHBoxLayout(self.offer_banner)
        banner.addWidget(self.offer_text, 1)
        banner.addWidget(self.offer_confirm)
        banner.addWidget(self.offer_dismiss)
        self.offer_banner.hide()

        self.explanation = QPlainTextEdit()
        self.explanation.setReadOnly(True)
        self.explanation.setPlaceholderText(self.tr("选择一人，查看其状态的由来"))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("选取说明")))
        side_layout.addWidget(self.explanation)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([800, 220])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.offer_banner)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self._update_buttons()
        self.refresh()

    # -- loading

    def refresh(self) -> None:
        """Reload the filters' choices (an import may bring new categories), then the rows."""
        event_id = self.event_id

        def load(
            s: Session, _: operations.Progress
        ) -> tuple[list[str], list[events.ActivityDetails], str]:
            return (
                participants.categories(s, event_id),
                events.list_activities(s, event_id),
                events.event_details(s, event_id).timezone,
            )

        operations.query(self.database, load).success(self._filters_loaded).failure(
            self.show_error
        ).run_in_background()

    def _filters_loaded(self, data: tuple[list[str], list[events.ActivityDetails], str]) -> None:
        cats, acts, zone = data
        self.model.zone = clock.zone(zone)
        for combo, all_label, items in (
            (self.category_filter, self.tr("全部类别"), [(c, c) for c in cats]),
            (self.activity_filter, self.tr("全部活动项目"), [(a.name, a.id) for a in acts]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_label, None)
            for text, value in items:
                combo.addItem(text, value)
            found = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        self.reload_rows()

    def reload_rows(self) -> None:
        event_id = self.event_id
        status = self.status_filter.currentData()
        category = self.category_filter.currentData()
        activity_id = self.activity_filter.currentData()
        search = self.search.text()
        operations.query(
            self.database,
            lambda s, _: participants.list_participants(
                s,
                event_id,
                status=status,
                category=category,
                activity_id=activity_id,
                search=search,
            ),
        ).success(self._loaded).failure(self.show_error).run_in_background()

    def _loaded(self, rows: list[ParticipantRow]) -> None:
        keep = self.selected()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("共 {0} 人").format(len(rows)))
        if keep is not None:
            self.select_participant(keep.id)
        self._update_buttons()
        self.loaded.emit()

    def select_participant(self, participant_id: int) -> bool:
        for r, row in enumerate(self.model.rows):
            if row.id == participant_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(r, 0)).row())
                return True
        return False

    def selected(self) -> ParticipantRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.rows[source.row()] if source.row() < len(self.model.rows) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        allowed = {
            self.confirm_button: Status.CONFIRMED,
            self.waitlist_button: Status.WAITLISTED,
            self.decline_button: Status.DECLINED,
            self.cancel_button: Status.CANCELLED,
        }
        for button, target in allowed.items():
            button.setEnabled(row is not None and row.status != target)

    def _explain_selected(self) -> None:
        self._update_buttons()
        row = self.selected()
        if row is None:
            self.explanation.clear()
            return
        pid = row.id
        operations.query(self.database, lambda s, _: selection.explain(s, pid)).success(
            self._show_explanation
        ).failure(self.show_error).run_in_background()

    def _show_explanation(self, exp: selection.Explanation) -> None:
        row = self.selected()
        if row is None or row.id != exp.participant_id:
            return  # the user has moved on to someone else meanwhile
        lines = [
            f"{exp.name}（{exp.category}）",
            self.tr("活动项目：{0}").format(exp.activity_name),
            self.tr("状态：{0}").format(status_label(exp.status)),
            "",
            exp.decision,
        ]
        if exp.history:
            lines += ["", self.tr("经过：")]
            for h in exp.history:
                old = status_label(h.old) if h.old else "—"
                who = f"（{h.actor}）" if h.actor else ""
                at = clock.in_zone(h.at, self.model.zone)
                lines.append(f"{at:%m-%d %H:%M} {old} → {status_label(h.new)}{who}")
                if h.reason:
                    lines.append(f"    {h.reason}")
        self.explanation.setPlainText("\n".join(lines))

    # -- status changes

    def ask_reason(self, target: Status) -> None:
        row = self.selected()
        if row is None:
            return
        title = self.tr("将“{0}”改为{1}").format(row.name, status_label(target))
        dialog = ReasonDialog(self, title, self.tr("原因（记入此人的记录）："))
        dialog.accepted.connect(lambda: self.change_status(row.id, target, dialog.text()))
        dialog.finished.connect(dialog.deleteLater)
        self.reason_dialog = dialog
        dialog.open()

    def change_status(self, participant_id: int, target: Status, reason: str) -> None:
        actor = self.actor

        def work(s: Session, _: operations.Progress) -> object:
            if target == Status.CONFIRMED:
                return selection.confirm(s, participant_id, actor=actor, reason=reason)
            if target == Status.WAITLISTED:
                selection.waitlist(s, participant_id, actor=actor, reason=reason)
                return None
            if target == Status.DECLINED:
                selection.decline(s, participant_id, actor=actor, reason=reason)
                return None
            return selection.cancel(s, participant_id, actor=actor, reason=reason)

        self.offer_banner.hide()
        operations.change(self.database, work).success(
            lambda result: self._changed(target, result)
        ).failure(self.show_error).run_in_background()

    def _changed(self, target: Status, result: object) -> None:
        self.show_info(self.tr("已改为{0}").format(status_label(target)))
        if isinstance(result, tuple) and result:  # warnings of a manual confirmation
            self.show_info("；".join(str(w) for w in result))
        if isinstance(result, selection.Offer):
            self.show_offer(result)
        self.changed.emit()

    def show_offer(self, offer: selection.Offer) -> None:
        self.offer = offer
        # The office sees the masked number here; the full one is in the registration sheet.
        phone = mask_phone(offer.phone) if offer.phone else ""
        self.offer_text.setText(f"{offer.message} {phone}".strip())
        self.offer_banner.show()

    def accept_offer(self) -> None:
        if self.offer is None:
            return
        offer, self.offer = self.offer, None
        self.offer_banner.hide()
        reason = self.tr("递补“{0}”空出的名额").format(offer.activity_name)
        for pid in (offer.participant_id, *offer.companions):
            self.change_status(pid, Status.CONFIRMED, reason)
