"""Read-only tables of text, as the import preview and the selection outcome show them."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    """Replace the rows; the last column takes the room left, long reasons wrap."""
    table.clearContents()
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(
        table.columnCount() - 1, QHeaderView.ResizeMode.Stretch
    )
    table.resizeRowsToContents()
