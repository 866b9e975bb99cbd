pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// The "About the QI hub" poster: shown when there is no project to show, so a screen is never blank.
Rectangle {
    id: poster
    objectName: "poster"

    required property var values
    property string hubName: ""
    property string organisation: ""
    property bool stale: false
    // Burn-in orbit (see Poster.qml): the whole content moves on the plain blue background.
    property point shift: Qt.point(0, 0)
    readonly property real shiftScale: Math.max(1, height / 1080)
    readonly property Translate orbit: Translate {
        x: Math.round(poster.shift.x * poster.shiftScale)
        y: Math.round(poster.shift.y * poster.shiftScale)
    }
    readonly property string projectId: ""
    readonly property real u: height / 100
    readonly property bool ready: true

    color: Theme.nhsBlue

    RowLayout {
        anchors { fill: parent; margins: 6 * poster.u }
        transform: poster.orbit
        spacing: 5 * poster.u

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 2.4 * poster.u
            PosterText {
                unit: poster.u; size: Theme.bodyText; Layout.fillWidth: true
                color: Theme.white; font.weight: Font.Bold
                text: poster.values.organisation || poster.organisation
                visible: text !== ""
            }
            PosterText {
                objectName: "posterTitle"
                unit: poster.u; size: 7; Layout.fillWidth: true
                maximumLineCount: 2
                color: Theme.white; font.weight: Font.Black
                text: poster.values.title || ""
            }
            PosterText {
                unit: poster.u; size: Theme.leadText; Layout.fillWidth: true
                maximumLineCount: 4
                color: Theme.white
                text: poster.values.summary || ""
            }
            PosterText {
                unit: poster.u; size: Theme.bodyText; Layout.fillWidth: true
                Layout.topMargin: 2 * poster.u
                color: Theme.white; font.weight: Font.Black
                text: "Start your own project"
            }
            Repeater {
                model: (poster.values.steps || []).slice(0, 6)
                delegate: PosterText {
                    required property string modelData
                    required property int index
                    unit: poster.u; size: Theme.bodyText; Layout.fillWidth: true
                    maximumLineCount: 2
                    color: Theme.white
                    text: (index + 1) + ".  " + modelData
                }
            }
            Item { Layout.fillHeight: true }
        }
        Column {
            Layout.alignment: Qt.AlignBottom
            visible: !!poster.values.qrUrl
            spacing: 1.5 * poster.u
            Rectangle {
                width: 26 * poster.u; height: width
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
            PosterText {
                unit: poster.u; size: Theme.bodyText; width: 26 * poster.u
                horizontalAlignment: Text.AlignHCenter
                color: Theme.white; font.weight: Font.Bold
                text: "Scan to find out more"
            }
        }
    }
}
