"""Answers: content lookups turned into a :class:`~skill.speech.Reply`, plus session state.

Handlers stay thin: they read slots and call one function here. The session keeps the current
treatment and aspect (for follow-ups), the offer that "yes" accepts, and the walk-through mode.
Nothing about the user's health is kept: only which content ids were last spoken.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill import content
from skill.content import Aspect, TopicId, TreatmentId, phrases
from skill.safety import Verdict
from skill.speech import Reply, render

# Session attribute keys: one place, so handlers and interceptors agree.
TOPIC = "topic"  # current treatment id
ASPECT = "aspect"  # current aspect id
SUBJECT = "subject"  # current general topic or situation id
WALK = "walk"  # True while walking through every aspect of a treatment
PENDING = "pending"  # what "yes" accepts: {"do": ..., ...}
DISCLAIMED = "disclaimed"  # the short disclaimer was heard this session

TREATMENT_IDS = frozenset(t.value for t in TreatmentId)
ASPECT_IDS = frozenset(a.value for a in Aspect)


def session(handler_input: HandlerInput) -> dict[str, Any]:
    """The session attributes (created on first use)."""
    return handler_input.attributes_manager.session_attributes


def _with_disclaimer(handler_input: HandlerInput, speech: str) -> str:
    """Health answers carry the short disclaimer once per session (launch already says it)."""
    attrs = session(handler_input)
    if attrs.get(DISCLAIMED):
        return speech
    attrs[DISCLAIMED] = True
    return f"{phrases.DISCLAIMER_SHORT} {speech}"


def _card(text: str) -> str:
    return f"{text}\n\n{phrases.DISCLAIMER_CARD}"


def _offer(handler_input: HandlerInput, question: str, pending: dict[str, Any] | None) -> str:
    attrs = session(handler_input)
    if pending is None:
        attrs.pop(PENDING, None)
    else:
        attrs[PENDING] = pending
    return question


def respond(handler_input: HandlerInput, reply: Reply) -> Response:
    """Render a reply (kept here so every answer goes through one door)."""
    return render(handler_input, reply)


# --- treatments ----------------------------------------------------------------------------
def treatment_answer(
    handler_input: HandlerInput, treatment_id: str | None, aspect_id: str | None
) -> Response:
    """One aspect of one treatment, using the session's treatment or aspect when one is missing."""
    attrs = session(handler_input)
    tid = treatment_id if treatment_id in TREATMENT_IDS else attrs.get(TOPIC)
    if tid not in TREATMENT_IDS:
        if aspect_id in ASPECT_IDS:
            label = phrases.ASPECT_LABELS[Aspect(aspect_id)]
            attrs[PENDING] = {"do": "pick_treatment", "aspect": aspect_id}
            speech = f"Sure. For which treatment would you like {label.removeprefix('about ')}?"
        else:
            speech = "Which treatment would you like to hear about?"
        question = _treatment_menu()
        return respond(
            handler_input, Reply(f"{speech} {question}", reprompt=f"{speech} {question}")
        )
    if aspect_id in ASPECT_IDS:
        aspect = Aspect(aspect_id)
    elif treatment_id in TREATMENT_IDS and treatment_id != attrs.get(TOPIC):
        aspect = Aspect.HOW_IT_WORKS
    else:
        aspect = Aspect(attrs.get(ASPECT) or Aspect.HOW_IT_WORKS)
    return _speak_aspect(handler_input, TreatmentId(tid), aspect)


def _treatment_menu() -> str:
    names = [content.TREATMENTS[t].name for t in TreatmentId]
    return f"You can pick {', '.join(names[:-1])}, or {names[-1]}."


def _speak_aspect(handler_input: HandlerInput, tid: TreatmentId, aspect: Aspect) -> Response:
    attrs = session(handler_input)
    treatment = content.treatment(tid)
    seg = treatment.aspects[aspect]
    attrs[TOPIC] = tid.value
    attrs[ASPECT] = aspect.value
    attrs.pop(SUBJECT, None)
    following = content.next_aspect(aspect)
    if following is not None:
        label = phrases.ASPECT_LABELS[following]
        if attrs.get(WALK):
            question = f"Say next to hear {label}, or previous to go back."
        else:
            question = phrases.OFFER_ASPECT.format(label=label)
        offer = _offer(
            handler_input,
            question,
            {"do": "aspect", "treatment": tid.value, "aspect": following.value},
        )
    else:
        attrs.pop(WALK, None)
        offer = _offer(handler_input, phrases.OFFER_OTHER_TREATMENT, {"do": "list"})
    speech = _with_disclaimer(handler_input, f"{seg.speech} {offer}")
    title = f"{treatment.title}: {phrases.ASPECT_TITLES[aspect]}"
    screen = {
        "document": "answer",
        "title": treatment.title,
        "subtitle": phrases.ASPECT_TITLES[aspect],
        "facts": list(treatment.key_facts),
        "aftercare": list(treatment.aftercare_points),
        "disclaimer": phrases.DISCLAIMER_SHORT,
    }
    return respond(
        handler_input,
        Reply(speech, reprompt=offer, card_title=title, card_text=_card(seg.card), screen=screen),
    )


