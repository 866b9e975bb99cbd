pragma ComponentBehavior: Bound

import QtQuick
import KioskUi

// The kiosk's root: the screen for the configured mode.
Rectangle {
    id: root
    required property KioskState kiosk
    required property Rotation carousel
    // Set in touch mode only. Typed loosely so that display mode needs none of the touch
    // screens' types: TouchRoot declares it as a Touch.
    property QtObject touch: null
    // Opening hours; null when the screen is always on.
    property Standby standby: null
    // Compared with true: in a process that has run several kiosks the object has been seen to
    // read as having no properties for a moment, and undefined must not reach a bool.
    readonly property bool inStandby: standby !== null && standby.active === true
    // The admin overlay; null when no PIN is configured.
    property Admin admin: null
    color: Theme.paper

    Loader {
        anchors.fill: parent
        focus: true
        // Hidden in standby: nothing of it is drawn and its animations stop.
        visible: !root.inStandby
        // Touch mode's screens are named by file, so that they are read and compiled only in
        // touch mode: a display screen's first poster never waits for them.
        Component.onCompleted: {
            if (root.kiosk.mode === "touch")
                setSource(Qt.resolvedUrl("TouchRoot.qml"),
                          { carousel: root.carousel, kiosk: root.kiosk, touch: root.touch })
            else
                sourceComponent = displayComponent
        }
    }
    Component {
        id: displayComponent
        PosterScreen {
            carousel: root.carousel
            kiosk: root.kiosk
        }
    }
    Loader {
        anchors.fill: parent
        z: 10
        active: root.inStandby
        sourceComponent: Component { StandbyScreen { standby: root.standby } }
    }
    Loader {
        anchors.fill: parent
        z: 20
        active: root.admin !== null
        sourceComponent: Component { AdminScreen { admin: root.admin } }
    }
}
