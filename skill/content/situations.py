"""Situations a user names ("milia under my eyes"). General information only: the skill
never asks about the user's own condition, and every answer ends by recommending a
professional diagnosis (a pediatrician for babies, a doctor in pregnancy)."""

from __future__ import annotations

from .model import SituationId, Topic, TopicId, TreatmentId, entry, table

_S = SituationId
_T = TopicId
_R = TreatmentId


# Keyed by SituationId, a StrEnum: looked up with the plain strings a session keeps.
SITUATIONS: dict[str, Topic] = table(
    entry(
        _S.UNDER_EYES,
        "Milia under the eyes",
        "Keep retinoid creams off your eyelids, and don't pick near your eyes. "
        "Milia under the eyes are very common. "
        "Professional extraction usually suits this delicate area best. "
        "Freezing is usually avoided right around the eye. "
        "A dermatologist should confirm what the bumps are and choose the safest option.",
        "The skin around the eyes is thin and delicate. Extraction by a dermatologist, or "
        "a licensed professional where allowed, is usually the best fit here. Cryotherapy "
        "is usually avoided right around the eye, and retinoids should be kept off the "
        "eyelids. Have a dermatologist confirm the diagnosis first, since look-alikes such "
        "as syringomas and xanthelasma are common around the eyes.",
        _R.MECHANICAL_EXTRACTION,
        _T.LOOK_ALIKES,
    ),
    entry(
        _S.MANY,
        "Lots of milia",
        "Several treatments can help when there are lots of milia. "
        "Options include chemical peels, a retinoid cream used over a few months, "
        "or laser for deep or stubborn ones. "
        "Peels and laser can sometimes trigger new milia. "
        "If many milia appear suddenly, see a doctor soon, "
        "because another condition may be the cause.",
        "For widespread milia, options include a series of chemical peels, a topical "
        "retinoid over several months, or laser ablation for deep or stubborn milia. Peels "
        "and laser can themselves cause milia. Many milia appearing suddenly should be "
        "checked by a doctor soon, because another condition may be the cause; a "
        "dermatologist can diagnose the type and recommend a plan.",
        _R.CHEMICAL_PEEL,
        _R.TOPICAL_RETINOID,
        _R.LASER_ABLATION,
    ),
    entry(
        _S.SINGLE_STUBBORN,
        "One stubborn milium",
        "For one large, stubborn milium, the usual choices are extraction or freezing. "
        "Extraction lifts it out, usually in a single visit. "
        "Freezing makes it scab and fall off, and heals within one to two weeks. "
        "A dermatologist should check the bump first, "
        "to make sure it really is a milium.",
        "A single large or persistent milium is usually treated by extraction, often in "
        "one visit, or by cryotherapy, which leaves a scab that heals within one to two "
        "weeks. A dermatologist should confirm the diagnosis first, especially if the "
        "bump has changed.",
        _R.MECHANICAL_EXTRACTION,
        _R.CRYOTHERAPY,
    ),
    entry(
        _S.DEEP,
        "Deep milia",
        "Deeper milia can be harder to remove. "
        "A dermatologist can often remove them in the clinic. "
        "For deep or numerous ones, a laser can open or remove them precisely. "
        "Laser carries some risk of dark marks and new milia. "
        "A dermatologist should examine them and decide which approach is right.",
        "Deep milia can often still be extracted by a dermatologist. For deep or numerous "
        "milia that are hard to extract, laser ablation can open or remove them "
        "precisely, though laser can itself cause milia and carries a higher risk of dark "
        "marks in darker skin. A dermatologist should examine them and choose the "
        "approach.",
        _R.LASER_ABLATION,
        _R.MECHANICAL_EXTRACTION,
    ),
    entry(
        _S.RECURRING,
        "Milia that keep coming back",
        "When milia keep coming back, prevention matters. "
        "A retinoid cream, used regularly, may help the skin shed normally. "
        "Lighter skincare and daily sunscreen help too. "
        "A removed milium rarely returns, but new ones can form. "
        "A dermatologist should diagnose the cause, "
        "because some skin conditions trigger repeated milia.",
        "For recurring milia, a regular topical retinoid, lighter non-occlusive skincare "
        "and daily broad-spectrum sunscreen are the mainstays. A removed milium almost "
        "never recurs, but new ones can form. A dermatologist should look for an "
        "underlying cause, such as a blistering skin condition or long-term steroid "
        "cream use.",
        _R.TOPICAL_RETINOID,
        _T.PREVENTION,
    ),
    entry(
        _S.BABY,
        "Milia in babies",
        "Newborn milia are harmless, need no treatment, and usually clear within a few weeks. "
        "Don't squeeze or scrub them, or put lotions or oils on the face. "
        "Small white bumps on a newborn's gums, called Epstein pearls, are harmless too. "
        "If milia last past about three months, see your pediatrician or a dermatologist "
        "for a diagnosis.",
        "Newborn milia are very common and need no treatment; they usually clear within "
        "weeks. Don't pinch, squeeze or scrub them, and don't put lotions or oils on the "
        "baby's face. In newborns, small white bumps on the gums or palate, called Epstein "
        "pearls or Bohn nodules, are also harmless; other mouth sores or bumps should be "
        "checked. If milia haven't cleared by about three months, see your pediatrician. "
        "A baby with a fever, blisters, pus spots, poor feeding or floppiness needs a "
        "doctor now.",
        _T.IS_IT_MILIA,
    ),
    entry(
        _S.PREGNANCY,
        "Milia in pregnancy",
        "Retinoid creams, including retinol, are best avoided while pregnant "
        "or trying to conceive. "
        "Extraction by a dermatologist is usually the gentlest option. "
        "Even so, ask before booking any procedure. "
        "Ask your doctor or a dermatologist for a diagnosis before starting any treatment.",
        "Avoid retinoid creams, including retinol, during pregnancy and while trying to "
        "conceive; retinoid tablets must not be used in pregnancy. Ask a doctor about "
        "retinoids while breastfeeding. Extraction by a dermatologist is usually "
        "the gentlest option, but check with your doctor before any procedure. Ask your "
        "doctor or dermatologist for a diagnosis and advice first.",
        _R.MECHANICAL_EXTRACTION,
    ),
    entry(
        _S.DARKER_SKIN,
        "Milia in darker skin",
        "In darker skin, peels, laser, and freezing carry a higher risk of dark marks "
        "afterward. "
        "Freezing can also leave light patches. "
        "Deep peels are generally avoided. "
        "Extraction is usually lower risk. "
        "A dermatologist experienced with darker skin should diagnose the bumps "
        "and discuss the risks with you.",
        "Darker skin has a higher risk of dark marks after peels, laser and cryotherapy, "
        "and cryotherapy can also leave permanent light patches. Deep peels are generally "
        "avoided in darker skin. Extraction is usually lower risk. Discuss the options "
        "with a dermatologist experienced in treating darker skin.",
        _R.MECHANICAL_EXTRACTION,
    ),
    entry(
        _S.CHANGING_BUMP,
        "A bump that is changing",
        "A bump that bleeds, grows, changes, or won't heal is not typical of milia. "
        "It could be something else, such as a cyst, a syringoma, xanthelasma, "
        "or sometimes a skin cancer. "
        "Don't try to remove it yourself. "
        "A dermatologist should look at it soon to find out what it is.",
        "Milia don't usually bleed, grow or change. A bump that does, or that won't heal, "
        "could be something else, such as another cyst, a syringoma, xanthelasma or "
        "occasionally a basal cell carcinoma. Have a dermatologist examine it soon.",
        _T.LOOK_ALIKES,
        _T.WHEN_TO_SEE_DOCTOR,
    ),
    # Urgent: the advice leads and the answer ends the session (see skill.core.answers).
    entry(
        _S.BABY_UNWELL,
        "A baby or child who seems unwell",
        "Call your doctor now, or get urgent care. "
        "Milia don't cause a fever. "
        "A baby under three months with a temperature of {fever} or more "
        "needs to be seen straight away. "
        "So does a baby with blisters, pus spots, poor feeding, or floppiness. "
        "If you can't reach a doctor, get urgent care now.",
        "Call your doctor now, or get urgent care. Milia don't cause a fever. A baby "
        "under 3 months with a temperature of 38 °C (100.4 °F) or more needs to be seen "
        "straight away, and so does a baby with blisters, pus-filled spots, poor feeding "
        "or floppiness. If you think it is an emergency, call your local emergency number.",
    ),
)
