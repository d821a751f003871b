"""The five professional milia treatments, each with six spoken aspects.

Speech is plain text for the ear: short sentences, plain words, no SSML, no digits,
and it never ends with a question (the handler appends the next-step offer).
Cards are the fuller text shown in the Alexa app. Wording is US English; regional
overrides are applied later by :func:`skill.content.regional.regionalize`.
"""

from __future__ import annotations

from .model import Aspect, CompareFacts, Segment, Treatment, TreatmentId

_MECHANICAL_EXTRACTION = Treatment(
    id=TreatmentId.MECHANICAL_EXTRACTION,
    name="mechanical extraction",
    title="Mechanical extraction",
    summary="Mechanical extraction, where a professional removes each bump in the clinic.",
    aspects={
        Aspect.HOW_IT_WORKS: Segment(
            speech=(
                "Extraction is done in a clinic by a dermatologist, "
                "or a licensed professional where allowed. "
                "They free the trapped keratin with a sterile instrument, "
                "one bump at a time. "
                "A bump removed this way almost never comes back."
            ),
            card=(
                "Mechanical extraction is the most common and direct way to remove "
                "individual milia. A dermatologist, or a licensed professional where allowed, "
                "frees the trapped keratin of each milium with sterile instruments, in the "
                "clinic. "
                "A milium removed this way almost never comes back, although new ones can "
                "form elsewhere."
            ),
        ),
        Aspect.VISIT: Segment(
            speech=(
                "A visit is usually short. "
                "The dermatologist first checks that the bumps really are milia. "
                "Each bump takes about a minute or less, and several can be done in one visit. "
                "Most people go straight back to their day."
            ),
            card=(
                "Expect a short appointment. The dermatologist first confirms that the bumps "
                "are milia and not something else. Each milium usually "
                "takes under a minute, and several can be treated in one visit. Most people "
                "return to normal activities straight away."
            ),
        ),
        Aspect.WHO_IT_SUITS: Segment(
            speech=(
                "Extraction suits people with a few milia, or a moderate number. "
                "It is the quickest way to clear a single bump. "
                "It also works well in delicate places, such as under the eyes, "
                "where other treatments can be too harsh."
            ),
            card=(
                "Extraction is ideal for a small to moderate number of milia, and it is the "
                "most direct way to clear a single bump. It is particularly useful in "
                "sensitive areas such as under the eyes, where freezing, peels or retinoid "
                "creams may be too harsh. For many milia over a wide area, a dermatologist "
                "may suggest another option or a combination."
            ),
        ),
        Aspect.SENSATION: Segment(
            speech=(
                "Most people feel a quick pinprick for each bump. "
                "Some also feel a little pressure as the contents come out. "
                "It is over in seconds. "
                "The discomfort is usually mild."
            ),
            card=(
                "You will usually feel a small, quick pinprick, and perhaps some light "
                "pressure. Each bump takes only seconds. Most people find the discomfort mild."
            ),
        ),
        Aspect.AFTERCARE: Segment(
            speech=(
                "The skin may look a little red for an hour or so. "
                "A tiny scab can last a few days. "
                "Keep the area clean, and leave any scab alone. "
                "There is no real downtime. "
                "Get medical care if you notice spreading redness, warmth, or pus."
            ),
            card=(
                "The treated spots may be slightly red for about an hour, and a tiny scab "
                "can last a few days. Keep the area clean, and don't pick at any scab. There "
                "is no real downtime, so you can return to normal activities straight away. "
                "Seek medical care for spreading redness, warmth, pus or fever."
            ),
        ),
        Aspect.SESSIONS: Segment(
            speech=(
                "Extraction usually takes a single visit. "
                "Most of the treated bumps are gone when you leave. "
                "A milium removed this way almost never returns. "
                "New ones can still form in other places, "
                "so some people come back later for another round."
            ),
            card=(
                "Extraction is usually done in one visit, and most treated milia are gone "
                "straight away. "
                "A removed milium almost never recurs. New milia can still form elsewhere, "
                "so some people return later for another session."
            ),
        ),
    },
    compare=CompareFacts(
        suits="a few milia, including under the eyes",
        sensation="a quick pinprick for each bump",
        downtime="about an hour of redness",
        sessions="usually a single visit",
        timeline="results straight away",
        speed=0,
    ),
    key_facts=(
        "Done by a dermatologist, or a licensed professional where allowed",
        "Each milium is freed with sterile instruments, in the clinic",
        "Usually one visit, with results straight away",
        "Suits milia under the eyes",
    ),
    aftercare_points=(
        "Slight redness for about an hour",
        "A tiny scab may last a few days",
        "Keep clean and don't pick",
        "Seek care for spreading redness or pus",
    ),
)

