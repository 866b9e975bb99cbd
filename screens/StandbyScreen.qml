import QtQuick
import KioskUi

// Outside opening hours: black, or a small dim clock that moves every minute. Nothing here
// animates, so the window redraws at most once a minute.
Rectangle {
    id: screen
    objectName: "standbyScreen"
    required property Standby standby
    color: "black"

    Text {
        id: clock
        objectName: "standbyClock"
        visible: screen.standby.mode === "clock"
        textFormat: Text.PlainText
        text: screen.standby.clock
        color: "#5A6670"
        font.family: Theme.fontFamily
        font.pixelSize: Math.round(screen.height * 0.08)
        x: Math.round((screen.width - width) * screen.standby.clockX)
        y: Math.round((screen.height - height) * screen.standby.clockY)
    }
}
