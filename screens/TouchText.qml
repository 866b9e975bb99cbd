import QtQuick

// Plain text on a touch screen: never markup, wrapped and elided, sized in % of the screen height.
Text {
    property real size: Theme.touchText
    property real unit: 10
    textFormat: Text.PlainText
    font.family: Theme.fontFamily
    font.pixelSize: Math.max(1, Math.round(Math.max(size, Theme.touchMinText) * unit))
    color: Theme.ink
    wrapMode: Text.Wrap
    elide: Text.ElideRight
    maximumLineCount: 1
    lineHeight: 1.05
}
