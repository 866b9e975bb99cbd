import QtQuick

// Plain text on a poster: never interpreted as markup, wrapped and elided, never overflowing.
Text {
    property real size: Theme.bodyText
    property real unit: 10
    textFormat: Text.PlainText
    font.family: Theme.fontFamily
    font.pixelSize: Math.max(1, Math.round(size * unit))
    color: Theme.ink
    wrapMode: Text.Wrap
    elide: Text.ElideRight
    maximumLineCount: 1
    lineHeight: 1.05
}