def walkthrough(handler_input: HandlerInput, treatment_id: str | None) -> Response:
    """Start walking through every aspect of a treatment, one at a time."""
    attrs = session(handler_input)
    tid = treatment_id if treatment_id in TREATMENT_IDS else attrs.get(TOPIC)
    if tid not in TREATMENT_IDS:
        return treatment_answer(handler_input, None, None)
    attrs[WALK] = True
    return _speak_aspect(handler_input, TreatmentId(tid), Aspect.HOW_IT_WORKS)


def step(handler_input: HandlerInput, forward: bool) -> Response:
    """Next or previous aspect of the current treatment."""
    attrs = session(handler_input)
    tid = attrs.get(TOPIC)
    if tid not in TREATMENT_IDS:
        return list_treatments(handler_input)
    current = Aspect(attrs.get(ASPECT) or Aspect.HOW_IT_WORKS)
    target = content.next_aspect(current) if forward else content.previous_aspect(current)
    if target is None:
        name = content.treatment(tid).name
        edge = "That was the last part" if forward else "That was the first part"
        question = phrases.OFFER_OTHER_TREATMENT if forward else "Would you like to hear it again?"
        pending = (
            {"do": "list"} if forward else {"do": "aspect", "treatment": tid, "aspect": current}
        )
        offer = _offer(handler_input, question, pending)
        speech = f"{edge} about {name}. {offer}"
        return respond(handler_input, Reply(speech, reprompt=offer))
    return _speak_aspect(handler_input, TreatmentId(tid), target)


def more(handler_input: HandlerInput) -> Response:
    """ "Tell me more": the next part of whatever is in focus."""
    attrs = session(handler_input)
    if attrs.get(TOPIC) in TREATMENT_IDS and not attrs.get(SUBJECT):
        return step(handler_input, forward=True)
    subject = attrs.get(SUBJECT)
    entry = content.TOPICS.get(subject) or content.SITUATIONS.get(subject)  # type: ignore[arg-type]
    if entry is not None and entry.related:
        return topic_answer(handler_input, entry.related[0])
    return list_treatments(handler_input)


# --- comparisons ---------------------------------------------------------------------------
COMPARE_PARTS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("suits", "Who each suits"), ("sensation", "How each feels")),
    (("downtime", "Downtime"), ("sessions", "Sessions"), ("timeline", "Timeline")),
)


def compare(
    handler_input: HandlerInput, first: str | None, second: str | None, part: int = 0
) -> Response:
    """Two treatments side by side, in two short parts."""
    attrs = session(handler_input)
    if first not in TREATMENT_IDS and attrs.get(TOPIC) in TREATMENT_IDS:
        first, second = attrs[TOPIC], first if first in TREATMENT_IDS else second
    if first not in TREATMENT_IDS or second not in TREATMENT_IDS or first == second:
        question = "Which two treatments would you like to compare? " + _treatment_menu()
        attrs.pop(PENDING, None)
        return respond(handler_input, Reply(question, reprompt=question))
    a, b = content.treatment(first), content.treatment(second)
    sentences = []
    for field_name, label in COMPARE_PARTS[part]:
        sentences.append(
            f"{label}. {a.name.capitalize()}: {getattr(a.compare, field_name)}. "
            f"{b.name.capitalize()}: {getattr(b.compare, field_name)}."
        )
    if part + 1 < len(COMPARE_PARTS):
        offer = _offer(
            handler_input,
            "Want to hear about downtime, sessions and timeline too?",
            {"do": "compare", "a": first, "b": second, "part": part + 1},
        )
    else:
        offer = _offer(
            handler_input, "A dermatologist can say which suits you. " + phrases.OFFER_TOPIC, None
        )
    attrs[TOPIC] = first
    attrs.pop(SUBJECT, None)
    speech = _with_disclaimer(handler_input, " ".join([*sentences, offer]))
    card_lines = [
        f"{label}: {a.title}: {getattr(a.compare, f)}. {b.title}: {getattr(b.compare, f)}."
        for parts in COMPARE_PARTS
        for f, label in parts
    ]
    return respond(
        handler_input,
        Reply(
            speech,
            reprompt=offer,
            card_title=f"{a.title} vs {b.title}",
            card_text=_card("\n".join(card_lines)),
            screen={
                "document": "answer",
                "title": f"{a.title} vs {b.title}",
                "subtitle": "Side by side",
                "facts": card_lines,
                "aftercare": [],
                "disclaimer": phrases.DISCLAIMER_SHORT,
            },
        ),
    )


