pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// Chart your data: type or tap in up to 60 numbers, say which way is better, and see the
// Making Data Count chart, its icons and what it means, as you type.
FocusScope {
    id: screen
    objectName: "chartToolScreen"
    required property Touch touch
    readonly property Navigator navigator: touch.navigator
    readonly property ChartTool tool: touch.chartTool
    property real unit: height / 100
    readonly property bool portrait: width < height
    property ToolField activeField: null
    property bool keyboardShown: false

    function startEditing(field: ToolField) {
        activeField = field
        keyboardShown = true
        Qt.callLater(screen.reveal, field)
    }
    // Scroll so that the box being typed in is above the on-screen keyboard.
    function reveal(field: ToolField) {
        const top = field.mapToItem(layout, 0, 0).y + layout.y
        const room = page.height - keyboard.height
        if (top + field.height > page.contentY + room)
            page.contentY = top + field.height - room + 2 * unit
        else if (top < page.contentY)
            page.contentY = Math.max(0, top - 2 * unit)
    }
    Connections {
        target: screen.tool
        function onCleared() {
            values.clear()
            target.clear()
            start.clear()
            screen.keyboardShown = false
            screen.activeField = null
        }
    }

    // What the chart means, in plain words: beside the inputs, or under the chart in portrait.
    component Explainer: ColumnLayout {
        spacing: 1.6 * screen.unit
        TouchText {
            Layout.fillWidth: true
            unit: screen.unit; size: Theme.touchText
            font.weight: Font.Bold; color: Theme.nhsDarkBlue
            text: "What this means"
        }
        TouchText {
            objectName: "chartExplainer"
            Layout.fillWidth: true
            unit: screen.unit; size: Theme.touchMinText
            maximumLineCount: 8
            color: Theme.muted
            text: screen.tool.explainer
        }
    }

    NavBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        unit: screen.unit
        navigator: screen.navigator
        title: "Chart your data"
    }

    Flickable {
        id: page
        objectName: "chartToolPage"
        anchors { left: parent.left; right: parent.right; top: bar.bottom; bottom: parent.bottom }
        contentHeight: layout.implicitHeight + 4 * screen.unit
        bottomMargin: screen.keyboardShown ? keyboard.height : 0
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: layout
            x: Theme.touchMargin * screen.unit
            y: 2 * screen.unit
            width: page.width - 2 * Theme.touchMargin * screen.unit
            columns: screen.portrait ? 1 : 2
            columnSpacing: 3 * screen.unit
            rowSpacing: 2 * screen.unit

            ColumnLayout {
                Layout.row: 0
                Layout.column: 0
                Layout.fillWidth: true
                Layout.preferredWidth: 2
                Layout.alignment: Qt.AlignTop
                spacing: 1.6 * screen.unit
                ToolField {
                    id: values
                    objectName: "chartValuesField"
                    Layout.fillWidth: true
                    unit: screen.unit
                    multiline: true
                    numeric: true
                    label: "Your numbers, oldest first (up to 60)"
                    placeholder: "e.g. 12, 15, 9, 14, 11"
                    maximumLength: 2000
                    hint: screen.tool.hint
                    startsFocused: true
                    onEdited: (text) => screen.tool.setValues(text)
                    onStarted: screen.startEditing(values)
                }
                TouchText {
                    Layout.fillWidth: true
                    unit: screen.unit; size: Theme.touchText
                    font.weight: Font.Bold; color: Theme.nhsDarkBlue
                    text: "Which is better?"
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.touchGap * screen.unit
                    Repeater {
                        model: [["higher", "Higher"], ["lower", "Lower"], ["neither", "Neither"]]
                        delegate: OptionChip {
                            required property var modelData
                            objectName: "chartBetter"
                            unit: screen.unit
                            text: modelData[1]
                            selected: screen.tool.better === modelData[0]
                            onChosen: screen.tool.setBetter(modelData[0])
                        }
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.touchGap * screen.unit
                    ToolField {
                        id: target
                        objectName: "chartTargetField"
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignTop
                        unit: screen.unit
                        numeric: true
                        label: "Target (optional)"
                        placeholder: "e.g. 10"
                        maximumLength: 20
                        onEdited: (text) => screen.tool.setTarget(text)
                        onStarted: screen.startEditing(target)
                    }
                    ToolField {
                        id: start
                        objectName: "chartStartField"
                        Layout.fillWidth: true
                        Layout.alignment: Qt.AlignTop
                        unit: screen.unit
                        numeric: true
                        label: "First month (optional)"
                        placeholder: "e.g. 2026-01"
                        maximumLength: 7
                        onEdited: (text) => screen.tool.setStart(text)
                        onStarted: screen.startEditing(start)
                    }
                }
                Explainer {
                    visible: !screen.portrait
                    Layout.fillWidth: true
                    Layout.topMargin: screen.unit
                }
            }

            Rectangle {
                Layout.row: screen.portrait ? 1 : 0
                Layout.column: screen.portrait ? 0 : 1
                Layout.fillWidth: true
                Layout.preferredWidth: 3
                Layout.alignment: Qt.AlignTop
                Layout.preferredHeight: (screen.portrait ? 62 : 74) * screen.unit
                radius: Theme.radius * screen.unit
                color: Theme.card
                border.color: Theme.border
                ColumnLayout {
                    anchors { fill: parent; margins: 2 * screen.unit }
                    spacing: 1.2 * screen.unit
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 1.2 * screen.unit
                        TouchText {
                            objectName: "chartReading"
                            Layout.fillWidth: true
                            unit: screen.unit; size: Theme.touchLead
                            maximumLineCount: screen.portrait ? 5 : 3
                            font.weight: Font.Black
                            text: screen.tool.reading || "Your chart appears here as you type."
                            color: screen.tool.reading ? Theme.ink : Theme.muted
                        }
                        SpcIcon {
                            Layout.preferredWidth: 8 * screen.unit
                            Layout.preferredHeight: 8 * screen.unit
                            visible: screen.tool.variation !== ""
                            kind: "variation"
                            value: screen.tool.variation
                            Accessible.role: Accessible.Graphic
                            Accessible.name: screen.tool.iconsText
                        }
                        SpcIcon {
                            Layout.preferredWidth: 8 * screen.unit
                            Layout.preferredHeight: 8 * screen.unit
                            visible: screen.tool.assurance !== ""
                            kind: "assurance"
                            value: screen.tool.assurance
                            Accessible.role: Accessible.Graphic
                            Accessible.name: screen.tool.iconsText
                        }
                    }
                    SpcChart {
                        objectName: "spcChart"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        chart: screen.tool.chart
                        labelPixelSize: Math.round(Theme.touchMinText * screen.unit)
                        fontFamily: Theme.fontFamily
                        Accessible.role: Accessible.Chart
                        Accessible.name: "SPC chart of your data. " + screen.tool.reading
                    }
                    TouchText {
                        Layout.fillWidth: true
                        unit: screen.unit; size: Theme.touchMinText
                        maximumLineCount: 2
                        color: Theme.muted
                        visible: screen.tool.iconsText !== ""
                        text: screen.tool.iconsText
                    }
                }
            }
            Explainer {
                visible: screen.portrait
                Layout.row: 2
                Layout.column: 0
                Layout.fillWidth: true
            }
        }
    }

    Keyboard {
        id: keyboard
        objectName: "chartKeyboard"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: implicitHeight
        visible: screen.keyboardShown && screen.visible && screen.activeField !== null
        unit: screen.unit
        numeric: true
        clearName: "Clear this box"
        onTyped: (text) => { if (screen.activeField) screen.activeField.insert(text) }
        onErased: if (screen.activeField) screen.activeField.erase()
        onCleared: if (screen.activeField) screen.activeField.clear()
        onDone: screen.keyboardShown = false
    }
}
