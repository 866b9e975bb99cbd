pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// One project, read properly: the full aim, every measure's chart (swipe between them), the
// PDSA cycles as a timeline, the team and results, and a large QR code to take it away.
FocusScope {
    id: screen
    objectName: "projectScreen"
    required property Touch touch
    readonly property Navigator navigator: touch.navigator
    readonly property var values: touch.project.values
    property real unit: height / 100
    readonly property bool portrait: width < height
    readonly property var charts: values.charts || []
    readonly property var pdsa: values.pdsa || []
    readonly property var team: values.team || []
    readonly property var changes: values.changes || []

    // The screen fades in, so its first frame is nearly transparent. Opened from another screen,
    // it first shows the top of its page (title, picture, aim, summary, results); the measures'
    // charts, the changes, the PDSA timeline, the team and the QR code are made once that frame
    // is on screen and come in during the fade, so the tap is answered by a frame with less to
    // build and draw. They are let go when the screen is hidden. Without the fade (reduced
    // motion) all of it is there in the first frame.
    property bool complete: navigator.transitionMs <= 0
    onValuesChanged: { page.contentY = 0; measures.currentIndex = 0 }
    onVisibleChanged: if (!visible && navigator.transitionMs > 0) complete = false
    Connections {
        target: screen.complete ? null : screen.Window.window
        function onFrameSwapped() {
            if (screen.visible)
                screen.complete = true
        }
    }
    Timer {  // for a window that draws no frame
        running: !screen.complete && screen.visible
        interval: 250
        onTriggered: screen.complete = true
    }

    NavBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        unit: screen.unit
        navigator: screen.navigator
        title: "Project"
        actionText: "Start your own"
        onAction: screen.touch.openStart()
    }

    Flickable {
        id: page
        objectName: "projectPage"
        anchors { left: parent.left; top: bar.bottom; bottom: screen.portrait ? qrPanel.top : parent.bottom
                  right: screen.portrait ? parent.right : qrPanel.left }
        contentHeight: content.implicitHeight + 2 * Theme.touchMargin * screen.unit
        clip: true
        activeFocusOnTab: true
        boundsBehavior: Flickable.DragAndOvershootBounds
        flickDeceleration: 2500
        Accessible.role: Accessible.Pane
        Accessible.name: screen.values.title || "Project"
        function scrollBy(dy) {
            contentY = Math.max(0, Math.min(contentHeight - height, contentY + dy))
        }
        Keys.onDownPressed: scrollBy(10 * screen.unit)
        Keys.onUpPressed: scrollBy(-10 * screen.unit)
        Keys.onPressed: (event) => {
            if (event.key === Qt.Key_PageDown) { scrollBy(height * 0.8); event.accepted = true }
            else if (event.key === Qt.Key_PageUp) { scrollBy(-height * 0.8); event.accepted = true }
        }
        FocusRing { visible: page.activeFocus; anchors.margins: 0; unit: screen.unit / 2 }

        ColumnLayout {
            id: content
            x: Theme.touchMargin * screen.unit
            y: Theme.touchMargin * screen.unit
            width: page.width - 2 * Theme.touchMargin * screen.unit
            spacing: Theme.touchGap * screen.unit

            TouchText {
                Layout.fillWidth: true
                visible: text !== ""
                unit: screen.unit
                color: Theme.nhsBlue; font.weight: Font.Bold
                text: screen.values.place || ""
            }
            TouchText {
                objectName: "projectTitle"
                Layout.fillWidth: true
                unit: screen.unit; size: Theme.touchTitle
                maximumLineCount: 3
                lineHeight: 1.0
                font.weight: Font.Black
                text: screen.values.title || ""
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Flow {
                Layout.fillWidth: true
                spacing: screen.unit
                visible: !!screen.values.stageLabel || (screen.values.themes || []).length > 0
                Rectangle {
                    visible: !!screen.values.stageLabel
                    width: stageText.implicitWidth + 2.4 * screen.unit
                    height: stageText.implicitHeight + 0.8 * screen.unit
                    radius: height / 2
                    color: Theme.nhsDarkBlue
                    TouchText {
                        id: stageText
                        anchors.centerIn: parent
                        unit: screen.unit; color: Theme.white; font.weight: Font.Bold
                        text: screen.values.stageLabel
                              ? "Stage " + screen.values.stageIndex + " of " + screen.values.stageCount + ": " + screen.values.stageLabel
                              : ""
                    }
                }
                Repeater {
                    model: screen.values.themes || []
                    delegate: Rectangle {
                        id: themeChip
                        required property string modelData
                        width: Math.min(themeText.implicitWidth, content.width - 3 * screen.unit) + 2.4 * screen.unit
                        height: themeText.implicitHeight + 0.8 * screen.unit
                        radius: height / 2
                        color: Theme.nhsPaleGrey
                        TouchText {
                            id: themeText
                            anchors.centerIn: parent
                            width: Math.min(implicitWidth, content.width - 3 * screen.unit)
                            unit: screen.unit; color: Theme.nhsDarkBlue; font.weight: Font.Bold
                            text: themeChip.modelData
                        }
                    }
                }
            }
            Repeater {
                model: screen.values.awards || []
                delegate: RecognitionBadge {
                    required property string modelData
                    Layout.fillWidth: true
                    unit: screen.unit
                    size: Theme.touchText
                    text: modelData
                }
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(width * 0.5, 34 * screen.unit)
                visible: !!screen.values.image && picture.status !== Image.Error
                radius: Theme.radius * screen.unit
                clip: true
                color: Theme.nhsPaleGrey
                Image {
                    id: picture
                    anchors.fill: parent
                    source: screen.values.image || ""
                    sourceSize: Qt.size(Math.ceil(width), Math.ceil(height))
                    asynchronous: true
                    fillMode: Image.PreserveAspectCrop
                    Accessible.role: Accessible.Graphic
                    Accessible.name: screen.values.imageAlt || ""
                }
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: aimColumn.implicitHeight + 2.4 * screen.unit
                visible: !!screen.values.aim
                color: Theme.card
                radius: Theme.radius * screen.unit
                Rectangle {
                    anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
                    width: 0.8 * screen.unit; radius: width / 2
                    color: Theme.nhsYellow
                }
                Column {
                    id: aimColumn
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                              leftMargin: 2.4 * screen.unit; rightMargin: 1.6 * screen.unit }
                    spacing: 0.4 * screen.unit
                    TouchText {
                        width: parent.width
                        unit: screen.unit; color: Theme.muted; font.weight: Font.Bold
                        text: "Our aim"
                    }
                    TouchText {
                        objectName: "projectAim"
                        width: parent.width
                        unit: screen.unit; size: Theme.touchLead
                        maximumLineCount: 20
                        text: screen.values.aim || ""
                    }
                }
            }
            TouchText {
                Layout.fillWidth: true
                visible: text !== ""
                unit: screen.unit; size: Theme.touchLead
                maximumLineCount: 20
                color: Theme.muted
                text: screen.values.summary || ""
            }

            SectionHeading {
                unit: screen.unit; visible: !!screen.values.results; text: "Results so far" }
            TouchText {
                Layout.fillWidth: true
                visible: text !== ""
                unit: screen.unit; size: Theme.touchLead
                maximumLineCount: 12
                color: Theme.nhsBlue; font.weight: Font.Black
                text: screen.values.results || ""
            }

            // Measures: one chart at a time, swiped sideways (or with the arrow keys).
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.touchGap * screen.unit
                visible: screen.charts.length > 0
                spacing: Theme.touchGap * screen.unit
                TouchText {
                    Layout.fillWidth: true
                    unit: screen.unit; size: Theme.touchLead
                    color: Theme.nhsDarkBlue; font.weight: Font.Black
                    text: screen.charts.length > 1
                          ? "Measures (" + (measures.currentIndex + 1) + " of " + screen.charts.length + ")"
                          : "Measure"
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                TouchButton {
                    objectName: "previousChart"
                    visible: screen.charts.length > 1
                    unit: screen.unit
                    text: "‹"
                    accessibleName: "Previous measure"
                    onActivated: measures.decrementCurrentIndex()
                }
                TouchButton {
                    objectName: "nextChart"
                    visible: screen.charts.length > 1
                    unit: screen.unit
                    text: "›"
                    accessibleName: "Next measure"
                    onActivated: measures.incrementCurrentIndex()
                }
            }
            ListView {
                id: measures
                objectName: "measureCharts"
                Layout.fillWidth: true
                Layout.preferredHeight: 52 * screen.unit
                visible: screen.charts.length > 0
                orientation: ListView.Horizontal
                snapMode: ListView.SnapOneItem
                highlightRangeMode: ListView.StrictlyEnforceRange
                highlightMoveDuration: screen.navigator.transitionMs
                boundsBehavior: Flickable.StopAtBounds
                clip: true
                model: screen.complete ? screen.charts : []
                activeFocusOnTab: screen.charts.length > 1
                keyNavigationEnabled: true
                Accessible.role: Accessible.List
                Accessible.name: "Measures"
                delegate: Rectangle {
                    id: chartCard
                    required property var modelData
                    width: measures.width
                    height: measures.height
                    color: Theme.card
                    radius: Theme.radius * screen.unit
                    ColumnLayout {
                        anchors { fill: parent; margins: 1.6 * screen.unit }
                        spacing: 0.6 * screen.unit
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: 1.2 * screen.unit
                            Column {
                                Layout.fillWidth: true
                                spacing: 0.3 * screen.unit
                                TouchText {
                                    width: parent.width
                                    unit: screen.unit; font.weight: Font.Bold
                                    maximumLineCount: 2
                                    text: chartCard.modelData.chartName
                                          + (chartCard.modelData.chartUnit ? " (" + chartCard.modelData.chartUnit + ")" : "")
                                }
                                TouchText {
                                    width: parent.width
                                    unit: screen.unit; maximumLineCount: 3
                                    color: Theme.nhsBlue; font.weight: Font.Bold
                                    text: chartCard.modelData.reading || ""
                                }
                            }
                            // Charts and icons come from the "spc" image provider
                            // (kiosk/ui/spc_images.py): the page makes and drops them on every
                            // visit, and an Image leaves nothing behind when it goes.
                            Image {
                                objectName: "variationIcon"
                                Layout.preferredWidth: 7 * screen.unit
                                Layout.preferredHeight: 7 * screen.unit
                                visible: !!chartCard.modelData.variation
                                sourceSize: Qt.size(Math.round(width), Math.round(height))
                                source: visible && width > 0
                                        ? "image://spc/icon/variation/" + chartCard.modelData.variation : ""
                                Accessible.role: Accessible.Graphic
                                Accessible.name: chartCard.modelData.variationText || ""
                            }
                            Image {
                                objectName: "assuranceIcon"
                                Layout.preferredWidth: 7 * screen.unit
                                Layout.preferredHeight: 7 * screen.unit
                                visible: !!chartCard.modelData.assurance
                                sourceSize: Qt.size(Math.round(width), Math.round(height))
                                source: visible && width > 0
                                        ? "image://spc/icon/assurance/" + chartCard.modelData.assurance : ""
                                Accessible.role: Accessible.Graphic
                                Accessible.name: chartCard.modelData.assuranceText || ""
                            }
                        }
                        Image {
                            objectName: "spcChart"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            Layout.preferredWidth: 1  // its size is the card's, not the image's
                            Layout.preferredHeight: 1
                            cache: false
                            sourceSize: Qt.size(Math.round(width), Math.round(height))
                            source: chartCard.modelData.chartImage && width > 0 && height > 0
                                    ? "image://spc/chart/" + chartCard.modelData.chartImage
                                      + "?px=" + Math.round(Theme.touchMinText * screen.unit)
                                      + "&family=" + encodeURIComponent(Theme.fontFamily)
                                    : ""
                            Accessible.role: Accessible.Chart
                            Accessible.name: (chartCard.modelData.chartName || "") + ": " + (chartCard.modelData.reading || "")
                        }
                        TouchText {
                            Layout.fillWidth: true
                            unit: screen.unit; size: Theme.touchMinText
                            color: Theme.muted
                            text: chartCard.modelData.rulesLabel || ""
                        }
                    }
                }
                FocusRing { visible: measures.activeFocus; unit: screen.unit; cornerRadius: Theme.radius * screen.unit }
            }
            Row {
                Layout.alignment: Qt.AlignHCenter
                visible: screen.charts.length > 1
                spacing: 1.2 * screen.unit
                Repeater {
                    model: screen.charts.length
                    delegate: Rectangle {
                        required property int index
                        width: 1.4 * screen.unit; height: width; radius: width / 2
                        color: index === measures.currentIndex ? Theme.nhsBlue : Theme.border
                    }
                }
            }

            SectionHeading {
                unit: screen.unit; visible: screen.changes.length > 0; text: "Changes we made" }
            Repeater {
                model: screen.complete ? screen.changes : []
                delegate: TouchText {
                    required property string modelData
                    Layout.fillWidth: true
                    unit: screen.unit; maximumLineCount: 6
                    text: "•  " + modelData
                }
            }

            // PDSA cycles as a timeline: what was tried, what was learnt, what was decided.
            SectionHeading {
                unit: screen.unit; visible: screen.pdsa.length > 0; text: "What we tried: PDSA cycles" }
            Repeater {
                model: screen.complete ? screen.pdsa : []
                delegate: Item {
                    id: cycle
                    objectName: "pdsaCycle"
                    required property var modelData
                    required property int index
                    Layout.fillWidth: true
                    implicitHeight: cycleColumn.implicitHeight + Theme.touchGap * screen.unit
                    readonly property color tone: modelData.status === "adopt" ? Theme.nhsGreen
                                                : modelData.status === "abandon" ? Theme.warning
                                                : modelData.status === "adapt" ? Theme.nhsYellow
                                                : modelData.status === "running" ? Theme.nhsBlue : Theme.muted
                    Rectangle {
                        x: 1.1 * screen.unit
                        width: 0.4 * screen.unit
                        anchors { top: parent.top; bottom: parent.bottom; topMargin: cycle.index === 0 ? 1.6 * screen.unit : 0 }
                        visible: screen.pdsa.length > 1
                        height: cycle.index === screen.pdsa.length - 1 ? 1.6 * screen.unit : parent.height
                        color: Theme.border
                    }
                    Rectangle {
                        x: 0.3 * screen.unit; y: 0.6 * screen.unit
                        width: 2 * screen.unit; height: width; radius: width / 2
                        color: cycle.tone
                        border.color: Theme.white; border.width: 0.3 * screen.unit
                    }
                    Column {
                        id: cycleColumn
                        anchors { left: parent.left; right: parent.right; leftMargin: 4 * screen.unit }
                        spacing: 0.5 * screen.unit
                        Row {
                            width: parent.width
                            spacing: screen.unit
                            Rectangle {
                                width: statusText.implicitWidth + 2 * screen.unit
                                height: statusText.implicitHeight + 0.6 * screen.unit
                                radius: height / 2
                                color: cycle.tone
                                TouchText {
                                    id: statusText
                                    anchors.centerIn: parent
                                    unit: screen.unit; size: Theme.touchMinText; font.weight: Font.Bold
                                    color: cycle.modelData.status === "adapt" ? Theme.ink : Theme.white
                                    text: cycle.modelData.statusLabel
                                }
                            }
                            TouchText {
                                anchors.verticalCenter: parent.verticalCenter
                                unit: screen.unit; size: Theme.touchMinText
                                color: Theme.muted
                                text: cycle.modelData.date
                            }
                        }
                        TouchText {
                            width: parent.width
                            unit: screen.unit; maximumLineCount: 4
                            font.weight: Font.Bold
                            text: cycle.modelData.title
                        }
                        TouchText {
                            width: parent.width
                            visible: text !== ""
                            unit: screen.unit; maximumLineCount: 8
                            color: Theme.muted
                            text: cycle.modelData.learning ? "What we learnt: " + cycle.modelData.learning : ""
                        }
                    }
                }
            }

            SectionHeading {
                unit: screen.unit; visible: screen.team.length > 0; text: "Team" }
            Flow {
                Layout.fillWidth: true
                visible: screen.team.length > 0
                spacing: Theme.touchGap * screen.unit
                Repeater {
                    model: screen.complete ? screen.team : []
                    delegate: Column {
                        required property var modelData
                        width: screen.portrait ? content.width : (content.width - Theme.touchGap * screen.unit) / 2
                        TouchText {
                            width: parent.width
                            unit: screen.unit; font.weight: Font.Bold
                            text: parent.modelData.name
                        }
                        TouchText {
                            width: parent.width
                            visible: text !== ""
                            unit: screen.unit; size: Theme.touchMinText
                            color: Theme.muted
                            text: parent.modelData.role
                        }
                    }
                }
            }
            TouchText {
                Layout.fillWidth: true
                Layout.topMargin: Theme.touchGap * screen.unit
                visible: text !== ""
                unit: screen.unit; size: Theme.touchMinText
                color: Theme.muted
                text: [screen.values.started ? "Started " + screen.values.started : "",
                       screen.values.updated ? "Updated " + screen.values.updated : ""].filter(s => s !== "").join("  ·  ")
            }
        }
    }

    // The way to take the project away: always in view, beside the page or below it.
    Rectangle {
        id: qrPanel
        objectName: "projectQrPanel"
        visible: !!screen.values.qrUrl
        width: screen.portrait ? parent.width : (visible ? Math.min(parent.width * 0.36, Theme.touchQr * screen.unit + 8 * screen.unit) : 0)
        height: screen.portrait ? (visible ? Theme.touchQr * 0.62 * screen.unit + 4 * screen.unit : 0) : parent.height - bar.height
        anchors { right: parent.right; bottom: parent.bottom }
        color: Theme.card
        Rectangle {
            anchors { left: parent.left; top: parent.top }
            width: screen.portrait ? parent.width : 1
            height: screen.portrait ? 1 : parent.height
            color: Theme.border
        }
        GridLayout {
            anchors { fill: parent; margins: 2 * screen.unit }
            columns: screen.portrait ? 2 : 1
            columnSpacing: 2.4 * screen.unit
            rowSpacing: 1.6 * screen.unit
            TouchText {
                Layout.fillWidth: true
                Layout.row: 0; Layout.column: screen.portrait ? 1 : 0
                Layout.alignment: screen.portrait ? Qt.AlignBottom : Qt.AlignTop
                horizontalAlignment: screen.portrait ? Text.AlignLeft : Text.AlignHCenter
                unit: screen.unit; size: Theme.touchHeading
                maximumLineCount: 3
                font.weight: Font.Black
                text: "Open this project on your phone"
            }
            QrCode {
                objectName: "qrCode"
                Layout.row: screen.portrait ? 0 : 1; Layout.column: 0
                Layout.rowSpan: screen.portrait ? 2 : 1
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: (screen.portrait ? Theme.touchQr * 0.62 : Theme.touchQr) * screen.unit
                Layout.preferredHeight: Layout.preferredWidth
                url: screen.complete ? screen.values.qrUrl || "" : ""
                Accessible.role: Accessible.Graphic
                Accessible.name: "QR code to open this project on your phone"
            }
            TouchText {
                Layout.fillWidth: true
                Layout.row: screen.portrait ? 1 : 2; Layout.column: 0 + (screen.portrait ? 1 : 0)
                Layout.alignment: Qt.AlignTop
                horizontalAlignment: screen.portrait ? Text.AlignLeft : Text.AlignHCenter
                unit: screen.unit; size: Theme.touchMinText
                maximumLineCount: 3
                color: Theme.muted
                text: "Point your phone's camera at the code"
            }
            Item { Layout.fillHeight: true; visible: !screen.portrait }
        }
    }
}
