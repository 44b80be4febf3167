"""An import-linter contract for one submodule of an external package (PySide6.QtWidgets):
import-linter's own contracts see an external package only as a whole."""

from __future__ import annotations

from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class SubmoduleContract(Contract):
    """Modules of `source_modules` never import `submodule` (e.g. PySide6.QtWidgets), except
    those in `allowed_importers`."""

    source_modules = fields.ListField(subfield=fields.StringField())
    submodule = fields.StringField()
    allowed_importers = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        package = str(self.submodule).split(".")[0]
        allowed = {str(m) for m in self.allowed_importers}  # type: ignore[attr-defined]
        violations = []
        for source in self.source_modules:  # type: ignore[attr-defined]
            for module in sorted({str(source)} | graph.find_descendants(str(source))):
                if module in allowed or package not in graph.find_modules_directly_imported_by(
                    module
                ):
                    continue
                for line in graph.get_import_details(importer=module, imported=package):
                    if names_submodule(line["line_contents"], str(self.submodule)):
                        violations.append(
                            f"{module}:{line['line_number']} {line['line_contents'].strip()}"
                        )
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(violation)
            output.new_line()


def names_submodule(line: str, submodule: str) -> bool:
    """Whether an import line names `submodule` ("from PySide6.QtWidgets import X",
    "import PySide6.QtWidgets", "from PySide6 import QtWidgets")."""
    package, _, leaf = submodule.rpartition(".")
    words = line.replace(",", " ").split()
    return submodule in words or (
        words[:1] == ["from"] and words[1:2] == [package] and leaf in words[3:]
    )
