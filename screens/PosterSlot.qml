pragma ComponentBehavior: Bound

import QtQuick

// One of the two rotation slots: a project poster, or the "About the QI hub" poster.
Loader {
    id: slot
    required property var values
    property string hubName: ""
    property string organisation: ""
    property bool stale: false
    property point shift: Qt.point(0, 0)
    // Each poster says when its image and chart are drawn; the About poster always is.
    readonly property bool ready: item instanceof Poster ? (item as Poster).ready : item !== null

    sourceComponent: values.about ? aboutComponent : (values.projectId ? posterComponent : null)

    Component {
        id: posterComponent
        Poster {
            values: slot.values
            hubName: slot.hubName
            organisation: slot.organisation
            stale: slot.stale
            shift: slot.shift
        }
    }
    Component {
        id: aboutComponent
        AboutPoster {
            values: slot.values
            hubName: slot.hubName
            organisation: slot.organisation
            shift: slot.shift
        }
    }
}
