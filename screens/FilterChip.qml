import QtQuick

// A large filter chip: tap to switch it on or off. Chosen chips are filled and ticked.
Rectangle {
    id: chip
    property real unit: 10
    required property string label
    required property int count
    required property bool selected
    property bool current: false
    signal toggled()

    implicitWidth: text.implicitWidth + 4 * unit
    implicitHeight: Theme.touchTarget * unit
    radius: height / 2
    color: selected ? Theme.nhsBlue : Theme.card
    border.color: Theme.nhsBlue
    border.width: Math.max(2, 0.25 * unit)
    scale: tap.pressed ? 0.96 : 1

    Accessible.role: Accessible.CheckBox
    Accessible.name: label + (count >= 0 ? ", " + count + (count === 1 ? " project" : " projects") : "")
    Accessible.checkable: true
    Accessible.checked: selected
    Accessible.onPressAction: chip.toggled()
    Accessible.onToggleAction: chip.toggled()

    TouchText {
        id: text
        anchors.centerIn: parent
        unit: chip.unit
        wrapMode: Text.NoWrap
        font.weight: Font.Bold
        color: chip.selected ? Theme.white : Theme.nhsBlue
        text: (chip.selected ? "✓ " : "") + chip.label + (chip.count >= 0 ? "  " + chip.count : "")
    }
    MouseArea {
        id: tap
        anchors.fill: parent
        onClicked: chip.toggled()
    }
    FocusRing { visible: chip.current; unit: chip.unit; cornerRadius: chip.radius }
}
