pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Layouts
import KioskUi

// Plan a project, in four steps: the problem and the aim (built from what, how much and by
// when, shown as one sentence as you type), how you will know, your first test of change, and
// the plan on one page to take away by QR code or send to the QI team.
FocusScope {
    id: screen
    objectName: "planScreen"
    required property Touch touch
    readonly property Navigator navigator: touch.navigator
    readonly property PlanTool plan: touch.plan
    readonly property var hints: plan.hints
    property real unit: height / 100
    readonly property bool portrait: width < height
    property ToolField activeField: null
    property bool keyboardShown: false
    readonly property list<ToolField> textFields: [problem, aimWhat, aimHowMuch, aimUnit,
        outcome, process, balancing, testPlan, prediction, team, contactName, contactEmail]

    // The page grows back when the keyboard goes: no blank space left below the last box.
    onKeyboardShownChanged: if (!keyboardShown) page.returnToBounds()

    function startEditing(field: ToolField) {
        activeField = field
        keyboardShown = true
        Qt.callLater(screen.reveal, field)
    }
    // Scroll so that the box being typed in is above the on-screen keyboard.
    function reveal(field: Item) {
        // The page already ends above the keyboard (the buttons move up with it).
        const top = field.mapToItem(steps, 0, 0).y + steps.y
        const room = page.height
        if (top + field.height > page.contentY + room)
            page.contentY = top + field.height - room + 2 * unit
        else if (top < page.contentY)
            page.contentY = Math.max(0, top - 2 * unit)
    }
    Connections {
        target: screen.plan
        function onCleared() {
            for (const field of screen.textFields)
                field.clear()
            aimUnit.text = "%"
            screen.keyboardShown = false
            screen.activeField = null
            page.contentY = 0
        }
        // Sent (or not): the answer is in view, even below the QR code of an upright screen.
        function onSentChanged() { Qt.callLater(screen.reveal, sentMessage) }
        function onStepChanged() {
            page.contentY = 0
            screen.keyboardShown = false
        }
    }

    NavBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        unit: screen.unit
        navigator: screen.navigator
        title: "Plan a project"
    }

    Rectangle {
        id: stepHeader
        anchors { left: parent.left; right: parent.right; top: bar.bottom }
        height: 8 * screen.unit
        color: Theme.nhsPaleGrey
        RowLayout {
            anchors { fill: parent; leftMargin: Theme.touchMargin * screen.unit; rightMargin: Theme.touchMargin * screen.unit }
            spacing: 1.2 * screen.unit
            Repeater {
                model: screen.plan.stepCount
                delegate: Rectangle {
                    id: dot
                    required property int index
                    Layout.preferredWidth: 4.4 * screen.unit
                    Layout.preferredHeight: 4.4 * screen.unit
                    radius: width / 2
                    color: index <= screen.plan.step ? Theme.nhsBlue : Theme.card
                    border.color: Theme.nhsBlue
                    border.width: Math.max(2, 0.25 * screen.unit)
                    TouchText {
                        anchors.centerIn: parent
                        unit: screen.unit; font.weight: Font.Black
                        color: dot.index <= screen.plan.step ? Theme.white : Theme.nhsBlue
                        text: dot.index + 1
                    }
                    MouseArea { anchors.fill: parent; onClicked: screen.plan.goToStep(dot.index) }
                    Accessible.role: Accessible.Button
                    Accessible.name: "Step " + (index + 1)
                    Accessible.onPressAction: screen.plan.goToStep(index)
                }
            }
            TouchText {
                objectName: "planStepTitle"
                Layout.fillWidth: true
                Layout.leftMargin: screen.unit
                unit: screen.unit; size: screen.portrait ? Theme.touchText : Theme.touchLead
                // An upright screen's title may take two lines, beside the dots.
                maximumLineCount: screen.portrait ? 2 : 1
                lineHeight: 1.0
                font.weight: Font.Black
                color: Theme.nhsDarkBlue
                // The dots already count the steps; a narrow screen keeps only the title.
                text: (screen.portrait ? "" : "Step " + (screen.plan.step + 1) + " of " + screen.plan.stepCount + ": ")
                      + screen.plan.stepTitle
                Accessible.description: "Step " + (screen.plan.step + 1) + " of " + screen.plan.stepCount
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    Flickable {
        id: page
        objectName: "planPage"
        anchors { left: parent.left; right: parent.right; top: stepHeader.bottom; bottom: buttons.top }
        contentHeight: steps.implicitHeight + 4 * screen.unit
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        ColumnLayout {
            id: steps
            x: Theme.touchMargin * screen.unit
            y: 2 * screen.unit
            width: page.width - 2 * Theme.touchMargin * screen.unit
            spacing: 2 * screen.unit

            // --- step 1: the problem and the aim ----------------------------------------
            ToolField {
                id: problem
                objectName: "planProblem"
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                unit: screen.unit
                multiline: true
                label: "What's the problem?"
                placeholder: "e.g. Patients on Ward 7 fall at night"
                maximumLength: 240
                hint: screen.hints.problem || ""
                startsFocused: true
                onEdited: (text) => screen.plan.setField("problem", text)
                onStarted: screen.startEditing(problem)
            }
            TouchText {
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                unit: screen.unit; size: Theme.touchLead
                font.weight: Font.Black; color: Theme.nhsDarkBlue
                text: "Your aim"
            }
            Flow {
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                spacing: Theme.touchGap * screen.unit
                Repeater {
                    model: [["reduce", "Reduce"], ["increase", "Increase"], ["improve", "Improve"]]
                    delegate: OptionChip {
                        required property var modelData
                        objectName: "aimChange"
                        unit: screen.unit
                        text: modelData[1]
                        selected: (screen.plan.fields.aim_change || "") === modelData[0]
                        onChosen: screen.plan.setField("aim_change", modelData[0])
                    }
                }
            }
            ToolField {
                id: aimWhat
                objectName: "aimWhat"
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                unit: screen.unit
                label: "What will improve?"
                placeholder: "e.g. falls on Ward 7"
                maximumLength: 120
                hint: screen.hints.aim_what || ""
                onEdited: (text) => screen.plan.setField("aim_what", text)
                onStarted: screen.startEditing(aimWhat)
            }
            RowLayout {
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                spacing: Theme.touchGap * screen.unit
                ToolField {
                    id: aimHowMuch
                    objectName: "aimHowMuch"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2
                    Layout.alignment: Qt.AlignTop
                    unit: screen.unit
                    numeric: true
                    label: "How much?"
                    placeholder: "e.g. 30"
                    maximumLength: 12
                    hint: screen.hints.aim_how_much || ""
                    onEdited: (text) => screen.plan.setField("aim_how_much", text)
                    onStarted: screen.startEditing(aimHowMuch)
                }
                ToolField {
                    id: aimUnit
                    objectName: "aimUnit"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    unit: screen.unit
                    label: "Unit"
                    placeholder: "% or minutes"
                    maximumLength: 24
                    Component.onCompleted: text = "%"
                    onEdited: (text) => screen.plan.setField("aim_unit", text)
                    onStarted: screen.startEditing(aimUnit)
                }
            }
            TouchText {
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                unit: screen.unit; size: Theme.touchText
                font.weight: Font.Bold; color: Theme.nhsDarkBlue
                text: "By when?"
            }
            ListView {
                id: byWhen
                objectName: "aimByWhen"
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touchTarget * screen.unit + screen.unit
                orientation: ListView.Horizontal
                spacing: Theme.touchGap * screen.unit
                clip: true
                model: screen.plan.months
                activeFocusOnTab: true
                keyNavigationEnabled: true
                boundsBehavior: Flickable.StopAtBounds
                Accessible.role: Accessible.List
                Accessible.name: "By when: choose a month"
                Keys.onReturnPressed: if (currentItem) (currentItem as OptionChip).chosen()
                Keys.onEnterPressed: if (currentItem) (currentItem as OptionChip).chosen()
                Keys.onSpacePressed: if (currentItem) (currentItem as OptionChip).chosen()
                Connections {
                    target: screen.plan
                    function onChanged() {
                        const months = screen.plan.months
                        for (let i = 0; i < months.length; ++i) {
                            if (months[i].value === screen.plan.fields.aim_by_when) {
                                byWhen.positionViewAtIndex(i, ListView.Contain)
                                return
                            }
                        }
                    }
                }
                delegate: OptionChip {
                    required property var modelData
                    required property int index
                    objectName: "monthChip"
                    y: 0.5 * screen.unit
                    unit: screen.unit
                    text: modelData.label
                    activeFocusOnTab: false
                    selected: screen.plan.fields.aim_by_when === modelData.value
                    onChosen: { byWhen.currentIndex = index; screen.plan.setField("aim_by_when", modelData.value) }
                    FocusRing { visible: byWhen.activeFocus && byWhen.currentIndex === parent.index; unit: screen.unit; cornerRadius: parent.radius }
                }
            }
            TouchText {
                visible: screen.plan.step === 0 && text !== ""
                Layout.fillWidth: true
                unit: screen.unit; size: Theme.touchMinText
                color: Theme.nhsDarkBlue
                text: screen.hints.aim_by_when || ""
            }
            Rectangle {
                visible: screen.plan.step === 0
                Layout.fillWidth: true
                Layout.preferredHeight: aimText.implicitHeight + 4 * screen.unit
                radius: Theme.radius * screen.unit
                color: Theme.nhsDarkBlue
                TouchText {
                    id: aimText
                    objectName: "aimStatement"
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 2 * screen.unit }
                    unit: screen.unit; size: Theme.touchHeading
                    maximumLineCount: 4
                    font.weight: Font.Black
                    color: Theme.white
                    text: screen.plan.aimStatement
                    Accessible.role: Accessible.StaticText
                    Accessible.name: "Your aim: " + text
                }
            }

            // --- step 2: how you will know ------------------------------------------------
            ToolField {
                id: outcome
                objectName: "planOutcome"
                visible: screen.plan.step === 1
                Layout.fillWidth: true
                unit: screen.unit
                label: "Outcome measure: how will you know it's better?"
                placeholder: "e.g. falls per 1,000 bed days"
                maximumLength: 120
                hint: screen.hints.outcome_measure || ""
                onEdited: (text) => screen.plan.setField("outcome_measure", text)
                onStarted: screen.startEditing(outcome)
            }
            ToolField {
                id: process
                objectName: "planProcess"
                visible: screen.plan.step === 1
                Layout.fillWidth: true
                unit: screen.unit
                label: "Process measure (optional): are you doing what you planned?"
                placeholder: "e.g. night-time rounds done"
                maximumLength: 120
                onEdited: (text) => screen.plan.setField("process_measure", text)
                onStarted: screen.startEditing(process)
            }
            ToolField {
                id: balancing
                objectName: "planBalancing"
                visible: screen.plan.step === 1
                Layout.fillWidth: true
                unit: screen.unit
                label: "Balancing measure (optional): is anything else getting worse?"
                placeholder: "e.g. staff time spent on rounds"
                maximumLength: 120
                onEdited: (text) => screen.plan.setField("balancing_measure", text)
                onStarted: screen.startEditing(balancing)
            }

            // --- step 3: the first test of change ------------------------------------------
            ToolField {
                id: testPlan
                objectName: "planTest"
                visible: screen.plan.step === 2
                Layout.fillWidth: true
                unit: screen.unit
                multiline: true
                label: "Plan: what small change will you test first?"
                placeholder: "e.g. hourly rounding in one bay for one week of nights"
                maximumLength: 240
                hint: screen.hints.test_plan || ""
                onEdited: (text) => screen.plan.setField("test_plan", text)
                onStarted: screen.startEditing(testPlan)
            }
            ToolField {
                id: prediction
                objectName: "planPrediction"
                visible: screen.plan.step === 2
                Layout.fillWidth: true
                unit: screen.unit
                multiline: true
                label: "Prediction: what do you think will happen?"
                placeholder: "e.g. fewer unassisted trips to the toilet"
                maximumLength: 240
                onEdited: (text) => screen.plan.setField("prediction", text)
                onStarted: screen.startEditing(prediction)
            }
            ToolField {
                id: team
                objectName: "planTeam"
                visible: screen.plan.step === 2
                Layout.fillWidth: true
                unit: screen.unit
                label: "Team (optional)"
                placeholder: "e.g. Ward 7 nurses and the falls lead"
                maximumLength: 120
                onEdited: (text) => screen.plan.setField("team", text)
                onStarted: screen.startEditing(team)
            }
            ToolField {
                id: contactName
                visible: screen.plan.step === 2
                objectName: "planContactName"
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                unit: screen.unit
                label: "Your name (optional)"
                maximumLength: 60
                onEdited: (text) => screen.plan.setField("contact_name", text)
                onStarted: screen.startEditing(contactName)
            }
            ToolField {
                id: contactEmail
                visible: screen.plan.step === 2
                objectName: "planContactEmail"
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                unit: screen.unit
                label: "Your email (optional)"
                maximumLength: 120
                hint: screen.hints.contact_email || ""
                onEdited: (text) => screen.plan.setField("contact_email", text)
                onStarted: screen.startEditing(contactEmail)
            }
            TouchText {
                visible: screen.plan.step === 2
                Layout.fillWidth: true
                unit: screen.unit; size: Theme.touchMinText
                maximumLineCount: 3
                color: Theme.muted
                text: "Your name and email are only used so the QI team can reply. They are deleted from this screen when you leave, and from the outbox once the QI team has your plan."
            }

            // --- step 4: the plan on one page -------------------------------------------------
            // Explicit widths (not a grid) so that wrapped text never re-triggers the layout.
            Item {
                id: summary
                visible: screen.plan.step === 3
                Layout.fillWidth: true
                // In portrait the QR code comes first, where it is seen without scrolling.
                Layout.preferredHeight: screen.portrait ? charterCard.height + 2 * screen.unit + takeAway.implicitHeight
                                                        : Math.max(charterCard.height, takeAway.implicitHeight)
                Rectangle {
                    id: charterCard
                    objectName: "planCharter"
                    width: screen.portrait ? summary.width : 0.58 * summary.width
                    y: screen.portrait ? takeAway.implicitHeight + 2 * screen.unit : 0
                    height: charter.implicitHeight + 4 * screen.unit
                    radius: Theme.radius * screen.unit
                    color: Theme.card
                    border.color: Theme.border
                    ColumnLayout {
                        id: charter
                        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 2 * screen.unit }
                        spacing: 1.2 * screen.unit
                        TouchText {
                            Layout.fillWidth: true
                            unit: screen.unit; size: Theme.touchHeading
                            font.weight: Font.Black; color: Theme.nhsDarkBlue
                            text: "Project charter"
                            Accessible.role: Accessible.Heading
                            Accessible.name: text
                        }
                        Repeater {
                            model: screen.plan.summary
                            delegate: ColumnLayout {
                                id: row
                                required property var modelData
                                Layout.fillWidth: true
                                spacing: 0.2 * screen.unit
                                TouchText {
                                    Layout.fillWidth: true
                                    unit: screen.unit; size: Theme.touchMinText
                                    font.weight: Font.Bold; color: Theme.muted
                                    text: row.modelData.label
                                }
                                TouchText {
                                    Layout.fillWidth: true
                                    unit: screen.unit
                                    size: row.modelData.label === "Aim" ? Theme.touchLead : Theme.touchText
                                    font.weight: row.modelData.label === "Aim" ? Font.Black : Font.Normal
                                    maximumLineCount: 4
                                    text: row.modelData.text
                                }
                            }
                        }
                    }
                }
                ColumnLayout {
                    id: takeAway
                    x: screen.portrait ? 0 : charterCard.width + 3 * screen.unit
                    y: 0
                    width: screen.portrait ? summary.width : summary.width - charterCard.width - 3 * screen.unit
                    spacing: 1.4 * screen.unit
                    TouchText {
                        Layout.fillWidth: true
                        unit: screen.unit; size: Theme.touchLead
                        font.weight: Font.Black; color: Theme.nhsDarkBlue
                        text: "Take it with you"
                    }
                    QrCode {
                        objectName: "planTakeAwayQr"
                        Layout.alignment: Qt.AlignHCenter
                        // 40 % of an upright screen's height is still over 750 px: the caption,
                        // Send and its answer fit below it without scrolling.
                        Layout.preferredWidth: Math.min((screen.portrait ? 40 : 50) * screen.unit, takeAway.width)
                        Layout.preferredHeight: Layout.preferredWidth
                        url: screen.plan.step === 3 ? screen.plan.takeAwayUrl : ""
                        Accessible.role: Accessible.Graphic
                        Accessible.name: "QR code: scan it to open your plan as an email on your phone"
                    }
                    TouchText {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        unit: screen.unit; maximumLineCount: 2
                        text: "Scan with your phone's camera: your plan opens as a ready email."
                    }
                    TouchButton {
                        objectName: "sendPlanButton"
                        Layout.fillWidth: true
                        visible: screen.plan.canSend
                        enabled: !screen.plan.sent
                        primary: true
                        unit: screen.unit
                        text: screen.plan.sent ? "Sent" : "Send to the QI team"
                        onActivated: screen.plan.send()
                    }
                    TouchText {
                        id: sentMessage
                        objectName: "planSentMessage"
                        Layout.fillWidth: true
                        visible: screen.plan.sent || screen.plan.sendError !== ""
                        unit: screen.unit; size: Theme.touchText
                        maximumLineCount: 3
                        font.weight: Font.Bold
                        color: screen.plan.sent ? Theme.nhsGreen : Theme.ink
                        text: screen.plan.sent
                              ? "Sent. Thank you! The QI team has your plan" + ((screen.plan.fields.contact_email || "") !== "" ? " and will be in touch." : ".")
                              : screen.plan.sendError
                    }
                }
            }
        }
    }

    RowLayout {
        id: buttons
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom
                  margins: Theme.touchMargin * screen.unit
                  bottomMargin: (screen.keyboardShown ? keyboard.height : 0) + Theme.touchGap * screen.unit }
        spacing: Theme.touchGap * screen.unit
        TouchButton {
            objectName: "planPrevious"
            visible: screen.plan.step > 0
            unit: screen.unit
            text: "‹  Previous"
            onActivated: screen.plan.previous()
        }
        Item { Layout.fillWidth: true }
        TouchButton {
            objectName: "planNext"
            visible: screen.plan.step < screen.plan.stepCount - 1
            unit: screen.unit; primary: true
            text: screen.plan.step === screen.plan.stepCount - 2 ? "See my plan  ›" : "Next  ›"
            onActivated: screen.plan.next()
        }
    }

    Keyboard {
        id: keyboard
        objectName: "planKeyboard"
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: implicitHeight
        visible: screen.keyboardShown && screen.visible && screen.activeField !== null
        unit: screen.unit
        punctuation: true
        numeric: screen.activeField !== null && screen.activeField.numeric
        clearName: "Clear this box"
        onTyped: (text) => { if (screen.activeField) screen.activeField.insert(text) }
        onErased: if (screen.activeField) screen.activeField.erase()
        onCleared: if (screen.activeField) screen.activeField.clear()
        onDone: screen.keyboardShown = false
    }
}
