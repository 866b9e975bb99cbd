import QtQuick

// The keyboard focus outline: yellow with a dark inner edge, visible on light and dark colours.
Rectangle {
    id: ring
    property real unit: 10
    property real cornerRadius: 0
    anchors { fill: parent; margins: -0.5 * unit }
    radius: cornerRadius + 0.5 * unit
    color: "transparent"
    border.color: Theme.focusRing
    border.width: 0.5 * unit
    Rectangle {
        anchors { fill: parent; margins: ring.border.width }
        radius: ring.cornerRadius
        color: "transparent"
        border.color: Theme.ink
        border.width: Math.max(2, 0.2 * ring.unit)
    }
}
