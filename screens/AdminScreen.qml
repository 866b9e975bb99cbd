pragma ComponentBehavior: Bound

import QtQuick
import KioskUi

// The admin overlay: a PIN pad, the lock notice, or the admin screen with the screen's health
// and its actions. Everything it shows and does comes from the admin object.
Rectangle {
    id: overlay
    objectName: "adminOverlay"
    required property Admin admin
    // Sized by the shorter side, so a portrait screen's text fits its width too.
    readonly property real u: Math.min(width, height) / 100
    readonly property bool portrait: width < height
    color: Theme.ink
    visible: admin.open

    // Nothing under the overlay is touched while it is up.
    MouseArea { anchors.fill: parent }

    // --- the PIN pad ---
    Column {
        id: pad
        objectName: "pinPad"
        visible: overlay.admin.stage === "pin"
        anchors.centerIn: parent
        spacing: 2 * overlay.u

        TouchText {
            anchors.horizontalCenter: parent.horizontalCenter
            unit: overlay.u
            size: Theme.touchHeading
            color: Theme.white
            font.weight: Font.Bold
            text: "Admin PIN"
        }
        Text {
            objectName: "pinDots"
            anchors.horizontalCenter: parent.horizontalCenter
            textFormat: Text.PlainText
            font.family: Theme.fontFamily
            font.pixelSize: Math.round(4 * overlay.u)
            color: Theme.white
            text: overlay.admin.entered > 0 ? "\u25CF ".repeat(overlay.admin.entered).trim() : " "
        }
        TouchText {
            objectName: "pinMessage"
            anchors.horizontalCenter: parent.horizontalCenter
            unit: overlay.u
            color: Theme.nhsYellow
            text: overlay.admin.message || " "
        }
        Grid {
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 3
            spacing: 1.5 * overlay.u
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"]
                delegate: TouchButton {
                    required property string modelData
                    objectName: "pinKey"
                    property string key: modelData
                    unit: overlay.u
                    width: 11 * overlay.u
                    height: 9 * overlay.u
                    radius: overlay.u
                    onDark: true
                    primary: modelData === "ok"
                    textSize: Theme.touchHeading
                    text: modelData === "back" ? "\u232B" : (modelData === "ok" ? "OK" : modelData)
                    accessibleName: modelData === "back" ? "Delete" : text
                    onActivated: overlay.admin.press(modelData)
                }
            }
        }
        TouchButton {
            objectName: "pinCancel"
            anchors.horizontalCenter: parent.horizontalCenter
            unit: overlay.u
            onDark: true
            text: "Cancel"
            onActivated: overlay.admin.close()
        }
    }

    // --- locked after too many wrong PINs ---
    Column {
        objectName: "pinLocked"
        visible: overlay.admin.stage === "locked"
        anchors.centerIn: parent
        width: parent.width * 0.6
        spacing: 3 * overlay.u
        TouchText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            unit: overlay.u
            size: Theme.touchHeading
            maximumLineCount: 3
            color: Theme.white
            text: overlay.admin.message
        }
        TouchButton {
            anchors.horizontalCenter: parent.horizontalCenter
            unit: overlay.u
            onDark: true
            text: "Close"
            onActivated: overlay.admin.close()
        }
    }

    // --- the admin screen ---
    Item {
        id: screen
        objectName: "adminScreen"
        visible: overlay.admin.stage === "admin"
        anchors.fill: parent
        anchors.margins: 4 * overlay.u

        TouchText {
            id: heading
            unit: overlay.u
            size: Theme.touchTitle
            color: Theme.white
            font.weight: Font.Black
            text: "QI Hub Kiosk: admin"
        }
        Column {
            id: facts
            anchors { top: heading.bottom; topMargin: 3 * overlay.u; left: parent.left }
            // Landscape: the facts on the left and the actions on the right; portrait: the
            // facts above the actions.
            width: overlay.portrait ? parent.width : parent.width * 0.62
            spacing: 0.9 * overlay.u
            Repeater {
                model: overlay.admin.info
                delegate: Row {
                    id: row
                    required property var modelData
                    width: facts.width
                    spacing: 2 * overlay.u
                    TouchText {
                        width: row.width * 0.3
                        unit: overlay.u
                        color: Theme.nhsPaleGrey
                        text: row.modelData.label
                    }
                    TouchText {
                        objectName: "adminInfoValue"
                        width: row.width * 0.7 - 2 * overlay.u
                        unit: overlay.u
                        // A long error or feed address wraps (anywhere, if it has no spaces).
                        maximumLineCount: 3
                        color: Theme.white
                        font.weight: Font.Bold
                        text: row.modelData.value
                    }
                }
            }
        }
        Column {
            id: actions
            anchors {
                top: overlay.portrait ? facts.bottom : heading.bottom
                topMargin: 3 * overlay.u
                right: parent.right
            }
            width: overlay.portrait ? parent.width : parent.width * 0.3
            spacing: 1.6 * overlay.u
            Grid {
                id: buttons
                width: parent.width
                columns: overlay.portrait ? 2 : 1
                spacing: 1.6 * overlay.u
                readonly property real cell: (width - (columns - 1) * spacing) / columns
                Repeater {
                    model: [
                        ["refresh", "Refresh the feed now"], ["next", "Next poster"],
                        ["screenshot", "Save a screenshot"], ["restart", "Restart the kiosk"]
                    ]
                    delegate: TouchButton {
                        required property var modelData
                        objectName: "adminAction"
                        property string action: modelData[0]
                        width: buttons.cell
                        unit: overlay.u
                        onDark: true
                        text: modelData[1]
                        onActivated: overlay.admin.act(modelData[0])
                    }
                }
                TouchButton {
                    objectName: "adminExitButton"
                    width: buttons.cell
                    unit: overlay.u
                    onDark: true
                    primary: true
                    text: "Exit the kiosk"
                    onActivated: overlay.admin.act("exit")
                }
                TouchButton {
                    objectName: "adminCloseButton"
                    width: buttons.cell
                    unit: overlay.u
                    onDark: true
                    text: "Close"
                    onActivated: overlay.admin.close()
                }
            }
            TouchText {
                objectName: "adminMessage"
                width: parent.width
                unit: overlay.u
                maximumLineCount: 3
                color: Theme.nhsYellow
                text: overlay.admin.message
            }
        }
    }
}
