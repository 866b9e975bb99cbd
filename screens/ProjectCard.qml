import QtQuick
import QtQuick.Layouts

// A project in the Browse grid: picture, title, stage, where, themes. Tap to open it.
Item {
    id: card
    objectName: "projectTile"
    required property string projectId
    required property string title
    required property string stageLabel
    required property string place
    required property string themes
    required property string image
    required property string imageAlt
    property real unit: 10
    property bool current: false
    signal opened()

    Accessible.role: Accessible.Button
    Accessible.name: title + (stageLabel ? ". " + stageLabel : "") + (place ? ". " + place : "")
    Accessible.onPressAction: card.opened()

    Rectangle {
        id: face
        anchors { fill: parent; margins: Theme.touchGap / 2 * card.unit }
        radius: Theme.radius * card.unit
        color: Theme.card
        border.color: Theme.border
        border.width: 1
        clip: true
        scale: tap.pressed ? 0.98 : 1

        Rectangle {
            id: picture
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: parent.height * 0.5
            color: Theme.nhsPaleGrey
            Image {
                anchors.fill: parent
                visible: card.image !== "" && status !== Image.Error
                source: card.image
                sourceSize: Qt.size(Math.ceil(width), Math.ceil(height))
                asynchronous: true
                fillMode: Image.PreserveAspectCrop
                Accessible.role: Accessible.Graphic
                Accessible.name: card.imageAlt
            }
            Rectangle {
                visible: card.stageLabel !== ""
                anchors { left: parent.left; bottom: parent.bottom; margins: card.unit }
                width: stage.implicitWidth + 2 * card.unit
                height: stage.implicitHeight + 0.6 * card.unit
                radius: height / 2
                color: Theme.nhsDarkBlue
                TouchText {
                    id: stage
                    anchors.centerIn: parent
                    unit: card.unit; size: Theme.touchMinText
                    color: Theme.white; font.weight: Font.Bold
                    text: card.stageLabel
                }
            }
        }
        ColumnLayout {
            anchors { left: parent.left; right: parent.right; top: picture.bottom; bottom: parent.bottom
                      margins: 1.2 * card.unit }
            spacing: 0.5 * card.unit
            TouchText {
                objectName: "projectTileTitle"
                Layout.fillWidth: true
                unit: card.unit; size: 2.6
                maximumLineCount: 2
                font.weight: Font.Black
                lineHeight: 1.0
                text: card.title
            }
            TouchText {
                Layout.fillWidth: true
                visible: text !== ""
                unit: card.unit; size: Theme.touchMinText
                color: Theme.nhsBlue; font.weight: Font.Bold
                text: card.place
            }
            TouchText {
                Layout.fillWidth: true
                visible: text !== ""
                unit: card.unit; size: Theme.touchMinText
                color: Theme.muted
                text: card.themes
            }
            Item { Layout.fillHeight: true }
        }
        MouseArea {
            id: tap
            anchors.fill: parent
            onClicked: card.opened()
        }
    }
    FocusRing { anchors.fill: face; visible: card.current; unit: card.unit; cornerRadius: face.radius }
}
