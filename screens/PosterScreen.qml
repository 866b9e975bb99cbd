import QtQuick

// Display mode: the poster carousel, fullscreen.
Item {
    id: screen
    objectName: "posterScreen"
    required property QtObject carousel
    required property QtObject kiosk

    PosterView {
        anchors.fill: parent
        carousel: screen.carousel
        hubName: screen.kiosk.hubName
        organisation: screen.kiosk.organisation
        stale: screen.kiosk.stale
    }
}
