import QtQuick
import KioskUi

// The display carousel: two slots take turns in front; the one behind is prepared in advance
// and crossfades in over the one in front.
Item {
    id: view
    objectName: "posterView"

    required property Rotation carousel
    property string hubName: ""
    property string organisation: ""
    property bool stale: false
    // The burn-in orbit's offset for the static parts (pixels at 1080p).
    property point shift: Qt.point(0, 0)

    PosterSlot {
        id: slotA
        anchors.fill: parent
        values: view.carousel.slotA
        hubName: view.hubName; organisation: view.organisation; stale: view.stale
        shift: view.shift
        z: view.carousel.front === 0 ? 1 : 0
        opacity: view.carousel.front === 0 || slotB.opacity < 1 ? 1 : 0
        Behavior on opacity {
            enabled: view.carousel.front === 0 && view.carousel.transitionMs > 0
            NumberAnimation { duration: view.carousel.transitionMs; easing.type: Easing.InOutQuad }
        }
    }
    PosterSlot {
        id: slotB
        anchors.fill: parent
        values: view.carousel.slotB
        hubName: view.hubName; organisation: view.organisation; stale: view.stale
        shift: view.shift
        z: view.carousel.front === 1 ? 1 : 0
        opacity: view.carousel.front === 1 || slotA.opacity < 1 ? 1 : 0
        Behavior on opacity {
            enabled: view.carousel.front === 1 && view.carousel.transitionMs > 0
            NumberAnimation { duration: view.carousel.transitionMs; easing.type: Easing.InOutQuad }
        }
    }
    Binding {
        target: view.carousel
        property: "backReady"
        value: view.carousel.front === 0 ? slotB.ready : slotA.ready
    }

    // A slim bar that fills while the poster in front is on show. It moves in small steps,
    // not every frame, so a rotating screen costs next to nothing between transitions.
    Rectangle {
        id: progress
        z: 2
        property int elapsed: 0
        property int total: 1
        anchors { left: parent.left; bottom: parent.bottom }
        height: Math.max(2, Math.round(view.height * 0.005))
        color: Theme.nhsBlue
        width: Math.round(view.width * Math.min(1, elapsed / total))
        Timer {
            id: tick
            objectName: "progressTimer"
            repeat: true
            onTriggered: {
                progress.elapsed += interval
                if (progress.elapsed >= progress.total) stop()
            }
        }
        Connections {
            target: view.carousel
            function onPausedChanged() {
                if (view.carousel.paused) tick.stop()
            }
            function onDwellStarted(ms) {
                progress.total = Math.max(1, ms)
                progress.elapsed = 0
                tick.interval = Math.max(100, Math.round(ms / 80))
                tick.restart()
            }
        }
    }
}
