"""The Qt layer: list models, the objects QML sees, and painted items.

Only this package (and the composition root, ``kiosk.app``) imports PySide6.
"""

QML_IMPORT_NAME = "KioskUi"
QML_IMPORT_MAJOR_VERSION = 1
