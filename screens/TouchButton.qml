import QtQuick

// A large button for a finger, and for Tab + Enter or Space.
Rectangle {
    id: button
    property real unit: 10
    property string text: ""
    property string accessibleName: text
    property bool primary: false
    property bool checked: false
    property bool onDark: false
    property real textSize: Theme.touchText
    signal activated()

    implicitWidth: Math.max(Theme.touchTarget * unit, label.implicitWidth + 4 * unit)
    implicitHeight: Theme.touchTarget * unit
    radius: height / 2
    color: primary || checked ? (onDark ? Theme.white : Theme.nhsBlue) : (onDark ? Theme.nhsDarkBlue : Theme.card)
    border.color: onDark ? Theme.white : Theme.nhsBlue
    border.width: Math.max(2, 0.25 * unit)
    scale: tap.pressed ? 0.96 : 1
    activeFocusOnTab: true

    Accessible.role: Accessible.Button
    Accessible.name: accessibleName
    Accessible.checkable: checked
    Accessible.checked: checked
    Accessible.onPressAction: button.activated()
    Keys.onReturnPressed: button.activated()
    Keys.onEnterPressed: button.activated()
    Keys.onSpacePressed: button.activated()

    TouchText {
        id: label
        anchors.centerIn: parent
        wrapMode: Text.NoWrap
        unit: button.unit
        size: button.textSize
        horizontalAlignment: Text.AlignHCenter
        font.weight: Font.Bold
        color: button.primary || button.checked ? (button.onDark ? Theme.nhsDarkBlue : Theme.white)
                                                 : (button.onDark ? Theme.white : Theme.nhsBlue)
        text: button.text
    }
    MouseArea {
        id: tap
        anchors.fill: parent
        onClicked: button.activated()
    }
    FocusRing { visible: button.activeFocus; unit: button.unit; cornerRadius: button.radius }
}
