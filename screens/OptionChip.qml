import QtQuick

// One choice among a few (a direction, a month): tap it, or Tab to it and press Enter or Space.
Rectangle {
    id: chip
    property real unit: 10
    property string text: ""
    property bool selected: false
    signal chosen()

    implicitWidth: label.implicitWidth + 3.2 * unit
    implicitHeight: Theme.touchTarget * unit
    radius: height / 2
    color: selected ? Theme.nhsBlue : Theme.card
    border.color: Theme.nhsBlue
    border.width: Math.max(2, 0.25 * unit)
    scale: tap.pressed ? 0.96 : 1
    activeFocusOnTab: true

    Accessible.role: Accessible.RadioButton
    Accessible.name: text
    Accessible.checkable: true
    Accessible.checked: selected
    Accessible.onPressAction: chip.chosen()
    Keys.onReturnPressed: chip.chosen()
    Keys.onEnterPressed: chip.chosen()
    Keys.onSpacePressed: chip.chosen()

    TouchText {
        id: label
        anchors.centerIn: parent
        unit: chip.unit
        wrapMode: Text.NoWrap
        font.weight: Font.Bold
        color: chip.selected ? Theme.white : Theme.nhsBlue
        text: (chip.selected ? "✓ " : "") + chip.text
    }
    MouseArea {
        id: tap
        anchors.fill: parent
        onClicked: chip.chosen()
    }
    FocusRing { visible: chip.activeFocus; unit: chip.unit; cornerRadius: chip.radius }
}
