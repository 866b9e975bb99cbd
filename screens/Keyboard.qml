pragma ComponentBehavior: Bound

import QtQuick

// An on-screen keyboard (a touchscreen has no keyboard). Its keys never take the focus; each
// says what was typed, and the screen that shows it decides where the text goes.
// `punctuation` adds a row for writing sentences; `numeric` shows a number pad instead.
Rectangle {
    id: keyboard
    objectName: "onScreenKeyboard"
    property real unit: 10
    property bool punctuation: false
    property bool numeric: false
    property string clearName: "Clear"
    signal typed(string text)
    signal erased()
    signal cleared()
    signal done()

    readonly property var rows: numeric ? ["789", "456", "123", "0.,-"]
                                        : (punctuation ? ["1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.?", "%-/@&()"]
                                                       : ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"])
    // The widest row, in key widths with its gaps (0.08 of a key each): the number pad's bottom
    // row (7.2 keys and 2 gaps), the letters' top row (10 keys and 9 gaps), and with punctuation
    // "zxcvbnm,.?" and Delete (12 keys and 11 gaps). Keys shrink to fit it on a narrow screen.
    readonly property real widestRow: numeric ? 7.2 + 2 * 0.08 : (punctuation ? 12 + 11 * 0.08 : 10 + 9 * 0.08)
    readonly property real keyWidth: Math.min(numeric ? 10 * unit : 8.4 * unit,
                                              (width - 2 * Theme.touchMargin * unit) / widestRow)
    // Never taller than a little more than wide, so a narrow screen's keys are not slivers.
    readonly property real keyHeight: Math.min(Theme.touchTarget * unit, Math.max(1.1 * keyWidth, 4 * unit))
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
                        onPressed: keyboard.typed(modelData)
                    }
                }
                KeyboardKey {
                    board: keyboard
                    visible: row.index === (keyboard.numeric ? 0 : 3)
                    width: 2 * keyboard.keyWidth
                    dark: true
                    label: "Delete"
                    accessibleName: "Delete"
                    onPressed: keyboard.erased()
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
                accessibleName: keyboard.clearName
                onPressed: keyboard.cleared()
            }
            KeyboardKey {
                board: keyboard
                width: (keyboard.numeric ? 2.4 : 5) * keyboard.keyWidth
                label: "Space"
                accessibleName: "Space"
                onPressed: keyboard.typed(" ")
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
