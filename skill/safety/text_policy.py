"""The policy for words: a SearchQuery value, or slot words outside their lists.

The words are described once by a :class:`Features` record (what is done, who does it, what kind
of question it is); then :data:`TEXT_RULES`, in order, each readable on its own, decides. The
first rule with a verdict wins; with none, the words are allowed. The vocabulary behind each
feature is in :mod:`skill.safety.vocabulary`; the red-team suites pin the behaviour.

The policy: tool handling and technique are refused whoever does them; an extraction act or a
removal done by the user (or someone at home, or a child) is refused unless the question is about
the risks; a professional doing it, a risk question, a picked spot and home retinoid use are
answered, routed to the topic that fits; red flags send people to a doctor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from skill.safety import vocabulary as v
from skill.safety.verdict import (
    ALLOW,
    BABY_UNWELL_ID,
    COMEDONE_EXTRACTOR_ID,
    DIY_RISKS,
    EXTRACTION_CONTEXT,
    EYE_RED_FLAGS_ID,
    OTC_RETINOIDS,
    PICKED_SPOT_CARE,
    PRO_EXTRACTION,
    RED_FLAGS_ID,
    RETINOID_CONTEXT,
    Kind,
    Verdict,
)

# Words in a question that can point back at the conversation ("can I do that at home?"): a
# longer one says what it is about.
ANAPHORIC_MAX_WORDS = 12


class Features(NamedTuple):
    """What the words say, computed once per text."""

    text: str  # normalised and padded with spaces
    tokens: list[str]
    milia: bool  # names the bumps
    child: bool  # a child is involved
    urgent: bool  # red-flag symptoms
    urgent_id: str  # the urgent answer that fits: a child's, the eyes', or infection signs
    self_: bool  # the user does it: at home, myself, DIY, a hack
    avoids: bool  # the user won't see a professional ("can't afford a dermatologist")
    copies: bool  # the user will copy a professional ("so I can do the same")
    first: bool  # the user as the one acting ("can I", "how do I")
    method: bool  # asks for a method ("how to", "best way to", "steps")
    tool_home: bool  # a consumer tool (pin, tweezers, wart freezer...)
    tool: bool  # any tool, a professional's included
    acts: bool  # an extraction act (pop, squeeze, lance, "get it out"...)
    removes: bool  # an explicit removal (remove, get rid of, take off)
    removes_now: bool  # removal asked for now, not one already had ("after my peel" left out)
    does: bool  # a vaguer doing word (do, treat, freeze, zap...)
    pro_actor: bool  # a professional does it, and no lay person is said to
    lay: bool  # the user, someone avoiding or copying a professional, or someone at home
    others: bool  # someone at home ("my husband's", "can my mom")
    after_procedure: bool  # "after laser", "after my peel": aftercare
    risk_q: bool  # a question about the risks ("is it safe to pop them?")
    retinoid: bool  # names a retinoid
    situation: bool  # names a situation (eyes, pregnancy, darker skin, a child...)
    anaphoric: bool  # points back at the conversation ("can I do that?")

    def has(self, phrases: frozenset[str]) -> bool:
        return v._has(self.text, phrases)


def features(text: str) -> Features:
    """Describe the words (already checked to be non-empty)."""
    t = v.normalise(text)
    tokens = t.split()
    child = v._has(t, v.CHILD)
    urgent = (
        v._has(t, v.URGENT)
        or (v._has(t, v.SPREADING) and v._has(t, v.RED))
        or (child and v._has(t, v.URGENT_CHILD))
    )
    if child:
        urgent_id = BABY_UNWELL_ID
    else:
        urgent_id = EYE_RED_FLAGS_ID if v._has(t, v.URGENT_EYE) else RED_FLAGS_ID
    self_ = v._has(t, v.SELF) or v._has(t, v.DIY)
    avoids = v._has(t, v.AVOID_PRO)
    copies = v._has(t, v.COPY)
    first = v._first_person(t, tokens)
    method = v._method(t, tokens)
    tool_home = v._has(t, v.TOOLS_HOME)
    delegated = v._delegated(tokens)
    third = bool(v.THIRD_PERSON & set(tokens)) or v._has(t, v.PASSIVE)
    pro = v._has(t, v.PRO) or delegated or (third and not first)
    others = v._others(tokens)
    lay = self_ or avoids or copies or (others and not v._pro_subject(tokens))
    after_procedure, rest = v._after_procedure(tokens)
    # "that", "it", "those" pointing back at the conversation ("is it ..." is no pointer).
    pointers = t.replace(" is it ", " ").replace(" was it ", " ").split()
    return Features(
        text=t,
        tokens=tokens,
        milia=v._has(t, v.BUMPS),
        child=child,
        urgent=urgent,
        urgent_id=urgent_id,
        self_=self_,
        avoids=avoids,
        copies=copies,
        first=first,
        method=method,
        tool_home=tool_home,
        tool=tool_home or v._has(t, v.TOOLS_PRO),
        acts=v._acts(t, tokens),
        removes=v._removes(t, tokens),
        removes_now=v._removes(" " + " ".join(rest) + " ", rest),
        does=v._has(t, v.DO_WORDS),
        pro_actor=pro and not lay and (not first or delegated),
        lay=lay,
        others=others,
        after_procedure=after_procedure,
        risk_q=(v._has(t, v.RISK) or t.startswith(" should i ")) and not method,
        retinoid=v._has(t, v.RETINOIDS),
        situation=v._has(t, v.SITUATIONS) or child,
        anaphoric=len(tokens) <= ANAPHORIC_MAX_WORDS and bool(v.ANAPHORA & set(pointers)),
    )


Rule = Callable[[Features, str | None], Verdict | None]


def _refuse(f: Features, reason: str) -> Verdict:
    return Verdict(Kind.REFUSE, child=f.child, urgent=f.urgent, reason=reason)


def _route(f: Features, topic_id: str, reason: str) -> Verdict:
    return Verdict(route=topic_id, child=f.child, reason=reason)


def _pro_answer(f: Features) -> Verdict:
    """Tools and actions done by a professional: the professional-extraction answer, unless
    the words name a treatment or a situation (their own answer fits better)."""
    if f.situation or f.has(v.OTHER_TREATMENTS) or f.has(v.NAMED_EXTRACTION):
        return Verdict(child=f.child, reason="professional")
    if f.has(v.EXTRACTOR_NAMES) and f.has(v.INFO_QUESTION):
        return _route(f, COMEDONE_EXTRACTOR_ID, "what a comedone extractor is")
    return _route(f, PRO_EXTRACTION, "professional extraction")


def _retinoid_route(f: Features) -> Verdict:
    if f.situation:  # pregnancy, eyelids...: the situation's answer covers retinoids there
        return Verdict(child=f.child, reason="home retinoid use")
    return Verdict(route=OTC_RETINOIDS, reason="home retinoid use")


# --- the rules, in order ----------------------------------------------------------------------
def tool_handling_and_technique(f: Features, topic: str | None) -> Verdict | None:
    """Sterilising tools, depth, angle, pressure: refused whoever is said to do it."""
    professional_only = f.pro_actor and not (f.tool_home or f.method or f.child)
    if f.has(v.STERILISE) and f.tool and not professional_only:
        return _refuse(f, "sterilising tools")
    if f.has(v.TECH_STRONG) and (f.tool or f.acts or f.milia):
        return _refuse(f, "technique, depth or angle")
    if f.has(v.TECH_WEAK) and (f.tool or f.acts):
        return _refuse(f, "technique, depth or angle")
    return None


def role_play(f: Features, topic: str | None) -> Verdict | None:
    """Role-play and hypotheticals don't change the answer."""
    asks_removal = (f.removes or f.does) and (f.self_ or f.method or f.first)
    if f.has(v.ROLEPLAY) and (f.acts or f.tool or asks_removal):
        return _refuse(f, "role-play or hypothetical")
    return None


