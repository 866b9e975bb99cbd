import QtQuick

// The kiosk's root: the screen for the configured mode.
Rectangle {
    id: root
    required property QtObject kiosk
    required property QtObject carousel
    // Set in touch mode only.
    property QtObject touch: null
    color: Theme.paper

    Loader {
        anchors.fill: parent
        focus: true
        sourceComponent: root.kiosk.mode === "touch" ? touchComponent : displayComponent
    }
    Component {
        id: displayComponent
        PosterScreen {
            carousel: root.carousel
            kiosk: root.kiosk
        }
    }
    Component {
        id: touchComponent
        TouchRoot {
            carousel: root.carousel
            kiosk: root.kiosk
            touch: root.touch
        }
    }
}