_CHEMICAL_PEEL = Treatment(
    id=TreatmentId.CHEMICAL_PEEL,
    name="chemical peels",
    title="Chemical peels",
    summary="Chemical peels, which help the top layer of skin shed.",
    aspects={
        Aspect.HOW_IT_WORKS: Segment(
            speech=(
                "A peel uses a mild acid, such as glycolic acid or salicylic acid. "
                "The acid loosens dead cells on the surface of the skin. "
                "Over several sessions, the top layer sheds, "
                "and milia near the surface can shed with it. "
                "The evidence for peels is weaker, so they are not usually the first choice."
            ),
            card=(
                "A professional chemical peel applies a mild acid, such as glycolic acid or "
                "salicylic acid, to loosen the bonds between dead surface skin cells. Over a "
                "series of sessions the top layer sheds, and milia near the surface may shed "
                "with it. Peels have been reported to help very extensive milia, but the "
                "evidence is weaker than for other options, so they are not first line."
            ),
        ),
        Aspect.VISIT: Segment(
            speech=(
                "A dermatologist, or a licensed esthetician for lighter peels, "
                "cleans your face. "
                "Then they brush on the acid solution. "
                "It stays on for a few minutes. "
                "After that, they stop the acid working and wash it off. "
                "The visit is usually short."
            ),
            card=(
                "Light peels may be done by a dermatologist or a licensed esthetician; "
                "stronger peels belong with a dermatologist. Your face is cleaned, the acid "
                "solution is applied and left on for a few minutes, and then it is "
                "neutralized and removed. The appointment is usually short."
            ),
        ),
        Aspect.WHO_IT_SUITS: Segment(
            speech=(
                "Peels may suit people with many milia spread across the face. "
                "They can also improve overall skin texture. "
                "But peels can themselves cause milia in some people. "
                "In darker skin, they carry a higher risk of dark marks. "
                "A dermatologist can tell you whether a peel makes sense."
            ),
            card=(
                "Peels may suit people with many milia over a wide area, and they can also "
                "improve overall texture. However, peels can themselves trigger milia. People "
                "with darker skin have a higher risk of dark marks afterward, and deep peels "
                "are generally avoided in darker skin. A dermatologist can advise whether a "
                "peel is sensible for you."
            ),
        ),
        Aspect.SENSATION: Segment(
            speech=(
                "Most people feel tingling or warmth while the acid is on. "
                "Stronger peels can sting. "
                "The feeling usually fades within minutes once the peel is removed. "
                "Tell the professional straight away if it feels too strong."
            ),
            card=(
                "The sensation ranges from a mild tingle or warmth to a moderate sting, "
                "depending on the type and strength of the acid. It usually fades within "
                "minutes of the peel being removed. Tell the professional if it feels too "
                "strong."
            ),
        ),
        Aspect.AFTERCARE: Segment(
            speech=(
                "Your skin may look red and feel tight for a day or two. "
                "Light flaking, like a mild sunburn, can follow for a few days. "
                "Use a gentle moisturizer, don't pick the flakes, and wear sunscreen every day. "
                "Get medical care for spreading redness, pus, or fever."
            ),
            card=(
                "Expect redness and tightness for a day or two, then light peeling or flaking "
                "for a few days, much like a mild sunburn. Use a gentle moisturizer and don't "
                "pick flaking skin. Apply a broad-spectrum sunscreen every day, because the "
                "new skin is more sensitive to the sun. Restart a retinoid or exfoliating acids "
                "only when your dermatologist says. Seek medical care for spreading redness, "
                "pus or fever."
            ),
        ),
        Aspect.SESSIONS: Segment(
            speech=(
                "Peels usually come as a series. "
                "A common plan is four to six light peels, a few weeks apart. "
                "So results build slowly over a few months. "
                "Because peels are not the first choice for milia, "
                "your dermatologist may suggest a quicker option."
            ),
            card=(
                "Peels are usually given as a series; four to six superficial peels a few "
                "weeks apart is a common plan. Results build gradually over a few months. "
                "Because peels are not first line for milia, a dermatologist may recommend "
                "extraction or a retinoid instead or as well."
            ),
        ),
    },
    compare=CompareFacts(
        suits="many milia spread over a wider area",
        sensation="tingling, warmth, or a mild sting",
        downtime="a few days of flaking",
        sessions="often four to six, weeks apart",
        timeline="results build over a few months",
        speed=3,
    ),
    key_facts=(
        "Mild acids loosen dead surface skin cells",
        "Usually a series of 4 to 6 light peels",
        "Weaker evidence; not first line for milia",
        "Can cause milia; dark-mark risk in darker skin",
    ),
    aftercare_points=(
        "Redness and tightness for a day or two",
        "Light flaking for a few days; don't pick",
        "Gentle moisturizer and broad-spectrum sunscreen every day",
        "Seek care for spreading redness, pus or fever",
    ),
)

