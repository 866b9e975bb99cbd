import QtQuick

// A template in "Start your own": tap to see what it is for and get its QR code.
Rectangle {
    id: tile
    objectName: "templateTile"
    required property var template
    readonly property string templateId: template.templateId
    property real unit: 10
    property bool chosen: false
    signal chose()

    implicitHeight: Math.max(Theme.touchTarget * unit * 1.4, label.implicitHeight + 2.4 * unit)
    radius: Theme.radius * unit
    color: chosen ? Theme.nhsBlue : Theme.card
    border.color: chosen ? Theme.nhsDarkBlue : Theme.border
    border.width: Math.max(1, 0.2 * unit)
    scale: tap.pressed ? 0.97 : 1
    activeFocusOnTab: true

    Accessible.role: Accessible.Button
    Accessible.name: "Template: " + template.title
    Accessible.checkable: true
    Accessible.checked: chosen
    Accessible.onPressAction: tile.chose()
    Keys.onReturnPressed: tile.chose()
    Keys.onEnterPressed: tile.chose()
    Keys.onSpacePressed: tile.chose()

    Rectangle {
        id: badge
        anchors { left: parent.left; leftMargin: 1.6 * tile.unit; verticalCenter: parent.verticalCenter }
        width: 4.8 * tile.unit; height: width; radius: width / 2
        color: tile.chosen ? Theme.white : Theme.nhsPaleGrey
        TouchText {
            anchors.centerIn: parent
            unit: tile.unit; size: Theme.touchLead; font.weight: Font.Black
            color: Theme.nhsDarkBlue
            text: (tile.template.title || "?").charAt(0).toUpperCase()
        }
    }
    TouchText {
        id: label
        anchors { left: badge.right; right: parent.right; verticalCenter: parent.verticalCenter
                  leftMargin: 1.4 * tile.unit; rightMargin: 1.4 * tile.unit }
        unit: tile.unit
        maximumLineCount: 3
        font.weight: Font.Bold
        color: tile.chosen ? Theme.white : Theme.ink
        text: tile.template.title
    }
    MouseArea { id: tap; anchors.fill: parent; onClicked: tile.chose() }
    FocusRing { visible: tile.activeFocus; unit: tile.unit; cornerRadius: tile.radius }
}
