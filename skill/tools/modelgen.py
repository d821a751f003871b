"""Build the Alexa interaction models for every locale from ``skill.lexicon`` and the
sample tables below.

``python -m skill.tools.modelgen`` rewrites ``interaction_models/<locale>.json``;
``python -m skill.tools.modelgen --check`` only reports files that are out of step (exit 1).

Sample rules (checked by ``skill.tools.validate``): lowercase, no punctuation except apostrophes
and abbreviation periods, no digits, no sample in two intents, no two slots side by side,
and every ``AMAZON.SearchQuery`` sample has carrier words around the slot.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from skill import intents as I
from skill.lexicon import INVOCATION_NAME, SLOT_TYPES, values_for
from skill.locales import LOCALES
from skill.tools import samples as S
from skill.tools.slotted import Acceptors, SlottedPattern

MODELS_DIR = Path(__file__).resolve().parents[2] / "interaction_models"

# ---------------------------------------------------------------------------------------
# Slots per intent: (slot name, slot type)
# ---------------------------------------------------------------------------------------

SLOTS: dict[str, tuple[tuple[str, str], ...]] = {
    I.TREATMENT_INFO: (("treatment", "TreatmentType"), ("aspect", "AspectType")),
    I.WALKTHROUGH: (("treatment", "TreatmentType"),),
    I.COMPARE: (("treatmentA", "TreatmentType"), ("treatmentB", "TreatmentType")),
    I.SITUATION: (("situation", "SituationType"), ("symptom", "SymptomType")),
    I.TOPIC: (("topic", "TopicType"),),
    # Who or where, so the gate can tell a request about a baby from one about oneself.
    I.QUESTION: (("query", "AMAZON.SearchQuery"),),
    **S.SLOTS,
}

# ---------------------------------------------------------------------------------------
# Sample tables
# ---------------------------------------------------------------------------------------

_ASPECT_AND_TREATMENT = (
    "{aspect} for {treatment}",
    "{aspect} of {treatment}",
    "{aspect} with {treatment}",
    "{aspect} after {treatment}",
    "{aspect} from {treatment}",
    "{aspect} during {treatment}",
    "{aspect} to get {treatment}",
    "{aspect} to have {treatment}",
    "{aspect} if i get {treatment}",
    "{aspect} if i have {treatment}",
    "what's the {aspect} for {treatment}",
    "what's the {aspect} after {treatment}",
    "what's the {aspect} with {treatment}",
    "what's the {aspect} like for {treatment}",
    "what's the {aspect} like with {treatment}",
    "what is the {aspect} for {treatment}",
    "what is the {aspect} after {treatment}",
    "what is the {aspect} of {treatment}",
    "what are the {aspect} of {treatment}",
    "what are the {aspect} with {treatment}",
    "what about {aspect} for {treatment}",
    "what about the {aspect} for {treatment}",
    "how about {aspect} for {treatment}",
    "and {aspect} for {treatment}",
    "tell me about {aspect} for {treatment}",
    "tell me about the {aspect} for {treatment}",
    "tell me about the {aspect} of {treatment}",
    "tell me about {aspect} after {treatment}",
    "explain the {aspect} for {treatment}",
    "explain {aspect} for {treatment}",
    "i'd like to hear about {aspect} for {treatment}",
    "how {aspect} is {treatment}",
    "how {aspect} is a {treatment}",
    "for {treatment} what's the {aspect}",
    "for {treatment} what about {aspect}",
    "what's {aspect} like for {treatment}",
    "what's {aspect} like after {treatment}",
    "what should i know about {aspect} for {treatment}",
    "give me the {aspect} for {treatment}",
)

_TREATMENT_ONLY = (
    "{treatment}",
    "{treatment} please",
    "tell me about {treatment}",
    "tell me about a {treatment}",
    "tell me more about {treatment}",
    "what is {treatment}",
    "what is a {treatment}",
    "what's {treatment}",
    "what's a {treatment}",
    "what are {treatment}",
    "what about {treatment}",
    "how about {treatment}",
    "explain {treatment}",
    "can you explain {treatment}",
    "describe {treatment}",
    "info on {treatment}",
    "information on {treatment}",
    "information about {treatment}",
    "what do you know about {treatment}",
    "i'd like to hear about {treatment}",
    "i want to hear about {treatment}",
    "let's talk about {treatment}",
    "i'm interested in {treatment}",
    "i'm thinking about {treatment}",
    "i'm considering {treatment}",
    "is {treatment} an option",
    "is {treatment} good for milia",
    "does {treatment} work for milia",
    "how does {treatment} work",
    "how does {treatment} help milia",
    "what does {treatment} involve",
    "what does {treatment} do",
    "go to {treatment}",
    "can milia be treated with {treatment}",
    "can {treatment} remove milia",
    "milia and {treatment}",
    "{treatment} for milia",
)

_WALKTHROUGH = (
    "tell me everything about {treatment}",
    "tell me all about {treatment}",
    "walk me through {treatment}",
    "walk me through {treatment} step by step",
    "take me through {treatment}",
    "run me through {treatment}",
    "go through {treatment} with me",
    "give me the full rundown on {treatment}",
    "give me the rundown on {treatment}",
    "the full rundown on {treatment}",
    "give me all the details on {treatment}",
    "all the details about {treatment}",
    "full details on {treatment}",
    "explain everything about {treatment}",
    "explain {treatment} step by step",
    "everything about {treatment}",
    "everything i need to know about {treatment}",
    "what do i need to know about {treatment}",
    "the whole story on {treatment}",
    "the complete guide to {treatment}",
    "a full guide to {treatment}",
    "a walkthrough of {treatment}",
    "step by step guide to {treatment}",
    "walk me through it",
    "walk me through the whole thing",
    "tell me everything",
    "tell me everything about it",
    "give me the full rundown",
    "the full rundown",
    "give me all the details",
)

_LIST_TREATMENTS = (
    "what treatments are there",
    "what treatments are available",
    "what treatments do you know about",
    "what treatments can you tell me about",
    "what are my options",
    "what are the options",
    "what options are there",
    "what options do i have",
    "give me the options",
    "treatment options",
    "what are the treatment options",
    "what are the treatments for milia",
    "what are the professional treatments",
    "list the treatments",
    "list treatments",
    "read me the treatments",
    "milia treatments",
    "treatments",
    "how do i get rid of milia",
    "how can i get rid of milia",
    "how to get rid of milia",
    "what's the best way to get rid of milia",
    "how are milia removed",
    "how can milia be removed",
    "how do i get milia removed",
    "how do i remove milia",
    "how to remove milia",
    "what are the ways to remove milia",
    "how are milia treated",
    "how do you treat milia",
    "how do i treat milia",
    "how can i treat milia",
    "how do dermatologists treat milia",
    "what can a dermatologist do for milia",
    "which treatments work for milia",
    "what works for milia",
    "what's the best treatment for milia",
    "is there a treatment for milia",
    "can milia be treated",
    "what can be done about milia",
)

_COMPARE = (
    "compare {treatmentA} and {treatmentB}",
    "compare {treatmentA} with {treatmentB}",
    "compare {treatmentA} to {treatmentB}",
    "{treatmentA} or {treatmentB}",
    "{treatmentA} versus {treatmentB}",
    "{treatmentA} vs {treatmentB}",
    "{treatmentA} compared to {treatmentB}",
    "{treatmentA} compared with {treatmentB}",
    "{treatmentA} against {treatmentB}",
    "{treatmentA} and {treatmentB} compared",
    "which is better {treatmentA} or {treatmentB}",
    "which is better for milia {treatmentA} or {treatmentB}",
    "what's better {treatmentA} or {treatmentB}",
    "is {treatmentA} better than {treatmentB}",
    "is {treatmentA} or {treatmentB} better",
    "what's the difference between {treatmentA} and {treatmentB}",
    "what is the difference between {treatmentA} and {treatmentB}",
    "difference between {treatmentA} and {treatmentB}",
    "how is {treatmentA} different from {treatmentB}",
    "how does {treatmentA} compare to {treatmentB}",
    "how does {treatmentA} compare with {treatmentB}",
    "should i get {treatmentA} or {treatmentB}",
    "should i choose {treatmentA} or {treatmentB}",
    "which should i choose {treatmentA} or {treatmentB}",
    "which hurts more {treatmentA} or {treatmentB}",
    "which is faster {treatmentA} or {treatmentB}",
    "which has less downtime {treatmentA} or {treatmentB}",
    "pros and cons of {treatmentA} and {treatmentB}",
    # Only the second treatment named: the first is the one being discussed.
    "compare it with {treatmentB}",
    "compare it to {treatmentB}",
    "compare that with {treatmentB}",
    "how does it compare to {treatmentB}",
    "how does that compare with {treatmentB}",
    "is it better than {treatmentB}",
)

_SITUATION = (
    "how are milia {situation} treated",
    "how do you treat milia {situation}",
    "what's the treatment for milia {situation}",
    "{situation}",
    "i have {situation}",
    "i've got {situation}",
    "i am {situation}",
    "i'm {situation}",
    "what if i'm {situation}",
    "what if i have {situation}",
    "what if {situation}",
    "what if my milia {situation}",
    "my milia {situation}",
    "what can i do if my milia {situation}",
    "{situation} has milia",
    "{situation} have milia",
    "{situation} has white bumps",
    "{situation} has little white bumps",
    "milia {situation}",
    "milia in {situation}",
    "milia on {situation}",
    "milia with {situation}",
    "milia during {situation}",
    "milia and {situation}",
    "{situation} and milia",
    "what about milia {situation}",
    "what about milia in {situation}",
    "what about milia on {situation}",
    "what about milia for {situation}",
    "what about {situation}",
    "what's best for milia {situation}",
    "what's best for milia in {situation}",
    "what's best for {situation}",
    "what's best if i have {situation}",
    "what should i do about milia {situation}",
    "what should i do about {situation}",
    "what do you recommend for {situation}",
    "what do you recommend for milia {situation}",
    "how do i treat milia {situation}",
    "how to treat milia {situation}",
    "how do you treat milia in {situation}",
    "can i treat milia {situation}",
    "can you treat milia {situation}",
    "treating milia {situation}",
    "treatment for milia {situation}",
    "best treatment for milia {situation}",
    "what's the best treatment for milia {situation}",
    "which treatment is best for milia {situation}",
    "what works for milia {situation}",
    "what works for {situation}",
    "are treatments safe {situation}",
    "is treatment safe {situation}",
    "does {situation} change anything",
    "does {situation} matter",
    "i noticed {situation}",
    "i've noticed {situation}",
    "there's {situation}",
    "{situation} has milia and {symptom}",
    "{situation} has white bumps and {symptom}",
    "{situation} has white spots and {symptom}",
    "{situation} has milia and is {symptom}",
    "{situation} with milia has {symptom}",
    "are milia on {situation} normal",
    "are milia in {situation} normal",
    "is it normal for {situation} to have milia",
    "{situation} white bumps on the nose",
    "do {situation} get milia",
    "can i put lotion on {situation} milia",
    "can i put cream on {situation} milia",
    "can i use moisturizer on {situation} milia",
    "when should i take {situation} to the doctor for milia",
    "is {situation} safe for milia treatment",
    "what milia treatments are ok for {situation}",
    "which milia treatments are safe for {situation}",
    "will a peel leave dark marks on {situation}",
    "do peels cause dark marks on {situation}",
    "is it safe to have treatment while {situation}",
)

_TOPIC = (
    "{topic}",
    "tell me about {topic}",
    "tell me about the {topic}",
    "what about {topic}",
    "how about {topic}",
    "talk about {topic}",
    "let's talk about {topic}",
    "i'd like to hear about {topic}",
    "what should i know about {topic}",
    "what do you know about the {topic}",
    "info on {topic}",
    "information about {topic}",
    "give me info on {topic}",
    "explain {topic}",
    "can you explain {topic}",
    "what are the {topic}",
    "what's the {topic}",
    "more about {topic}",
    "advice on {topic}",
    "any tips on {topic}",
    "what's the advice on {topic}",
    "{topic} for milia",
    "{topic} of milia",
    "milia {topic}",
    "what about {topic} for milia",
    "tell me about {topic} for milia",
    "should i see {topic}",
    "should i go to {topic}",
    "do i need {topic}",
    "do i need to see {topic}",
    "what is {topic}",
    "what does {topic} look like",
    "is it {topic} or milia",
    "is it milia or {topic}",
    "how to find {topic}",
    "how do i find {topic}",
    "how can i tell if it's {topic}",
)

_WHAT_ARE_MILIA = (
    "what are milia",
    "what is milia",
    "what's milia",
    "what's a milia",
    "what is a milium",
    "what's a milium",
    "what exactly are milia",
    "what are milia made of",
    "what do milia look like",
    "what does milia look like",
    "tell me about milia",
    "tell me what milia are",
    "explain milia",
    "describe milia",
    "define milia",
    "definition of milia",
    "milia meaning",
    "what does milia mean",
    "milia",
    "i want to learn about milia",
    "teach me about milia",
    "what are these white bumps",
    "what are these tiny white bumps",
    "what are these hard white bumps",
    "what are the little white bumps on my face",
    "what are the white dots on my face",
    "i have little white bumps on my face",
    "i have white bumps on my face",
    "what are keratin cysts",
    "what is a keratin cyst",
    "are milia cysts",
    "are milia contagious",
    "is milia contagious",
    "are milia pimples",
    "is milia acne",
    "are milia whiteheads",
    "what kind of bump is milia",
)

_CAUSES = (
    "what causes milia",
    "what causes these white bumps",
    "what is the cause of milia",
    "what are the causes of milia",
    "causes of milia",
    "milia causes",
    "reasons for milia",
    "why do i get milia",
    "why do i have milia",
    "why did i get milia",
    "why am i getting milia",
    "how did i get milia",
    "how do you get milia",
    "where do milia come from",
    "how do milia form",
    "how does milia form",
    "why do milia form",
    "why do milia appear",
    "why do milia happen",
    "what triggers milia",
    "what makes milia appear",
    "what leads to milia",
    "can creams cause milia",
    "can steroid creams cause milia",
    "does sun damage cause milia",
    "can makeup cause milia",
    "is my skincare causing milia",
)

_DIY_RISKS = (
    "is it safe to pop milia",
    "is it safe to squeeze milia",
    "is it safe to remove milia at home",
    "is diy milia removal safe",
    "is it bad to pop milia",
    "is it bad to pick milia",
    "is it okay to pick at milia",
    "is it ok to pop milia",
    "should i pop milia",
    "should i squeeze milia",
    "why can't i squeeze milia",
    "why can't i pop milia",
    "why shouldn't i pop milia",
    "why is picking milia bad",
    "why does squeezing milia not work",
    "why won't milia pop",
    "why can't milia be squeezed out",
    "what happens if i pick milia",
    "what happens if i pop milia",
    "what happens if i squeeze milia",
    "what are the risks of popping milia",
    "what are the risks of picking milia",
    "what are the dangers of picking milia",
    "risks of picking milia",
    "risks of popping milia",
    "dangers of diy milia removal",
    "what's wrong with removing milia at home",
    "is picking milia dangerous",
    "is squeezing milia dangerous",
    "can popping milia cause scarring",
    "will picking milia leave a scar",
    "can i get an infection from picking milia",
)

_AT_HOME = (
    "how do i remove milia at home",
    "how to remove milia at home",
    "remove milia at home",
    "help me remove milia at home",
    "how do i extract milia myself",
    "how to extract milia at home",
    "extract milia myself",
    "how do i do my own extraction",
    "how do i get rid of milia at home",
    "how can i get rid of milia at home",
    "how to get rid of milia at home",
    "how do i get rid of milia myself",
    "how can i remove milia myself",
    "how do i remove milia myself",
    "how do i remove milia without a dermatologist",
    "how do i pop milia",
    "how do i pop a milium",
    "how to pop milia",
    "pop milia",
    "help me pop milia",
    "show me how to pop milia",
    "step by step how to pop milia",
    "what's the best way to pop milia",
    "how do i squeeze milia",
    "how do i squeeze out milia",
    "how to squeeze milia",
    "how do i lance a milium",
    "how do i lance milia",
    "how to lance milia",
    "how do i prick milia",
    "how do i poke a hole in milia",
    "how do i cut open a milium",
    "how do i nick the skin over milia",
    "how deep do i poke the needle",
    "how do i dig out milia",
    "how do i get milia out",
    "how do i get the milia out myself",
    "how do i get milia out with tweezers",
    "how do i remove milia with tweezers",
    "how do i remove milia with a needle",
    "how do i use a lancet on milia",
    "how do i use a comedone extractor",
    "how do i use a blackhead extractor on milia",
    "how do i use a milia extractor",
    "how do i sterilize a needle to pop milia",
    "what tool do i use to remove milia at home",
    "what's the best milia removal tool",
    "which needle should i use for milia",
    "what needle do i use for milia",
    "where can i buy a milia extraction kit",
    "teach me to extract milia",
    "diy milia removal",
    "how do i do diy milia removal",
    "at home milia removal",
    "home extraction",
    "can i use a needle on milia",
    "can i use a pin on milia",
    "can i use tweezers on milia",
    "can i pop milia with a needle",
    "can i pop them myself",
    "can i squeeze them out",
    "can i extract milia myself",
    "can i remove them at home",
    "can i freeze milia off at home",
    "can i use liquid nitrogen at home",
    "is it safe to use a needle on milia",
    "are home milia removal tools safe",
    "how do i pop milia on {situation}",
    "how do i squeeze milia on {situation}",
    "how do i pop {situation} milia",
    "how do i squeeze {situation} milia",
    "how do i pick {situation} milia",
    "can i pop milia on {situation}",
    "can i squeeze milia on {situation}",
    "can i pop {situation} milia",
    "can i squeeze {situation} milia",
    "how do i get milia out of {situation}",
    "can i use a needle on {situation} milia",
    "how do i pop milia {situation}",
    "should i try to remove milia myself",
    "why not remove milia myself",
)

# Context-dependent: "that" is whatever was just explained. The safety gate decides: home use
# of a retinoid as directed is fine; any removal method at home is refused.
_DO_AT_HOME = (
    "can i do that at home",
    "can i do it at home",
    "can i do this at home",
    "can i do it myself",
    "can i do this myself",
    "can i do that myself",
    "can i try that at home",
    "can i try it at home",
    "can i try this at home",
    "could i do that at home",
    "could i do it myself",
    "is that something i can do at home",
    "is this something i can do at home",
    "can i do that on my own",
    "can i do it on my own",
    "can i try it myself",
    "can i use that at home",
    "can i use it at home",
    "is it okay to do that at home",
    "is that okay to do at home",
    "can i try it",
    "can i try that",
    "could i try that",
    "could i try it",
    "could i do it",
    "which one should i get",
    "which one should i buy",
    "where do i get one",
    "where can i buy one",
    "can i buy one",
)

_QUESTION = (
    "i have a question {query}",
    "i have a question about {query}",
    "question {query}",
    "quick question {query}",
    "my question is {query}",
    "here's my question {query}",
    "i want to know {query}",
    "i'd like to know {query}",
    "i need to know {query}",
    "i was wondering {query}",
    "i'm wondering {query}",
    "i wonder {query}",
    "i'm curious about {query}",
    "i want to ask {query}",
    "i'd like to ask {query}",
    "can i ask {query}",
    "let me ask {query}",
    "search for {query}",
    "search {query}",
    "look up {query}",
    "look for {query}",
    "can you find {query}",
    "find out {query}",
    "do you know {query}",
)

_FORGET_ME = (
    "forget me",
    "forget everything about me",
    "forget my history",
    "forget what i asked",
    "delete my data",
    "delete my history",
    "delete my information",
    "delete everything you know about me",
    "erase my history",
    "erase my data",
    "erase everything",
    "remove my data",
    "clear my history",
    "clear my data",
    "wipe my data",
    "reset my data",
)

# --- issue 11: the questions people ask next ------------------------------------------------
# TopicIntent samples for the new topics (danger, going away, scarring, skincare after treatment,
# heavy creams, exfoliants, "is this milia", getting seen, other names, comedone extractors).
# The topic phrases themselves are TopicType values in skill.lexicon.
_TOPIC_NEXT = (
    "can milia {topic}",
    "can they {topic}",
    "are they {topic}",
    "is milia {topic}",
    "will milia {topic}",
    "will treatment leave {topic}",
    "will i have {topic}",
    "what about {topic} after treatment",
    "can i use {topic} on milia",
    "do {topic} help milia",
    "do {topic} cause milia",
    "does {topic} cause milia",
    "what are {topic}",
    "what does {topic} mean",
    "how do i know {topic}",
    "can you tell me {topic}",
)
# A baby with red-flag signs, named in the situation slot (see BABY_UNWELL in skill.lexicon).
_SITUATION_URGENT = (
    "what do i do if {situation}",
    "what should i do if {situation}",
    "help {situation}",
)


def _without(samples: tuple[str, ...], *taken: tuple[str, ...]) -> tuple[str, ...]:
    """``samples`` less any that a more specific intent already has."""
    gone = {s for group in taken for s in group}
    return tuple(s for s in samples if s not in gone)


_SPECIFIC = tuple(S.SAMPLES.values())

CUSTOM_SAMPLES: dict[str, tuple[str, ...]] = {
    **S.SAMPLES,
    I.TREATMENT_INFO: _without(_ASPECT_AND_TREATMENT + _TREATMENT_ONLY, *_SPECIFIC),
    I.WALKTHROUGH: _without(_WALKTHROUGH, *_SPECIFIC),
    I.LIST_TREATMENTS: _without(_LIST_TREATMENTS, *_SPECIFIC),
    I.COMPARE: _COMPARE,
    I.SITUATION: _without(_SITUATION + _SITUATION_URGENT, *_SPECIFIC),
    I.TOPIC: _without(_TOPIC + _TOPIC_NEXT, *_SPECIFIC),
    I.WHAT_ARE_MILIA: _without(_WHAT_ARE_MILIA, *_SPECIFIC),
    I.CAUSES: _without(_CAUSES, *_SPECIFIC),
    I.DIY_RISKS: _without(_DIY_RISKS, *_SPECIFIC) + S.DIY_RISKS_PERSON + S.DIY_RISKS_MORE,
    # At-home requests are removal questions: the gate refuses them from their slots.
    I.EXTRACTION_QUESTION: S.EXTRACTION_QUESTION
    + _without(tuple(x for x in _AT_HOME if "{situation}" not in x), *_SPECIFIC),
    I.DO_AT_HOME: _DO_AT_HOME + S.DO_AT_HOME_FOLLOW_UPS,
    I.QUESTION: _QUESTION,
    I.FORGET_ME: _FORGET_ME,
}

# Built-ins, in this order; only a few take extra samples.
BUILTIN_SAMPLES: dict[str, tuple[str, ...]] = {
    I.HELP: ("what can i ask", "what can i say", "what can you do"),
    I.STOP: (),
    I.CANCEL: (),
    I.FALLBACK: (),
    I.NAVIGATE_HOME: (),
    I.REPEAT: (),
    I.YES: (),
    I.NO: (),
    I.START_OVER: (),
    I.NEXT: (),
    I.PREVIOUS: (),
    I.MORE: ("tell me more", "more please", "more details", "i want to hear more"),
}

_UK_SAMPLES: dict[str, tuple[str, ...]] = {
    I.LIST_TREATMENTS: ("how do i get shot of milia", "how do i get rid of milk spots"),
    I.CAUSES: ("what causes milk spots",),
    I.SITUATION: ("{situation} has got milia", "i've got {situation} what should i do"),
    I.EXTRACTION_QUESTION: ("how do i squeeze out milk spots", "can i pop milk spots"),
}

# Locale -> intent -> extra samples heard in that locale.
REGIONAL_SAMPLES: dict[str, dict[str, tuple[str, ...]]] = {
    "en-GB": {
        **_UK_SAMPLES,
        I.TOPIC: ("should i book in with {topic}", "is it worth seeing {topic}"),
    },
    "en-AU": {
        **_UK_SAMPLES,
        I.TOPIC: ("should i book in with {topic}", "is it worth seeing {topic}"),
    },
    "en-IN": {
        I.TOPIC: ("should i consult {topic}", "should i visit {topic}"),
        I.LIST_TREATMENTS: ("what is the treatment for milia", "how to cure milia"),
        I.WHAT_ARE_MILIA: ("what are these white dots on my face",),
    },
    "en-CA": {
        I.TOPIC: ("should i visit {topic}",),
    },
}


# A plain sample that another intent's slotted sample accepts with a listed value gives way:
# the slotted intent carries what the gate and the handlers need.
@cache
def _acceptors(locale: str) -> Acceptors[str]:
    """Every slotted sample, its slots as their listed phrases, keyed by its intent."""
    out = []
    for intent, samples in CUSTOM_SAMPLES.items():
        slots = dict(SLOTS.get(intent, ()))
        for sample in samples:
            if "{" not in sample:
                continue
            parts = re.split(r"\{([A-Za-z_]+)\}", sample)
            phrase_sets: list[frozenset[str] | None] = []
            for name in parts[1::2]:
                slot_type = slots.get(name, "AMAZON.SearchQuery")
                if slot_type.startswith("AMAZON."):
                    phrase_sets.append(None)
                    continue
                values = values_for(slot_type, locale)
                phrase_sets.append(frozenset(p for v in values for p in (v.value, *v.synonyms)))
            out.append((intent, SlottedPattern(tuple(parts[0::2]), tuple(phrase_sets))))
    return Acceptors(out)


def _accepted_elsewhere(intent: str, sample: str, locale: str) -> bool:
    return "{" not in sample and any(
        other != intent for other in _acceptors(locale).accepting(sample)
    )


def samples_for(intent: str, locale: str) -> list[str]:
    """Base samples of ``intent`` plus the regional ones of ``locale``, order kept, no
    repeats."""
    base = CUSTOM_SAMPLES.get(intent) or BUILTIN_SAMPLES.get(intent, ())
    extra = REGIONAL_SAMPLES.get(locale, {}).get(intent, ())
    said = dict.fromkeys((*base, *extra))
    return [s for s in said if not _accepted_elsewhere(intent, s, locale)]


def _intent(name: str, locale: str) -> dict[str, Any]:
    intent: dict[str, Any] = {"name": name, "samples": samples_for(name, locale)}
    slots = SLOTS.get(name)
    if slots:
        intent["slots"] = [{"name": slot, "type": type_} for slot, type_ in slots]
    return intent


def _slot_type(type_name: str, locale: str) -> dict[str, Any]:
    return {
        "name": type_name,
        "values": [
            {"id": v.id, "name": {"value": v.value, "synonyms": list(v.synonyms)}}
            for v in values_for(type_name, locale)
        ],
    }


def build_model(locale: str) -> dict[str, Any]:
    """The full ASK interaction model for ``locale`` (one of ``LOCALES``)."""
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}; expected one of {LOCALES}")
    intents = [_intent(name, locale) for name in (*CUSTOM_SAMPLES, *BUILTIN_SAMPLES)]
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": INVOCATION_NAME,
                "intents": intents,
                "types": [_slot_type(name, locale) for name in SLOT_TYPES],
            }
        }
    }


def render(model: dict[str, Any]) -> str:
    """Stable text of a model: sorted keys, indent 2, trailing newline."""
    return json.dumps(model, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_models(dir: Path = MODELS_DIR) -> list[Path]:
    """Write ``<locale>.json`` for every locale into ``dir``; return the paths written."""
    dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for locale in LOCALES:
        path = dir / f"{locale}.json"
        text = render(build_model(locale))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def stale_models(dir: Path = MODELS_DIR) -> list[Path]:
    """Locale files in ``dir`` that are missing or differ from ``build_model``."""
    out = []
    for locale in LOCALES:
        path = dir / f"{locale}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != render(build_model(locale)):
            out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.modelgen", description=__doc__)
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="output directory")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any file is out of date"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_models(args.out)
        for path in stale:
            print(
                f"{path.name} is out of date; run python -m skill.tools.modelgen", file=sys.stderr
            )
        return 1 if stale else 0
    for path in write_models(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