def buying_tools(f: Features, topic: str | None) -> Verdict | None:
    """Buying or getting tools (a retinoid is fine to buy)."""
    if f.has(v.BUY) and not f.retinoid:
        if f.tool or f.has(v.HOME_AGENTS) or f.acts or f.removes:
            return _refuse(f, "buying tools")
        if f.anaphoric and topic not in RETINOID_CONTEXT:
            return _refuse(f, "buying tools (follow-up)")
    if f.has(v.ACQUIRE) and topic in EXTRACTION_CONTEXT and not f.retinoid:
        return _refuse(f, "getting tools (follow-up)")
    return None


def picked_spot(f: Features, topic: str | None) -> Verdict | None:
    """A spot already picked: care for it (or urgent care), unless the ask is how to finish."""
    if not v._picked(f.text, f.tokens):
        return None
    rest = v._without_picking(f.text)
    rest_tokens = rest.split()
    finishing = v._acts(rest, rest_tokens) or v._uses_tool(rest_tokens)
    if (f.method or f.first) and finishing:
        return _refuse(f, "finishing a home extraction")
    if f.urgent or f.has(v.URGENT_AFTER_PICKING):
        return Verdict(Kind.URGENT, f.child, True, f.urgent_id, "red flags after picking")
    return _route(f, PICKED_SPOT_CARE, "caring for a picked spot")


