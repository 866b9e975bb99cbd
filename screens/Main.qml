import QtQuick

// The kiosk's root: the screen for the configured mode.
Rectangle {
    id: root
    required property QtObject kiosk
    required property QtObject carousel
    color: Theme.paper

    PosterScreen {
        anchors.fill: parent
        carousel: root.carousel
        kiosk: root.kiosk
    }
}
