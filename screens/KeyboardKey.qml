import QtQuick

// A key of the on-screen keyboard: it never takes the focus from the search field.
Rectangle {
    id: key
    required property Keyboard board
    property string label: ""
    property string accessibleName: label
    property bool wide: false
    property bool dark: false
    signal pressed()
    width: board.keyWidth
    height: board.keyHeight
    radius: 0.8 * board.unit
    color: tap.pressed ? Theme.nhsBlue : (dark ? Theme.nhsDarkBlue : Theme.card)
    border.color: Theme.border
    Accessible.role: Accessible.Button
    Accessible.name: accessibleName
    Accessible.onPressAction: key.pressed()
    TouchText {
        anchors.centerIn: parent
        width: parent.width - key.board.unit
        horizontalAlignment: Text.AlignHCenter
        unit: key.board.unit
        // Smaller on the narrow keys of an upright screen, so "Delete" fits its key.
        size: key.board.unit > 0 ? Math.min(Theme.touchLead, 0.42 * key.board.keyWidth / key.board.unit)
                                 : Theme.touchLead
        font.weight: Font.Bold
        color: tap.pressed || key.dark ? Theme.white : Theme.ink
        text: key.label
    }
    MouseArea { id: tap; anchors.fill: parent; onClicked: key.pressed() }
}
