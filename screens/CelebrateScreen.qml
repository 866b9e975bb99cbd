pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// Celebrating our improvers: the projects whose teams have been recognised (awards, and the
// projects in the spotlight), who is on those teams, and a thank-you to everyone doing QI.
// A card opens its project.
FocusScope {
    id: screen
    objectName: "celebrateScreen"
    required property Touch touch
    readonly property Navigator navigator: touch.navigator
    readonly property var values: touch.celebrate.values
    property real unit: height / 100
    readonly property bool portrait: width < height

    Connections {
        target: screen.navigator
        function onResetRequested() { page.contentY = 0 }
    }

    NavBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        unit: screen.unit
        navigator: screen.navigator
        title: "Celebrating our improvers"
    }

    Flickable {
        id: page
        anchors { left: parent.left; right: parent.right; top: bar.bottom; bottom: parent.bottom }
        contentHeight: layout.implicitHeight + 2 * Theme.touchMargin * screen.unit
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        interactive: contentHeight > height

        ColumnLayout {
            id: layout
            x: Theme.touchMargin * screen.unit
            y: Theme.touchMargin * screen.unit
            width: page.width - 2 * Theme.touchMargin * screen.unit
            spacing: Theme.touchGap * screen.unit

            TouchText {
                Layout.fillWidth: true
                unit: screen.unit; size: Theme.touchTitle
                maximumLineCount: 2
                font.weight: Font.Black
                text: screen.values.heading || "Celebrating our improvers"
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            TouchText {
                objectName: "thankYou"
                Layout.fillWidth: true
                unit: screen.unit; size: Theme.touchLead
                maximumLineCount: 3
                color: Theme.nhsDarkBlue
                font.weight: Font.Bold
                text: screen.values.thankYou || ""
            }
            GridLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.touchGap * screen.unit
                columns: screen.portrait ? 1 : 2
                columnSpacing: Theme.touchGap * screen.unit
                rowSpacing: Theme.touchGap * screen.unit

                Repeater {
                    model: screen.values.honours || []
                    delegate: Rectangle {
                        id: card
                        objectName: "honourCard"
                        required property var modelData
                        readonly property string projectId: modelData.projectId
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.alignment: Qt.AlignTop
                        implicitHeight: cardColumn.implicitHeight + 3.2 * screen.unit
                        radius: Theme.radius * screen.unit
                        color: Theme.card
                        border.color: tap.pressed || card.activeFocus ? Theme.nhsBlue : Theme.border
                        border.width: Math.max(2, 0.25 * screen.unit)
                        activeFocusOnTab: true
                        scale: tap.pressed ? 0.98 : 1
                        Accessible.role: Accessible.Button
                        Accessible.name: "Open " + modelData.title
                        Accessible.onPressAction: screen.touch.openProject(card.projectId)
                        Keys.onReturnPressed: screen.touch.openProject(card.projectId)
                        Keys.onEnterPressed: screen.touch.openProject(card.projectId)
                        Keys.onSpacePressed: screen.touch.openProject(card.projectId)

                        ColumnLayout {
                            id: cardColumn
                            anchors { left: parent.left; right: parent.right; top: parent.top
                                      margins: 1.6 * screen.unit }
                            spacing: 0.9 * screen.unit
                            Repeater {
                                model: card.modelData.awards.slice(0, 2)
                                delegate: RecognitionBadge {
                                    required property string modelData
                                    Layout.fillWidth: true
                                    unit: screen.unit
                                    size: Theme.touchText
                                    text: modelData
                                }
                            }
                            Rectangle {
                                objectName: "spotlightTag"
                                visible: card.modelData.spotlight
                                Layout.preferredWidth: spotText.implicitWidth + 2.4 * screen.unit
                                Layout.preferredHeight: spotText.implicitHeight + 0.8 * screen.unit
                                radius: height / 2
                                color: Theme.nhsDarkBlue
                                TouchText {
                                    id: spotText
                                    anchors.centerIn: parent
                                    unit: screen.unit
                                    color: Theme.white
                                    font.weight: Font.Bold
                                    text: "In the spotlight"
                                }
                            }
                            TouchText {
                                Layout.fillWidth: true
                                unit: screen.unit; size: Theme.touchHeading
                                maximumLineCount: 2
                                font.weight: Font.Black
                                text: card.modelData.title
                            }
                            TouchText {
                                Layout.fillWidth: true
                                visible: text !== ""
                                unit: screen.unit
                                color: Theme.nhsBlue; font.weight: Font.Bold
                                text: card.modelData.place
                            }
                            TouchText {
                                Layout.fillWidth: true
                                visible: card.modelData.team !== ""
                                unit: screen.unit
                                maximumLineCount: 3
                                color: Theme.muted
                                text: "Team: " + card.modelData.team
                            }
                            TouchText {
                                Layout.fillWidth: true
                                visible: text !== ""
                                unit: screen.unit; size: Theme.touchLead
                                maximumLineCount: 2
                                color: Theme.nhsDarkBlue; font.weight: Font.Bold
                                text: card.modelData.results
                            }
                        }
                        MouseArea {
                            id: tap
                            anchors.fill: parent
                            onClicked: screen.touch.openProject(card.projectId)
                        }
                        FocusRing { visible: card.activeFocus; unit: screen.unit; cornerRadius: card.radius }
                    }
                }
            }
            TouchText {
                Layout.fillWidth: true
                visible: (screen.values.honours || []).length === 0
                unit: screen.unit; size: Theme.touchLead
                maximumLineCount: 3
                color: Theme.muted
                text: "Awards and other recognition for our project teams will appear here."
            }
        }
    }
}
