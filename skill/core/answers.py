"""Answers: content lookups turned into a :class:`~skill.core.speech.Reply`, plus session state.

Handlers stay thin: they read slots and call one function here. The session keeps the current
treatment and aspect (for follow-ups), the comparison in progress, the offer that "yes" accepts,
and the walk-through mode. Nothing about the user's health is kept: only which content ids were
last spoken. The skill never asks about the user's own condition: every question it asks offers
more content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill import content
from skill.content import Aspect, Topic, TopicId, TreatmentId, phrases
from skill.core import state
from skill.core.speech import Reply, render
from skill.core.state import (
    ASPECT,
    COMPARE,
    PREVIOUS_SUBJECT,
    SUBJECT,
    TOPIC,
    WALK,
    Pending,
)
from skill.safety import Verdict

TREATMENT_IDS = frozenset(t.value for t in TreatmentId)
ASPECT_IDS = frozenset(a.value for a in Aspect)

# Said after a situation whose own last sentence names no dermatologist, so that every
# situation answer ends with a dermatologist's diagnosis before the single offer question.
DIAGNOSIS_CLOSER = "A dermatologist can also confirm the diagnosis."

# How an offer names a topic whose title does not follow "Would you like to hear about".
OFFER_NAMES: dict[str, str] = {
    TopicId.WHAT_ARE_MILIA: "what milia are",
    TopicId.SEE_DERMATOLOGIST: "seeing a dermatologist",
    TopicId.PICKED_SPOT_CARE: "caring for a picked spot",
    TopicId.DANGER: "whether milia are dangerous",
    TopicId.GO_AWAY: "whether milia go away on their own",
    TopicId.IS_IT_MILIA: "how to find out whether a bump is milia",
}


def session(handler_input: HandlerInput) -> dict[str, Any]:
    """The session attributes (created on first use)."""
    return state.session_attributes(handler_input)


def _with_disclaimer(handler_input: HandlerInput, speech: str) -> str:
    """Health answers carry the short disclaimer once per session (launch already says it)."""
    if state.mark_disclaimed(session(handler_input)):
        return speech
    return f"{phrases.DISCLAIMER_SHORT} {speech}"


def _card(text: str) -> str:
    return f"{text}\n\n{phrases.DISCLAIMER_CARD}"


def _screen(
    title: str, subtitle: str, facts: list[str] | tuple[str, ...], aftercare: Any = ()
) -> dict[str, Any]:
    """The data one ``skill/apl/answer.json`` screen shows (``miliaData`` in the document)."""
    return {
        "document": "answer",
        "title": title,
        "subtitle": subtitle,
        "facts": list(facts),
        "aftercare": list(aftercare),
        "disclaimer": phrases.DISCLAIMER_SHORT,
    }


def _offer(handler_input: HandlerInput, question: str, pending: Pending | None) -> str:
    """Ask ``question``, and remember what "yes" to it means."""
    state.offer(session(handler_input), pending)
    return question


def forget_place(handler_input: HandlerInput) -> None:
    """Drop the conversation's place (topic, aspect, comparison, walk, offer)."""
    state.forget_place(session(handler_input))


def respond(handler_input: HandlerInput, reply: Reply) -> Response:
    """Render a reply (kept here so every answer goes through one door)."""
    return render(handler_input, reply)


def _name(tid: str) -> str:
    return content.treatment(tid).name


def _choices(exclude: str | None = None) -> str:
    """ "mechanical extraction, chemical peels, ..., or laser ablation"."""
    names = [content.TREATMENTS[t].name for t in TreatmentId if t.value != exclude]
    return f"{', '.join(names[:-1])}, or {names[-1]}"


def _treatment_menu() -> str:
    return f"You can pick {_choices()}."


