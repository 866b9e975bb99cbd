#!/usr/bin/env python3
"""Lint the kiosk's QML screens with Qt's qmllint, knowing the kiosk's own Python types.

    python scripts/qmllint.py [--types-dir DIR] [--max-warnings N] [qmllint options...]

The screens import ``KioskUi``, a module of Python classes registered with ``QmlElement``.
qmllint reads types from ``.qmltypes`` files, so this script first describes that module the
way Qt's own build does: ``pyside6-metaobjectdump`` reads the classes' signals, slots and
properties from the Python sources, ``qmltyperegistrar`` turns that into ``kioskui.qmltypes``
(with Qt's own types as the foreign base classes), and a ``qmldir`` names the module. Then
``pyside6-qmllint`` runs over every screen with that module on its import path.

Exit status is qmllint's: 0 when there are no more than ``--max-warnings`` warnings (0 by default).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCREENS = ROOT / "screens"
UI_SOURCES = ROOT / "kiosk" / "ui"
MODULE = "KioskUi"
MAJOR_VERSION = 1
QT_MODULES = ("core", "gui", "qml", "quick")


def tool(name: str) -> str:
    """A PySide6 tool installed beside this Python (``pyside6-<name>``)."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / f"pyside6-{name}", scripts / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"qmllint.py: pyside6-{name} is not installed beside {sys.executable}")


def describe_classes(sources: list[Path]) -> list[dict[str, object]]:
    """The moc-style description of every QObject class in ``sources``."""
    result = subprocess.run(
        [tool("metaobjectdump"), "--compact", "--quiet", *map(str, sources)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"qmllint.py: metaobjectdump failed: {result.stderr.strip()}")
    files: list[dict[str, object]] = json.loads(result.stdout or "[]")
    return [entry for entry in files if entry.get("classes")]


def live_constants() -> dict[str, set[str]]:
    """Each registered class's constant properties, read from its real meta-object.

    metaobjectdump reads ``notify=`` but not ``constant=True``; without it qmllint would
    warn that bindings to constant properties might go stale.
    """
    import importlib

    from PySide6.QtCore import QObject

    constants: dict[str, set[str]] = {}
    for source in sorted(UI_SOURCES.glob("*.py")):
        module = importlib.import_module(f"kiosk.ui.{source.stem}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, QObject):
                meta = value.staticMetaObject
                constants[value.__name__] = {
                    meta.property(i).name()
                    for i in range(meta.propertyOffset(), meta.propertyCount())
                    if meta.property(i).isConstant()
                }
    return constants


def complete(files: list[dict[str, object]]) -> None:
    """What metaobjectdump leaves out: constant properties, and that our objects are pointers."""
    classes: list[dict[str, object]] = [c for f in files for c in f["classes"]]  # type: ignore[attr-defined]
    names = {str(c["className"]) for c in classes}
    constants = live_constants()

    def fix(entry: dict[str, object], key: str) -> None:
        if entry.get(key) in names:
            entry[key] = f"{entry[key]}*"

    for cls in classes:
        for prop in cls.get("properties", []):  # type: ignore[attr-defined]
            fix(prop, "type")
            if prop["name"] in constants.get(str(cls["className"]), ()):
                prop["constant"] = True
        for kind in ("signals", "slots", "methods"):
            for method in cls.get(kind, []):  # type: ignore[attr-defined]
                fix(method, "returnType")
                for argument in method.get("arguments", []):
                    fix(argument, "type")


def write_module(types_dir: Path) -> Path:
    """Write ``types_dir/KioskUi`` (qmldir and kioskui.qmltypes); return ``types_dir``."""
    module_dir = types_dir / MODULE
    module_dir.mkdir(parents=True, exist_ok=True)
    files = describe_classes(sorted(UI_SOURCES.glob("*.py")))
    complete(files)
    metatypes = types_dir / "kioskui_metatypes.json"
    metatypes.write_text(json.dumps(files), encoding="utf-8")
    qt_metatypes = Path(PySide6.__file__).parent / "Qt" / "metatypes"
    foreign = [next(qt_metatypes.glob(f"qt6{name}_*metatypes.json")) for name in QT_MODULES]
    qmltypes = module_dir / "kioskui.qmltypes"
    subprocess.run(
        [
            tool("qmltyperegistrar"),
            "--generate-qmltypes",
            str(qmltypes),
            "-o",
            str(types_dir / "kioskui_qmltyperegistrations.cpp"),
            "--import-name",
            MODULE,
            "--major-version",
            str(MAJOR_VERSION),
            "--minor-version",
            "0",
            "--foreign-types=" + ",".join(str(path) for path in foreign),
            str(metatypes),
        ],
        check=True,
    )
    (module_dir / "qmldir").write_text(
        f"module {MODULE}\ntypeinfo kioskui.qmltypes\ndepends QtQuick\n", encoding="utf-8"
    )
    return types_dir


def lint(types_dir: Path, max_warnings: int, extra: list[str]) -> int:
    screens = sorted(str(path) for path in SCREENS.glob("*.qml"))
    command = [
        tool("qmllint"),
        "-I",
        str(types_dir),
        "-I",
        str(SCREENS),
        "--max-warnings",
        str(max_warnings),
        *extra,
        *screens,
    ]
    return subprocess.run(command, cwd=SCREENS, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--types-dir", type=Path, help="keep the generated KioskUi module here")
    parser.add_argument("--max-warnings", type=int, default=0)
    args, extra = parser.parse_known_args(argv)
    if args.types_dir:
        return lint(write_module(args.types_dir), args.max_warnings, extra)
    with tempfile.TemporaryDirectory(prefix="kioskui-types-") as tmp:
        return lint(write_module(Path(tmp)), args.max_warnings, extra)


if __name__ == "__main__":
    sys.exit(main())
