import QtQuick

// An on-screen keyboard for the search field (a touchscreen has no keyboard). Its keys never
// take the focus; each calls the Python side, which owns the search text.
Rectangle {
    id: keyboard
    objectName: "onScreenKeyboard"
    required property QtObject browse
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

    component Key: Rectangle {
        id: key
        property string label: ""
        property string accessibleName: label
        property bool wide: false
        property bool dark: false
        signal pressed()
        width: keyboard.keyWidth
        height: keyboard.keyHeight
        radius: 0.8 * keyboard.unit
        color: tap.pressed ? Theme.nhsBlue : (dark ? Theme.nhsDarkBlue : Theme.card)
        border.color: Theme.border
        Accessible.role: Accessible.Button
        Accessible.name: accessibleName
        Accessible.onPressAction: key.pressed()
        TouchText {
            anchors.centerIn: parent
            width: parent.width - keyboard.unit
            horizontalAlignment: Text.AlignHCenter
            unit: keyboard.unit; size: Theme.touchLead
            font.weight: Font.Bold
            color: tap.pressed || key.dark ? Theme.white : Theme.ink
            text: key.label
        }
        MouseArea { id: tap; anchors.fill: parent; onClicked: key.pressed() }
    }

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
                    delegate: Key {
                        required property string modelData
                        label: modelData.toUpperCase()
                        accessibleName: modelData
                        onPressed: keyboard.browse.typeText(modelData)
                    }
                }
                Key {
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
            Key {
                width: 2.2 * keyboard.keyWidth
                dark: true
                label: "Clear"
                accessibleName: "Clear the search"
                onPressed: keyboard.browse.setQuery("")
            }
            Key {
                width: 5 * keyboard.keyWidth
                label: "Space"
                accessibleName: "Space"
                onPressed: keyboard.browse.typeText(" ")
            }
            Key {
                width: 2.6 * keyboard.keyWidth
                dark: true
                label: "Done"
                accessibleName: "Hide the keyboard"
                onPressed: keyboard.done()
            }
        }
    }
}