# --- treatments ----------------------------------------------------------------------------
def treatment_answer(
    handler_input: HandlerInput, treatment_id: str | None, aspect_id: str | None, lead: str = ""
) -> Response:
    """One aspect of one treatment, using the session's treatment or aspect when one is missing.

    A named treatment with no aspect starts at how it works, unless the last answer asked
    "which treatment?" for an aspect (then that aspect), or for a second treatment to compare.
    """
    attrs = session(handler_input)
    pending = state.pending(attrs)
    if pending is not None and treatment_id in TREATMENT_IDS and aspect_id not in ASPECT_IDS:
        other = pending.a
        if pending.do == Pending.PICK_TREATMENT and pending.aspect in ASPECT_IDS:
            aspect_id = pending.aspect
        elif pending.do == Pending.PICK_SECOND and other in TREATMENT_IDS and other != treatment_id:
            return compare(handler_input, other, treatment_id)
    tid = treatment_id if treatment_id in TREATMENT_IDS else attrs.get(TOPIC)
    if tid not in TREATMENT_IDS:
        return _ask_which_treatment(handler_input, aspect_id)
    if aspect_id in ASPECT_IDS:
        aspect = Aspect(aspect_id)
    elif treatment_id in TREATMENT_IDS or attrs.get(ASPECT) not in ASPECT_IDS:
        aspect = Aspect.HOW_IT_WORKS
    else:
        aspect = Aspect(attrs[ASPECT])
    return _speak_aspect(handler_input, TreatmentId(tid), aspect, lead)


def _ask_which_treatment(handler_input: HandlerInput, aspect_id: str | None) -> Response:
    attrs = session(handler_input)
    if aspect_id in ASPECT_IDS:
        label = phrases.ASPECT_LABELS[Aspect(aspect_id)]
        state.offer(attrs, Pending.for_treatment(aspect_id))
        speech = f"Sure, I can tell you {label}. Which treatment do you mean: {_choices()}?"
        reprompt = f"Which treatment do you mean: {_choices()}?"
    else:
        state.offer(attrs, None)
        speech = reprompt = f"Which treatment would you like to hear about: {_choices()}?"
    return respond(handler_input, Reply(speech, reprompt=reprompt))


def _speak_aspect(
    handler_input: HandlerInput, tid: TreatmentId, aspect: Aspect, lead: str = ""
) -> Response:
    attrs = session(handler_input)
    treatment = content.treatment(tid)
    seg = treatment.aspects[aspect]
    attrs[TOPIC] = tid.value
    attrs[ASPECT] = aspect.value
    attrs.pop(SUBJECT, None)
    attrs.pop(COMPARE, None)
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
            Pending.of_aspect(tid.value, following.value),
        )
    else:
        attrs.pop(WALK, None)
        offer = _offer(handler_input, phrases.OFFER_OTHER_TREATMENT, Pending.of_list())
    body = f"{lead} {seg.speech}" if lead else seg.speech
    speech = _with_disclaimer(handler_input, f"{body} {offer}")
    title = f"{treatment.title}: {phrases.ASPECT_TITLES[aspect]}"
    screen = _screen(
        treatment.title,
        phrases.ASPECT_TITLES[aspect],
        treatment.key_facts,
        treatment.aftercare_points,
    )
    return respond(
        handler_input,
        Reply(speech, reprompt=offer, card_title=title, card_text=_card(seg.card), screen=screen),
    )


def walkthrough(handler_input: HandlerInput, treatment_id: str | None) -> Response:
    """Start walking through every aspect of a treatment, one at a time."""
    attrs = session(handler_input)
    tid = treatment_id if treatment_id in TREATMENT_IDS else attrs.get(TOPIC)
    if tid not in TREATMENT_IDS:
        attrs[WALK] = True  # kept until a treatment is picked
        return _ask_which_treatment(handler_input, None)
    attrs[WALK] = True
    return _speak_aspect(handler_input, TreatmentId(tid), Aspect.HOW_IT_WORKS)


def step(handler_input: HandlerInput, forward: bool) -> Response:
    """Next or previous: the following (or earlier) aspect, or part of a comparison."""
    attrs = session(handler_input)
    comparing = attrs.get(COMPARE)
    if isinstance(comparing, dict) and not attrs.get(SUBJECT):
        return _compare_step(handler_input, comparing, forward)
    if attrs.get(SUBJECT):
        # After a topic: "next" follows its offer, "previous" goes back to the topic before.
        earlier = attrs.get(PREVIOUS_SUBJECT)
        if forward:
            return more(handler_input)
        if isinstance(earlier, str) and _entry(earlier) is not None:
            return topic_answer(handler_input, earlier)
    tid = attrs.get(TOPIC)
    if tid not in TREATMENT_IDS:
        return list_treatments(handler_input)
    current = Aspect(attrs[ASPECT]) if attrs.get(ASPECT) in ASPECT_IDS else Aspect.HOW_IT_WORKS
    target = content.next_aspect(current) if forward else content.previous_aspect(current)
    if target is not None:
        return _speak_aspect(handler_input, TreatmentId(tid), target)
    if forward:
        attrs.pop(WALK, None)
        offer = _offer(handler_input, phrases.OFFER_OTHER_TREATMENT, Pending.of_list())
        speech = f"That was the last part about {_name(tid)}. {offer}"
    else:
        label = phrases.ASPECT_LABELS[current]
        offer = _offer(
            handler_input,
            f"Would you like to hear {label} again?",
            Pending.of_aspect(tid, current.value),
        )
        speech = f"That's the first part about {_name(tid)}. {offer}"
    return respond(handler_input, Reply(speech, reprompt=offer))


