import QtQuick
import QtQuick.Layouts

// A section heading on a touch screen page.
TouchText {
    Layout.fillWidth: true
    Layout.topMargin: Theme.touchGap * unit
    size: Theme.touchLead
    color: Theme.nhsDarkBlue
    font.weight: Font.Black
    Accessible.role: Accessible.Heading
    Accessible.name: text
}
