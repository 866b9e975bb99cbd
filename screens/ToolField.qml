import QtQuick
import QtQuick.Layouts

// A labelled text box for the QI tools. A finger or a real keyboard types into it; the
// on-screen keyboard types through insert() and erase(). It keeps what is typed (the tool gets
// a tidied copy through edited()), and a friendly hint shows under it when there is one.
ColumnLayout {
    id: field
    property real unit: 10
    property string label: ""
    property string placeholder: ""
    property string hint: ""
    property int maximumLength: 240
    property bool multiline: false
    property bool numeric: false
    property bool startsFocused: false
    property alias text: input.text
    readonly property bool editing: input.activeFocus
    signal edited(string text)
    signal started()
    spacing: 0.6 * unit

    function insert(text: string) {
        input.insert(input.cursorPosition, text)
    }
    function erase() {
        if (input.cursorPosition > 0)
            input.remove(input.cursorPosition - 1, input.cursorPosition)
    }
    function clear() {
        input.clear()
    }
    function edit() {
        input.forceActiveFocus()
        input.cursorPosition = input.length
    }

    TouchText {
        Layout.fillWidth: true
        unit: field.unit; size: Theme.touchText
        maximumLineCount: 2  // a long question wraps on an upright screen
        font.weight: Font.Bold
        color: Theme.nhsDarkBlue
        text: field.label
        visible: text !== ""
    }
    Rectangle {
        Layout.fillWidth: true
        Layout.preferredHeight: Math.max(Theme.touchTarget * field.unit,
                                         input.contentHeight + 2.4 * field.unit)
        radius: 0.8 * field.unit
        color: Theme.white
        border.color: input.activeFocus ? Theme.nhsBlue : Theme.border
        border.width: input.activeFocus ? Math.max(3, 0.35 * field.unit) : Math.max(2, 0.2 * field.unit)
        TextEdit {
            id: input
            objectName: field.objectName + "Input"
            anchors { fill: parent; leftMargin: 1.6 * field.unit; rightMargin: 1.6 * field.unit
                      topMargin: 1.2 * field.unit; bottomMargin: 1.2 * field.unit }
            verticalAlignment: TextEdit.AlignVCenter
            textFormat: TextEdit.PlainText
            wrapMode: TextEdit.Wrap
            font.family: Theme.fontFamily
            font.pixelSize: Math.round(Theme.touchText * field.unit)
            color: Theme.ink
            selectionColor: Theme.nhsBlue
            selectedTextColor: Theme.white
            activeFocusOnTab: true
            focus: field.startsFocused
            inputMethodHints: field.numeric ? Qt.ImhFormattedNumbersOnly : Qt.ImhNone
            Accessible.role: Accessible.EditableText
            Accessible.name: field.label || field.placeholder
            Accessible.description: field.hint
            onTextChanged: {
                if (length > field.maximumLength) {
                    remove(field.maximumLength, length)
                    return
                }
                field.edited(text)
            }
            Keys.onReturnPressed: (event) => {
                if (field.multiline && !(event.modifiers & Qt.ControlModifier)) {
                    event.accepted = false
                    return
                }
                nextItemInFocusChain().forceActiveFocus()
            }
            Keys.onEnterPressed: nextItemInFocusChain().forceActiveFocus()
            Keys.onTabPressed: nextItemInFocusChain().forceActiveFocus()
            Keys.onBacktabPressed: nextItemInFocusChain(false).forceActiveFocus()
            // A finger on the box brings up the on-screen keyboard (Tab from a real keyboard
            // does not). The handler only watches: the text box still places the cursor.
            TapHandler {
                grabPermissions: PointerHandler.ApprovesTakeOverByAnything
                onTapped: field.started()
            }
            TouchText {
                anchors.fill: parent
                visible: input.length === 0
                // A long example shrinks a little on an upright screen rather than being cut.
                wrapMode: Text.NoWrap
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Math.max(1, Math.round(0.75 * Theme.touchText * field.unit))
                unit: field.unit; size: Theme.touchText
                color: Theme.muted
                text: field.placeholder
            }
        }
    }
    TouchText {
        Layout.fillWidth: true
        unit: field.unit; size: Theme.touchMinText
        maximumLineCount: 2
        color: Theme.nhsDarkBlue
        text: field.hint
        visible: field.hint !== ""
    }
}