def more(handler_input: HandlerInput) -> Response:
    """ "Tell me more": the next part of whatever is in focus."""
    attrs = session(handler_input)
    subject = attrs.get(SUBJECT)
    if subject:
        entry = _entry(subject)
        related = _related(entry) if entry is not None else None
        if related in TREATMENT_IDS:
            return treatment_answer(handler_input, related, Aspect.HOW_IT_WORKS.value)
        if related is not None:
            return topic_answer(handler_input, related)
        return list_treatments(handler_input)
    if attrs.get(TOPIC) in TREATMENT_IDS or isinstance(attrs.get(COMPARE), dict):
        return step(handler_input, forward=True)
    return list_treatments(handler_input)


# --- comparisons ---------------------------------------------------------------------------
COMPARE_PARTS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("suits", "Who each suits"), ("sensation", "How each feels")),
    (("downtime", "Downtime"), ("sessions", "Sessions"), ("timeline", "Timeline")),
)


# Which side-by-side fact answers "which is least painful?" and the like, per aspect.
ACROSS_FIELDS: dict[str, tuple[str, str]] = {
    Aspect.SENSATION.value: ("sensation", "How each one feels"),
    Aspect.AFTERCARE.value: ("downtime", "Downtime for each"),
    Aspect.SESSIONS.value: ("sessions", "How many sessions each takes"),
    Aspect.WHO_IT_SUITS.value: ("suits", "Who each one suits"),
}


# The bottom line that leads each answer across all five treatments.
ACROSS_CONCLUSIONS: dict[str, str] = {
    Aspect.SENSATION.value: (
        "Retinoids are painless. Extraction is usually the mildest procedure."
    ),
    Aspect.AFTERCARE.value: "Extraction usually has the least downtime, and freezing the most.",
    Aspect.SESSIONS.value: "Extraction usually takes one visit, and peels take the most.",
    Aspect.WHO_IT_SUITS.value: "It depends on how many milia you have.",
}


def across_text(aspect_id: str | None) -> tuple[str, str, list[str]]:
    """The spoken answer (before the offer), the card title and the lines, for one aspect."""
    key = aspect_id if aspect_id in ACROSS_FIELDS else Aspect.WHO_IT_SUITS.value
    field_name, label = ACROSS_FIELDS[key]
    lines = [
        f"{t.name.capitalize()}: {getattr(t.compare, field_name)}."
        for t in content.TREATMENTS.values()
    ]
    spoken = f"{ACROSS_CONCLUSIONS[key]} {' '.join(lines)} A dermatologist can help you choose."
    return spoken, label, lines


def across(handler_input: HandlerInput, aspect_id: str | None) -> Response:
    """One aspect across all five treatments: "which is least painful?", "which heals fastest?".
    The bottom line comes first, then each treatment in a few words."""
    spoken, label, lines = across_text(aspect_id)
    forget_place(handler_input)
    offer = _offer(handler_input, "Which one would you like to hear more about?", None)
    speech = _with_disclaimer(handler_input, f"{spoken} {offer}")
    return respond(
        handler_input,
        Reply(
            speech,
            reprompt=f"{offer} {_treatment_menu()}",
            card_title=label,
            card_text=_card("\n".join(lines)),
            screen=_screen(label, "All five treatments", lines),
        ),
    )


