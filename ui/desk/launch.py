"""Opening the desk: which activity, which station, which operator (asked once, remembered)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from checkin_app import checkin, roles
from checkin_app.db import Database, Session
from ui.desk import dialogs
from ui.desk.camera import source_for
from ui.desk.window import DeskWindow, activity_choices


@dataclass(frozen=True)
class DeskSetup:
    """What the database says about opening a desk: the activities, the one asked for (if it
    was found), the name its desk records under and whether a station package fixed it."""

    choices: list[dialogs.ActivityChoice]
    chosen: int | None
    station: str
    station_fixed: bool


def desk_setup(
    session: Session, activity: str | int | None, event_id: int | None = None
) -> DeskSetup:
    choices = activity_choices(session, event_id)
    return DeskSetup(
        choices,
        _match(choices, activity),
        checkin.desk_station_name(session),
        checkin.station_name(session) is not None,
    )


def _match(choices: list[dialogs.ActivityChoice], ref: str | int | None) -> int | None:
    if ref is None or ref == "":
        return None
    text = str(ref).strip()
    if text.isdigit() and any(c.id == int(text) for c in choices):
        return int(text)
    # "亲民城管" names the activity when only one event has one of that name.
    named = [c for c in choices if c.name == text]
    return named[0].id if len(named) == 1 else None


def open_desk(
    database: Database,
    setup: DeskSetup,
    *,
    station: str | None = None,
    operator: str | None = None,
    camera: str | None = None,
    settings: QSettings | None = None,
    parent: QWidget | None = None,
) -> DeskWindow | None:
    """The desk window, after asking what the options and the settings do not say; None when
    there is no activity or the steward cancelled the choice."""
    settings = settings if settings is not None else QSettings()
    activity_id = setup.chosen
    if activity_id is None:
        if not setup.choices:
            return None
        activity_id = dialogs.choose_activity(parent, setup.choices)
        if activity_id is None:
            return None
    # The name comes from the database (or --station for this run), never from QSettings.
    name = setup.station if setup.station_fixed else (station or setup.station)
    who = operator
    if not who:
        remembered = str(settings.value("desk/operator", "") or "") or roles.login_name()
        answer = dialogs.ask_operator(parent, remembered)
        if answer is None:  # cancelled: the desk is not opened
            return None
        who = answer or remembered or "签到员"
    settings.setValue("desk/operator", who)
    return DeskWindow(
        database,
        activity_id,
        station=name,
        operator=who,
        settings=settings,
        camera=source_for(camera) if camera else None,
        station_renamable=not setup.station_fixed,
    )
