"""The safety policy: one gate that every request path passes before any content handler.

It sees what a device sends: the intent, each slot's words and resolved id, and the session
context, and returns a :class:`Verdict`. The removal and home-care intents are judged from their
slot ids by named rules (:func:`assess`); words outside a slot's list (and the SearchQuery value)
are judged as text. Handlers never decide safety themselves; they read the verdict the
:class:`SafetyInterceptor` stores for the request.

The policy: never give at-home extraction instructions, however the request is phrased. Explain
the risks, point to a dermatologist, and send red-flag symptoms to a doctor. Legitimate
questions (how professionals do it, the risks, over-the-counter retinoids, aftercare, caring for a
spot already picked) get real answers.

How text is judged. The words are normalised (lowercase, no punctuation, common misspellings
and slang fixed) and described by a handful of features, each a small vocabulary matched by
phrase containment or a short token window:

* what is done: an extraction *action* (pop, squeeze, lance, "get it out", "pick at it"...), a
  *removal* word (remove, get rid of, "freeze it off"...), a *tool* (needle, lancet, tweezers,
  wart-freeze kit, plasma pen...), tool *handling* (sterilising) or *technique* (depth, angle);
* who does it: the user (*self*: at home, myself, DIY, a hack; or a first-person "how do I" /
  "can I"; or someone who *avoids* a professional, "can't afford a dermatologist", or *copies*
  one, "so I can do the same"), someone else at home (*others*: "my husband's", "can my mom"),
  a *professional* (a dermatologist as the subject, "get them extracted"), or a *child*;
* what kind of question it is: a *method* request, a *risk* question ("is it safe to pop
  them?"), a *role-play* frame, a purchase, a spot *already picked*, red-flag symptoms.

The rules combine the features (see :func:`assess_text`): tool handling and technique are
refused whoever does it; an action or removal done by the user is refused unless the question
is about the risks; a professional doing it, a risk question, a picked spot and home retinoid
use are answered, routed to the topic that fits. The vocabulary is data, not test sentences;
the red-team suites in ``tests/safety_cases.py`` pin the behaviour.

Cost: stdlib only, nothing compiled at import; a request is a few dozen substring checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

from skill import intents
from skill.text import words


class Kind(StrEnum):
    """What the gate decided."""

    ALLOW = "allow"
    REFUSE = "refuse"
    URGENT = "urgent"


class Verdict(NamedTuple):
    """The gate's decision. ``route`` names a topic id to answer instead, when the text
    only makes sense with safety context (a retinoid follow-up, a picked spot, red flags, a
    professional doing what would be refused at home, the risks of doing it yourself).

    A ``NamedTuple``, not a frozen dataclass: as immutable, and a quarter of the cost to define
    on the cold-start import path (~0.2 ms against ~0.75 ms here)."""

    kind: Kind = Kind.ALLOW
    child: bool = False
    urgent: bool = False
    route: str | None = None
    reason: str = ""

    @property
    def refused(self) -> bool:
        return self.kind is Kind.REFUSE


ALLOW = Verdict()

RETINOID_ID = "TOPICAL_RETINOID"
# Session contexts in which "can I do that at home?" means using a retinoid as directed.
RETINOID_CONTEXT = frozenset({RETINOID_ID, "OTC_RETINOIDS"})

# Topics the gate routes to (TopicId values; kept as strings so this module stays import-light).
OTC_RETINOIDS = "OTC_RETINOIDS"
PICKED_SPOT_CARE = "PICKED_SPOT_CARE"
RED_FLAGS_ID = "RED_FLAGS"
EYE_RED_FLAGS_ID = "EYE_RED_FLAGS"
BABY_UNWELL_ID = "BABY_UNWELL"  # a SituationId: a baby or child with red-flag signs
COMEDONE_EXTRACTOR_ID = "COMEDONE_EXTRACTOR"
PRO_EXTRACTION = "PRO_EXTRACTION"
DIY_RISKS = "DIY_RISKS"


def _phrases(*groups: str) -> frozenset[str]:
    return frozenset(p.strip() for g in groups for p in g.split(",") if p.strip())


# --- vocabulary (normalised: lowercase, no punctuation, "can't" -> "cant", "baby's" -> "babys")
# What is done to the bump.
ACTIONS = _phrases(  # unambiguous extraction verbs, in the forms a request uses
    "pop, popping, pop out, squeeze, squeezing, squeeze out, squish, squishing, dig, digging,",
    "dig out, prick, pricking, lance, lancing, pierce, piercing, poke, poking, puncture,",
    "puncturing, burst, bursting, bust, busting, scoop, scooping, extract, extracting, unroof,",
    "unroofing, deroof, de roof, deroofing, pluck, plucking, flick, flicking, gouge, gouging,",
    "scrape, scraping, pinch, pinching, drain, draining, nick, nicking, incise, slit, prise,",
    "pry, picking, pick at, open up, break the skin, hole, holes, needle it, needle them",
)
IMPERATIVES = _phrases(  # a request that starts with one of these is an instruction request
    "pop, squeeze, squish, dig, prick, lance, pierce, poke, puncture, burst, bust, scoop,",
    "extract, unroof, deroof, pluck, flick, gouge, scrape, pinch, drain, nick, pick, cut, open",
)
OBJECT_VERBS = _phrases(  # ambiguous verbs: extraction only with a bump as their object
    "pick, cut, open, slice, slicing, break, tear, clip, snip, push, pushing, press, pressing,",
    "scrub, scrubbing, rub, file, shave, freeze, burn, zap",
)
OBJECTS = _phrases(
    "milia, milium, it, them, these, those, one, ones, bump, bumps, spot, spots, cyst, cysts,",
    "dot, dots, ball, balls, keratin, skin, top, whitehead, whiteheads, head, heads, bit, bits,",
    "at, into, open, out, off, sac, core, plug, lump, lumps, thing, things, pearl, pearls",
)
OUT_VERBS = _phrases(  # "<verb> ... out": extraction ("get these white bits out")
    "get, getting, take, taking, pull, pulling, push, pushing, dig, digging, squeeze, squeezing,",
    "pop, popping, scoop, scooping, flick, pick, picking, force, forcing, press, pressing, draw,",
    "drawing, ease, coax, prise, pry, lift, lifting, squish, tease, work them, milk",
)
OFF_VERBS = _phrases(  # "<verb> ... off": removal ("get them off my son's cheek")
    "get, getting, take, taking, pick, picking, scrape, scraping, scrub, scrubbing, rub,",
    "rubbing, cut, peel, burn, burning, freeze, freezing, zap, zapping, file, shave, knock, laser",
)
REMOVE = _phrases(  # explicit removal, whoever does it
    "remove, removes, removing, removal, get rid, getting rid, rid of, eliminate, eliminating,",
    "extraction, extractions, take out, get out",
)
DO_WORDS = _phrases(  # vaguer doing words: removal only when the user does it themselves
    "do, doing, try, treat, treating, fix, fixing, handle, deal with, tackle, sort out, clear,",
    "clearing, copy, replicate, zap, zapping, freeze, freezing, burn, burning, laser, lasering,",
    "cure, get these off, get them off",
)
TOOLS_HOME = _phrases(  # consumer tools: a home extraction whoever is asked about
    "pin, pins, safety pin, sewing needle, tweezer, tweezers, razor, razors, razor blade,",
    "wart freeze, wart freezer, wart remover, freeze spray, freezing spray, freeze kit,",
    "freeze away, compound w, wartner, cryo pen, cryopen, plasma pen, plasma pens, fibroblast,",
    "milia pen, removal pen, laser pen, home laser, knife, exacto, xacto, scissors,",
    "nail clipper, nail clippers, clippers, toothpick, thumbtack, earring, staple, microneedle,",
    "microneedling, dermaroller, derma roller, blackhead remover, blackhead tool, pimple popper,",
    "popper tool, popping tool, acupuncture needle, insulin needle, diabetic lancet, lighter,",
    "remover, removers, freezing kit, freezing kits",
)
TOOLS_PRO = _phrases(  # instruments professionals use: fine in general terms, with a professional
    "needle, needles, lancet, lancets, blade, blades, scalpel, scalpels, comedone extractor,",
    "comedone extractors, extractor, extractors, extractor tool, extraction tool, extraction kit,",
    "comedone, loop, loop tool, instrument, instruments, tool, tools, kit, kits, device,",
    "devices, gadget, gadgets, equipment, pen, pens, syringe",
)
# A professional's freezing agent, or a home stand-in: refused with a home or first-person ask.
HOME_AGENTS = _phrases("liquid nitrogen, nitrogen, dry ice, ice cube, ice cubes")
STERILISE = _phrases(
    "sterilize, sterilise, sterilized, sterilised, sterilizing, sterilising, make it sterile,",
    "keep it sterile, sterile enough, disinfect, disinfecting, sanitize, sanitise, sanitizing,",
    "sanitising, boil, boiling, flame, rubbing alcohol, alcohol, bleach, clean, cleaning, wipe",
)
TECH_STRONG = _phrases(  # technique, depth, angle: refused with any milia or tool word
    "angle, angles, at an angle, go in from, from the side, from the sides, from underneath,",
    "from below, from the top, insert, inserting, bevel, parallel, perpendicular, gauge,",
    "how deep should, how deep do i, how deep to, deep should i, how shallow, how far in,",
    "how far do i, how far should, how big should the hole, how long do i hold,",
    "how long should i hold, how long to hold, how long to squeeze",
)
TECH_WEAK = _phrases(  # technique words that need a tool or an action to mean technique
    "how deep, depth, pressure, how hard, how much force, which direction, what direction,",
    "direction, how far, setting, settings, how many times, mirror, magnifying, magnifier,",
    "loupe, gloves, steam, steamer, warm compress, hot compress",
)
INSTRUCTIONS = _phrases(  # a request for instructions: with a removal word, a home how-to
    "steps, step by step, instructions, instruction, tutorial, tutorials, guide, guides,",
    "guidance, walkthrough, walk through, directions, how to guide, manual, a demo, demonstrate",
)
TECH_SOFT = INSTRUCTIONS | _phrases("technique, techniques, method, methods")

# Who does it.
SELF = _phrases(
    "at home, home, from home, in my home, at my house, in my house, at our house, home remedy,",
    "home remedies, home kit, home laser, home version, home method, home methods,",
    "home treatment, home removal, home extraction, home use, home device, homemade, home made,",
    "household, kitchen, bathroom, myself, by myself, on myself, on my own, my own, yourself,",
    "by yourself, on your own, your own, ourselves, themselves, diy, do it yourself, self,",
    "without a doctor, without a dermatologist, without a derm, without a professional,",
    "without seeing, without going, without anyone, without help, without paying, no doctor,",
    "no dermatologist, like a dermatologist, like a pro, like the pros, like a professional,",
    "like an esthetician, the same at home, into my own hands, matters into my own",
)
PRO = _phrases(
    "dermatologist, dermatologists, derm, derms, doctor, doctors, gp, professional,",
    "professionals, professionally, pro, pros, esthetician, estheticians, aesthetician,",
    "aestheticians, cosmetologist, beautician, facialist, dermal therapist, dermal clinician,",
    "clinic, clinics, clinician, provider, practitioner, nurse, surgeon, specialist,",
    "specialists, physician, physicians, pediatrician, paediatrician, expert, experts,",
    "skin doctor, office",
)
THIRD_PERSON = frozenset({"they", "she", "he", "their"})
DELEGATE = frozenset({"get", "gets", "getting", "got", "have", "having", "had", "ask", "see"})
DONE_BY = frozenset(
    {"extracted", "removed", "lanced", "frozen", "lasered", "treated", "done", "drained"}
)
FIRST_PERSON = _phrases(  # the user as the one acting
    "can i, could i, may i, do i, shall i, am i able to, is it ok if i, is it okay if i,",
    "i want to, i wanna, wanna, i need to, i have to, im going to, i am going to, gonna,",
    "i will, ill, let me, lemme, tryna, id like to, i would like to, i plan to, im about to,",
    "for me to, i could, i can",
)
METHOD = _phrases(  # a request for a method, whoever does it
    "how to, tell me how, show me, teach me, walk me through, guide me, help me, explain how,",
    "instructions, instruction, tutorial, steps, step by step, best way, easiest way,",
    "safest way, quickest way, fastest way, simplest way, proper way, right way, correct way,",
    "gentle way, a way to, way to, ways to, tips for, tip for,",
    "what do i use, what should i use, what can i use, what would i use, which tool,",
    "what tool, what do i need, what would i need, what will i need, gimme, give me,",
    "where do i start",
)
TEACH = _phrases(  # the user learning to do it: "teach me to remove them"
    "teach me, train me, coach me, walk me through, show me how to, help me, guide me"
)
RELATIONS = _phrases(  # someone at home (a lay person): "my husband", "my husbands eyelid"
    "wife, husband, hubby, spouse, partner, fiance, fiancee, mom, mum, mother, mommy, mama, mam,",
    "dad, father, sister, brother, friend, bestie, girlfriend, boyfriend, gf, bf, roommate,",
    "flatmate, housemate, aunt, uncle, grandma, grandpa, grandmother, grandfather, nan, gran,",
    "cousin, neighbour, neighbor, coworker, colleague",
)
LAY_MODALS = _phrases(  # "can my mom", "my husband wants to": the relative acts
    "can, could, will, would, should, may, might, wants, want, says, said, offered, offers,",
    "tried, tries, needs, gonna, is, keeps, knows, let, have",
)
OWNERS = frozenset({"my", "our", "a", "his", "her", "your"})
DIY = _phrases(  # a home hack or trick: the user doing it themselves
    "hack, hacks, lifehack, lifehacks, life hack, life hacks, trick, tricks, diy, shortcut",
)
AVOID_PRO = _phrases(  # not seeing a professional: whatever follows, the user does it
    "cant afford, cannot afford, can not afford, couldnt afford, not afford, too expensive,",
    "too pricey, costs too much, cost too much, costs a lot, no money, dont have money,",
    "dont have the money, no insurance, no time to see, no time to go, no time for a,",
    "dont have time to, dont want to pay, dont wanna pay, dont want to see, dont wanna see,",
    "dont want to go, dont wanna go, do not want to pay, do not want to see, not paying,",
    "not going to pay, not gonna pay, refuse to pay, refuse to see, rather not pay,",
    "rather not see, rather not go, instead of going, instead of seeing, instead of paying,",
    "instead of a dermatologist, instead of a derm, instead of a doctor, rather than going,",
    "rather than seeing, rather than paying, skip going,",
    "skip the dermatologist, skip the derm, skip the doctor, skip the clinic, skip a derm,",
    "skip the appointment, skip dermatologists, skipping the dermatologist, skip seeing,",
    "avoid going, avoid seeing, avoid paying, cheaper than, save money, save the money,",
    "for free, for cheap, on a budget, cant get an appointment, cant get in to, cant see a,",
    "cant see the, cant get to a, wont see a, no appointment",
)
COPY = _phrases(  # mimicking a professional: the user means to do what they do
    "so i can copy, so i can do it, so i can do that, so i can do this, so i can do the same,",
    "so i can try, so i can replicate, so i can mimic, so i could do, so i can do them,",
    "copy it, copy them, copy that, copy this, copy what, copy how, copy their, copy the,",
    "copy a, copy my, mimic, mimicking, replicate it, replicate what, replicate their,",
    "do what they do, do what the, do what a, do what dermatologists, do what doctors,",
    "do what my, same thing myself, same thing at home, same thing on, the way they do,",
    "like they do, like they did, follow along, do it the same way, do the same myself,",
    "i do the same, do it like them, learn to do it, learn how to do it",
)
PRO_AUX = frozenset(  # a professional as the subject or the place: "does a derm", "by a derm"
    {
        "does",
        "do",
        "did",
        "can",
        "could",
        "would",
        "will",
        "should",
        "may",
        "might",
        "by",
        "to",
        "at",
    }
)
AFTER = frozenset({"after", "following", "post"})
PROCEDURES = _phrases(  # "after <procedure>": aftercare, not removal
    "laser, lasers, lasering, peel, peels, cryotherapy, cryo, freezing, extraction, extractions,",
    "procedure, procedures, treatment, treatments, appointment, appointments, session, sessions,",
    "visit, removal, surgery, ablation, resurfacing, dermabrasion, microdermabrasion, op",
)
ACQUIRE = _phrases(  # getting a thing, in a follow-up: "which one should I get"
    "which one should i get, which ones should i get, which should i get, what one should i get,",
    "which one do i get, which one to get, which kind should i get, what kind should i get,",
    "which type should i get, what type should i get, which brand, what brand, get one,",
    "get me one, get some, get myself one, which one should i order, a good one, the best one,",
    "which is best to get, which one is best to get, which one would you get, recommend one",
)
CARE = _phrases(  # aftercare instructions are not removal instructions
    "aftercare, after care, recovery, recover, heal, healing, look after, take care, care for"
)
# Session contexts in which "can I try it?" or "which one should I get?" means extraction tools.
EXTRACTION_CONTEXT = frozenset({"MECHANICAL_EXTRACTION", "PRO_EXTRACTION", "DIY_RISKS"})
HOW_ACTORS = frozenset({"i", "we", "you", "u", "one", "someone", "people", "to", "ya"})
CHILD = _phrases(
    "baby, babys, babies, newborn, newborns, infant, infants, toddler, toddlers, child,",
    "childs, children, kid, kids, son, sons, daughter, daughters, little one, my boy, my girl,",
    "grandchild, grandson, granddaughter, nephew, niece, month old, months old, week old,",
    "weeks old, stepson, stepdaughter",
)

# What kind of question it is.
RISK = _phrases(
    "risk, risks, risky, danger, dangers, dangerous, harm, harmful, safe, unsafe, bad, worse,",
    "wrong, scar, scars, scarring, scarred, infection, infections, dark mark, dark marks, mark,",
    "marks, damage, damaging, why, what happens, what would happen, what will happen,",
    "happens if, cause, causes, leave, ok to, okay to, a good idea, bad idea, worth it",
)
ROLEPLAY = _phrases(
    "pretend, pretending, imagine, hypothetically, hypothetical, role play, roleplay,",
    "roleplaying, act as, act like, you are a, youre a, you are now, youre now,",
    "as a dermatologist, as my dermatologist, as a doctor, suppose, supposing, in theory,",
    "theoretically,",
    "for a story, for a novel, for a book, for a movie, for a script, for research, story,",
    "novel, fiction, fictional, character, screenplay, asking for a friend, for a friend,",
    "my friend wants, ignore your, ignore previous, ignore the rules, ignore all, jailbreak,",
    "no rules, no restrictions, without restrictions, unrestricted, no limits, no filter,",
    "developer mode, just this once, off the record, between us, nobody will know, in a game,",
    "play a game, lets play, lets say, say you were, if you were, if you had to,",
    "purely educational, educational purposes, for science",
)
BUY = _phrases(
    "buy, buying, purchase, purchasing, order, ordering, sell, sells, selling, where can i get,",
    "where do i get, where to get, where can i find, where do i find, where to find, shop,",
    "store, amazon, walmart, ebay, online",
)
PICKED_VERBS = frozenset(
    {
        "picked",
        "popped",
        "squeezed",
        "squished",
        "poked",
        "pricked",
        "scratched",
        "dug",
        "lanced",
        "pierced",
        "busted",
        "scraped",
        "nicked",
        "punctured",
        "pinched",
        "gouged",
        "extracted",
    }
)
PICKED_BY = frozenset({"i", "ive", "id", "we", "weve", "he", "she", "already", "just"})
PICKED_PHRASES = _phrases(
    "tried to, tried popping, tried squeezing, tried picking, tried extracting, messed with,",
    "fiddled with, went at, after picking, after popping, after squeezing, after poking,",
    "after pricking, after digging",
)
URGENT = _phrases(
    "pus, fever, feverish, chills, red streak, red streaks, red line, red lines,",
    "spreading redness, redness spreading, red and spreading, getting redder,",
    "hot to the touch, warm to the touch, eye pain, pain in my eye, eye hurts, eyes hurt,",
    "eye is hurting, vision, blurry, blurred, cant see, seeing spots, abscess, cellulitis,",
    "infected, discharge, eye is swollen, swollen eye, eyelid is swollen, swollen eyelid,",
    "eye swelling, eyelid swelling",
)
URGENT_AFTER_PICKING = _phrases("swollen, swelling, throbbing, oozing, hot, very painful")
# Red flags in a baby or child (with a CHILD word): see a doctor now (issue 11).
URGENT_CHILD = _phrases(
    "temperature, high temperature, blister, blisters, blistering, pus spots, pus spot,",
    "poor feeding, not feeding, isnt feeding, wont feed, not eating, feeding poorly, floppy,",
    "floppiness, limp, lethargic, hard to wake, wont wake",
)
URGENT_EYE = _phrases(  # which urgent answer: the eyes
    "eye pain, pain in my eye, eye hurts, eyes hurt, eye is hurting, vision, blurry, blurred,",
    "cant see, seeing spots",
)
EXTRACTOR_NAMES = _phrases("comedone extractor, comedone extractors, milia extractor, extractor")
RETINOIDS = _phrases(
    "retinol, retinoid, retinoids, adapalene, differin, tretinoin, retin a, tazarotene,",
    "retinal, retinaldehyde, vitamin a, retinoic",
)
APPLY = _phrases("use, using, apply, applying, put on, start, starting, how much, how often")
AFTERCARE = _phrases(
    "aftercare, after care, afterwards, after my, after the, after a, after treatment,",
    "recovery, recover, heal, healing, sunscreen, moisturizer, moisturiser, skincare,",
    "skin care, prevent, prevention, preventing, avoid, avoiding",
)
SITUATIONS = _phrases(  # a named situation: let the situation's answer speak, don't re-route
    "eye, eyes, eyelid, eyelids, undereye, pregnant, pregnancy, expecting, conceive,",
    "conceiving, dark skin, darker skin, brown skin, black skin, skin of color,",
    "skin of colour, bleeding, bleeds, growing, changing, changed",
)
NAMED_EXTRACTION = _phrases(  # extraction named as a treatment ("lancing by a dermatologist")
    "extraction, extractions, mechanical, lancing by, deroofing by, unroofing by, de roofing by"
)
OTHER_TREATMENTS = _phrases(
    "cryotherapy, cryo, freezing, freeze, frozen, laser, lasers, peel, peels, retinoid,",
    "retinoids, retinol, adapalene, tretinoin",
)
ANAPHORA = frozenset({"that", "it", "this", "them", "those", "these", "one", "ones", "same"})
ANAPHORIC_DO = _phrases(
    "do it, do that, do this, do them, do those, do the same, doing it, doing that,",
    "doing this, try it, try that, try this, use it, use that, use this, use them, use those,",
    "use one, use these",
)

# Small word sets for token windows and checks.
HOW = frozenset({"how"})
I_WE = frozenset({"i", "we"})
OUT = frozenset({"out"})
OFF = frozenset({"off"})
USE = frozenset({"use", "using", "try"})
BUMPS = _phrases("milia, milium, bump, bumps, cyst, cysts, whitehead, whiteheads")
SPREADING = _phrases("spreading, spread, spreads")
RED = _phrases("red, redness")
INFO_QUESTION = _phrases(
    "what is a, what is an, what is the, whats a, whats an, what are, what does, define,",
    "meaning of, used for",
)
PASSIVE = _phrases("are used, is used, used by, used in, are they used, is it used")

# Normalisation data.
REWRITES = (  # (from, to) on the padded text, before any matching
    (" pop up ", " appear "),
    (" pops up ", " appear "),
    (" popping up ", " appear "),
    (" popped up ", " appear "),
    (" milia guide ", " the skill "),
    (" go home ", " leave "),
    (" get home ", " leave "),
    (" back home ", " leave "),
    (" trying for a baby ", " trying to conceive "),
    (" expecting a baby ", " expecting "),
    (" having a baby ", " expecting "),
    (" how 2 ", " how to "),
    (" sterile needle extraction ", " extraction "),
    (" needle extraction ", " extraction "),
    (" lancet extraction ", " extraction "),
    (" comedone extraction ", " extraction "),
)
_SPELLING = {
    "milias": "milia",
    "millia": "milia",
    "mila": "milia",
    "milea": "milia",
    "milla": "milia",
    "miliah": "milia",
    "millium": "milium",
    "milliums": "milia",
    "miliums": "milia",
    "tweasers": "tweezers",
    "tweesers": "tweezers",
    "tweezrs": "tweezers",
    "tweazers": "tweezers",
    "tweezer": "tweezer",
    "neddle": "needle",
    "needel": "needle",
    "nedle": "needle",
    "niddle": "needle",
    "needl": "needle",
    "pinn": "pin",
    "lancit": "lancet",
    "lanset": "lancet",
    "lansit": "lancet",
    "sqeeze": "squeeze",
    "squeze": "squeeze",
    "sqeez": "squeeze",
    "squeez": "squeeze",
    "sqweeze": "squeeze",
    "squize": "squeeze",
    "poppin": "popping",
    "popin": "popping",
    "extrct": "extract",
    "extrakt": "extract",
    "xtract": "extract",
    "lanse": "lance",
    "lanc": "lance",
    "steralize": "sterilize",
    "sterlize": "sterilize",
    "comodone": "comedone",
    "comedo": "comedone",
    "extracter": "extractor",
    "remoove": "remove",
    "remvoe": "remove",
    "u": "you",
    "ur": "your",
    "r": "are",
    "hm": "home",
    "hme": "home",
    "hom": "home",
    "hoem": "home",
    "mysef": "myself",
    "myslef": "myself",
    "mysself": "myself",
    "mself": "myself",
    "dr": "doctor",
    "tho": "though",
    "pls": "please",
    "plz": "please",
    "gonna": "gonna",
    "wanna": "wanna",
    "lil": "little",
}
# Words worth recovering from a typo (close matches, tokens of six letters or more).
_VOCAB_TOKENS = (
    "milia",
    "milium",
    "squeeze",
    "squeezing",
    "popping",
    "extract",
    "extracting",
    "extraction",
    "extractor",
    "needle",
    "needles",
    "tweezers",
    "lancet",
    "lancets",
    "pierce",
    "piercing",
    "pricking",
    "lancing",
    "sterilize",
    "sterilise",
    "dermatologist",
    "hypothetically",
    "pretend",
    "comedone",
    "scalpel",
    "remove",
    "removal",
    "removing",
    "myself",
    "yourself",
    "newborn",
    "infant",
    "toddler",
    "daughter",
    "retinol",
    "adapalene",
    "tretinoin",
    "retinoid",
    "scrape",
    "scraping",
    "pinch",
    "puncture",
    "blade",
    "razor",
    "safety",
    "pregnant",
)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Every word the vocabulary uses: never "corrected" into another one."""
    groups = (
        ACTIONS,
        OBJECT_VERBS,
        OUT_VERBS,
        OFF_VERBS,
        REMOVE,
        DO_WORDS,
        TOOLS_HOME,
        TOOLS_PRO,
        STERILISE,
        SELF,
        PRO,
        FIRST_PERSON,
        METHOD,
        CHILD,
        RISK,
        ROLEPLAY,
        BUY,
        PICKED_PHRASES,
        URGENT,
        URGENT_AFTER_PICKING,
        URGENT_CHILD,
        RETINOIDS,
        AFTERCARE,
        SITUATIONS,
        PICKED_VERBS,
        DONE_BY,
        OBJECTS,
        TEACH,
        RELATIONS,
        LAY_MODALS,
        DIY,
        AVOID_PRO,
        COPY,
        PROCEDURES,
        ACQUIRE,
        INSTRUCTIONS,
        TECH_STRONG,
        TECH_WEAK,
        TECH_SOFT,
        APPLY,
        HOME_AGENTS,
        IMPERATIVES,
        OTHER_TREATMENTS,
        NAMED_EXTRACTION,
        INFO_QUESTION,
        PASSIVE,
    )
    words = {w for group in groups for phrase in group for w in phrase.split()}
    return frozenset(words | set(_VOCAB_TOKENS))


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    if token in _SPELLING:
        return _SPELLING[token]
    if len(token) < 6 or token in _known_words() or not token.isalpha():
        return token
    from difflib import get_close_matches

    match = get_close_matches(token, _VOCAB_TOKENS, n=1, cutoff=0.84)
    return match[0] if match else token


