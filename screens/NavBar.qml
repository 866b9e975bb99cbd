import QtQuick
import KioskUi
import QtQuick.Layouts

// The bar at the top of every touch screen but Attract: Back, Home, the screen's title and
// an optional action on the right.
Rectangle {
    id: bar
    property real unit: 10
    property string title: ""
    property string actionText: ""
    required property Navigator navigator
    signal action()

    implicitHeight: Theme.touchBar * unit
    color: Theme.nhsBlue

    RowLayout {
        anchors { fill: parent; leftMargin: Theme.touchMargin * bar.unit; rightMargin: Theme.touchMargin * bar.unit }
        spacing: Theme.touchGap * bar.unit
        TouchButton {
            objectName: "backButton"
            unit: bar.unit; onDark: true
            text: "‹  Back"
            accessibleName: "Back"
            onActivated: bar.navigator.back()
        }
        TouchButton {
            objectName: "homeButton"
            unit: bar.unit; onDark: true
            text: "Home"
            accessibleName: "Home: all projects"
            onActivated: bar.navigator.home()
        }
        // On a narrow (portrait) screen the buttons need the room; each screen's own heading
        // says where you are.
        TouchText {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.touchGap * bar.unit
            visible: bar.width > 7.5 * bar.height
            wrapMode: Text.NoWrap
            unit: bar.unit; size: Theme.touchHeading
            color: Theme.white; font.weight: Font.Black
            text: bar.title
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Item { Layout.fillWidth: true; visible: bar.width <= 7.5 * bar.height }
        TouchButton {
            objectName: "startButton"
            visible: bar.actionText !== ""
            unit: bar.unit; onDark: true; primary: true
            text: bar.actionText
            onActivated: bar.action()
        }
    }
}
