"""The words the safety policy knows, and how they are matched.

Every phrase is normalised the way :func:`normalise` writes text (lowercase, no punctuation,
"can't" -> "cant", "baby's" -> "babys"). Each set is one small vocabulary; the feature helpers
(``_acts``, ``_removes``, ``_first_person``...) combine them with short token windows. The
rules that use them are in :mod:`skill.safety.text_policy`.

Cost: stdlib only, nothing compiled at import; a text is a few dozen substring checks.
"""

from __future__ import annotations

from functools import lru_cache

from skill.core.text import words


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
# Typed words shorter than this are never corrected: too many short words are close to another.
_MIN_CORRECTED_LETTERS = 6
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
    if len(token) < _MIN_CORRECTED_LETTERS or token in _known_words() or not token.isalpha():
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
