import QtQuick
import QtQuick.Layouts

// A QI tool in "Start your own": tap it to begin there and then.
Rectangle {
    id: tile
    objectName: "toolTile"
    property string toolId: ""
    property string title: ""
    property string description: ""
    property real unit: 10
    signal opened()

    implicitHeight: column.implicitHeight + 3.2 * unit
    radius: Theme.radius * unit
    color: Theme.nhsDarkBlue
    scale: tap.pressed ? 0.97 : 1
    activeFocusOnTab: true

    Accessible.role: Accessible.Button
    Accessible.name: title + ". " + description
    Accessible.onPressAction: tile.opened()
    Keys.onReturnPressed: tile.opened()
    Keys.onEnterPressed: tile.opened()
    Keys.onSpacePressed: tile.opened()

    ColumnLayout {
        id: column
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 1.8 * tile.unit }
        spacing: 0.6 * tile.unit
        TouchText {
            Layout.fillWidth: true
            unit: tile.unit; size: Theme.touchLead
            font.weight: Font.Black
            color: Theme.white
            text: tile.title + "  ›"
        }
        TouchText {
            Layout.fillWidth: true
            unit: tile.unit
            maximumLineCount: 2
            color: Theme.white
            text: tile.description
        }
    }
    MouseArea { id: tap; anchors.fill: parent; onClicked: tile.opened() }
    FocusRing { visible: tile.activeFocus; unit: tile.unit; cornerRadius: tile.radius }
}
