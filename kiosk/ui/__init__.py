"""The Qt layer: list models, the objects QML sees, and painted items. Only this package imports PySide6."""

QML_IMPORT_NAME = "KioskUi"
QML_IMPORT_MAJOR_VERSION = 1