def compare(
    handler_input: HandlerInput, first: str | None, second: str | None, part: int = 0
) -> Response:
    """Two treatments side by side, in two short parts, in the order they were named.

    With one treatment named, the other is the one in focus ("compare it with laser"); with
    none in focus, the skill asks for the second.
    """
    attrs = session(handler_input)
    named = list(dict.fromkeys(t for t in (first, second) if t in TREATMENT_IDS))
    current = attrs.get(TOPIC)
    if len(named) == 1 and current in TREATMENT_IDS and current != named[0]:
        named = [current, named[0]]
    if len(named) == 1:
        only = named[0]
        question = (
            f"Which treatment would you like to compare {_name(only)} with: {_choices(only)}?"
        )
        state.offer(attrs, Pending.for_second(only))
        return respond(handler_input, Reply(question, reprompt=question))
    if not named:  # one named is handled above: here none or two are
        question = f"Which two treatments would you like to compare? {_treatment_menu()}"
        state.offer(attrs, None)
        return respond(handler_input, Reply(question, reprompt=question))
    first, second = named
    part = min(max(part, 0), len(COMPARE_PARTS) - 1)
    a, b = content.treatment(first), content.treatment(second)
    sentences = [compare_text(first, second, part)]
    if part + 1 < len(COMPARE_PARTS):
        offer = _offer(
            handler_input,
            "Want to hear about downtime, sessions and timeline too?",
            Pending.of_comparison(first, second, part + 1),
        )
    else:
        offer = _offer(handler_input, phrases.OFFER_OTHER_TREATMENT, Pending.of_list())
    attrs[TOPIC] = first
    attrs[COMPARE] = {"a": first, "b": second, "part": part}
    for key in (ASPECT, SUBJECT, WALK):
        attrs.pop(key, None)
    speech = _with_disclaimer(handler_input, " ".join([*sentences, offer]))
    card_lines = [
        f"{label}: {a.title}: {getattr(a.compare, f)}. {b.title}: {getattr(b.compare, f)}."
        for parts in COMPARE_PARTS
        for f, label in parts
    ]
    title = f"{a.title} vs {b.title}"
    return respond(
        handler_input,
        Reply(
            speech,
            reprompt=offer,
            card_title=title,
            card_text=_card("\n".join(card_lines)),
            screen=_screen(title, "Side by side", card_lines),
        ),
    )


def bottom_line(first: str, second: str) -> str:
    """A comparison's conclusion, said before the details: which usually shows results sooner."""
    a, b = content.treatment(first), content.treatment(second)
    if a.compare.speed == b.compare.speed:
        return f"In short, {a.name} and {b.name} both take a few months to show results."
    fast, slow = (a, b) if a.compare.speed < b.compare.speed else (b, a)
    return f"In short, {fast.name} usually shows results sooner than {slow.name}."


def compare_text(first: str, second: str, part: int) -> str:
    """One part of a comparison, before the offer: the bottom line leads the first part, and
    the last part ends by pointing to a dermatologist."""
    a, b = content.treatment(first), content.treatment(second)
    sentences = [
        f"{label}. {a.name.capitalize()}: {getattr(a.compare, field_name)}. "
        f"{b.name.capitalize()}: {getattr(b.compare, field_name)}."
        for field_name, label in COMPARE_PARTS[part]
    ]
    if part == 0:
        sentences.insert(0, bottom_line(first, second))
    if part + 1 == len(COMPARE_PARTS):
        sentences.append("A dermatologist can help you choose.")
    return " ".join(sentences)


def _compare_step(
    handler_input: HandlerInput, comparing: dict[str, Any], forward: bool
) -> Response:
    a, b = comparing.get("a"), comparing.get("b")
    try:
        part = int(comparing.get("part", 0))
    except (TypeError, ValueError):
        part = 0
    target = part + 1 if forward else part - 1
    if 0 <= target < len(COMPARE_PARTS):
        return compare(handler_input, a, b, target)
    if a not in TREATMENT_IDS or b not in TREATMENT_IDS:
        return list_treatments(handler_input)
    pair = f"{_name(a)} and {_name(b)}"
    if forward:
        offer = _offer(handler_input, phrases.OFFER_OTHER_TREATMENT, Pending.of_list())
        speech = f"That was the whole comparison of {pair}. {offer}"
    else:
        offer = _offer(
            handler_input,
            "Would you like to hear it again?",
            Pending.of_comparison(a, b, 0),
        )
        speech = f"That's the start of the comparison of {pair}. {offer}"
    return respond(handler_input, Reply(speech, reprompt=offer))


