pragma ComponentBehavior: Bound

import QtQuick
import KioskUi

// The kiosk's root: the screen for the configured mode.
Rectangle {
    id: root
    required property KioskState kiosk
    required property Rotation carousel
    // Set in touch mode only.
    property Touch touch: null
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