# --- topics and situations -----------------------------------------------------------------
def topic_answer(handler_input: HandlerInput, topic_id: str) -> Response:
    """A general topic or a named situation."""
    entry = content.TOPICS.get(topic_id) or content.SITUATIONS.get(topic_id)  # type: ignore[arg-type]
    if entry is None:
        return no_match(handler_input)
    attrs = session(handler_input)
    attrs[SUBJECT] = entry.id
    attrs.pop(WALK, None)
    if entry.id == TopicId.TREATMENT_OVERVIEW:
        return list_treatments(handler_input)
    related = next((r for r in entry.related if r in content.TOPICS or r in TREATMENT_IDS), None)
    if related in TREATMENT_IDS:
        offer = _offer(
            handler_input,
            f"Would you like to hear about {content.treatment(related).name}?",
            {"do": "aspect", "treatment": related, "aspect": Aspect.HOW_IT_WORKS.value},
        )
    elif related is not None:
        title = content.TOPICS[related].title  # type: ignore[index]
        offer = _offer(
            handler_input,
            f"Would you like to hear about {title[0].lower()}{title[1:]}?",
            {"do": "topic", "id": related},
        )
    else:
        offer = _offer(handler_input, phrases.OFFER_TOPIC, None)
    speech = _with_disclaimer(handler_input, f"{entry.segment.speech} {offer}")
    return respond(
        handler_input,
        Reply(
            speech,
            reprompt=offer,
            card_title=entry.title,
            card_text=_card(entry.segment.card),
            screen={
                "document": "answer",
                "title": entry.title,
                "subtitle": "Milia Guide",
                "facts": [entry.segment.card],
                "aftercare": [],
                "disclaimer": phrases.DISCLAIMER_SHORT,
            },
        ),
    )


def list_treatments(handler_input: HandlerInput) -> Response:
    """The five professional treatments, then a choice."""
    attrs = session(handler_input)
    attrs.pop(WALK, None)
    overview = content.TOPICS[TopicId.TREATMENT_OVERVIEW]
    offer = _offer(handler_input, "Which one would you like to hear about?", None)
    speech = _with_disclaimer(handler_input, f"{overview.segment.speech} {offer}")
    lines = [f"{t.title}: {t.summary}" for t in content.TREATMENTS.values()]
    return respond(
        handler_input,
        Reply(
            speech,
            reprompt=f"{offer} {_treatment_menu()}",
            card_title=overview.title,
            card_text=_card("\n".join(lines)),
            screen={
                "document": "answer",
                "title": overview.title,
                "subtitle": "Professional options",
                "facts": lines,
                "aftercare": [],
                "disclaimer": phrases.DISCLAIMER_SHORT,
            },
        ),
    )


def no_match(handler_input: HandlerInput) -> Response:
    """Free text that named no topic."""
    return respond(handler_input, Reply(phrases.SEARCH_NO_MATCH, reprompt=phrases.REPROMPT_GENERIC))


# --- safety outcomes -----------------------------------------------------------------------
def refusal(handler_input: HandlerInput, verdict: Verdict) -> Response:
    """The at-home refusal: can't guide it, why, what works instead, and an offer."""
    attrs = session(handler_input)
    attrs.pop(WALK, None)
    if verdict.child:
        text = phrases.REFUSAL_CHILD
        attrs[PENDING] = {"do": "topic", "id": "BABY"}
    else:
        text = phrases.REFUSAL
        attrs[PENDING] = {"do": "list"}
    if verdict.urgent:
        text = f"{content.TOPICS[TopicId.RED_FLAGS].segment.speech} {text}"
    question = text.rsplit(". ", 1)[-1]
    return respond(
        handler_input,
        Reply(
            text,
            reprompt=question,
            card_title="Why not at home",
            card_text=_card(content.TOPICS[TopicId.DIY_RISKS].segment.card),
        ),
    )


def accept_offer(handler_input: HandlerInput) -> Response | None:
    """Carry out what the last answer offered, if anything ("yes")."""
    pending = session(handler_input).pop(PENDING, None)
    if not isinstance(pending, dict):
        return None
    action = pending.get("do")
    if action == "aspect":
        return treatment_answer(handler_input, pending.get("treatment"), pending.get("aspect"))
    if action == "compare":
        return compare(
            handler_input, pending.get("a"), pending.get("b"), int(pending.get("part", 1)) % 2
        )
    if action == "topic" and isinstance(pending.get("id"), str):
        return topic_answer(handler_input, pending["id"])
    if action == "list":
        return list_treatments(handler_input)
    if action == "pick_treatment":
        return list_treatments(handler_input)
    return None
