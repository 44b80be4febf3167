"""A scanner in USB serial (virtual COM port) mode: each code arrives as one line, no keyboard.

Reading it through QtSerialPort sidesteps input methods and the focus entirely. Most scanners
default to 9600 baud, 8N1, and end a code with CR, LF or both.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo

DEFAULT_BAUD = 9600
# A line longer than this is not a code: the port is something else, or the baud rate is wrong.
MAX_LINE = 512


def list_ports() -> list[tuple[str, str]]:
    """(port name, what the system says it is) for every serial port."""
    found = []
    for info in QSerialPortInfo.availablePorts():
        label = " ".join(x for x in (info.description(), info.manufacturer()) if x)
        found.append((info.portName(), label))
    return found


class LineSplitter:
    """Bytes in, complete lines out (CR, LF or CRLF), as the port delivers them in pieces."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, data: bytes) -> list[str]:
        text = self._pending + data
        lines = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        self._pending = lines.pop()
        if len(self._pending) > MAX_LINE:
            self._pending = b""
        out = []
        for line in lines:
            decoded = line.decode("utf-8", errors="replace").strip()
            if decoded and len(decoded) <= MAX_LINE:
                out.append(decoded)
        return out


class SerialScanner(QObject):
    """`scanned(text)` for every line the port delivers; `failed(message)` when it cannot be
    opened or goes away (the port's own error text, for the desk to show)."""

    scanned = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.port = QSerialPort(self)
        self.port.readyRead.connect(self._read)
        self.port.errorOccurred.connect(self._error)
        self._lines = LineSplitter()

    def open(self, name: str, baud: int = DEFAULT_BAUD) -> bool:
        self.close()
        self.port.setPortName(name)
        self.port.setBaudRate(baud)
        self._lines = LineSplitter()
        return bool(self.port.open(QSerialPort.OpenModeFlag.ReadOnly))

    def close(self) -> None:
        if self.port.isOpen():
            self.port.close()

    def is_open(self) -> bool:
        return bool(self.port.isOpen())

    def _read(self) -> None:
        for line in self._lines.feed(bytes(self.port.readAll().data())):
            self.scanned.emit(line)

    def _error(self, error: QSerialPort.SerialPortError) -> None:
        if error == QSerialPort.SerialPortError.NoError:
            return
        self.failed.emit(self.port.errorString())
        if error == QSerialPort.SerialPortError.ResourceError:  # unplugged
            self.close()
