"""The event's observation sites (观摩点): where, how long, who is responsible, safety rules."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checkin_app import events
from checkin_app.db import Database, Session
from ui import operations
from ui.view import EventView


class SitesEditor(EventView):
    """The list of sites on the left, the selected site's fields on the right."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.sites: list[events.SiteDetails] = []

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("观摩点"), self.tr("计划时长"), self.tr("同时容纳"), self.tr("负责单位")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.add_button = QPushButton(self.tr("新增观摩点"))
        self.add_button.clicked.connect(self.add_site)
        self.remove_button = QPushButton(self.tr("删除"))
        self.remove_button.clicked.connect(self.remove_site)

        self.name = QLineEdit()
        self.address = QLineEdit()
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 600)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.unit = QLineEdit()
        self.at_once = QSpinBox()
        self.at_once.setRange(0, 100000)
        # 0 stands for "no limit": the spin box shows the words instead of the number.
        self.at_once.setSpecialValueText(self.tr("不限"))
        self.at_once.setSuffix(self.tr(" 人"))
        self.safety = QPlainTextEdit()
        self.safety.setPlaceholderText(self.tr("例如：沿标线行走，不得触碰设备"))
        self.save_button = QPushButton(self.tr("保存观摩点"))
        self.save_button.clicked.connect(self.save_site)

        left = QGroupBox(self.tr("观摩点"))
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        left_layout.addLayout(row)
        right = QGroupBox(self.tr("所选观摩点"))
        form = QFormLayout(right)
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("地址"), self.address)
        form.addRow(self.tr("计划时长"), self.minutes)
        form.addRow(self.tr("负责单位"), self.unit)
        form.addRow(self.tr("同时容纳"), self.at_once)
        form.addRow(self.tr("安全须知"), self.safety)
        form.addRow("", self.save_button)
        body = QHBoxLayout()
        body.addWidget(left, 3)
        body.addWidget(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        event_id = self.event_id
        operations.query(self.database, lambda s, _: events.list_sites(s, event_id)).success(
            self._loaded
        ).failure(self.show_error).run_in_background()

    def _loaded(self, sites: list[events.SiteDetails]) -> None:
        selected = self.selected_site()
        keep = selected.id if selected else None
        self.sites = sites
        self.table.blockSignals(True)
        self.table.setRowCount(len(sites))
        for r, site in enumerate(sites):
            at_once = (
                self.tr("不限") if site.capacity_at_once is None else str(site.capacity_at_once)
            )
            cells = [site.name, self.tr("{0} 分钟").format(site.planned_minutes), at_once]
            for c, text in enumerate([*cells, site.responsible_unit]):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        ids = [s.id for s in sites]
        self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.table.blockSignals(False)
        self._show_selected()
        self.loaded.emit()

    def selected_site(self) -> events.SiteDetails | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.sites):
            return None
        return self.sites[rows[0].row()]

    def _show_selected(self) -> None:
        site = self.selected_site()
        self.save_button.setEnabled(site is not None)
        self.remove_button.setEnabled(site is not None)
        if site is None:
            return
        self.name.setText(site.name)
        self.address.setText(site.address)
        self.minutes.setValue(site.planned_minutes)
        self.unit.setText(site.responsible_unit)
        self.at_once.setValue(site.capacity_at_once or 0)
        self.safety.setPlainText(site.safety_notes)

    def save_site(self) -> None:
        site = self.selected_site()
        if site is None:
            return
        site_id = site.id
        fields: dict[str, object] = {
            "name": self.name.text(),
            "address": self.address.text().strip(),
            "planned_minutes": self.minutes.value(),
            "responsible_unit": self.unit.text().strip(),
            "capacity_at_once": self.at_once.value() or None,
            "safety_notes": self.safety.toPlainText().strip(),
        }
        self.write(
            operations.change(self.database, lambda s, _: events.update_site(s, site_id, **fields)),
            self.tr("观摩点已保存"),
        )

    def add_site(self) -> None:
        event_id = self.event_id
        taken = {s.name for s in self.sites}
        base = self.tr("新观摩点")
        name = next(
            f"{base}{n or ''}" for n in range(len(taken) + 1) if f"{base}{n or ''}" not in taken
        )

        def add(s: Session, _: operations.Progress) -> int:
            return events.add_site(s, events.find_event(s, event_id), name).id

        self.write(operations.change(self.database, add), self.tr("已新增观摩点，请填写详情"))

    def remove_site(self) -> None:
        site = self.selected_site()
        if site is None:
            return
        site_id = site.id
        self.write(
            operations.change(self.database, lambda s, _: events.remove_site(s, site_id)),
            self.tr("观摩点已删除"),
        )
