"""意见建议: the ledger of an event's opinions, with a quick-entry form for the paper forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from checkin_app import opinions, publications
from checkin_app.db import Database
from checkin_app.opinions import NewOpinion, OpinionLine, Overview
from ui import file_dialogs, operations
from ui.tables import fill_table, read_only_table
from ui.view import EventView

FILTERS: tuple[tuple[str, str | None], ...] = (
    (str(QT_TRANSLATE_NOOP("OpinionsView", "全部")), None),
    (str(QT_TRANSLATE_NOOP("OpinionsView", "未办结")), "open"),
    (str(QT_TRANSLATE_NOOP("OpinionsView", "本周到期")), "due"),
    (str(QT_TRANSLATE_NOOP("OpinionsView", "逾期")), "late"),
    (str(QT_TRANSLATE_NOOP("OpinionsView", "已答复")), "answered"),
)
# The core's status names, for lupdate (opinions.STATUS_LABELS is what is shown).
_STATUS_NAMES = (
    QT_TRANSLATE_NOOP("OpinionsView", "待交办"),
    QT_TRANSLATE_NOOP("OpinionsView", "办理中"),
    QT_TRANSLATE_NOOP("OpinionsView", "已答复"),
    QT_TRANSLATE_NOOP("OpinionsView", "已公开"),
)


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class OpinionsView(EventView):
    """Type an opinion, press Enter, type the next: the form keeps the activity, topic, source
    and date, and clears the text, name and phone."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.data: Overview | None = None
        self.lines: tuple[OpinionLine, ...] = ()
        self.counts = QLabel()
        self.counts.setObjectName("opinion_counts")
        self.counts.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("意见建议内容，回车保存并录入下一条"))
        self.text.returnPressed.connect(self.save)
        self.activity = QComboBox()
        self.topic = QComboBox()
        self.source = QComboBox()
        self.source.addItems(list(opinions.SOURCES))
        self.unit = QComboBox()
        self.unit.setMinimumContentsLength(12)  # filled after the first show
        self.received = QDateEdit()
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("可不填（匿名）"))
        self.name.returnPressed.connect(self.save)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("可不填"))
        self.phone.returnPressed.connect(self.save)
        self.save_button = QPushButton(self.tr("保存（回车）"))
        self.save_button.clicked.connect(self.save)
        self.filter = QComboBox()
        for title, _ in FILTERS:
            self.filter.addItem(self.tr(title))
        self.filter.currentIndexChanged.connect(self.refresh)
        self.assign_button = QPushButton(self.tr("交办…"))
        self.assign_button.clicked.connect(self.ask_assign)
        self.answer_button = QPushButton(self.tr("答复…"))
        self.answer_button.clicked.connect(self.ask_answer)
        self.form_button = QPushButton(self.tr("空白征集表…"))
        self.form_button.setToolTip(self.tr("打印本活动的意见建议征集表（PDF，A4）"))
        self.form_button.clicked.connect(self.ask_form)
        self.publish_button = QPushButton(self.tr("办理情况…"))
        self.publish_button.setToolTip(
            self.tr("导出意见建议办理情况和总结评估（Word 和 Excel），供活动后15天内公开")
        )
        self.publish_button.clicked.connect(self.ask_publish)
        self.report_button = QPushButton(self.tr("活动开展情况…"))
        self.report_button.setToolTip(
            self.tr("导出活动开展情况草稿（Word：人数、签到图和照片），供活动后3天内公开")
        )
        self.report_button.clicked.connect(self.ask_report)
        headers = [self.tr("编号"), self.tr("收到"), self.tr("活动项目"), self.tr("话题"),
                   self.tr("责任单位"), self.tr("期限"), self.tr("状态"), self.tr("提出人"),
                   self.tr("内容"), self.tr("答复")]  # fmt: skip
        self.table: QTableWidget = read_only_table(headers)
        self._layout()
        self._first = True
        self.refresh()

    def _layout(self) -> None:
        # Three short rows and the publications under the table: the tab fits 1024×768.
        form = QFormLayout()
        form.addRow(self.tr("意见建议"), self.text)
        rows: tuple[tuple[tuple[str, QWidget], ...], ...] = (
            (
                (self.tr("活动项目"), self.activity),
                (self.tr("话题"), self.topic),
                (self.tr("来源"), self.source),
            ),
            ((self.tr("收到日期"), self.received), (self.tr("责任单位"), self.unit)),
            ((self.tr("姓名"), self.name), (self.tr("电话"), self.phone)),
        )
        for fields in rows:
            row = QHBoxLayout()
            for label, widget in fields:
                row.addWidget(QLabel(label))
                row.addWidget(widget, 1)
            if fields is rows[-1]:
                row.addWidget(self.save_button)
            form.addRow(row)
        bar = QHBoxLayout()
        bar.addWidget(self.counts, 1)
        bar.addWidget(QLabel(self.tr("显示")))
        bar.addWidget(self.filter)
        bar.addWidget(self.assign_button)
        bar.addWidget(self.answer_button)
        publications = QHBoxLayout()
        publications.addStretch(1)
        for button in (self.form_button, self.publish_button, self.report_button):
            publications.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(publications)

    # -- loading

    def status(self) -> str | None:
        return FILTERS[max(0, self.filter.currentIndex())][1]

    def refresh(self) -> None:
        event_id, status = self.event_id, self.status()
        operations.query(
            self.database, lambda s, _: opinions.overview(s, event_id, status)
        ).success(self._loaded).failure(self.show_error).run_in_background()

    def _choices(self, box: QComboBox, items: list[str]) -> None:
        current = box.currentText()
        box.clear()
        box.addItems(items)
        if current in items:
            box.setCurrentText(current)

    def _loaded(self, data: Overview) -> None:
        self.data, self.lines = data, data.lines
        self._choices(self.activity, ["", *data.activities])
        self._choices(self.topic, list(data.rule.topics))
        self._choices(self.unit, ["", *data.rule.units])
        if self._first:
            self._first = False
            self.received.setDate(QDate(data.today.year, data.today.month, data.today.day))
        d = data.deadlines
        self.counts.setText(
            self.tr("未办结 {0} 条 · 本周到期 {1} 条 · 逾期 {2} 条").format(
                d.open, d.due_this_week, d.late
            )
        )
        fill_table(self.table, [self._cells(x) for x in data.lines])
        # The opinion and the answer share the room left.
        self.table.horizontalHeader().setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        self.loaded.emit()

    def _cells(self, x: OpinionLine) -> list[str]:
        state = self.tr(opinions.STATUS_LABELS[x.status])
        if x.on_time is False and x.status in opinions.OPEN:
            state = self.tr("{0}（逾期）").format(state)
        answer = (self.tr("现场答复：") if x.on_the_spot else "") + x.answer
        return [str(x.id), _day(x.received), x.activity or "", x.topic, x.unit, _day(x.due),
                state, x.giver, x.text, answer]  # fmt: skip

    # -- writing

    def new_opinion(self) -> NewOpinion:
        day = self.received.date()
        return NewOpinion(
            text=self.text.text(),
            activity=self.activity.currentText() or None,
            topic=self.topic.currentText() or None,
            unit=self.unit.currentText() or None,
            source=self.source.currentText(),
            received=dt.date(day.year(), day.month(), day.day()),
            name=self.name.text(),
            phone=self.phone.text(),
        )

    def save(self) -> None:
        new, event_id = self.new_opinion(), self.event_id
        actor = self._actor()

        def saved(added: opinions.Added) -> None:
            # Ready for the next paper form: what differs from form to form is cleared.
            for field in (self.text, self.name, self.phone):
                field.clear()
            self.text.setFocus()
            note = self.tr("已保存第{0}条，期限 {1}").format(added.id, _day(added.due))
            self.show_info(note + (f"（{added.warning}）" if added.warning else ""))

        operations.change(
            self.database, lambda s, _: opinions.add(s, event_id, new, actor=actor)
        ).success(saved).success(lambda _: self.changed.emit()).failure(
            self.show_error
        ).run_in_background()

    def _actor(self) -> str:
        from checkin_app import roles

        return roles.login_name()

    def selected(self) -> OpinionLine | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            self.show_error(self.tr("请先在列表中选择一条意见建议"))
            return None
        return self.lines[rows.pop()]

    def ask_assign(self) -> None:
        line = self.selected()
        if line is None or self.data is None:
            return
        units = list(self.data.rule.units)
        unit, ok = QInputDialog.getItem(self, self.tr("交办"), self.tr("责任单位"), units, 0, False)
        if ok and unit:
            self.assign(line.id, unit)

    def assign(self, opinion_id: int, unit: str) -> None:
        actor = self._actor()
        self.write(
            operations.change(
                self.database, lambda s, _: opinions.assign(s, opinion_id, unit, actor=actor)
            ),
            self.tr("第{0}条已交办{1}").format(opinion_id, unit),
        )

    def ask_answer(self) -> None:
        line = self.selected()
        if line is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, self.tr("答复"), self.tr("答复内容"))
        if ok:
            self.answer(line.id, text)

    def answer(self, opinion_id: int, text: str) -> None:
        actor = self._actor()
        self.write(
            operations.change(
                self.database, lambda s, _: opinions.answer(s, opinion_id, text, actor=actor)
            ),
            self.tr("第{0}条已答复").format(opinion_id),
        )

    # -- paper and publications

    def ask_form(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("空白意见建议征集表"), self.tr("意见建议征集表.pdf"), "PDF (*.pdf)"
        )
        if path:
            self.export_form(path)

    def export_form(self, path: Path) -> None:
        event_id, activity = self.event_id, self.activity.currentText() or None
        operations.query(
            self.database,
            lambda s, _: publications.write_blank_form(s, event_id, activity, path),
        ).success(lambda out: self.show_info(self.tr("已写出：{0}").format(out))).failure(
            self.show_error
        ).run_in_background()

    def ask_publish(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("意见建议办理情况"), self.tr("意见建议办理情况.docx"), "Word (*.docx)"
        )
        if path:
            self.export_publication(path.with_suffix(".docx"), path.with_suffix(".xlsx"))

    def export_publication(self, docx: Path, xlsx: Path) -> None:
        event_id = self.event_id
        operations.query(
            self.database, lambda s, _: publications.write_opinions(s, event_id, docx, xlsx)
        ).success(self._published).failure(self.show_error).run_in_background()

    def ask_report(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("活动开展情况"), self.tr("活动开展情况.docx"), "Word (*.docx)"
        )
        if not path:
            return
        photos = file_dialogs.existing_directory(self, self.tr("照片文件夹（可取消：不放照片）"))
        self.export_report(path.with_suffix(".docx"), photos)

    def export_report(self, docx: Path, photos: Path | None) -> None:
        event_id = self.event_id
        operations.query(
            self.database,
            lambda s, _: publications.write_activity_docx(s, event_id, docx, photos),
        ).success(self._published).failure(self.show_error).run_in_background()

    def _published(self, done: publications.Published) -> None:
        text = self.tr("已写出：{0}").format("、".join(done.files))
        if done.due:
            text += self.tr("；按规定应于 {0} 前公开").format(done.due.isoformat())
        if done.skipped:
            text += self.tr("；未放入的照片：{0}").format("；".join(done.skipped))
        self.show_info(text + (f"（{done.warning}）" if done.warning else ""))
