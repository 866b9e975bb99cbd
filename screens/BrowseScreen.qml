pragma ComponentBehavior: Bound

import QtQuick
import KioskUi
import QtQuick.Layouts

// Browse: search as you type, filter with chips, and a grid of project cards. The grid only
// creates the cards on screen, so it stays smooth with thousands of projects.
FocusScope {
    id: screen
    objectName: "browseScreen"
    required property Touch touch
    readonly property Browse browse: touch.browse
    readonly property Navigator navigator: touch.navigator
    property real unit: height / 100
    readonly property bool portrait: width < height
    property bool keyboardShown: false

    function reset() {
        keyboardShown = false
        grid.positionViewAtBeginning()
        grid.currentIndex = 0
        filterBar.reset()
        search.focus = true
    }

    Connections {
        target: screen.navigator
        function onResetRequested() { screen.reset() }
    }
    Connections {
        target: screen.browse
        function onResultsChanging() { grid.positionViewAtBeginning(); grid.forceLayout() }
    }

    NavBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        unit: screen.unit
        navigator: screen.navigator
        title: "Find a project"
        actionText: "Start your own"
        onAction: screen.touch.openStart()
    }

    ColumnLayout {
        id: controls
        anchors { left: parent.left; right: parent.right; top: bar.bottom
                  margins: Theme.touchMargin * screen.unit }
        spacing: Theme.touchGap * screen.unit

        GridLayout {
            Layout.fillWidth: true
            columns: screen.portrait ? 1 : 2
            columnSpacing: Theme.touchGap * screen.unit
            rowSpacing: Theme.touchGap * screen.unit

            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touchTarget * screen.unit
                radius: height / 2
                color: Theme.card
                border.color: search.activeFocus ? Theme.nhsBlue : Theme.muted
                border.width: Math.max(2, 0.3 * screen.unit)
                TouchText {
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                              leftMargin: 2.4 * screen.unit; rightMargin: 2.4 * screen.unit }
                    visible: search.text === ""
                    unit: screen.unit
                    color: Theme.muted
                    text: "Search: a ward, a topic, a name…"
                }
                TextInput {
                    id: search
                    objectName: "searchField"
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter
                              leftMargin: 2.4 * screen.unit; rightMargin: 2.4 * screen.unit }
                    focus: true
                    activeFocusOnTab: true
                    clip: true
                    maximumLength: 80
                    font.family: Theme.fontFamily
                    font.pixelSize: Math.round(Theme.touchLead * screen.unit)
                    color: Theme.ink
                    selectionColor: Theme.nhsBlue
                    selectedTextColor: Theme.white
                    inputMethodHints: Qt.ImhNoPredictiveText
                    Accessible.role: Accessible.EditableText
                    Accessible.name: "Search projects"
                    Accessible.searchEdit: true
                    onTextEdited: screen.browse.setQuery(text)
                    Component.onCompleted: text = screen.browse.query
                    Keys.onReturnPressed: screen.keyboardShown = false
                    Keys.onEnterPressed: screen.keyboardShown = false
                    Connections {
                        target: screen.browse
                        function onQueryChanged() {
                            if (search.text !== screen.browse.query)
                                search.text = screen.browse.query
                        }
                    }
                    MouseArea {
                        anchors.fill: parent
                        onPressed: (mouse) => {
                            mouse.accepted = false
                            screen.keyboardShown = true
                        }
                    }
                }
                FocusRing { visible: search.activeFocus; unit: screen.unit; cornerRadius: parent.radius }
            }
            RowLayout {
                Layout.fillWidth: screen.portrait
                spacing: Theme.touchGap * screen.unit
                TouchText {
                    id: countLabel
                    objectName: "resultCount"
                    Layout.fillWidth: screen.portrait
                    wrapMode: Text.NoWrap
                    unit: screen.unit; size: Theme.touchLead
                    font.weight: Font.Black
                    color: Theme.nhsDarkBlue
                    text: screen.browse.countText
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                }
                TouchButton {
                    objectName: "celebrateButton"
                    visible: screen.touch.celebrate.hasHonours
                    unit: screen.unit
                    text: "Celebrating our improvers"
                    accessibleName: "Celebrating our improvers: awards and teams"
                    onActivated: screen.touch.openCelebrate()
                }
                TouchButton {
                    objectName: "clearButton"
                    unit: screen.unit
                    visible: screen.browse.query !== "" || screen.browse.filters.activeCount > 0
                    text: "Clear"
                    accessibleName: "Clear the search and filters"
                    onActivated: screen.browse.clearAll()
                }
            }
        }
        FilterBar {
            id: filterBar
            Layout.fillWidth: true
            unit: screen.unit
            filters: screen.browse.filters
        }
        VisitorGroupBar {
            Layout.fillWidth: true
            visible: screen.touch.askVisitor && !screen.keyboardShown
            touch: screen.touch
            unit: screen.unit
        }
    }

    GridView {
        id: grid
        objectName: "projectGrid"
        anchors { left: parent.left; right: parent.right; top: controls.bottom; bottom: parent.bottom
                  leftMargin: Theme.touchMargin * screen.unit - Theme.touchGap / 2 * screen.unit
                  rightMargin: Theme.touchMargin * screen.unit - Theme.touchGap / 2 * screen.unit
                  topMargin: Theme.touchGap * screen.unit }
        readonly property int columns: Math.max(1, Math.floor(width / (38 * screen.unit)))
        cellWidth: Math.floor(width / columns)
        cellHeight: Math.round(Math.min(cellWidth * 0.78, 32 * screen.unit))
        clip: true
        model: screen.browse.projects
        // No cache buffer: items there are made asynchronously, and a search that shrinks the list
        // while one is being made trips Qt's DelegateModel. Cards are light enough to make on demand.
        cacheBuffer: 0
        activeFocusOnTab: true
        keyNavigationEnabled: true
        highlightFollowsCurrentItem: false
        boundsBehavior: Flickable.DragAndOvershootBounds
        flickDeceleration: 2500
        maximumFlickVelocity: 6000 * screen.unit / 10.8
        bottomMargin: screen.keyboardShown ? keyboard.height : 0
        Accessible.role: Accessible.List
        Accessible.name: "Projects: " + screen.browse.countText
        Keys.onReturnPressed: if (currentItem) (currentItem as ProjectCard).opened()
        Keys.onEnterPressed: if (currentItem) (currentItem as ProjectCard).opened()
        Keys.onSpacePressed: if (currentItem) (currentItem as ProjectCard).opened()
        onMovementStarted: screen.keyboardShown = false
        delegate: ProjectCard {
            required property int index
            width: grid.cellWidth
            height: grid.cellHeight
            unit: screen.unit
            current: GridView.isCurrentItem && grid.activeFocus
            onOpened: {
                grid.currentIndex = index
                screen.keyboardShown = false
                screen.touch.openProject(projectId)
            }
        }
    }

    ColumnLayout {
        objectName: "emptyResult"
        anchors { centerIn: grid; verticalCenterOffset: screen.keyboardShown ? -keyboard.height / 2 : 0 }
        width: Math.min(grid.width, 70 * screen.unit)
        visible: screen.browse.count === 0
        spacing: Theme.touchGap * screen.unit
        TouchText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            unit: screen.unit; size: Theme.touchHeading
            maximumLineCount: 2
            font.weight: Font.Black
            text: screen.browse.total === 0 ? "There are no projects to show yet" : "No projects match"
        }
        TouchText {
            Layout.fillWidth: true
            visible: screen.browse.total > 0
            horizontalAlignment: Text.AlignHCenter
            unit: screen.unit
            maximumLineCount: 3
            color: Theme.muted
            text: "Try fewer words, or clear the filters to see every project."
        }
        TouchButton {
            Layout.alignment: Qt.AlignHCenter
            visible: screen.browse.total > 0
            unit: screen.unit; primary: true
            text: "Clear search and filters"
            onActivated: screen.browse.clearAll()
        }
    }

    Keyboard {
        id: keyboard
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: implicitHeight
        visible: screen.keyboardShown && screen.visible
        unit: screen.unit
        clearName: "Clear the search"
        onTyped: (text) => screen.browse.typeText(text)
        onErased: screen.browse.backspace()
        onCleared: screen.browse.setQuery("")
        onDone: screen.keyboardShown = false
    }
}
