"""`checkin-app`: starts the office window on the workspace (`--db`), in Chinese or English;
`--desk` opens the check-in desk alone; `--station PACKAGE` sets a station laptop up first."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from checkin_app import demo, stations
from checkin_app.db import Database
from checkin_app.errors import UserError
from ui import file_dialogs, operations
from ui.i18n import install_language, remove_language
from ui.main_window import MainWindow
from ui.splash import Splash
from ui.station_dialog import confirm_fingerprint

# Fonts that carry the 通用规范汉字表, in order of preference per platform.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun")


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="checkin-app", description="政府开放日办公室窗口")
    parser.add_argument(
        "--db",
        help="SQLite 文件路径或 postgresql+psycopg:// 地址（默认：CHECKIN_DB 或用户数据目录）",
    )
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="界面语言")
    parser.add_argument("--desk", action="store_true", help="直接打开签到台")
    parser.add_argument("--activity", help="签到台的活动项目：编号或名称（不填则选择）")
    parser.add_argument(
        "--station",
        help="站点包文件：用它设置 --db 指定的数据库并打开签到台；"
        "或签到点名称（默认：站点数据库中的名称，或上次所用）",
    )
    parser.add_argument("--operator", help="签到员姓名（不填则询问，默认上次所用）")
    parser.add_argument(
        "--fingerprint", help="办公室告知的站点包密钥指纹（给出则核对它，不再弹窗询问）"
    )
    parser.add_argument(
        "--camera", help="摄像头编号或设备路径；或用视频文件、图片文件夹代替摄像头（演示、测试）"
    )
    # What we do not know goes on to Qt.
    return parser.parse_known_args(list(argv))


def use_cjk_font(app: QApplication) -> str | None:
    """Make a font with Chinese glyphs the default, so no character shows as a box."""
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            # The platform's size (9 pt on Windows and here), only the family changes.
            app.setFont(QFont(family, app.font().pointSize()))
            return family
    logging.getLogger(__name__).warning("no CJK font found; install fonts-noto-cjk")
    return None


def open_workspace(db: str | None) -> Database:
    """The workspace, with the demo events on a first start with no data."""
    database = Database.open(db)
    with database.transaction() as session:
        demo.ensure_demo(session)
    return database


def station_package(value: str | None) -> Path | None:
    """`--station` names a package when it is a file or looks like a file name (a station's
    name has neither a path nor an extension); otherwise it is the desk's station name."""
    if not value:
        return None
    path = Path(value)
    if path.is_file() or path.suffix or "/" in value or "\\" in value:
        return path
    return None


def setup_station(
    db: str | None,
    package: Path,
    fingerprint: str | None = None,
    confirm: Callable[[stations.PackageSummary], bool] = confirm_fingerprint,
) -> tuple[Database, stations.SetupInfo] | None:
    """The station database from its package: set up now, or already that station's. A new
    set-up needs the office's fingerprint: `--fingerprint`, else the steward confirms it in a
    dialog (None when they cancel). UserError (Chinese) with nothing written: the package is
    checked before the database is even opened, and the setup is one transaction."""
    header, tables = stations.read_package(package, fingerprint)
    asked = fingerprint is None and not stations.already_set_up(db, header, tables)
    if asked and not confirm(stations.package_summary(header, tables)):
        return None
    database = Database.open(db)
    try:
        with database.transaction() as session:
            info, _ = stations.open_station(session, header, tables)
    except BaseException:
        database.close()
        raise
    return database, info


class StartRefused(Exception):
    """Start-up stopped after telling the user why; the process exits with `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def refuse_station(package: Path, reason: str) -> None:
    """Tell the steward, in a box they must close, why the laptop was not set up."""
    QMessageBox.critical(
        None,
        QCoreApplication.translate("App", "无法设置签到站点"),
        QCoreApplication.translate(
            "App", "站点包“{0}”不能使用：\n{1}\n\n数据库未作任何改动。"
        ).format(package.name, reason),
    )


@dataclass
class Running:
    """What `start` set up and `stop` takes down again."""

    app: QApplication
    window: QMainWindow  # the office window, or the desk with --desk
    database: Database
    translator: QTranslator | None


def start(argv: Sequence[str]) -> Running:
    """Everything up to the event loop: options, language, font, workspace, the window."""
    args, qt_args = parse_args(argv[1:])
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([argv[0] if argv else "checkin-app", *qt_args])
    )
    # QSettings' folder: the desk's and the dialogs' choices, not "Unknown Organization".
    app.setOrganizationName("open-day-checkin")
    app.setApplicationName("open-day-checkin")
    translator = install_language(app, args.lang)
    use_cjk_font(app)
    splash = Splash()
    package = station_package(args.station)
    window: QMainWindow | None = None
    if package is not None:
        splash.say(QCoreApplication.translate("App", "正在核对站点包并设置签到站点…"))

        def confirm(summary: stations.PackageSummary) -> bool:
            splash.close()  # the fingerprint dialog must not sit under the splash
            return confirm_fingerprint(summary)

        try:
            opened = setup_station(args.db, package, args.fingerprint, confirm)
        except UserError as err:
            splash.close()
            refuse_station(package, str(err))
            remove_language(app, translator)
            raise StartRefused(2) from err
        if opened is None:  # the steward cancelled: nothing was written
            remove_language(app, translator)
            raise StartRefused(1)
        database, info = opened
        # The station's own name, and the package's activity unless another is asked for.
        args.station = None
        if args.activity is None and info.activity_id is not None:
            args.activity = str(info.activity_id)
        splash.close()  # the desk may ask which activity and who is at it
        window = open_desk_from_args(database, args)
    else:
        splash.say(QCoreApplication.translate("App", "正在打开工作区…"))
        database = open_workspace(args.db)
        if args.desk:
            splash.close()  # the desk may ask which activity and who is at it
            window = open_desk_from_args(database, args)
    file_dialogs.keep_away_from(database.sqlite_file())
    if window is None:
        office = MainWindow(database)
        office.desk_camera = args.camera  # for the desk opened from its menu
        window = office
    window.show()
    splash.finish(window)
    return Running(app, window, database, translator)


def open_desk_from_args(database: Database, args: argparse.Namespace) -> QMainWindow | None:
    """`--desk`: the check-in desk alone (a station needs no office window)."""
    from ui.desk.launch import desk_setup, open_desk

    with database.reading() as session:  # one small read at start-up, like the workspace's
        setup = desk_setup(session, args.activity)
    return open_desk(
        database, setup, station=args.station, operator=args.operator, camera=args.camera
    )


def stop(running: Running) -> None:
    running.window.close()
    # Let a running import or selection commit before the workspace closes.
    operations.wait_for_workers()
    running.database.close()
    remove_language(running.app, running.translator)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        running = start(sys.argv if argv is None else argv)
    except StartRefused as refused:
        return refused.code
    code = int(running.app.exec())
    stop(running)
    return code


if __name__ == "__main__":
    sys.exit(main())