def normalise(text: str) -> str:
    """Lowercase, drop punctuation, fix common misspellings; padded with spaces for matching."""
    padded = " " + " ".join(_correct(tok) for tok in words(text)) + " "
    for old, new in REWRITES:
        if old in padded:
            padded = padded.replace(old, new)
    return padded


@lru_cache(maxsize=256)
def _split(phrases: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """One-word phrases (a set lookup) apart from longer ones (padded, for substring search)."""
    single = frozenset(p for p in phrases if " " not in p)
    multi = tuple(f" {p} " for p in phrases if " " in p)
    return single, multi


@lru_cache(maxsize=1024)
def _words(padded: str) -> frozenset[str]:
    return frozenset(padded.split())


def _has(padded: str, phrases: frozenset[str]) -> bool:
    single, multi = _split(phrases)
    return not single.isdisjoint(_words(padded)) or any(m in padded for m in multi)


def _followed(tokens: list[str], verbs: frozenset[str], targets: frozenset[str], span: int) -> bool:
    """A verb from ``verbs`` with a word from ``targets`` among the next ``span`` tokens."""
    return any(
        tok in verbs and any(t in targets for t in tokens[i + 1 : i + 1 + span])
        for i, tok in enumerate(tokens)
    )


def _acts(padded: str, tokens: list[str]) -> bool:
    """An extraction action: "pop", "lance", "get these out", "pick at it", "cut it open"."""
    return (
        _has(padded, ACTIONS)
        or _followed(tokens, OBJECT_VERBS, OBJECTS, 3)
        or _followed(tokens, OUT_VERBS, OUT, 5)
    )


def _removes(padded: str, tokens: list[str]) -> bool:
    """Explicit removal: "remove", "get rid of", "take them off"."""
    return _has(padded, REMOVE) or _followed(tokens, OFF_VERBS, OFF, 4)


def _first_person(padded: str, tokens: list[str]) -> bool:
    """The user as the one acting: "can I", "how do I", "I want to"."""
    return _has(padded, FIRST_PERSON) or _followed(tokens, HOW, I_WE, 3)


def _method(padded: str, tokens: list[str]) -> bool:
    """A request for a method: "how do I", "how to", "best way to", "steps"."""
    return _has(padded, METHOD) or _followed(tokens, HOW, HOW_ACTORS, 3)


@lru_cache(maxsize=1)
def _single_words() -> tuple[frozenset[str], frozenset[str]]:
    """The one-word professionals and tools (for token windows), built on first use."""
    pros = frozenset(p for p in PRO if " " not in p)
    tools = frozenset(w for p in TOOLS_HOME | TOOLS_PRO for w in p.split())
    return pros, tools


def _delegated(tokens: list[str]) -> bool:
    """Someone else does it: "get them extracted", "have a dermatologist ...", "ask my derm"."""
    pros = _single_words()[0]
    return _followed(tokens, DELEGATE, DONE_BY, 3) or _followed(tokens, DELEGATE, pros, 3)


def _picked(padded: str, tokens: list[str]) -> bool:
    """A spot the user (or someone) already picked: "I squeezed one", "the spot I popped"."""
    if _has(padded, PICKED_PHRASES):
        return True
    return any(
        tok in PICKED_VERBS and any(t in PICKED_BY for t in tokens[max(0, i - 3) : i])
        for i, tok in enumerate(tokens)
    )


def _without_picking(padded: str) -> str:
    """The text with its already-picked phrases removed (what is asked *now*)."""
    words = padded.split()
    kept = []
    for i, tok in enumerate(words):
        if tok in PICKED_VERBS and any(t in PICKED_BY for t in words[max(0, i - 3) : i]):
            continue
        kept.append(tok)
    rest = " " + " ".join(kept) + " "
    for phrase in PICKED_PHRASES:
        rest = rest.replace(f" {phrase} ", " ")
    return rest


@lru_cache(maxsize=1)
def _relation_words() -> frozenset[str]:
    """Relations, and their possessive or plural forms ("husbands"), built on first use."""
    return frozenset(w for r in RELATIONS for w in (r, f"{r}s"))


def _others(tokens: list[str]) -> bool:
    """Someone at home, not a professional: "my husband", "my mum's", "can my wife"."""
    return _followed(tokens, OWNERS, _relation_words(), 1)


def _others_act(tokens: list[str]) -> bool:
    """Someone at home as the one acting: "can my mom ...", "my husband wants to ..."."""
    relations = _relation_words()
    for i, tok in enumerate(tokens[:-1]):
        if tok in OWNERS and tokens[i + 1] in relations:
            before = tokens[i - 1] if i else ""
            after = tokens[i + 2] if i + 2 < len(tokens) else ""
            if before in LAY_MODALS or after in LAY_MODALS:
                return True
    return False


def _pro_subject(tokens: list[str]) -> bool:
    """A professional as the one acting, or the place: "does a derm", "by my doctor"."""
    return _followed(tokens, PRO_AUX, _single_words()[0], 2)


def _after_procedure(tokens: list[str]) -> tuple[bool, list[str]]:
    """ "after laser", "after my peel": aftercare. Also the tokens without those phrases."""
    dropped: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok not in AFTER:
            continue
        for j in range(i + 1, min(len(tokens), i + 4)):
            if tokens[j] in PROCEDURES:
                dropped.update(range(i, j + 1))
                break
    return bool(dropped), [t for i, t in enumerate(tokens) if i not in dropped]


def _uses_tool(tokens: list[str]) -> bool:
    """ "use a needle", "try a lancet": a tool the user means to use."""
    return _followed(tokens, USE, _single_words()[1], 3)


def assess_text(text: str | None, topic: str | None = None) -> Verdict:
    """Judge free text (a SearchQuery value, a slot value, or typed words).

    ``topic`` is the session's context (the current treatment or subject id), used only for
    follow-ups that lean on it ("can I do that at home?"). Verdicts are immutable, so the same
    words in the same context are judged once per warm process.
    """
    if isinstance(text, str) and (topic is None or isinstance(topic, str)):
        return _assess_cached(text, topic)
    return _assess_text(text, topic if isinstance(topic, str) else None)


@lru_cache(maxsize=2048)
def _assess_cached(text: str, topic: str | None) -> Verdict:
    return _assess_text(text, topic)


def _assess_text(text: str | None, topic: str | None) -> Verdict:
    if not text or not text.strip():
        return ALLOW
    t = normalise(text)
    tokens = t.split()
    milia = _has(t, BUMPS)
    child = _has(t, CHILD)
    urgent = (
        _has(t, URGENT)
        or (_has(t, SPREADING) and _has(t, RED))
        or (child and _has(t, URGENT_CHILD))
    )
    # Which urgent answer fits: a baby or child, the eyes, or signs of infection.
    urgent_id = (
        BABY_UNWELL_ID if child else EYE_RED_FLAGS_ID if _has(t, URGENT_EYE) else RED_FLAGS_ID
    )
    self_ = _has(t, SELF) or _has(t, DIY)
    avoids = _has(t, AVOID_PRO)  # "I can't afford a dermatologist": the user will do it
    copies = _has(t, COPY)  # "so I can copy it": the user will do what a professional does
    first = _first_person(t, tokens)
    method = _method(t, tokens)
    tool_home = _has(t, TOOLS_HOME)
    tool = tool_home or _has(t, TOOLS_PRO)
    acts = _acts(t, tokens)
    removes = _removes(t, tokens)
    does = _has(t, DO_WORDS)
    delegated = _delegated(tokens)
    third = bool(THIRD_PERSON & set(tokens)) or _has(t, PASSIVE)
    pro = _has(t, PRO) or delegated or (third and not first)
    others = _others(tokens)
    lay = self_ or avoids or copies or (others and not _pro_subject(tokens))
    pro_actor = pro and not lay and (not first or delegated)
    after_procedure, rest = _after_procedure(tokens)  # "after laser": aftercare
    rest_padded = " " + " ".join(rest) + " "
    removes_now = _removes(rest_padded, rest)  # removal asked for, not one already had
    risk_q = (_has(t, RISK) or t.startswith(" should i ")) and not method
    retinoid = _has(t, RETINOIDS)
    situation = _has(t, SITUATIONS) or child
    # "that", "it", "those" pointing back at the conversation ("is it ..." is no pointer).
    pointers = t.replace(" is it ", " ").replace(" was it ", " ").split()
    anaphoric = len(tokens) <= 12 and bool(ANAPHORA & set(pointers))

    def refuse(reason: str) -> Verdict:
        return Verdict(Kind.REFUSE, child=child, urgent=urgent, reason=reason)

    def route(topic_id: str, reason: str) -> Verdict:
        return Verdict(route=topic_id, child=child, reason=reason)

    def pro_answer() -> Verdict:
        # Tools and actions done by a professional: the professional-extraction answer, unless
        # the words name a treatment or a situation (their own answer fits better).
        if situation or _has(t, OTHER_TREATMENTS) or _has(t, NAMED_EXTRACTION):
            return Verdict(child=child, reason="professional")
        if _has(t, EXTRACTOR_NAMES) and _has(t, INFO_QUESTION):
            return route(COMEDONE_EXTRACTOR_ID, "what a comedone extractor is")
        return route(PRO_EXTRACTION, "professional extraction")

    # 1. Tool handling and technique are refused whoever is said to do it.
    if _has(t, STERILISE) and tool and not (pro_actor and not (tool_home or method or child)):
        return refuse("sterilising tools")
    if _has(t, TECH_STRONG) and (tool or acts or milia):
        return refuse("technique, depth or angle")
    if _has(t, TECH_WEAK) and (tool or acts):
        return refuse("technique, depth or angle")
    # 2. Role-play and hypotheticals don't change the answer.
    if _has(t, ROLEPLAY) and (acts or tool or ((removes or does) and (self_ or method or first))):
        return refuse("role-play or hypothetical")
    # 3. Buying tools (but a retinoid is fine to buy).
    if _has(t, BUY) and not retinoid:
        if tool or _has(t, HOME_AGENTS) or acts or removes:
            return refuse("buying tools")
        if anaphoric and topic not in RETINOID_CONTEXT:
            return refuse("buying tools (follow-up)")
    if _has(t, ACQUIRE) and topic in EXTRACTION_CONTEXT and not retinoid:
        return refuse("getting tools (follow-up)")
    # 4. A spot already picked: care for it, unless the ask is how to finish the job.
    if _picked(t, tokens):
        rest = _without_picking(t)
        rest_tokens = rest.split()
        if (method or first) and (_acts(rest, rest_tokens) or _uses_tool(rest_tokens)):
            return refuse("finishing a home extraction")
        if urgent or _has(t, URGENT_AFTER_PICKING):
            return Verdict(Kind.URGENT, child, True, urgent_id, "red flags after picking")
        return route(PICKED_SPOT_CARE, "caring for a picked spot")
    # 5. Tools: only a professional's, in general terms.
    if tool or (_has(t, HOME_AGENTS) and (self_ or first or method)):
        if pro_actor and not child:
            return pro_answer()
        home_ask = tool_home or lay or others or first or method or child
        if _has(t, INFO_QUESTION) and not home_ask:
            return pro_answer()
        if (_has(t, NAMED_EXTRACTION) or _has(t, OTHER_TREATMENTS)) and not (home_ask or acts):
            # a named professional treatment, and what it is like ("does extraction with a
            # needle hurt"): the treatment's answer
            return pro_answer()
        return refuse("home tools")
    # 6. Steps or technique for an extraction action.
    if _has(t, TECH_SOFT) and acts and not pro_actor:
        return refuse("steps or technique")
    if _has(t, INSTRUCTIONS) and removes_now and not pro_actor and not _has(t, CARE):
        return refuse("instructions for removal")
    # 7. Doing it to a child.
    if child and not pro_actor and (acts or (removes and (method or first or self_))):
        return refuse("extraction on a child")
    # 8. An extraction action, or removal at home.
    learns = _has(t, TEACH) and removes
    home_removal = (
        learns
        or copies
        or (self_ and (removes or does or method or _has(t, TECH_SOFT) or "how" in tokens))
        or (
            avoids
            and (method or first)
            and (removes or _has(t, TECH_SOFT) or _has(t, ANAPHORIC_DO))
        )
        or (others and removes_now and not pro_actor and (method or first or _others_act(tokens)))
    )
    if acts or home_removal:
        if pro_actor:
            return pro_answer() if acts else Verdict(reason="professional")
        if risk_q:
            if situation:
                return Verdict(child=child, reason="risks of home extraction")
            return route(DIY_RISKS, "risks of home extraction")
        starts = tokens[0] in IMPERATIVES and len(tokens) > 1
        if acts and (method or first or self_ or others or starts):
            return refuse("home extraction")
        if home_removal:
            if anaphoric and topic in RETINOID_CONTEXT and not (acts or removes):
                return route(OTC_RETINOIDS, "retinoid follow-up")
            if retinoid and not acts:
                return _retinoid_route(situation, child)
            if (_has(t, AFTERCARE) or after_procedure) and not (removes_now or copies):
                return Verdict(child=child, reason="aftercare or prevention at home")
            return refuse("home removal")
    # 9. Using an over-the-counter retinoid at home, as directed.
    applies = (first or method) and _has(t, APPLY)
    if retinoid and (self_ or applies or _has(t, BUY)):
        return _retinoid_route(situation, child)
    # 10. Follow-ups that lean on context: "can I do that at home?", "how do I do it?".
    tries = _has(t, ANAPHORIC_DO) and first and (method or topic in EXTRACTION_CONTEXT)
    if anaphoric and not retinoid and (self_ or tries):
        if topic in RETINOID_CONTEXT:
            return route(OTC_RETINOIDS, "retinoid follow-up")
        if risk_q:
            return route(DIY_RISKS, "risks of home extraction")
        return refuse("home follow-up")
    # 11. Red flags come before anything else the words might be about.
    if urgent:
        return Verdict(Kind.URGENT, child, True, urgent_id, "red flags")
    return ALLOW


def _retinoid_route(situation: bool, child: bool) -> Verdict:
    if situation:  # pregnancy, eyelids...: the situation's answer covers retinoids there
        return Verdict(child=child, reason="home retinoid use")
    return Verdict(route=OTC_RETINOIDS, reason="home retinoid use")


class Slot(NamedTuple):
    """What the device sent for one slot: the spoken words and, when entity resolution
    matched, the value's id."""

    value: str | None
    id: str | None = None


# Removal-question slot ids (``skill.lexicon``) the rules below read.
REMOVE_ONLY = frozenset({"REMOVE"})  # "get rid of", "treat": removal, not an extraction act
OVERVIEW = "TREATMENT_OVERVIEW"
COST = "COST"
BABY = "BABY"


def assess(
    intent: str | None,
    slots: Mapping[str, Slot | str | None],
    topic: str | None = None,
    locale: str = "en-US",
) -> Verdict:
    """Judge an intent request from what a device sends: the intent, every slot (its words and
    resolved id), and the session's context. Never the user's whole sentence: a device has none.

    Order: the intents that always refuse or lean on context; then the words of every slot
    (a refusing or urgent verdict on any of them wins, and so does one on all of them read
    together, "my newborn" + "a fever"); then the rules of the removal and home-care intents,
    which read the resolved ids.
    """
    read = {n: s if isinstance(s, Slot) else Slot(s) for n, s in slots.items()}
    if intent == intents.DO_AT_HOME:
        if topic in RETINOID_CONTEXT:
            return Verdict(route=OTC_RETINOIDS, reason="retinoid follow-up")
        return Verdict(Kind.REFUSE, reason="home follow-up")
    if intent == intents.FALLBACK and topic in EXTRACTION_CONTEXT:
        # Unclear words in a conversation about extraction: assume the worst, refuse.
        return Verdict(Kind.REFUSE, reason="unclear follow-up about extraction")
    # Words outside the slot's listed values are judged as text; listed values by their ids.
    unresolved = [s.value for s in read.values() if s.value and s.id is None]
    verdicts = [assess_text(value, topic) for value in unresolved]
    for kind in (Kind.REFUSE, Kind.URGENT):
        for verdict in verdicts:
            if verdict.kind is kind:
                return verdict
    said = [s.value for s in read.values() if s.value]
    together = assess_text(" ".join(said), topic) if len(said) > 1 else ALLOW
    rule = _SLOT_RULES.get(intent or "")
    if rule is not None:
        ids = {n: s.id for n, s in read.items()}
        ids.update({n: UNLISTED for n, s in read.items() if s.value and s.id is None})
        verdict = rule(ids, topic)
        if verdict is WORDS_DECIDE:
            verdict = _words_decide(" ".join(unresolved), locale)
        if verdict.kind is Kind.REFUSE or together.kind is not Kind.URGENT:
            return verdict
    if together.kind is Kind.URGENT:
        return together
    for verdict in verdicts:
        if verdict.route:
            return verdict
    return ALLOW


Ids = Mapping[str, str | None]


def _red_flag(symptom: str | None) -> bool:
    """A symptom slot id that needs a doctor (the lexicon, loaded on the first symptom: a
    launch never needs it)."""
    from skill.lexicon import RED_FLAG_SYMPTOMS

    return symptom in RED_FLAG_SYMPTOMS


def _child(ids: Ids) -> bool:
    return ids.get("person") == "CHILD" or ids.get("situation") == BABY


# Removal asks that are a request for method or technique, whoever is named.
HOW_TO_ASKS = frozenset({"INSTRUCTIONS", "TECHNIQUE", "STERILISE", "BUY", "PRETEND"})


def _extraction_question(ids: Ids, topic: str | None) -> Verdict:
    """What is done, with what, to whom, where, and what kind of question.

    Named rules, in order: a child; a request for steps, technique, tools to buy or role-play;
    a professional doing it; what a professional's tool is; home tools; a risk question; removal
    with nobody and nowhere named (the treatment overview); any extraction act or removal at
    home (refused). With nothing resolved, the skill's understanding reads the words.
    """
    ask, action, tool, person, place = (
        _listed(ids, name) for name in ("ask", "action", "tool", "person", "place")
    )
    urgent = _red_flag(ids.get("symptom"))
    if _child(ids):
        return Verdict(Kind.REFUSE, child=True, urgent=urgent, reason="extraction on a child")
    if urgent:
        # "there's pus, how do I squeeze the rest out": the red flags first, and no help
        return Verdict(Kind.REFUSE, urgent=True, reason="finishing a home extraction")
    if ask in HOW_TO_ASKS:
        return Verdict(Kind.REFUSE, reason="steps, technique, tools or role-play")
    if person == "PROFESSIONAL" and place != "HOME":
        return Verdict(route=PRO_EXTRACTION, reason="a professional does it")
    if ask == "INFO" and tool is not None and place != "HOME" and person is None:
        if tool == "EXTRACTOR":
            return Verdict(route=COMEDONE_EXTRACTOR_ID, reason="what a comedone extractor is")
        return Verdict(route=PRO_EXTRACTION, reason="what a professional's tool is")
    if tool is not None:
        return Verdict(Kind.REFUSE, reason="home tools")
    if ask == "RISK" and person is None:
        return Verdict(route=DIY_RISKS, reason="risks of home extraction")
    if action in REMOVE_ONLY and place is None and person is None:
        return Verdict(route=OVERVIEW, reason="removal, with no one at home named")
    if action is not None or place == "HOME" or person is not None:
        return Verdict(Kind.REFUSE, reason="home extraction")
    return WORDS_DECIDE


# The id the rules see for a slot filled with words outside its list (ER_SUCCESS_NO_MATCH).
UNLISTED = "?"

# A removal question with nothing resolved: see :func:`_words_decide`.
WORDS_DECIDE = Verdict(reason="nothing resolved: the words decide")


def _words_decide(words: str, locale: str) -> Verdict:
    """A removal question whose slots hold no listed value. If the words Alexa heard name
    something else the skill explains ("something else", "a good dermatologist"), answer that;
    otherwise it was a removal request, and it is refused."""
    from skill.understanding import understand

    route = understand(words, locale) if words.strip() else None
    if route is not None and route.intent != intents.LIST_TREATMENTS:
        return Verdict(reason="the words name another topic")
    return Verdict(Kind.REFUSE, reason="removal request")


def _listed(ids: Ids, name: str) -> str | None:
    """The slot's listed id, or ``None`` (empty, or words outside the list)."""
    found = ids.get(name)
    return None if found == UNLISTED else found


def _pro_extraction(ids: Ids, topic: str | None) -> Verdict:
    """A professional's method, in general terms; unless it is to be done at home, or the
    question is for steps, technique or where to buy."""
    if ids.get("place") == "HOME":
        return Verdict(Kind.REFUSE, reason="a professional's method, at home")
    if ids.get("ask") in HOW_TO_ASKS - {"STERILISE"}:
        # how a professional sterilises their own tools is fine to explain in general terms
        return Verdict(Kind.REFUSE, reason="steps, technique, tools or role-play")
    if (
        ids.get("tool") == "EXTRACTOR"
        and ids.get("action") is None
        and ids.get("ask")
        in (
            None,
            "INFO",
        )
    ):
        return Verdict(route=COMEDONE_EXTRACTOR_ID, reason="what a comedone extractor is")
    return Verdict(route=PRO_EXTRACTION, reason="professional extraction")


def _home_use(ids: Ids, topic: str | None) -> Verdict:
    """Using a treatment at home: a retinoid as directed yes, any procedure no."""
    treatment, situation = ids.get("treatment"), _listed(ids, "situation")
    if situation is not None:
        return Verdict(
            route=situation, child=situation == BABY, reason="a treatment in a situation"
        )
    if treatment in (None, UNLISTED) and topic in EXTRACTION_CONTEXT:
        return Verdict(Kind.REFUSE, reason="getting tools (follow-up)")
    if treatment == UNLISTED and topic in RETINOID_CONTEXT:
        return Verdict(route=OTC_RETINOIDS, reason="retinoid follow-up")
    if treatment == UNLISTED:
        return Verdict(reason="something else at home: the words decide")
    if treatment not in (None, RETINOID_ID):
        return Verdict(Kind.REFUSE, reason="a professional procedure at home")
    return Verdict(route=OTC_RETINOIDS, reason="home retinoid use")


def _cost(ids: Ids, topic: str | None) -> Verdict:
    """What a treatment costs, yes; what a tool for doing it at home costs, no."""
    if ids.get("tool") is not None:
        return Verdict(Kind.REFUSE, reason="buying tools")
    return Verdict(route=COST, reason="cost")


def _diy_risks(ids: Ids, topic: str | None) -> Verdict:
    if _child(ids):
        return Verdict(Kind.REFUSE, child=True, reason="extraction on a child")
    return Verdict(route=DIY_RISKS, reason="risks of home extraction")


def _urgent_route(ids: Ids) -> str:
    """The urgent answer that fits: a baby's, the eyes' (urgent care now), or infection signs."""
    if _child(ids) or ids.get("symptom") == "UNWELL_BABY_SIGNS":
        return BABY_UNWELL_ID
    return EYE_RED_FLAGS_ID if ids.get("symptom") == "EYE_PROBLEM" else RED_FLAGS_ID


def _picked_spot(ids: Ids, topic: str | None) -> Verdict:
    """A spot already picked: care for it, or urgent care for red flags."""
    if _red_flag(ids.get("symptom")):
        return Verdict(
            Kind.URGENT, urgent=True, route=_urgent_route(ids), reason="red flags after picking"
        )
    return Verdict(route=PICKED_SPOT_CARE, reason="caring for a picked spot")


def _symptom(ids: Ids, topic: str | None) -> Verdict:
    """A symptom after a treatment: a red flag (or a question about the warning signs) goes to
    the urgent answer that fits; ordinary healing to that treatment's aftercare."""
    symptom = ids.get("symptom")
    if _red_flag(symptom) or symptom is None or ids.get("treatment") is None:
        return Verdict(Kind.URGENT, urgent=True, route=_urgent_route(ids), reason="red flags")
    return Verdict(reason="ordinary healing after a treatment")


def _situation(ids: Ids, topic: str | None) -> Verdict:
    if _red_flag(ids.get("symptom")):
        child = _child(ids)
        return Verdict(Kind.URGENT, child, True, _urgent_route(ids), "red flags with a situation")
    return ALLOW


_SLOT_RULES = {
    intents.EXTRACTION_QUESTION: _extraction_question,
    intents.PRO_EXTRACTION: _pro_extraction,
    intents.HOME_USE: _home_use,
    intents.DIY_RISKS: _diy_risks,
    intents.COST: _cost,
    intents.PICKED_SPOT: _picked_spot,
    intents.SYMPTOM: _symptom,
    intents.SITUATION: _situation,
}


def assess_request(handler_input: HandlerInput) -> Verdict:
    """Judge the current request (the interceptor's entry point)."""
    from skill.handlers.slots import slot_id

    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    if intent is None:
        return ALLOW
    slots = {
        name: Slot(getattr(slot, "value", None), slot_id(handler_input, name))
        for name, slot in (intent.slots or {}).items()
    }
    return assess(
        intent.name,
        slots,
        context_of(handler_input.attributes_manager.session_attributes),
        request.locale or "en-US",
    )


def context_of(attributes: Mapping[str, Any]) -> str | None:
    """The conversation's most recent subject, from session attributes: a topic answer sets
    "subject", a treatment answer clears it and sets "topic"."""
    context = attributes.get("subject") or attributes.get("topic")
    return context if isinstance(context, str) else None


VERDICT_KEY = "safety"


class SafetyInterceptor(AbstractRequestInterceptor):
    """Runs the gate once per request and leaves the verdict for the handlers."""

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[VERDICT_KEY] = assess_request(
            handler_input
        )


def verdict_of(handler_input: HandlerInput) -> Verdict:
    """The verdict the interceptor stored (or a fresh one, if it did not run)."""
    attrs = handler_input.attributes_manager.request_attributes
    verdict = attrs.get(VERDICT_KEY)
    if verdict is None:
        verdict = attrs[VERDICT_KEY] = assess_request(handler_input)
    return verdict


# --- output check --------------------------------------------------------------------------
UNSAFE_OUTPUT = _phrases(
    "sterilize the, sterilise the, sterilize a, sterilise a, sterilize your, sterilise your,",
    "insert the, insert a, at an angle, hold the needle, hold the lancet, hold the pin,",
    "use a needle to, use a pin to, use a lancet to, use tweezers to, use your,",
    "prick the top, prick the milium, pierce the top, pierce the milium, squeeze gently,",
    "gently squeeze, press down on, press around, push the keratin, push out the,",
    "step one, step two, then squeeze, then press, rubbing alcohol,",
    "wipe the needle, make a small hole, make a tiny hole, make a small cut,",
    "nick the skin yourself, you can pop, you can squeeze, you can extract, you can lance,",
    "you can prick, you could pop, you could squeeze, try squeezing, try popping,",
    "try pricking, try lancing",
)


def unsafe_instructions(text: str) -> list[str]:
    """Phrases in an answer that read as extraction steps, tool handling or technique."""
    t = normalise(text)
    return sorted(p for p in UNSAFE_OUTPUT if f" {p} " in t)


def as_dict(verdict: Verdict) -> dict[str, Any]:
    """A JSON-friendly view of a verdict (for logs and the simulator)."""
    return {
        "kind": verdict.kind.value,
        "child": verdict.child,
        "urgent": verdict.urgent,
        "route": verdict.route,
        "reason": verdict.reason,
    }