_TOPICAL_RETINOID = Treatment(
    id=TreatmentId.TOPICAL_RETINOID,
    name="topical retinoids",
    title="Topical retinoids",
    summary="Topical retinoids, creams related to vitamin A that speed up skin renewal.",
    aspects={
        Aspect.HOW_IT_WORKS: Segment(
            speech=(
                "Retinoids are creams related to vitamin A. "
                "They speed up how fast skin cells renew and shed. "
                "That may help stop keratin building up into new milia. "
                "Tretinoin needs a prescription. "
                "{adapalene_access} "
                "Retinol is a milder retinoid."
            ),
            card=(
                "Topical retinoids are creams and gels related to vitamin A that speed up skin "
                "cell turnover. This may help prevent keratin from building up into new milia "
                "and may gradually loosen existing ones; they don't remove milia directly. "
                "Tretinoin is prescription only. Adapalene 0.1% is a true retinoid. "
                "{adapalene_access} Retinol is a milder retinoid, and the same cautions apply."
            ),
        ),
        Aspect.VISIT: Segment(
            speech=(
                "There is no procedure. "
                "A dermatologist checks the bumps, then picks a product and a strength. "
                "You apply it yourself at night, following their directions. "
                "Follow-up visits check how your skin is coping."
            ),
            card=(
                "Retinoids involve no procedure. A dermatologist confirms the diagnosis, "
                "chooses a product and strength, and explains how to apply it at night. "
                "Follow-up visits check progress and how well your skin tolerates it."
            ),
        ),
        Aspect.WHO_IT_SUITS: Segment(
            speech=(
                "Retinoids suit people whose milia keep coming back, or who have many small ones. "
                "Have the bumps confirmed as milia first. "
                "Keep them off the eyelids, and off broken, sunburned, or eczema skin. "
                "Avoid them if pregnant or trying to conceive. "
                "Ask a doctor first if breastfeeding, or for a child or teen."
            ),
            card=(
                "Retinoids suit anyone prone to milia, especially people with recurrent or "
                "widespread milia, and they also improve overall texture. They are a "
                "long-term strategy rather than a quick fix. Have the bumps confirmed as milia "
                "first. Keep them off the eyelids and off broken, sunburned or eczema-prone "
                "skin. Avoid them during pregnancy or while trying to conceive, and ask a doctor "
                "first if you are breastfeeding or for a child or teen (over-the-counter "
                "adapalene is labelled for ages 12 and up where it is sold that way)."
            ),
        ),
        Aspect.SENSATION: Segment(
            speech=(
                "Putting the cream on does not hurt. "
                "In the first few weeks, many people notice dryness, redness, or flaking. "
                "Some feel mild stinging. "
                "This usually settles as the skin gets used to it."
            ),
            card=(
                "Applying a retinoid is painless. In the first weeks, often called "
                "retinization, dryness, redness, flaking or mild stinging are common. These "
                "usually settle as the skin adjusts."
            ),
        ),
        Aspect.AFTERCARE: Segment(
            speech=(
                "Follow the label, or your dermatologist's directions. "
                "Many dermatologists suggest a pea-sized amount for the whole face, "
                "two or three nights a week at first. "
                "Use a moisturizer, and wear sunscreen every day. "
                "Keep it off the eyelids. "
                "Stop it before peels, laser, or waxing."
            ),
            card=(
                "Follow the label or your dermatologist's directions. Many dermatologists "
                "suggest a pea-sized amount for the whole face at night, two or three nights a "
                "week at first, building up as tolerated. Moisturize, and wear a "
                "broad-spectrum sunscreen every day. Keep it off the eyelids, and stop it "
                "before peels, laser treatment or waxing, as your dermatologist advises."
            ),
        ),
        Aspect.SESSIONS: Segment(
            speech=(
                "Retinoids take patience. "
                "Expect to use them for at least two to three months "
                "before you see a clear change. "
                "Many people then keep going, to help prevent new milia. "
                "Your dermatologist will tell you how long to continue."
            ),
            card=(
                "There are no clinic sessions: a retinoid is used at home, usually at night. "
                "Improvement is gradual, typically over two to three months or more. Many "
                "people continue long term to prevent new milia, as their dermatologist "
                "advises."
            ),
        ),
    },
    compare=CompareFacts(
        suits="milia that keep coming back, or many small ones",
        sensation="painless, with some early dryness",
        downtime="none, though early dryness is common",
        sessions="used at home, no clinic visits",
        timeline="gradual, over two to three months or more",
        speed=3,
    ),
    key_facts=(
        "Creams related to vitamin A that speed up skin renewal",
        "Adapalene is over the counter in some countries; retinol is milder",
        "Follow the label; many start 2 to 3 nights a week",
        "Avoid in pregnancy or when trying to conceive",
    ),
    aftercare_points=(
        "Moisturize; early dryness is normal",
        "Broad-spectrum sunscreen every day",
        "Keep off the eyelids",
        "Stop before peels, laser or waxing",
    ),
)

