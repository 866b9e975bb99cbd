pragma ComponentBehavior: Bound

import QtQuick
import KioskUi
import QtQuick.Layouts

// Filters as large chips: choose a kind (theme, stage, site, department), then its values.
// Chips of different kinds combine; within a kind any chosen value matches.
ColumnLayout {
    id: bar
    objectName: "filterBar"
    required property FilterModel filters
    property real unit: 10
    spacing: Theme.touchGap * unit

    function reset() { values.positionViewAtBeginning(); values.currentIndex = 0 }

    Accessible.role: Accessible.Grouping
    Accessible.name: "Filters"

    Flow {
        Layout.fillWidth: true
        spacing: Theme.touchGap * bar.unit
        TouchText {
            height: Theme.touchTarget * bar.unit
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.NoWrap
            unit: bar.unit
            color: Theme.muted; font.weight: Font.Bold
            text: "Filter by"
        }
        Repeater {
            model: bar.filters.kinds
            delegate: TouchButton {
                id: kindButton
                required property var modelData
                objectName: "filterKind_" + modelData.kind
                unit: bar.unit
                checked: bar.filters.kind === modelData.kind
                text: modelData.label + (modelData.chosen > 0 ? " (" + modelData.chosen + ")" : "")
                accessibleName: "Filter by " + modelData.label
                                + (modelData.chosen > 0 ? ", " + modelData.chosen + " chosen" : "")
                onActivated: { bar.filters.kind = modelData.kind; values.positionViewAtBeginning() }
            }
        }
    }

    ListView {
        id: values
        objectName: "filterChips"
        Layout.fillWidth: true
        Layout.preferredHeight: Theme.touchTarget * bar.unit + 1.2 * bar.unit
        orientation: ListView.Horizontal
        spacing: Theme.touchGap * bar.unit
        clip: true
        model: bar.filters
        activeFocusOnTab: true
        keyNavigationEnabled: true
        boundsBehavior: Flickable.StopAtBounds
        highlightFollowsCurrentItem: false
        Accessible.role: Accessible.List
        Accessible.name: "Filter values"
        Keys.onReturnPressed: if (currentItem) (currentItem as FilterChip).toggled()
        Keys.onEnterPressed: if (currentItem) (currentItem as FilterChip).toggled()
        Keys.onSpacePressed: if (currentItem) (currentItem as FilterChip).toggled()
        delegate: FilterChip {
            required property int index
            required property string value
            objectName: "filterChip"
            y: 0.6 * bar.unit
            unit: bar.unit
            current: ListView.isCurrentItem && values.activeFocus
            onToggled: { values.currentIndex = index; bar.filters.toggle(value) }
        }
    }
}
