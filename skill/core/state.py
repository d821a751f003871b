"""The conversation's state: every session-attribute and request-attribute key, in one place.

Session attributes travel with the conversation (Alexa returns them on the next request); the
request attributes live for one request only. Only ids and flags are kept: never what the user
said about their health.
"""

from __future__ import annotations

# --- session attributes -------------------------------------------------------------------------
TOPIC = "topic"  # current treatment id
ASPECT = "aspect"  # current aspect id
SUBJECT = "subject"  # current general topic or situation id
PREVIOUS_SUBJECT = "previous_subject"  # the one before it, for "previous" after a topic
WALK = "walk"  # True while walking through every aspect of a treatment
COMPARE = "compare"  # the comparison in progress: {"a": id, "b": id, "part": n}
PENDING = "pending"  # what "yes" accepts: {"do": ..., ...}
DISCLAIMED = "disclaimed"  # the short disclaimer was heard this session
USER = "user"  # the stored visit record, put there on a new session (skill.persistence)
LOCALE = "locale"  # the request's locale, for the interceptors
LAST_RESPONSE = "last"  # the last answer, for "repeat"
LAST_VIEW = "view"  # the last answer's card and screen, for "repeat"

# --- request attributes -------------------------------------------------------------------------
VERDICT = "safety"  # the safety gate's verdict for this request (skill.safety.gate)
VISIT_PENDING = "persistence.visit"  # a new visit was counted: save the record at the end
