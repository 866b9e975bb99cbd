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
    onScreenNameChanged: { show(screenName); focusCurrent() }
    Component.onCompleted: { show(screenName); focusCurrent() }

    // Between two touch screens the change is a dissolve: the new screen, on a sheet of paper,
    // fades in over the old one, which stays as it was underneath and is hidden once the new one
    // is opaque. The software renderer draws translucent items far more slowly than opaque ones,
    // so only one screen is ever translucent, and the old one costs what it cost a frame before.
    // To and from Attract both fade at once, Attract on top (a tap while it fades out is still
    // only a wake-up).
    property Item shown: null
    readonly property real firstFade: 0.2
    property Item leaving: null
    function screenItem(name: string): Item {
        switch (name) {
        case "attract": return attract
        case "browse": return browse
        case "project": return project
        case "start": return start
        case "celebrate": return celebrate
        case "plan": return plan
        case "chart": return chart
        }
        return null
    }
    function show(name: string) {
        const next = screenItem(name)
        if (next === null || next === shown) return
        fade.stop()
        const previous = shown
        for (const item of [attract, browse, project, start, celebrate, plan, chart])
            if (item !== previous && item !== next) item.opacity = 0
        shown = next
        leaving = previous
        if (previous === null || navigator.transitionMs <= 0) {
            settle()
        } else if (previous === attract || next === attract) {
            fadeIn.target = next
            fadeIn.from = next.opacity
            fadeOut.target = previous
            fadeOut.from = previous.opacity
            fade.restart()
        } else {
            previous.opacity = 1
            previous.z = 1
            next.z = 2
            backdrop.visible = true
            // The fade starts where its first frame would be, so the frame after the tap
            // already shows the new screen instead of the old one unchanged.
            next.opacity = root.firstFade
            fadeIn.target = next
            fadeIn.from = root.firstFade
            fadeOut.target = null
            fade.restart()
        }
    }
    function settle() {
        fade.stop()
        for (const item of [attract, browse, project, start, celebrate, plan, chart])
            if (item !== shown) item.opacity = 0
        if (shown !== null) shown.opacity = 1
        leaving = null
        backdrop.visible = false
    }
    ParallelAnimation {
        id: fade
        NumberAnimation {
            id: fadeIn
            property: "opacity"
            to: 1
            duration: root.navigator.transitionMs
            easing.type: Easing.OutCubic
        }
        NumberAnimation {
            id: fadeOut
            property: "opacity"
            to: 0
            duration: root.navigator.transitionMs
            easing.type: Easing.OutCubic
        }
        onFinished: root.settle()
    }
    // The paper under the incoming screen: it fades in with it, over the outgoing screen.
    Rectangle {
        id: backdrop
        anchors.fill: parent
        z: 1.5
        visible: false
        color: Theme.paper
        opacity: root.shown !== null ? root.shown.opacity : 0
    }

    BrowseScreen {
        id: browse
        anchors.fill: parent
        touch: root.touch
        opacity: 0
        visible: opacity > 0
        enabled: root.screenName === "browse"
    }
    ProjectScreen {
        id: project
        anchors.fill: parent
        touch: root.touch
        opacity: 0
        visible: opacity > 0
        enabled: root.screenName === "project"
    }
    StartScreen {
        id: start
        anchors.fill: parent
        touch: root.touch
        opacity: 0
        visible: opacity > 0
        enabled: root.screenName === "start"
    }
    CelebrateScreen {
        id: celebrate
        anchors.fill: parent
        touch: root.touch
        opacity: 0
        visible: opacity > 0
        enabled: root.screenName === "celebrate"
    }
    PlanScreen {
        id: plan
        anchors.fill: parent
        touch: root.touch
        opacity: 0
        visible: opacity > 0
        enabled: root.screenName === "plan"
    }
    ChartToolScreen {
        id: chart
        anchors.fill: parent
        touch: root.touch
        opacity: 0
        visible: opacity > 0
        enabled: root.screenName === "chart"
    }
    AttractScreen {
        id: attract
        anchors.fill: parent
        carousel: root.carousel
        kiosk: root.kiosk
        navigator: root.navigator
        celebrate: root.touch.celebrate.hasHonours
        motion: root.navigator.transitionMs > 0
        z: 3
        opacity: 0
        visible: opacity > 0
        enabled: visible  // while it fades out, a second tap is still only a wake-up
    }
}