_CRYOTHERAPY = Treatment(
    id=TreatmentId.CRYOTHERAPY,
    name="cryotherapy",
    title="Cryotherapy (freezing)",
    summary="Cryotherapy, which freezes a stubborn bump so it scabs and falls off.",
    aspects={
        Aspect.HOW_IT_WORKS: Segment(
            speech=(
                "A dermatologist applies a tiny amount of liquid nitrogen to the bump. "
                "The extreme cold destroys the cells inside the milium. "
                "Over the next few days, a blister or scab forms. "
                "When it comes away, the milium goes with it."
            ),
            card=(
                "In cryotherapy, a dermatologist applies a small amount of liquid nitrogen "
                "precisely to the milium. The extreme cold destroys the cells inside the "
                "cyst. A blister or scab then forms, and the milium is shed when it comes "
                "away."
            ),
        ),
        Aspect.VISIT: Segment(
            speech=(
                "The visit is quick. "
                "The dermatologist freezes each bump with a fine cotton swab or a small spray. "
                "The spot turns white for a few seconds. "
                "Freezing is usually avoided right around the eye."
            ),
            card=(
                "The appointment is quick. The dermatologist applies liquid nitrogen with a "
                "fine cotton swab or a small spray device, and the spot turns white for a few "
                "seconds. Cryotherapy is usually avoided right around the eye."
            ),
        ),
        Aspect.WHO_IT_SUITS: Segment(
            speech=(
                "Freezing suits larger or stubborn milia that have not cleared "
                "with other treatments. "
                "It is usually avoided right around the eye. "
                "It can leave permanent light patches. "
                "That risk is higher in darker skin, which can also get dark marks."
            ),
            card=(
                "Cryotherapy is generally kept for larger or persistent milia that have not "
                "responded to other treatments. It is usually avoided right around the eye. "
                "It can leave permanent pale patches, and darker skin has a higher risk of "
                "both light and dark marks."
            ),
        ),
        Aspect.SENSATION: Segment(
            speech=(
                "Most people feel a sharp, cold sting while the bump is frozen. "
                "It lasts only a few seconds. "
                "Afterward, the spot may throb or sting for a short while. "
                "This usually settles the same day."
            ),
            card=(
                "Liquid nitrogen feels like a sharp, cold sting for a few seconds. The spot "
                "may throb or sting briefly afterward, which usually settles the same day."
            ),
        ),
        Aspect.AFTERCARE: Segment(
            speech=(
                "The spot turns red and may swell a little. "
                "A blister or scab then forms. "
                "Leave it alone, because picking can cause a scar. "
                "Keep it clean. "
                "It usually heals within one to two weeks. "
                "Get medical care for spreading redness, pus, or fever."
            ),
            card=(
                "The area will be red and may swell slightly, then a blister or scab forms. "
                "Keep it clean and don't pick it, to avoid scarring. It usually heals within "
                "one to two weeks. Seek medical care for spreading redness, pus or fever."
            ),
        ),
        Aspect.SESSIONS: Segment(
            speech=(
                "One freezing session is often enough for a single bump. "
                "Some milia need a repeat. "
                "The scab usually heals within one to two weeks. "
                "If another round is needed, "
                "your dermatologist will usually wait until the skin has healed."
            ),
            card=(
                "A single treatment is often enough, although some milia need a repeat. "
                "Healing usually takes one to two weeks, and any repeat treatment is "
                "normally planned once the skin has healed."
            ),
        ),
    },
    compare=CompareFacts(
        suits="larger or stubborn milia, away from the eye",
        sensation="a sharp, cold sting for seconds",
        downtime="a scab for one to two weeks",
        sessions="often one, sometimes a repeat",
        timeline="heals within one to two weeks",
        speed=2,
    ),
    key_facts=(
        "Liquid nitrogen freezes the milium",
        "Usually avoided right around the eye",
        "Scab heals within 1 to 2 weeks",
        "Risk of light or dark marks, higher in darker skin",
    ),
    aftercare_points=(
        "Don't pick the blister or scab",
        "Keep the area clean",
        "Heals within 1 to 2 weeks",
        "Seek care for spreading redness, pus or fever",
    ),
)