def tools(f: Features, topic: str | None) -> Verdict | None:
    """Tools: only a professional's, in general terms."""
    if not (f.tool or (f.has(v.HOME_AGENTS) and (f.self_ or f.first or f.method))):
        return None
    if f.pro_actor and not f.child:
        return _pro_answer(f)
    home_ask = f.tool_home or f.lay or f.others or f.first or f.method or f.child
    if f.has(v.INFO_QUESTION) and not home_ask:
        return _pro_answer(f)
    named = f.has(v.NAMED_EXTRACTION) or f.has(v.OTHER_TREATMENTS)
    if named and not (home_ask or f.acts):
        # a named professional treatment, and what it is like ("does extraction with a
        # needle hurt"): the treatment's answer
        return _pro_answer(f)
    return _refuse(f, "home tools")


def steps_or_technique(f: Features, topic: str | None) -> Verdict | None:
    """Steps, technique or instructions for an extraction act or a removal."""
    if f.has(v.TECH_SOFT) and f.acts and not f.pro_actor:
        return _refuse(f, "steps or technique")
    instructions = f.has(v.INSTRUCTIONS) and f.removes_now
    if instructions and not f.pro_actor and not f.has(v.CARE):
        return _refuse(f, "instructions for removal")
    return None


def on_a_child(f: Features, topic: str | None) -> Verdict | None:
    """Doing it to a child."""
    removal = f.removes and (f.method or f.first or f.self_)
    if f.child and not f.pro_actor and (f.acts or removal):
        return _refuse(f, "extraction on a child")
    return None


def _home_removal(f: Features) -> bool:
    """Removal done at home: learning it, copying a professional, doing it oneself, avoiding a
    professional, or someone at home doing it."""
    learns = f.has(v.TEACH) and f.removes
    self_does = f.self_ and (
        f.removes or f.does or f.method or f.has(v.TECH_SOFT) or "how" in f.tokens
    )
    avoider_does = (
        f.avoids
        and (f.method or f.first)
        and (f.removes or f.has(v.TECH_SOFT) or f.has(v.ANAPHORIC_DO))
    )
    someone_at_home = (
        f.others
        and f.removes_now
        and not f.pro_actor
        and (f.method or f.first or v._others_act(f.tokens))
    )
    return learns or f.copies or self_does or avoider_does or someone_at_home


