pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// One QI project as a 16:9 poster, laid out in proportion to the screen height.
// Every optional part of the project that is missing is simply left out of the layout.
Rectangle {
    id: poster
    objectName: "poster"

    required property var values
    property string hubName: ""
    property string organisation: ""
    property bool stale: false
    // Burn-in orbit: the header, footer and body move by a few pixels, slowly (see kiosk.burn_in).
    property point shift: Qt.point(0, 0)
    readonly property real shiftScale: Math.max(1, height / 1080)
    readonly property real sx: Math.round(shift.x * shiftScale)
    readonly property real sy: Math.round(shift.y * shiftScale)
    readonly property Translate orbit: Translate { x: poster.sx; y: poster.sy }
    readonly property string projectId: values.projectId || ""
    // An upright screen (a tablet on a wall) stacks the two columns; its type is a little
    // smaller than on a TV, still at least 2% of the screen height.
    readonly property bool upright: width < height
    readonly property real u: upright ? height / 125 : height / 100
    readonly property bool hasChart: !!values.chart
    readonly property real qrSide: (sparse ? 28 : upright ? 15 : Theme.qrSize) * u
    readonly property bool hasImage: !!values.image && image.status !== Image.Error
    readonly property bool showsImage: hasImage && !upright
    // Only a title and a link (a feed kept in a spreadsheet): a bold, centred layout.
    readonly property bool sparse: !hasChart && !values.aim && !values.summary && !values.results
    // Ready to be shown: the image is decoded (or there is none) and the chart is laid out.
    // A picture whose box has just changed size is about to be decoded again: not ready yet.
    readonly property bool ready: (!showsImage || (image.status === Image.Ready && !image.settling))
                                  && (!chart.visible || chart.prepared)

    color: Theme.paper

    Rectangle {
        id: header
        objectName: "posterHeader"
        // Taller than it shows, above the screen's top edge, so that it can move down with the
        // orbit: its lower edge and its texts move; the top of the screen stays covered.
        readonly property real overhang: (2 * 4 + 1) * poster.shiftScale
        anchors { left: parent.left; right: parent.right; top: parent.top; topMargin: -overhang }
        height: Theme.headerHeight * poster.u + overhang
        transform: Translate { y: poster.sy }
        color: Theme.nhsBlue

        PosterText {
            id: hubTitle
            objectName: "posterHubName"
            unit: poster.u
            size: Theme.headerText
            anchors { left: parent.left; leftMargin: Theme.margin * poster.u + poster.sx; verticalCenter: parent.verticalCenter; verticalCenterOffset: header.overhang / 2 }
            width: parent.width * (poster.upright ? 0.9 : 0.45)
            color: Theme.white
            font.weight: Font.Black
            text: poster.hubName
        }
        PosterText {
            unit: poster.u
            size: Theme.smallText
            anchors { right: parent.right; rightMargin: Theme.margin * poster.u - poster.sx; verticalCenter: parent.verticalCenter; verticalCenterOffset: header.overhang / 2 }
            width: parent.width * 0.45
            visible: !poster.upright
            horizontalAlignment: Text.AlignRight
            color: Theme.white
            text: poster.organisation
        }
    }

    GridLayout {
        id: body
        transform: poster.orbit
        columns: poster.upright ? 1 : 2
        columnSpacing: 3.2 * poster.u
        rowSpacing: 2.4 * poster.u
        anchors {
            left: parent.left; right: parent.right; top: parent.top; bottom: footer.top
            leftMargin: Theme.margin * poster.u; rightMargin: Theme.margin * poster.u
            topMargin: (Theme.headerHeight + 2.6) * poster.u; bottomMargin: 1.2 * poster.u
        }

        ColumnLayout {
            id: leftColumn
            Layout.preferredWidth: poster.upright ? body.width : body.width * 0.6
            Layout.maximumWidth: poster.upright ? body.width : body.width * 0.6
            Layout.fillHeight: true
            spacing: Theme.gap * poster.u

            PosterText {
                unit: poster.u
                size: Theme.bodyText
                Layout.fillWidth: true
                visible: text !== ""
                color: Theme.nhsBlue
                font.weight: Font.Bold
                text: poster.values.place || ""
            }
            Item { Layout.fillHeight: true; visible: poster.sparse }
            PosterText {
                objectName: "posterTitle"
                unit: poster.u
                size: poster.sparse ? 8 : (poster.values.titleSize || 6) * (poster.upright ? 0.85 : 1)
                Layout.fillWidth: true
                maximumLineCount: poster.hasChart || poster.values.aim ? (size < 5 ? 3 : 2) : 4
                font.weight: Font.Black
                lineHeight: 1.0
                text: poster.values.title || ""
            }
            Flow {
                Layout.fillWidth: true
                visible: (poster.values.themes || []).length > 0 || !!poster.values.isNew
                spacing: 1 * poster.u
                Rectangle {
                    objectName: "newMark"
                    visible: !!poster.values.isNew
                    width: newText.implicitWidth + 2.4 * poster.u
                    height: newText.implicitHeight + 0.8 * poster.u
                    radius: height / 2
                    color: Theme.nhsGreen
                    Accessible.role: Accessible.StaticText
                    Accessible.name: "New project or new results"
                    PosterText {
                        id: newText
                        unit: poster.u
                        size: Theme.minText
                        anchors.centerIn: parent
                        wrapMode: Text.NoWrap
                        color: Theme.white
                        font.weight: Font.Black
                        text: "New"
                    }
                }
                Repeater {
                    model: (poster.values.themes || []).slice(0, 3)
                    delegate: Rectangle {
                        id: chip
                        required property string modelData
                        width: Math.min(chipMetrics.advanceWidth, leftColumn.width * 0.6) + 2.4 * poster.u
                        height: chipText.implicitHeight + 0.8 * poster.u
                        radius: height / 2
                        color: Theme.nhsDarkBlue
                        TextMetrics { id: chipMetrics; font: chipText.font; text: chip.modelData }
                        PosterText {
                            id: chipText
                            unit: poster.u
                            size: Theme.minText
                            anchors.centerIn: parent
                            width: parent.width - 2.4 * poster.u
                            wrapMode: Text.NoWrap
                            horizontalAlignment: Text.AlignHCenter
                            color: Theme.white
                            font.weight: Font.Bold
                            text: chip.modelData
                        }
                    }
                }
            }
            Rectangle {
                id: aimBox
                Layout.fillWidth: true
                Layout.preferredHeight: aimColumn.implicitHeight + 2.4 * poster.u
                visible: !!poster.values.aim
                color: Theme.card
                radius: Theme.radius * poster.u
                Rectangle {
                    anchors { left: parent.left; top: parent.top; bottom: parent.bottom }
                    width: 0.9 * poster.u
                    radius: width / 2
                    color: Theme.nhsYellow
                }
                Column {
                    id: aimColumn
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                              leftMargin: 2.4 * poster.u; rightMargin: 1.6 * poster.u }
                    spacing: 0.4 * poster.u
                    PosterText {
                        unit: poster.u
                        size: Theme.smallText
                        width: parent.width
                        color: Theme.muted
                        font.weight: Font.Bold
                        text: "Our aim"
                    }
                    PosterText {
                        objectName: "posterAim"
                        unit: poster.u
                        size: Theme.bodyText
                        width: parent.width
                        maximumLineCount: poster.hasChart ? 3 : 5
                        text: poster.values.aim || ""
                    }
                }
            }
            PosterText {
                unit: poster.u
                size: Theme.leadText
                Layout.fillWidth: true
                visible: !poster.hasChart && text !== ""
                maximumLineCount: 4
                color: Theme.muted
                text: poster.values.summary || ""
            }
            Rectangle {
                id: chartCard
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: poster.hasChart
                color: Theme.card
                radius: Theme.radius * poster.u

                ColumnLayout {
                    anchors { fill: parent; margins: 1.6 * poster.u }
                    spacing: 0.6 * poster.u
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 1.2 * poster.u
                        Column {
                            Layout.fillWidth: true
                            spacing: 0.3 * poster.u
                            PosterText {
                                unit: poster.u
                                size: Theme.smallText
                                width: parent.width
                                font.weight: Font.Bold
                                text: poster.values.chartName + (poster.values.chartUnit ? " (" + poster.values.chartUnit + ")" : "")
                            }
                            PosterText {
                                objectName: "chartReading"
                                unit: poster.u
                                size: Theme.smallText
                                width: parent.width
                                maximumLineCount: 2
                                color: Theme.nhsBlue
                                font.weight: Font.Bold
                                text: poster.values.reading || ""
                            }
                        }
                        SpcIcon {
                            Layout.preferredWidth: 7.5 * poster.u
                            Layout.preferredHeight: 7.5 * poster.u
                            visible: !!poster.values.variation
                            kind: "variation"
                            value: poster.values.variation || ""
                            Accessible.role: Accessible.Graphic
                            Accessible.name: poster.values.variationText || ""
                        }
                        SpcIcon {
                            Layout.preferredWidth: 7.5 * poster.u
                            Layout.preferredHeight: 7.5 * poster.u
                            visible: !!poster.values.assurance
                            kind: "assurance"
                            value: poster.values.assurance || ""
                            Accessible.role: Accessible.Graphic
                            Accessible.name: poster.values.assuranceText || ""
                        }
                    }
                    SpcChart {
                        id: chart
                        objectName: "spcChart"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        visible: poster.hasChart
                        chart: poster.values.chart || null
                        labelPixelSize: Math.round(Theme.minText * poster.u)
                        fontFamily: Theme.fontFamily
                        Accessible.role: Accessible.Chart
                        Accessible.name: (poster.values.chartName || "") + ": " + (poster.values.reading || "")
                    }
                }
            }
            PosterText {
                unit: poster.u
                size: Theme.leadText
                Layout.fillWidth: true
                visible: poster.sparse
                maximumLineCount: 2
                color: Theme.muted
                text: "A quality improvement project" + (poster.organisation ? " at " + poster.organisation : "")
                       + (poster.values.stageLabel ? ". Stage: " + poster.values.stageLabel : "")
            }
            Item { Layout.fillHeight: true; visible: !poster.hasChart }
        }

        ColumnLayout {
            id: rightColumn
            Layout.fillWidth: true
            Layout.fillHeight: !poster.upright
            spacing: Theme.gap * poster.u

            RecognitionBadge {
                Layout.fillWidth: true
                unit: poster.u
                size: Theme.smallText
                text: poster.values.recognition || ""
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 12 * poster.u
                Layout.maximumHeight: 32 * poster.u
                visible: poster.showsImage
                radius: Theme.radius * poster.u
                clip: true
                color: Theme.nhsPaleGrey
                Image {
                    id: image
                    // Decoded once, at the box's size when the layout has settled: while the
                    // columns find their heights the box changes size several times, and each
                    // new sourceSize would start decoding the picture again. The size is taken
                    // as soon as the frame's layout is done (afterAnimating comes between the
                    // layout and drawing), so the picture decodes while that frame is drawn.
                    property size settledSize: Qt.size(0, 0)
                    property bool settled: false
                    property bool settling: false
                    anchors.fill: parent
                    source: settled ? (poster.values.image || "") : ""
                    sourceSize: settledSize
                    onWidthChanged: image.resized()
                    onHeightChanged: image.resized()
                    asynchronous: true
                    cache: false
                    fillMode: Image.PreserveAspectCrop
                    Accessible.role: Accessible.Graphic
                    Accessible.name: poster.values.imageAlt || ""

                    function resized() {
                        settling = true
                        settle.restart()  // for a window that draws no frame
                    }
                    function takeSize() {
                        settle.stop()
                        settling = false
                        // The size first, then the source: one decoding, at this size.
                        settledSize = Qt.size(Math.ceil(width), Math.ceil(height))
                        settled = width > 0 && height > 0
                    }

                    Connections {
                        target: image.settling ? image.Window.window : null
                        function onAfterAnimating() { image.takeSize() }
                    }
                    Timer {
                        id: settle
                        interval: 0
                        onTriggered: image.takeSize()
                    }
                }
            }
            Column {
                Layout.fillWidth: true
                visible: !!poster.values.results
                spacing: 0.4 * poster.u
                PosterText {
                    unit: poster.u; size: Theme.smallText; width: parent.width
                    color: Theme.muted; font.weight: Font.Bold
                    text: "Results so far"
                }
                PosterText {
                    objectName: "posterResults"
                    unit: poster.u; size: Theme.leadText; width: parent.width
                    maximumLineCount: 3
                    color: Theme.nhsBlue; font.weight: Font.Black
                    text: poster.values.results || ""
                }
            }
            Column {
                Layout.fillWidth: true
                visible: (poster.values.stageIndex || 0) > 0 && !poster.sparse
                spacing: 0.7 * poster.u
                PosterText {
                    unit: poster.u; size: Theme.smallText; width: parent.width
                    color: Theme.muted; font.weight: Font.Bold
                    text: "Stage " + poster.values.stageIndex + " of " + poster.values.stageCount
                }
                Row {
                    width: parent.width
                    visible: !poster.upright
                    spacing: 0.6 * poster.u
                    Repeater {
                        model: poster.values.stageCount || 0
                        delegate: Rectangle {
                            required property int index
                            width: (parent.width - 4 * 0.6 * poster.u) / 5
                            height: 1.1 * poster.u
                            radius: height / 2
                            color: index < poster.values.stageIndex ? Theme.nhsBlue : Theme.border
                        }
                    }
                }
                PosterText {
                    unit: poster.u; size: Theme.bodyText; width: parent.width
                    font.weight: Font.Bold
                    text: poster.values.stageLabel || ""
                }
            }
            Column {
                Layout.fillWidth: true
                visible: ((poster.values.team || []).length > 0 || (poster.values.pdsaCount || 0) > 0)
                         && !poster.upright
                spacing: 0.3 * poster.u
                PosterText {
                    unit: poster.u; size: Theme.smallText; width: parent.width
                    color: Theme.muted; font.weight: Font.Bold
                    text: {
                        const n = poster.values.pdsaCount || 0
                        const cycles = n === 0 ? "" : n + (n === 1 ? " PDSA cycle" : " PDSA cycles")
                        const team = (poster.values.team || []).length > 0 ? "Team" : ""
                        return [team, cycles].filter(s => s !== "").join("  ·  ")
                    }
                }
                Repeater {
                    model: (poster.values.team || []).slice(0, 3)
                    delegate: PosterText {
                        required property var modelData
                        unit: poster.u; size: Theme.smallText; width: parent.width
                        text: modelData.name + (modelData.role ? ", " + modelData.role : "")
                    }
                }
                PosterText {
                    unit: poster.u; size: Theme.minText; width: parent.width
                    visible: (poster.values.team || []).length > 3 || (poster.values.teamMore || 0) > 0
                    color: Theme.muted
                    text: "and " + ((poster.values.team || []).length - 3 + (poster.values.teamMore || 0)) + " more"
                }
            }
            Item { Layout.fillHeight: true; Layout.preferredHeight: poster.sparse ? 1 : 0; visible: !poster.hasImage || poster.sparse }
            RowLayout {
                Layout.fillWidth: true
                visible: !!poster.values.qrUrl
                spacing: 1.8 * poster.u
                Rectangle {
                    Layout.preferredWidth: poster.qrSide
                    Layout.preferredHeight: poster.qrSide
                    color: Theme.white
                    radius: Theme.radius * poster.u
                    QrCode {
                        objectName: "qrCode"
                        anchors.fill: parent
                        url: poster.values.qrUrl || ""
                        Accessible.role: Accessible.Graphic
                        Accessible.name: "QR code: " + url
                    }
                }
                Column {
                    Layout.fillWidth: true
                    spacing: 0.6 * poster.u
                    PosterText {
                        unit: poster.u; size: Theme.bodyText; width: parent.width
                        maximumLineCount: 2
                        font.weight: Font.Black
                        text: "Scan to find out more"
                    }
                    PosterText {
                        unit: poster.u; size: Theme.minText; width: parent.width
                        maximumLineCount: 3
                        color: Theme.muted
                        text: "Point your phone's camera at the code"
                    }
                }
            }
            Item { Layout.fillHeight: true; visible: poster.sparse }
        }
    }

    Item {
        id: footer
        objectName: "posterFooter"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: Theme.footerHeight * poster.u
        transform: poster.orbit
        Rectangle {
            anchors { left: parent.left; right: parent.right; top: parent.top; leftMargin: -8 * poster.shiftScale; rightMargin: -8 * poster.shiftScale }
            height: 1
            color: Theme.border
        }
        PosterText {
            unit: poster.u; size: Theme.minText
            anchors { left: parent.left; leftMargin: Theme.margin * poster.u; verticalCenter: parent.verticalCenter }
            width: parent.width * 0.5
            color: Theme.muted
            text: poster.values.rulesLabel || ""
        }
        Row {
            anchors { right: parent.right; rightMargin: Theme.margin * poster.u; verticalCenter: parent.verticalCenter }
            spacing: 1.2 * poster.u
            Rectangle {
                objectName: "staleIndicator"
                visible: poster.stale
                anchors.verticalCenter: parent.verticalCenter
                width: 1.2 * poster.u; height: width; radius: width / 2
                color: Theme.warning
                Accessible.name: "Content not updated recently"
            }
            PosterText {
                unit: poster.u; size: Theme.minText
                color: Theme.muted
                text: poster.values.updated ? "Updated " + poster.values.updated : ""
            }
        }
    }
}
