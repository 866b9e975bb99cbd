import QtQuick
import KioskUi

// Touch mode: Attract, Browse, Project, Start your own and Celebrating our improvers, one in
// front at a time.
// Esc goes back; with no input for a while the navigator returns everything to Attract.
FocusScope {
    id: root
    objectName: "touchRoot"
    required property KioskState kiosk
    required property Rotation carousel
    required property Touch touch
    readonly property Navigator navigator: touch.navigator
    readonly property string screenName: navigator.screen

    Keys.onEscapePressed: root.navigator.back()
    Keys.onBackPressed: root.navigator.back()

    function focusCurrent() {
        const target = { attract: attract, browse: browse, project: project, start: start,
                         celebrate: celebrate, plan: plan, chart: chart }[screenName]
        if (target) target.forceActiveFocus()
    }
    onScreenNameChanged: focusCurrent()
    Component.onCompleted: focusCurrent()

    BrowseScreen {
        id: browse
        anchors.fill: parent
        touch: root.touch
        opacity: root.screenName === "browse" ? 1 : 0
        visible: opacity > 0
        enabled: root.screenName === "browse"
        Behavior on opacity { enabled: root.navigator.transitionMs > 0; NumberAnimation { duration: root.navigator.transitionMs; easing.type: Easing.OutCubic } }
    }
    ProjectScreen {
        id: project
        anchors.fill: parent
        touch: root.touch
        opacity: root.screenName === "project" ? 1 : 0
        visible: opacity > 0
        enabled: root.screenName === "project"
        Behavior on opacity { enabled: root.navigator.transitionMs > 0; NumberAnimation { duration: root.navigator.transitionMs; easing.type: Easing.OutCubic } }
    }
    StartScreen {
        id: start
        anchors.fill: parent
        touch: root.touch
        opacity: root.screenName === "start" ? 1 : 0
        visible: opacity > 0
        enabled: root.screenName === "start"
        Behavior on opacity { enabled: root.navigator.transitionMs > 0; NumberAnimation { duration: root.navigator.transitionMs; easing.type: Easing.OutCubic } }
    }
    CelebrateScreen {
        id: celebrate
        anchors.fill: parent
        touch: root.touch
        opacity: root.screenName === "celebrate" ? 1 : 0
        visible: opacity > 0
        enabled: root.screenName === "celebrate"
        Behavior on opacity { enabled: root.navigator.transitionMs > 0; NumberAnimation { duration: root.navigator.transitionMs; easing.type: Easing.OutCubic } }
    }
    PlanScreen {
        id: plan
        anchors.fill: parent
        touch: root.touch
        opacity: root.screenName === "plan" ? 1 : 0
        visible: opacity > 0
        enabled: root.screenName === "plan"
        Behavior on opacity { enabled: root.navigator.transitionMs > 0; NumberAnimation { duration: root.navigator.transitionMs; easing.type: Easing.OutCubic } }
    }
    ChartToolScreen {
        id: chart
        anchors.fill: parent
        touch: root.touch
        opacity: root.screenName === "chart" ? 1 : 0
        visible: opacity > 0
        enabled: root.screenName === "chart"
        Behavior on opacity { enabled: root.navigator.transitionMs > 0; NumberAnimation { duration: root.navigator.transitionMs; easing.type: Easing.OutCubic } }
    }
    AttractScreen {
        id: attract
        anchors.fill: parent
        carousel: root.carousel
        kiosk: root.kiosk
        navigator: root.navigator
        celebrate: root.touch.celebrate.hasHonours
        motion: root.navigator.transitionMs > 0
        opacity: root.screenName === "attract" ? 1 : 0
        visible: opacity > 0
        enabled: visible  // while it fades out, a second tap is still only a wake-up
        Behavior on opacity { enabled: root.navigator.transitionMs > 0; NumberAnimation { duration: root.navigator.transitionMs; easing.type: Easing.OutCubic } }
    }
}