def extraction_or_home_removal(f: Features, topic: str | None) -> Verdict | None:
    """An extraction act, or removal at home: a professional's answer, the risks, or refused."""
    home_removal = _home_removal(f)
    if not (f.acts or home_removal):
        return None
    if f.pro_actor:
        return _pro_answer(f) if f.acts else Verdict(reason="professional")
    if f.risk_q:
        return _risks_answer(f)
    starts = f.tokens[0] in v.IMPERATIVES and len(f.tokens) > 1
    if f.acts and (f.method or f.first or f.self_ or f.others or starts):
        return _refuse(f, "home extraction")
    return _home_removal_answer(f, topic) if home_removal else None


def _risks_answer(f: Features) -> Verdict:
    """The risks of doing it at home (a situation's own answer covers them there)."""
    if f.situation:
        return Verdict(child=f.child, reason="risks of home extraction")
    return _route(f, DIY_RISKS, "risks of home extraction")


def _home_removal_answer(f: Features, topic: str | None) -> Verdict:
    """Removal at home, no extraction act asked for: a retinoid, aftercare, or refused."""
    if f.anaphoric and topic in RETINOID_CONTEXT and not (f.acts or f.removes):
        return _route(f, OTC_RETINOIDS, "retinoid follow-up")
    if f.retinoid and not f.acts:
        return _retinoid_route(f)
    aftercare = f.has(v.AFTERCARE) or f.after_procedure
    if aftercare and not (f.removes_now or f.copies):
        return Verdict(child=f.child, reason="aftercare or prevention at home")
    return _refuse(f, "home removal")


def retinoid_at_home(f: Features, topic: str | None) -> Verdict | None:
    """Using an over-the-counter retinoid at home, as directed."""
    applies = (f.first or f.method) and f.has(v.APPLY)
    if f.retinoid and (f.self_ or applies or f.has(v.BUY)):
        return _retinoid_route(f)
    return None


def context_follow_up(f: Features, topic: str | None) -> Verdict | None:
    """Follow-ups that lean on context: "can I do that at home?", "how do I do it?"."""
    tries = f.has(v.ANAPHORIC_DO) and f.first and (f.method or topic in EXTRACTION_CONTEXT)
    if not (f.anaphoric and not f.retinoid and (f.self_ or tries)):
        return None
    if topic in RETINOID_CONTEXT:
        return _route(f, OTC_RETINOIDS, "retinoid follow-up")
    if f.risk_q:
        return _route(f, DIY_RISKS, "risks of home extraction")
    return _refuse(f, "home follow-up")


def red_flags(f: Features, topic: str | None) -> Verdict | None:
    """Red flags come before anything else the words might be about."""
    if f.urgent:
        return Verdict(Kind.URGENT, f.child, True, f.urgent_id, "red flags")
    return None


TEXT_RULES: tuple[Rule, ...] = (
    tool_handling_and_technique,
    role_play,
    buying_tools,
    picked_spot,
    tools,
    steps_or_technique,
    on_a_child,
    extraction_or_home_removal,
    retinoid_at_home,
    context_follow_up,
    red_flags,
)


def assess_text(text: str | None, topic: str | None = None) -> Verdict:
    """Judge free text (a SearchQuery value or slot words outside their lists).

    ``topic`` is the session's context (the current treatment or subject id), used only for
    follow-ups that lean on it ("can I do that at home?"). Verdicts are immutable, so the same
    words in the same context are judged once per warm process.
    """
    if isinstance(text, str) and (topic is None or isinstance(topic, str)):
        return _assess_cached(text, topic)
    return _assess(text, topic if isinstance(topic, str) else None)


@lru_cache(maxsize=2048)
def _assess_cached(text: str, topic: str | None) -> Verdict:
    return _assess(text, topic)


def _assess(text: str | None, topic: str | None) -> Verdict:
    if not text or not text.strip():
        return ALLOW
    f = features(text)
    for rule in TEXT_RULES:
        verdict = rule(f, topic)
        if verdict is not None:
            return verdict
    return ALLOW
