pragma ComponentBehavior: Bound

import QtQuick
import KioskUi

// An on-screen keyboard for the search field (a touchscreen has no keyboard). Its keys never
// take the focus; each calls the Python side, which owns the search text.
Rectangle {
    id: keyboard
    objectName: "onScreenKeyboard"
    required property Browse browse
    property real unit: 10
    signal done()

    readonly property var rows: ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
    readonly property real keyWidth: Math.min(8.4 * unit, (width - 2 * Theme.touchMargin * unit) / 10.6)
    readonly property real keyHeight: Theme.touchTarget * unit
    readonly property real keyGap: 0.08 * keyWidth

    implicitHeight: column.implicitHeight + 2 * Theme.touchGap * unit
    color: Theme.nhsPaleGrey
    border.color: Theme.border
    Accessible.role: Accessible.Grouping
    Accessible.name: "On-screen keyboard"


    Column {
        id: column
        anchors.centerIn: parent
        spacing: keyboard.keyGap
        Repeater {
            model: keyboard.rows
            delegate: Row {
                id: row
                required property string modelData
                required property int index
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: keyboard.keyGap
                Repeater {
                    model: row.modelData.split("")
                    delegate: KeyboardKey {
                        board: keyboard
                        required property string modelData
                        label: modelData.toUpperCase()
                        accessibleName: modelData
                        onPressed: keyboard.browse.typeText(modelData)
                    }
                }
                KeyboardKey {
                        board: keyboard
                    visible: row.index === keyboard.rows.length - 1
                    width: 2 * keyboard.keyWidth
                    dark: true
                    label: "Delete"
                    accessibleName: "Delete"
                    onPressed: keyboard.browse.backspace()
                }
            }
        }
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: keyboard.keyGap
            KeyboardKey {
                        board: keyboard
                width: 2.2 * keyboard.keyWidth
                dark: true
                label: "Clear"
                accessibleName: "Clear the search"
                onPressed: keyboard.browse.setQuery("")
            }
            KeyboardKey {
                        board: keyboard
                width: 5 * keyboard.keyWidth
                label: "Space"
                accessibleName: "Space"
                onPressed: keyboard.browse.typeText(" ")
            }
            KeyboardKey {
                        board: keyboard
                width: 2.6 * keyboard.keyWidth
                dark: true
                label: "Done"
                accessibleName: "Hide the keyboard"
                onPressed: keyboard.done()
            }
        }
    }
}
