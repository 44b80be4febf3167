"""The enums the screens show and choose from, without the tables that store them: the UI takes
its vocabulary from here and never imports the models (an import-linter contract)."""

from checkin_app.models import Gender, LogKind, Source, Status

__all__ = ["Gender", "LogKind", "Source", "Status"]
