pragma Singleton
import QtQuick

// Colours, type and sizes of every screen. Sizes are in % of the screen height, so a poster is
// laid out in proportion at 720p, 1080p and 4K. Nothing here changes at run time.
QtObject {
    readonly property string fontFamily: "Lato"

    // NHS identity colours.
    readonly property color nhsBlue: "#005EB8"
    readonly property color nhsDarkBlue: "#003087"
    readonly property color nhsYellow: "#FFB81C"
    readonly property color nhsPaleGrey: "#E8EDEE"
    readonly property color white: "#FFFFFF"
    readonly property color ink: "#212B32"
    readonly property color muted: "#425563"
    readonly property color paper: "#F0F4F5"
    readonly property color card: "#FFFFFF"
    readonly property color border: "#D8DDE0"
    readonly property color warning: "#8A1538"

    // Every pair of text colour and the background it is drawn on, for the contrast check.
    readonly property var textPairs: [
        ["ink", "paper"], ["ink", "card"], ["ink", "nhsPaleGrey"],
        ["muted", "paper"], ["muted", "card"], ["muted", "nhsPaleGrey"],
        ["nhsBlue", "paper"], ["nhsBlue", "card"], ["nhsBlue", "nhsPaleGrey"],
        ["white", "nhsBlue"], ["white", "nhsDarkBlue"], ["white", "warning"],
        ["nhsDarkBlue", "card"], ["nhsDarkBlue", "paper"]
    ]

    // Type scale (% of screen height). Nothing on a poster is smaller than minText.
    readonly property real minText: 2.5
    readonly property real smallText: 2.6
    readonly property real bodyText: 3.0
    readonly property real leadText: 3.4
    readonly property real headerText: 3.4

    readonly property real margin: 3.4
    readonly property real gap: 1.8
    readonly property real radius: 1.0
    readonly property real headerHeight: 9.0
    readonly property real footerHeight: 5.0
    readonly property real qrSize: 21.0

    // Touch mode. Sizes in % of the screen height: a touch target of 6 is 65 px at 1080p (at
    // least 48 px is needed); no touch-mode text is below 2.
    readonly property real touchTarget: 6.0
    readonly property real touchMinText: 2.1
    readonly property real touchText: 2.4
    readonly property real touchLead: 2.8
    readonly property real touchHeading: 3.4
    readonly property real touchTitle: 4.6
    readonly property real touchBar: 9.0
    readonly property real touchMargin: 2.4
    readonly property real touchGap: 1.6
    readonly property real touchQr: 34.0
    readonly property int touchTransitionMs: 200
    readonly property color nhsGreen: "#007F3B"
    readonly property color focusRing: "#FFEB3B"
    // More pairs of text colour and background, used only by the touch screens.
    readonly property var touchTextPairs: [
        ["white", "nhsGreen"], ["ink", "nhsYellow"], ["ink", "focusRing"], ["white", "ink"],
        ["nhsDarkBlue", "nhsPaleGrey"]
    ]
}
