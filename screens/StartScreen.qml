pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// Start your own: the feed's templates as tiles; the chosen one's description and QR code;
// and a short guide to starting a QI project.
FocusScope {
    id: screen
    objectName: "startScreen"
    required property Touch touch
    readonly property Navigator navigator: touch.navigator
    readonly property StartPage start: touch.start
    readonly property var chosen: start.chosen
    property real unit: height / 100
    readonly property bool portrait: width < height

    NavBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        unit: screen.unit
        navigator: screen.navigator
        title: "Start your own project"
    }

    Flickable {
        id: page
        anchors { left: parent.left; right: parent.right; top: bar.bottom; bottom: parent.bottom }
        contentHeight: layout.implicitHeight + 2 * Theme.touchMargin * screen.unit
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        interactive: contentHeight > height

        GridLayout {
            id: layout
            x: Theme.touchMargin * screen.unit
            y: Theme.touchMargin * screen.unit
            width: page.width - 2 * Theme.touchMargin * screen.unit
            columns: screen.portrait ? 1 : 2
            columnSpacing: 3 * screen.unit
            rowSpacing: 2.4 * screen.unit

            ColumnLayout {
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                spacing: Theme.touchGap * screen.unit
                TouchText {
                    Layout.fillWidth: true
                    unit: screen.unit; size: Theme.touchLead
                    color: Theme.nhsDarkBlue; font.weight: Font.Black
                    text: "Start here and now"
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: screen.portrait ? 1 : 2
                    columnSpacing: Theme.touchGap * screen.unit
                    rowSpacing: Theme.touchGap * screen.unit
                    ToolTile {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.fillHeight: true
                        unit: screen.unit
                        toolId: "plan"
                        title: "Plan a project"
                        description: "Your aim, measures and first test, in four steps"
                        onOpened: screen.touch.openTool(toolId)
                    }
                    ToolTile {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.fillHeight: true
                        unit: screen.unit
                        toolId: "chart"
                        title: "Chart your data"
                        description: "See your numbers as an SPC chart in seconds"
                        onOpened: screen.touch.openTool(toolId)
                    }
                }
                TouchText {
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.touchGap * screen.unit
                    unit: screen.unit; size: Theme.touchLead
                    color: Theme.nhsDarkBlue; font.weight: Font.Black
                    text: screen.start.templates.length > 0 ? "Templates to get you going" : ""
                    visible: text !== ""
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: screen.portrait ? 1 : 2
                    columnSpacing: Theme.touchGap * screen.unit
                    rowSpacing: Theme.touchGap * screen.unit
                    Repeater {
                        model: screen.start.templates
                        delegate: TemplateTile {
                            required property var modelData
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            template: modelData
                            unit: screen.unit
                            chosen: screen.chosen.templateId === templateId
                            onChose: screen.touch.chooseTemplate(templateId)
                        }
                    }
                }
                TouchText {
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.touchGap * screen.unit
                    unit: screen.unit; size: Theme.touchLead
                    color: Theme.nhsDarkBlue; font.weight: Font.Black
                    text: "How to start a QI project"
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                Repeater {
                    model: screen.start.guide
                    delegate: RowLayout {
                        id: step
                        required property string modelData
                        required property int index
                        Layout.fillWidth: true
                        spacing: 1.4 * screen.unit
                        Rectangle {
                            Layout.alignment: Qt.AlignTop
                            Layout.preferredWidth: 3.6 * screen.unit
                            Layout.preferredHeight: 3.6 * screen.unit
                            radius: width / 2
                            color: Theme.nhsBlue
                            TouchText {
                                anchors.centerIn: parent
                                unit: screen.unit; color: Theme.white; font.weight: Font.Black
                                text: step.index + 1
                            }
                        }
                        TouchText {
                            Layout.fillWidth: true
                            unit: screen.unit; maximumLineCount: 3
                            text: step.modelData
                        }
                    }
                }
            }

            Rectangle {
                id: detail
                objectName: "templateDetail"
                Layout.fillWidth: true
                Layout.preferredWidth: 1
                Layout.alignment: Qt.AlignTop
                Layout.preferredHeight: detailColumn.implicitHeight + 4 * screen.unit
                radius: Theme.radius * screen.unit
                color: Theme.card
                border.color: Theme.border
                ColumnLayout {
                    id: detailColumn
                    anchors { left: parent.left; right: parent.right; top: parent.top; margins: 2 * screen.unit }
                    spacing: 1.4 * screen.unit
                    TouchText {
                        Layout.fillWidth: true
                        unit: screen.unit; size: Theme.touchHeading
                        maximumLineCount: 3
                        font.weight: Font.Black
                        text: screen.chosen.title || "Choose a template"
                    }
                    TouchText {
                        Layout.fillWidth: true
                        unit: screen.unit; size: Theme.touchLead
                        maximumLineCount: 6
                        color: Theme.muted
                        text: screen.chosen.templateId
                              ? (screen.chosen.description || "")
                              : "Tap a template to get a QR code for it: scan it with your phone to take the template with you."
                    }
                    QrCode {
                        objectName: "qrCode"
                        Layout.alignment: Qt.AlignHCenter
                        Layout.preferredWidth: Math.min(detailColumn.width, Theme.touchQr * screen.unit)
                        Layout.preferredHeight: Layout.preferredWidth
                        visible: !!screen.chosen.qrUrl
                        url: screen.chosen.qrUrl || ""
                        Accessible.role: Accessible.Graphic
                        Accessible.name: "QR code for the template " + (screen.chosen.title || "")
                    }
                    TouchText {
                        Layout.fillWidth: true
                        visible: !!screen.chosen.qrUrl
                        horizontalAlignment: Text.AlignHCenter
                        unit: screen.unit; font.weight: Font.Bold
                        text: "Scan to open the template on your phone"
                    }
                }
            }
        }
    }
}
