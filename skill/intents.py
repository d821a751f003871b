"""Intent names: the one place the interaction model, the safety gate and the handlers read
them from."""

from __future__ import annotations

# Asking about one treatment, one intent per thing the user wants to know.
HOW_IT_WORKS = "HowItWorksIntent"
VISIT = "VisitIntent"
PAIN = "PainIntent"
AFTERCARE = "AftercareIntent"
SESSIONS = "SessionsIntent"
SUITABILITY = "SuitabilityIntent"
COST = "CostIntent"

# Intent -> the aspect id (``skill.content.Aspect``) it asks about.
ASPECT_OF: dict[str, str] = {
    HOW_IT_WORKS: "HOW_IT_WORKS",
    VISIT: "VISIT",
    PAIN: "SENSATION",
    AFTERCARE: "AFTERCARE",
    SESSIONS: "SESSIONS",
    SUITABILITY: "WHO_IT_SUITS",
}
ASPECT_INTENTS = tuple(ASPECT_OF)

ACROSS = "AcrossTreatmentsIntent"  # one aspect, every treatment: "which is least painful"
TREATMENT_INFO = "TreatmentInfoIntent"
WALKTHROUGH = "WalkthroughIntent"
LIST_TREATMENTS = "ListTreatmentsIntent"
COMPARE = "CompareIntent"
SITUATION = "SituationIntent"
TOPIC = "TopicIntent"
WHAT_ARE_MILIA = "WhatAreMiliaIntent"
CAUSES = "CausesIntent"
DIY_RISKS = "DiyRisksIntent"
QUESTION = "QuestionIntent"
FORGET_ME = "ForgetMeIntent"

# Removal and home-care questions: the safety gate decides from their slot values.
EXTRACTION_QUESTION = "ExtractionQuestionIntent"
PRO_EXTRACTION = "ProExtractionIntent"
HOME_USE = "HomeUseIntent"
PICKED_SPOT = "PickedSpotIntent"
SYMPTOM = "SymptomIntent"
DO_AT_HOME = "DoAtHomeIntent"

FALLBACK = "AMAZON.FallbackIntent"

# Alexa's built-in intents the model includes.
HELP = "AMAZON.HelpIntent"
STOP = "AMAZON.StopIntent"
CANCEL = "AMAZON.CancelIntent"
NAVIGATE_HOME = "AMAZON.NavigateHomeIntent"
NEXT = "AMAZON.NextIntent"
PREVIOUS = "AMAZON.PreviousIntent"
MORE = "AMAZON.MoreIntent"
REPEAT = "AMAZON.RepeatIntent"
YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
START_OVER = "AMAZON.StartOverIntent"