# --- topics and situations -----------------------------------------------------------------
def _entry(entry_id: Any) -> Topic | None:
    if not isinstance(entry_id, str):
        return None
    return content.TOPICS.get(entry_id) or content.SITUATIONS.get(entry_id)


def _related(entry: Topic) -> str | None:
    """What a topic or situation answer offers next: a treatment or a general topic."""
    return next((r for r in entry.related if r in content.TOPICS or r in TREATMENT_IDS), None)


def _last_sentence(text: str) -> str:
    body = text.strip().rstrip(".!?")
    for mark in (". ", "! ", "? "):
        body = body.rsplit(mark, 1)[-1]
    return body


def situation_text(text: str) -> str:
    """A situation's text, ending with a dermatologist's diagnosis."""
    if "dermatologist" in _last_sentence(text).lower():
        return text
    return f"{text.rstrip()} {DIAGNOSIS_CLOSER}"


def topic_answer(handler_input: HandlerInput, topic_id: str) -> Response:
    """A general topic or a named situation.

    A situation is answered from the guide as it stands, never by asking about the user's own
    skin, and its last statement recommends a dermatologist's diagnosis, followed by one offer.
    """
    entry = _entry(topic_id)
    if entry is None:
        return no_match(handler_input)
    if entry.id == TopicId.TREATMENT_OVERVIEW:
        return list_treatments(handler_input)
    if entry.id in content.URGENT_IDS:
        return urgent_answer(handler_input, entry)
    attrs = session(handler_input)
    if attrs.get(SUBJECT) not in (None, entry.id):
        attrs[PREVIOUS_SUBJECT] = attrs[SUBJECT]
    attrs[SUBJECT] = entry.id
    attrs.pop(WALK, None)
    attrs.pop(COMPARE, None)
    related = _related(entry)
    if related in TREATMENT_IDS:
        offer = _offer(
            handler_input,
            f"Would you like to hear about {_name(related)}?",
            Pending.of_aspect(related, Aspect.HOW_IT_WORKS.value),
        )
    elif related is not None:
        title = content.TOPICS[related].title
        named = OFFER_NAMES.get(related) or f"{title[0].lower()}{title[1:]}".rstrip("?")
        offer = _offer(
            handler_input,
            f"Would you like to hear about {named}?",
            Pending.of_topic(related),
        )
    else:
        offer = _offer(handler_input, phrases.OFFER_TOPIC, None)
    body, card = entry.segment.speech, entry.segment.card
    if entry.id in content.SITUATIONS:
        body, card = situation_text(body), situation_text(card)
    speech = _with_disclaimer(handler_input, f"{body} {offer}")
    return respond(
        handler_input,
        Reply(
            speech,
            reprompt=offer,
            card_title=entry.title,
            card_text=_card(card),
            screen=_screen(entry.title, "Milia Guide", [card]),
        ),
    )


def urgent_answer(handler_input: HandlerInput, entry: Topic) -> Response:
    """Red-flag symptoms: the urgent advice first, then the disclaimer, and nothing offered
    after it. The session ends, so no question is left hanging over the advice."""
    forget_place(handler_input)
    attrs = session(handler_input)
    state.mark_disclaimed(attrs)
    attrs[SUBJECT] = entry.id
    speech = f"{entry.segment.speech} {phrases.DISCLAIMER_URGENT}"
    return respond(
        handler_input,
        Reply(
            speech,
            card_title=entry.title,
            card_text=_card(entry.segment.card),
            end_session=True,
            screen=_screen(entry.title, "Milia Guide", [entry.segment.card]),
        ),
    )


def situation_menu(handler_input: HandlerInput) -> Response:
    """A situation Alexa could not pin down: the situations the guide covers, as an offer."""
    attrs = session(handler_input)
    for key in (WALK, COMPARE):
        attrs.pop(key, None)
    state.offer(attrs, None)
    titles = [f"{t.title[0].lower()}{t.title[1:]}" for t in content.SITUATIONS.values()]
    covered = f"{', '.join(titles[:-1])}, or {titles[-1]}"
    question = "Which would you like to hear about?"
    speech = f"I can explain {covered}. {question}"
    return respond(handler_input, Reply(speech, reprompt=f"I can explain {covered}. {question}"))


