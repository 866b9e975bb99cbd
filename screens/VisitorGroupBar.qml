pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// "Who's visiting today?": one tap on a group, or Skip. It sits above the projects, pushes
// nothing off screen and never blocks browsing; it goes once answered, skipped or left behind.
Rectangle {
    id: bar
    objectName: "visitorGroupBar"
    required property Touch touch
    property real unit: 10

    implicitHeight: column.implicitHeight + 2 * Theme.touchGap * unit
    radius: 1.2 * unit
    color: Theme.nhsPaleGrey
    Accessible.role: Accessible.Grouping
    Accessible.name: "Who's visiting today? Optional"

    ColumnLayout {
        id: column
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                  leftMargin: Theme.touchGap * bar.unit; rightMargin: Theme.touchGap * bar.unit }
        spacing: Theme.touchGap * bar.unit * 0.6

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.touchGap * bar.unit
            TouchText {
                Layout.fillWidth: true
                unit: bar.unit; size: Theme.touchLead
                wrapMode: Text.NoWrap
                font.weight: Font.Black
                color: Theme.nhsDarkBlue
                text: "Who's visiting today?"
            }
            TouchText {
                visible: bar.width > 70 * bar.unit  // room for it beside the question
                unit: bar.unit
                wrapMode: Text.NoWrap
                color: Theme.muted
                text: "Optional, anonymous"
            }
            TouchButton {
                objectName: "visitorGroupSkip"
                unit: bar.unit
                text: "Skip"
                accessibleName: "Skip the question"
                onActivated: bar.touch.skipVisitorGroup()
            }
        }
        ListView {
            id: groups
            objectName: "visitorGroupList"
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touchTarget * bar.unit
            orientation: ListView.Horizontal
            spacing: Theme.touchGap * bar.unit * 0.6
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            model: bar.touch.visitorGroups
            activeFocusOnTab: true
            keyNavigationEnabled: true
            delegate: TouchButton {
                id: choice
                required property string modelData
                required property int index
                readonly property string group: modelData
                objectName: "visitorGroupButton"
                unit: bar.unit
                text: modelData
                accessibleName: "Visiting as: " + modelData
                onActivated: bar.touch.chooseVisitorGroup(modelData)
            }
        }
    }
}
