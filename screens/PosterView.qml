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

    // A slim bar that fills while the poster in front is on show. It moves in a few steps a
    // second at most (each step redraws only this strip), never every frame, so a rotating
    // screen costs next to nothing between transitions.
    Rectangle {
        id: progress
        objectName: "dwellProgress"
        z: 2
        // The dwell is cut into `steps` equal steps; the bar is full for the last one.
        property int step: 0
        property int steps: 2
        anchors { left: parent.left; bottom: parent.bottom }
        height: Math.max(2, Math.round(view.height * 0.005))
        color: Theme.nhsBlue
        width: Math.round(view.width * Math.min(1, step / (steps - 1)))

        function begin(ms: int, left: int) {
            // At most 16 steps a dwell, and never more than two a second.
            steps = Math.max(2, Math.min(16, Math.floor(ms / 500)))
            tick.interval = Math.max(1, Math.floor(ms / steps))
            step = Math.min(steps - 1, Math.floor(Math.max(0, ms - left) / tick.interval))
            if (step < steps - 1) tick.restart()
            else tick.stop()
        }

        Timer {
            id: tick
            objectName: "progressTimer"
            repeat: true
            onTriggered: {
                progress.step += 1
                if (progress.step >= progress.steps - 1) stop()
            }
        }
        Connections {
            target: view.carousel
            function onPausedChanged() {
                if (view.carousel.paused) tick.stop()
            }
            // The poster going out has had its whole time: the bar is full as the next one
            // comes in, however late a busy machine ran the last step, and empties when the
            // next dwell begins.
            function onFrontChanged() {
                tick.stop()
                progress.step = progress.steps - 1
            }
            function onDwellStarted(ms: int) {
                progress.begin(ms, ms)
            }
        }
        // The first poster's dwell may have begun before this screen was made.
        Component.onCompleted: {
            const left = view.carousel.dwellLeftMs()
            if (left > 0) begin(view.carousel.dwellTotalMs(), left)
        }
    }
}