def list_treatments(handler_input: HandlerInput) -> Response:
    """The five professional treatments, then a choice."""
    attrs = session(handler_input)
    for key in (WALK, COMPARE, SUBJECT):
        attrs.pop(key, None)
    overview = content.TOPICS[TopicId.TREATMENT_OVERVIEW]
    offer = _offer(handler_input, "Which one would you like to hear about?", None)
    speech = _with_disclaimer(handler_input, f"{overview.segment.speech} {offer}")
    lines = [f"{t.title}: {t.summary}" for t in content.TREATMENTS.values()]
    return respond(
        handler_input,
        Reply(
            speech,
            reprompt=f"Which treatment would you like to hear about: {_choices()}?",
            card_title=overview.title,
            card_text=_card("\n".join(lines)),
            screen=_screen(overview.title, "Professional options", lines),
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
    attrs.pop(COMPARE, None)
    risks = content.TOPICS[TopicId.DIY_RISKS].segment.card
    if verdict.urgent:
        return _urgent_refusal(handler_input, verdict, risks)
    if verdict.child:
        text = phrases.REFUSAL_CHILD
        state.offer(attrs, Pending.of_topic(TopicId.GO_AWAY.value))
    else:
        text = phrases.REFUSAL
        state.offer(attrs, Pending.of_list())
    question = text.rsplit(". ", 1)[-1]
    return respond(
        handler_input,
        Reply(
            text,
            reprompt=question,
            card_title="Why not at home",
            card_text=_card(risks),
            screen=_screen("Why not at home", "Milia Guide", [risks]),
        ),
    )


def urgent_refusal_text(verdict: Verdict) -> str:
    """A refusal with red-flag symptoms: the urgent advice, the refusal, then the disclaimer,
    under 60 words in all."""
    if verdict.child:
        urgent, refusal_line = phrases.URGENT_SHORT["BABY_UNWELL"], phrases.REFUSAL_URGENT_CHILD
    else:
        urgent = phrases.URGENT_SHORT.get(verdict.route or "", phrases.URGENT_SHORT["RED_FLAGS"])
        refusal_line = phrases.REFUSAL_URGENT
    return f"{urgent} {refusal_line} {phrases.DISCLAIMER_URGENT}"


def _urgent_refusal(handler_input: HandlerInput, verdict: Verdict, risks: str) -> Response:
    forget_place(handler_input)
    state.mark_disclaimed(session(handler_input))
    return respond(
        handler_input,
        Reply(
            urgent_refusal_text(verdict),
            card_title="Why not at home",
            card_text=_card(risks),
            end_session=True,
            screen=_screen("Why not at home", "Milia Guide", [risks]),
        ),
    )


def accept_offer(handler_input: HandlerInput) -> Response | None:
    """Carry out what the last answer offered, if anything ("yes")."""
    pending = state.take_pending(session(handler_input))
    if pending is None:
        return None
    accept = _OFFERS.get(pending.do)
    return accept(handler_input, pending) if accept is not None else None


def _accept_aspect(handler_input: HandlerInput, pending: Pending) -> Response | None:
    treatment_id = pending.treatment
    # Picking up from last time: the topic is named only now, after the user said yes.
    lead = (
        f"Picking up with {_name(treatment_id)}."
        if pending.resume and treatment_id in TREATMENT_IDS
        else ""
    )
    return treatment_answer(handler_input, treatment_id, pending.aspect, lead)


def _accept_compare(handler_input: HandlerInput, pending: Pending) -> Response | None:
    part = pending.part if pending.part is not None else 1
    return compare(handler_input, pending.a, pending.b, part)


def _accept_topic(handler_input: HandlerInput, pending: Pending) -> Response | None:
    if pending.topic is not None:
        return topic_answer(handler_input, pending.topic)
    return None


def _accept_list(handler_input: HandlerInput, pending: Pending) -> Response | None:
    return list_treatments(handler_input)


def _accept_second(handler_input: HandlerInput, pending: Pending) -> Response | None:
    if pending.a in TREATMENT_IDS:
        return compare(handler_input, pending.a, None)
    return None


# What "yes" does, by the offer's kind (Pending.do).
_OFFERS: dict[str, Callable[[HandlerInput, Pending], Response | None]] = {
    Pending.ASPECT: _accept_aspect,
    Pending.COMPARE: _accept_compare,
    Pending.TOPIC: _accept_topic,
    Pending.LIST: _accept_list,
    Pending.PICK_TREATMENT: _accept_list,
    Pending.PICK_SECOND: _accept_second,
}
