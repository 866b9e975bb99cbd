import QtQuick
import KioskUi

// Attract: the poster rotation with a pulsing call to action. The first touch only wakes the
// screen: it is taken here and never reaches what was under the finger.
FocusScope {
    id: screen
    objectName: "attractScreen"
    required property Rotation carousel
    required property KioskState kiosk
    required property Navigator navigator
    property real unit: height / 100
    property bool motion: true
    // Recognised teams to celebrate: a second button wakes the screen straight into them.
    property bool celebrate: false

    Accessible.role: Accessible.Button
    Accessible.name: "Touch to explore projects"
    Accessible.onPressAction: screen.navigator.wake()
    Keys.onPressed: (event) => { event.accepted = true; screen.navigator.wake() }

    PosterView {
        anchors.fill: parent
        carousel: screen.carousel
        hubName: screen.kiosk.hubName
        // The celebration button takes the header's right end, where the organisation is named.
        organisation: screen.celebrate && screen.width >= screen.height && !celebrateButton.underHeader
                      ? "" : screen.kiosk.organisation
        stale: screen.kiosk.stale
        shift: Qt.point(screen.kiosk.shiftX, screen.kiosk.shiftY)
    }

    Rectangle {
        id: cta
        objectName: "attractCallToAction"
        // In the poster's header band, clear of its chart and QR code (landscape); at the foot of
        // an upright screen, where the header is too narrow.
        readonly property bool upright: screen.width < screen.height
        anchors.horizontalCenter: parent.horizontalCenter
        y: upright ? parent.height - height - 7 * screen.unit
                   : (Theme.headerHeight * screen.unit - height) / 2
        width: ctaText.implicitWidth + (upright ? 8 : 5) * screen.unit
        height: (upright ? 10 : 7.4) * screen.unit
        radius: height / 2
        color: Theme.nhsYellow
        border.color: Theme.ink
        border.width: Math.max(2, 0.3 * screen.unit)
        // An upright screen is narrow for the words at their full size: they shrink so that the
        // button, at the top of its pulse, stays clear of the screen's edges.
        readonly property real fitSize: (screen.width * 0.9 / 1.06 - 8 * screen.unit)
                                        / Math.max(1, ctaMetrics.advanceWidth / 100) / screen.unit
        TextMetrics {
            id: ctaMetrics
            font.family: ctaText.font.family
            font.weight: Font.Black
            font.pixelSize: 100
            text: ctaText.text
        }
        TouchText {
            id: ctaText
            anchors.centerIn: parent
            unit: screen.unit; size: cta.upright ? Math.min(4.2, cta.fitSize) : 3.6
            font.weight: Font.Black
            text: "Touch to explore projects"
        }
        SequentialAnimation on scale {
            running: screen.visible && screen.motion
            loops: Animation.Infinite
            NumberAnimation { from: 1.0; to: 1.06; duration: 900; easing.type: Easing.InOutSine }
            NumberAnimation { from: 1.06; to: 1.0; duration: 900; easing.type: Easing.InOutSine }
        }
    }

    // Above everything: every press lands here.
    MouseArea {
        anchors.fill: parent
        onPressed: screen.navigator.wake()
    }

    // Above the wake-up area: a press here is a choice, not only a wake-up.
    Rectangle {
        id: celebrateButton
        objectName: "celebrateButton"
        visible: screen.celebrate
        readonly property bool upright: cta.upright
        readonly property real rightMargin: Theme.margin * screen.unit * 0.6
        // Too narrow a screen (4:3, 5:4) for both in the header: this one goes just under it.
        readonly property bool underHeader: !upright
            && screen.width - width - rightMargin < cta.x + cta.width + 2 * screen.unit
        // In the header band's right end (landscape), over the organisation's name; above the
        // main call to action on an upright screen.
        anchors.right: upright ? undefined : parent.right
        anchors.rightMargin: upright ? 0 : rightMargin
        anchors.horizontalCenter: upright ? parent.horizontalCenter : undefined
        y: upright ? cta.y - height - 2.4 * screen.unit
                   : underHeader ? (Theme.headerHeight + 1) * screen.unit
                                 : (Theme.headerHeight * screen.unit - height) / 2
        width: celebrateRow.implicitWidth + 4 * screen.unit
        height: (upright ? 7.4 : Theme.touchTarget) * screen.unit
        radius: height / 2
        color: Theme.white
        border.color: Theme.nhsDarkBlue
        border.width: Math.max(2, 0.25 * screen.unit)
        scale: celebrateTap.pressed ? 0.96 : 1
        Accessible.role: Accessible.Button
        Accessible.name: "Celebrating our improvers"
        Accessible.onPressAction: screen.navigator.wakeTo("celebrate")
        Row {
            id: celebrateRow
            anchors.centerIn: parent
            spacing: 1.2 * screen.unit
            Rectangle {
                anchors.verticalCenter: parent.verticalCenter
                width: 2.6 * screen.unit
                height: width
                radius: width / 2
                color: Theme.nhsYellow
                border.color: Theme.nhsDarkBlue
                border.width: Math.max(2, 0.35 * screen.unit)
            }
            TouchText {
                anchors.verticalCenter: parent.verticalCenter
                wrapMode: Text.NoWrap
                unit: screen.unit; size: celebrateButton.upright ? 3.0 : 2.6
                color: Theme.nhsDarkBlue
                font.weight: Font.Bold
                text: "Celebrating our improvers"
            }
        }
        MouseArea {
            id: celebrateTap
            anchors.fill: parent
            onClicked: screen.navigator.wakeTo("celebrate")
        }
    }
}