_LASER_ABLATION = Treatment(
    id=TreatmentId.LASER_ABLATION,
    name="laser ablation",
    title="Laser ablation",
    summary="Laser ablation, which precisely opens or removes deep or numerous milia.",
    aspects={
        Aspect.HOW_IT_WORKS: Segment(
            speech=(
                "A dermatologist aims a focused laser, usually a carbon dioxide laser, "
                "at each milium. "
                "The laser makes a tiny opening so the contents can come out. "
                "For some bumps, it removes the whole milium. "
                "Its heat seals tiny blood vessels, so there is little bleeding."
            ),
            card=(
                "A dermatologist uses a focused laser, usually a CO2 laser, to make a "
                "microscopic opening over each milium so the contents can be removed, or to "
                "vaporize the whole milium. The laser's heat seals small blood vessels, which "
                "limits bleeding and helps healing."
            ),
        ),
        Aspect.VISIT: Segment(
            speech=(
                "Laser is done in a dermatology clinic. "
                "The skin is cleaned, and a numbing cream or a local anesthetic may be used. "
                "You wear eye protection. "
                "Then the dermatologist treats each bump with short pulses of light."
            ),
            card=(
                "Laser treatment takes place in a dermatology clinic. The skin is cleaned, a "
                "numbing cream or local anesthesia may be used, and you wear eye protection. "
                "The dermatologist then treats each milium with short, precise pulses."
            ),
        ),
        Aspect.WHO_IT_SUITS: Segment(
            speech=(
                "Laser is usually kept for deep, stubborn, or numerous milia "
                "that other treatments have not cleared. "
                "It is a more advanced option. "
                "Laser can itself cause milia. "
                "Darker skin also has a higher risk of dark marks afterward."
            ),
            card=(
                "Laser is usually reserved for deep, stubborn or numerous milia that have not "
                "responded to other treatments. Laser resurfacing can itself cause milia, and "
                "darker skin has a higher risk of dark marks afterward. A dermatologist will "
                "weigh these risks against the benefits."
            ),
        ),
        Aspect.SENSATION: Segment(
            speech=(
                "Each pulse feels like a quick, warm snap. "
                "Numbing can make it more comfortable. "
                "Afterward, the treated area may feel like a mild sunburn "
                "for a day or so."
            ),
            card=(
                "Each laser pulse feels like a quick, warm snap. Numbing cream or local "
                "anesthesia can make it more comfortable. Afterward, the area may feel like a "
                "mild sunburn for a day or so."
            ),
        ),
        Aspect.AFTERCARE: Segment(
            speech=(
                "The treated area will be red. "
                "Tiny crusts form over each spot, and usually fall off in five to seven days. "
                "Don't pick them, keep the skin clean, and wear sunscreen. "
                "The skin can stay pink for a few weeks. "
                "Get medical care for spreading redness, pus, or fever."
            ),
            card=(
                "Expect redness, then tiny crusts over each treated spot that usually fall off "
                "in five to seven days; pinkness can last a few weeks. Don't pick the crusts; "
                "keep the skin clean and moisturized. Protect the area with a broad-spectrum "
                "sunscreen. Restart a retinoid or exfoliating acids only when your dermatologist "
                "says. Seek medical care for spreading redness, pus or fever."
            ),
        ),
        Aspect.SESSIONS: Segment(
            speech=(
                "Spot treatment is often done in one session. "
                "Some people need a repeat for new or remaining milia. "
                "The crusts usually clear within about a week. "
                "The skin can stay pink for a few weeks after that."
            ),
            card=(
                "Spot treatment is often a single session, with repeats for new or remaining "
                "milia. Crusts usually clear in five to seven days, and pinkness can last a "
                "few weeks. Wider resurfacing, if used, takes up to about two weeks to heal."
            ),
        ),
    },
    compare=CompareFacts(
        suits="deep, stubborn, or numerous milia",
        sensation="a quick, warm snap with each pulse",
        downtime="crusts for five to seven days",
        sessions="often one, sometimes a repeat",
        timeline="crusts clear in about a week",
        speed=1,
    ),
    key_facts=(
        "Usually a CO2 laser",
        "For deep, stubborn or numerous milia",
        "Crusts fall off in about 5 to 7 days",
        "Can cause milia; dark-mark risk in darker skin",
    ),
    aftercare_points=(
        "Don't pick the crusts",
        "Keep clean and moisturized",
        "Broad-spectrum sunscreen every day",
        "Seek care for spreading redness, pus or fever",
    ),
)

TREATMENTS: dict[TreatmentId, Treatment] = {
    t.id: t
    for t in (
        _MECHANICAL_EXTRACTION,
        _CHEMICAL_PEEL,
        _TOPICAL_RETINOID,
        _CRYOTHERAPY,
        _LASER_ABLATION,
    )
}
