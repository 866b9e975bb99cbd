pragma ComponentBehavior: Bound

import QtQuick

// An award or other recognition: a small rosette and the award's name on a yellow ribbon.
// `unit` is 1% of the screen height; `size` the text size in units.
Rectangle {
    id: badge
    objectName: "recognitionBadge"
    property string text: ""
    property real unit: 10
    property real size: Theme.smallText
    property int maximumLineCount: 2

    implicitWidth: rosette.width + label.implicitWidth + 3.2 * unit
    implicitHeight: Math.max(label.implicitHeight, rosette.height) + 1.4 * unit
    radius: Theme.radius * unit
    color: Theme.nhsYellow
    visible: text !== ""
    Accessible.role: Accessible.StaticText
    Accessible.name: "Recognition: " + text

    Item {
        id: rosette
        anchors { left: parent.left; leftMargin: 1.2 * badge.unit; verticalCenter: parent.verticalCenter }
        width: 3.4 * badge.unit
        height: 4.2 * badge.unit
        // Two ribbon tails under a medal.
        Repeater {
            model: [-1, 1]
            delegate: Rectangle {
                required property int modelData
                x: rosette.width / 2 - width / 2 + modelData * 0.55 * badge.unit
                y: rosette.height * 0.45
                width: 1.1 * badge.unit
                height: rosette.height * 0.55
                rotation: modelData * 18
                color: Theme.nhsDarkBlue
            }
        }
        Rectangle {
            width: rosette.width
            height: width
            radius: width / 2
            color: Theme.white
            border.color: Theme.nhsDarkBlue
            border.width: Math.max(1, 0.45 * badge.unit)
            Rectangle {
                anchors.centerIn: parent
                width: parent.width * 0.42
                height: width
                radius: width / 2
                color: Theme.nhsDarkBlue
            }
        }
    }
    Text {
        id: label
        anchors { left: rosette.right; leftMargin: 1.0 * badge.unit; right: parent.right
                  rightMargin: 1.2 * badge.unit; verticalCenter: parent.verticalCenter }
        textFormat: Text.PlainText
        font.family: Theme.fontFamily
        font.pixelSize: Math.max(1, Math.round(badge.size * badge.unit))
        font.weight: Font.Bold
        color: Theme.ink
        wrapMode: Text.Wrap
        elide: Text.ElideRight
        maximumLineCount: badge.maximumLineCount
        lineHeight: 1.05
        // The last two words kept together: a year or a short word never sits alone on the
        // ribbon's second line.
        text: badge.text.replace(/ (\S+)$/, "\u00a0$1")
    }
}
