"""The start-up splash: a word on screen at once while the workspace opens or a station is set
up, which can take seconds on a first start or a slow laptop."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen, QWidget

_SIZE = (480, 200)


def _picture() -> QPixmap:
    pixmap = QPixmap(*_SIZE)
    pixmap.fill(QColor("#1f4e79"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("white"))
    font = QFont(QApplication.font())
    font.setPointSize(20)
    font.setBold(True)
    painter.setFont(font)
    title = QCoreApplication.translate("Splash", "政府开放日 报名·签到·行程")
    painter.drawText(pixmap.rect().adjusted(0, 40, 0, 0), Qt.AlignmentFlag.AlignHCenter, title)
    painter.end()
    return pixmap


class Splash:
    """Shown from the first moment of `start` until the first window replaces it."""

    def __init__(self) -> None:
        self.screen = QSplashScreen(_picture())
        self.screen.show()
        self.say(QCoreApplication.translate("Splash", "正在启动…"))

    def say(self, text: str) -> None:
        self.screen.showMessage(
            text, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, QColor("white")
        )
        # Start-up runs before the event loop: let the message paint now.
        QApplication.processEvents()

    def finish(self, window: QWidget) -> None:
        self.screen.finish(window)

    def close(self) -> None:
        self.screen.close()
