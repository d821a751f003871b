"""Fixed spoken phrases. Plain text for the ear (no SSML); the handlers add SSML if any."""

from __future__ import annotations

from .model import Aspect

WELCOME = (
    "Welcome to Milia Guide. "
    "I explain how professionals treat milia, those tiny white bumps on the skin."
)

WELCOME_BACK = "Welcome back to Milia Guide."

# A returning user: the last topic is never named at launch (a shared speaker would read it to
# anyone in the room); it is named only once the user says yes.
PICK_UP = "Would you like to pick up where you left off?"

DISCLAIMER_SHORT = "I share general information, not medical advice."

# Said after every urgent answer, after the urgent advice (never before it).
DISCLAIMER_URGENT = (
    "I share general information, not medical advice. "
    "In an emergency, call your local emergency number."
)

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
    "A dermatologist can remove them with extraction, freezing, or laser, "
    "or suggest peels or a retinoid cream. "
    "Want me to explain one of those?"
)

REFUSAL_CHILD = (
    "I can't guide you through removing milia on a child. "
    "Please don't squeeze or scrub a child's milia. "
    "Squeezing can cause infection and scarring. "
    "A baby's milia usually clear on their own within weeks. "
    "For an older child, or milia that last, see your pediatrician. "
    "Want to hear whether milia go away on their own?"
)

# When a refusal meets red-flag symptoms: the urgent advice comes first (from the urgent
# answer's short form), then one of these, then DISCLAIMER_URGENT; nothing is offered after.
REFUSAL_URGENT = "I can't guide you through removing milia at home."
REFUSAL_URGENT_CHILD = "I can't guide you through removing milia on a child."

# Short forms of the urgent answers, for the refusal above (the whole answer stays under 60
# words). Keys are the urgent topic and situation ids.
URGENT_SHORT: dict[str, str] = {
    "RED_FLAGS": (
        "Spreading redness, pus, or a fever can mean an infection. "
        "Leave the spot alone. Please contact a doctor today."
    ),
    "EYE_RED_FLAGS": "Eye pain or a change in vision needs help fast. Get urgent care now.",
    "BABY_UNWELL": (
        "A child with a fever, blisters, pus spots, poor feeding, or floppiness needs a doctor. "
        "Call your child's doctor now, or get urgent care."
    ),
}


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
