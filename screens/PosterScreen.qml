import QtQuick
import KioskUi

// Display mode: the poster carousel, fullscreen.
Item {
    id: screen
    objectName: "posterScreen"
    required property Rotation carousel
    required property KioskState kiosk

    PosterView {
        anchors.fill: parent
        carousel: screen.carousel
        hubName: screen.kiosk.hubName
        organisation: screen.kiosk.organisation
        stale: screen.kiosk.stale
        shift: Qt.point(screen.kiosk.shiftX, screen.kiosk.shiftY)
    }
}
