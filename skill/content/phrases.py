"""Fixed spoken phrases. Plain text for the ear (no SSML); the handlers add SSML if any."""

from __future__ import annotations

from .model import Aspect

WELCOME = (
    "Welcome to Milia Guide. "
    "I explain how professionals treat milia, those tiny white bumps on the skin."
)

WELCOME_BACK = "Welcome back to Milia Guide."

DISCLAIMER_SHORT = "I share general information, not medical advice."

DISCLAIMER_CARD = (
    "Milia Guide gives general information only. It is not a substitute for professional "
    "medical advice, diagnosis or treatment. Ask a dermatologist or your doctor about your "
    "own skin. If you think you have a medical emergency, call your local emergency number."
)

EXAMPLE_QUESTION = "You can ask, how does cryotherapy work?"

HELP = (
    "I explain professional treatments for milia. "
    "You can ask about a treatment and one part of it, like, what does a chemical peel feel like? "
    "You can ask me to compare two treatments. "
    "You can ask what milia are. "
    "Or name a situation, like milia under the eyes. "
    "What would you like to know?"
)

REPROMPT_GENERIC = "What would you like to know about milia?"

FALLBACK = "Sorry, I didn't catch that. You can ask, how does cryotherapy work?"

GOODBYE = "Thanks for using Milia Guide. Goodbye."

ERROR = "Sorry, something went wrong on my end. Please try again."

REFUSAL = (
    "I can't guide you through removing milia at home. "
    "Milia sit in a tiny sac under the skin, with no pore to squeeze. "
    "So picking can cause infection, scarring, and dark marks. "
    "A dermatologist can remove them safely, with extraction, peels, retinoids, "
    "freezing, or laser. "
    "Want me to explain one of those?"
)

REFUSAL_CHILD = (
    "I can't guide you through removing milia on a child. "
    "Please don't squeeze or scrub a baby's milia. "
    "Squeezing can cause infection and scarring. "
    "Newborn milia clear on their own, usually within a few weeks. "
    "If they last past about three months, see your pediatrician. "
    "Want to hear more about milia in babies?"
)

FORGET_DONE = "Done. Your saved visit history has been deleted."

FORGET_NOTHING = "There's no saved visit history to delete."

LIST_INTRO = "Here are the professional treatments for milia."

OFFER_ASPECT = "Would you like to hear {label}?"

OFFER_OTHER_TREATMENT = "Would you like to hear about another treatment, or compare two?"

OFFER_TOPIC = "What else would you like to know?"

SEARCH_NO_MATCH = "Sorry, I couldn't find that topic. You can ask, what causes milia?"

# Spoken labels that follow "Would you like to hear ...".
ASPECT_LABELS: dict[Aspect, str] = {
    Aspect.HOW_IT_WORKS: "how it works",
    Aspect.VISIT: "what a visit is like",
    Aspect.WHO_IT_SUITS: "who it suits",
    Aspect.SENSATION: "what it feels like",
    Aspect.AFTERCARE: "about the aftercare",
    Aspect.SESSIONS: "how many sessions it takes",
}

# Card titles, shown as "<treatment title>: <aspect title>" or similar.
ASPECT_TITLES: dict[Aspect, str] = {
    Aspect.HOW_IT_WORKS: "How it works",
    Aspect.VISIT: "What a visit is like",
    Aspect.WHO_IT_SUITS: "Who it suits",
    Aspect.SENSATION: "What it feels like",
    Aspect.AFTERCARE: "Aftercare and recovery",
    Aspect.SESSIONS: "Sessions and timeline",
}
