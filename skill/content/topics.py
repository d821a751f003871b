"""General milia topics. Speech is plain text for the ear; cards are fuller text for the app."""

from __future__ import annotations

from .model import Segment, Topic, TopicId, TreatmentId

_T = TopicId
_R = TreatmentId


def _topic(tid: TopicId, title: str, speech: str, card: str, *related: str) -> Topic:
    return Topic(id=tid, title=title, segment=Segment(speech=speech, card=card), related=related)


TOPICS: dict[TopicId, Topic] = {
    TopicId(t.id): t
    for t in (
        _topic(
            _T.WHAT_ARE_MILIA,
            "What are milia?",
            "Milia are tiny, firm, pearl-white bumps. "
            "They often appear around the eyes, cheeks, and nose. "
            "Each one is a small cyst filled with keratin, "
            "a protein found in skin, hair, and nails. "
            "They are not pimples or clogged pores, so acne products don't help. "
            "They are harmless, but they can be stubborn.",
            "Milia are tiny, firm, pearly white bumps, often around the eyes, cheeks and "
            "nose. Each is a small cyst of trapped keratin, a protein found in skin, hair and "
            "nails, sitting just under the surface in a tiny sac rather than a pore. Because "
            "they are not caused by oil and bacteria, standard acne treatments don't help. "
            "They are harmless, but they can be persistent.",
            _T.CAUSES,
            _T.TYPES,
            _T.TREATMENT_OVERVIEW,
        ),
        _topic(
            _T.CAUSES,
            "What causes milia",
            "Milia form when keratin gets trapped just under the surface of the skin. "
            "Often there is no clear reason. "
            "They can also follow skin damage, such as burns, blisters, rashes, "
            "or too much sun. "
            "Heavy creams, some skin procedures, and long-term steroid creams can play a part.",
            "Milia form when keratin becomes trapped beneath the skin's surface. Many appear "
            "for no clear reason. Others follow skin damage such as burns, blistering, rashes "
            "or too much sun, or develop after heavy creams, dermabrasion or long-term use of "
            "steroid creams.",
            _T.TYPES,
            _T.PREVENTION,
        ),
        _topic(
            _T.TYPES,
            "Types of milia",
            "There are a few types. "
            "Newborn milia are very common, and clear on their own. "
            "Primary milia appear in children and adults, and often clear within months. "
            "Secondary milia follow skin damage. "
            "Milia en plaque sit on a raised patch of skin. "
            "Multiple eruptive milia appear in crops over weeks or months.",
            "Newborn milia affect around 40 to 50 percent of babies and clear on their own. "
            "Primary milia occur in children and adults and often clear within months. "
            "Secondary milia follow burns, blisters, rashes, too much sun, heavy creams, "
            "dermabrasion or long-term steroid creams. Milia en plaque form on a raised patch, "
            "for example behind the ears or on an eyelid, cheek or jaw, and may need "
            "prescription treatment. Multiple eruptive milia appear in crops over weeks to "
            "months.",
            _T.CAUSES,
            _T.WHEN_TO_SEE_DOCTOR,
        ),
        _topic(
            _T.DIY_RISKS,
            "Why home removal fails",
            "Milia sit in a tiny sac under the skin. "
            "There is no pore to squeeze, so picking them rarely works. "
            "It can lead to infection, scarring, and dark marks that take months to fade. "
            "What works instead is a professional. "
            "A dermatologist can remove them safely, with extraction, peels, retinoids, "
            "freezing, or laser.",
            "Milia are keratin trapped in a tiny sac just under the surface, not in a pore, "
            "so squeezing or picking them rarely works. Trying can cause infection, scarring "
            "and dark marks that take months to fade. A dermatologist, or a licensed "
            "professional where allowed, can remove them safely with sterile tools, or "
            "recommend peels, retinoids, cryotherapy or laser.",
            _T.PRO_EXTRACTION,
            _T.TREATMENT_OVERVIEW,
            _T.PICKED_SPOT_CARE,
        ),
        _topic(
            _T.LOOK_ALIKES,
            "Bumps that look like milia",
            "Several things can look like milia. "
            "Whiteheads are clogged pores, not cysts. "
            "Other small cysts can look similar. "
            "Xanthelasma are soft yellow patches near the eyes, and can signal high cholesterol. "
            "Syringomas are small skin-colored bumps, often on the lower eyelids. "
            "Some skin cancers can also look similar. "
            "If in doubt, a dermatologist should look.",
            "Look-alikes include whiteheads, other small cysts, xanthelasma (yellowish patches "
            "near the eyes that can signal high cholesterol), syringomas, and colloid milium. "
            "Some moles and basal cell carcinomas can contain milia-like cysts. If you are in "
            "any doubt, have a dermatologist examine the bump.",
            _T.WHEN_TO_SEE_DOCTOR,
            _T.SEE_DERMATOLOGIST,
        ),
        _topic(
            _T.WHEN_TO_SEE_DOCTOR,
            "When to see a doctor",
            "See a doctor if a bump bleeds, crusts, grows, changes, or won't heal. "
            "Go if many milia appear suddenly, or if they sit on a red, raised patch. "
            "Go if they follow a blistering skin disease, or if you are unsure what a bump is. "
            "Your primary care doctor or a dermatologist can check.",
            "See a doctor if a bump bleeds, crusts, grows, changes or won't heal; if many "
            "milia appear suddenly; if milia sit on a red, raised patch; if they follow a "
            "blistering skin disease, which may itself need treatment; or if you are unsure "
            "what the bump is. Your primary care doctor or a dermatologist can assess it.",
            _T.LOOK_ALIKES,
            _T.RED_FLAGS,
        ),
        _topic(
            _T.SEE_DERMATOLOGIST,
            "See a dermatologist",
            "Milia can be stubborn, but they can be treated. "
            "The best first step is a visit to a dermatologist. "
            "They can confirm the bumps really are milia. "
            "Then they can recommend the right option, "
            "from extraction to peels, retinoids, freezing, or laser. "
            "Working with a professional is the safe way to clearer skin.",
            "Milia may be stubborn, but they are treatable. Start with a consultation with a "
            "dermatologist, who can confirm the diagnosis and recommend the best option: "
            "extraction for individual milia, peels or retinoids for prevention and "
            "widespread milia, and cryotherapy or laser for persistent cases. Clearer skin is "
            "a partnership between you and a qualified professional.",
            _T.TREATMENT_OVERVIEW,
            _T.COST,
        ),
        _topic(
            _T.PREVENTION,
            "Preventing milia",
            "You can't always prevent milia, but some habits help. "
            "Choose lighter skincare, and skip very heavy creams. "
            "Protect your skin from the sun every day with a broad-spectrum sunscreen. "
            "If milia keep coming back, a dermatologist may suggest a retinoid cream.",
            "Not every milium can be prevented, but lighter, non-occlusive skincare, daily "
            "sun protection with a broad-spectrum sunscreen, and a retinoid if you are prone "
            "to recurrences all help. Ask a dermatologist which retinoid suits your skin.",
            _T.OTC_RETINOIDS,
            _T.CAUSES,
        ),
        _topic(
            _T.COST,
            "Cost and insurance",
            "There is no reliable price to quote. "
            "Cost depends on where you live, the clinic, the treatment, "
            "and how many milia you have. "
            "Milia removal is usually seen as cosmetic, "
            "so insurance usually doesn't cover it. "
            "Ask the clinic for a price before you book.",
            "There is no reliable figure for the cost of milia treatment; it varies with "
            "location, clinic, method and the number of milia. Removal is usually considered "
            "cosmetic, so it is usually not covered by insurance. Ask the clinic for a quote "
            "before booking.",
            _T.SEE_DERMATOLOGIST,
        ),
        _topic(
            _T.OTC_RETINOIDS,
            "Over-the-counter retinoids",
            "Some retinoids are sold without a prescription. "
            "Adapalene is a true retinoid. "
            "Retinol is milder. "
            "Use a pea-sized amount for the whole face at night, as the label directs. "
            "Start two or three nights a week. "
            "Keep it off the eyelids, and wear sunscreen daily. "
            "Avoid retinoids if you are pregnant or trying to conceive.",
            "Adapalene 0.1% gel is a true retinoid sold over the counter; retinol is weaker. "
            "Use as directed: a pea-sized amount for the whole face at night, starting two or "
            "three nights a week. Keep it off the eyelids, moisturize, and wear a "
            "broad-spectrum sunscreen daily. Stop before peels, laser or waxing, and avoid "
            "retinoids during pregnancy or while trying to conceive.",
            _R.TOPICAL_RETINOID,
            _T.PREVENTION,
        ),
        _topic(
            _T.PRO_EXTRACTION,
            "How a dermatologist extracts milia",
            "A dermatologist, or a licensed professional where allowed, cleans the skin. "
            "They make a tiny opening over the milium with a sterile blade or fine needle. "
            "Then they lift the contents out, sometimes with a small sterile tool "
            "called a comedone extractor. "
            "Each bump takes seconds, and the skin heals quickly.",
            "In a clinic, a dermatologist, or a licensed professional where allowed, cleans "
            "the skin, makes a tiny opening over the milium with a sterile blade or needle, and "
            "lifts the contents out, sometimes with a sterile comedone extractor. It takes "
            "seconds per milium and usually heals quickly with no visible mark.",
            _R.MECHANICAL_EXTRACTION,
            _T.DIY_RISKS,
        ),
        _topic(
            _T.PICKED_SPOT_CARE,
            "If a spot has been picked",
            "If a spot has already been picked, leave it alone now. "
            "Wash it gently with mild soap and water. "
            "Put on a thin layer of petroleum jelly. "
            "Don't pick it again. "
            "Watch for spreading redness, warmth, pus, or fever. "
            "If any of those appear, get medical care.",
            "Keep the spot clean with gentle soap and water, apply a thin layer of petroleum "
            "jelly, and don't pick it further. Watch for signs of infection: spreading "
            "redness, warmth, pus or fever. If any appear, get medical care.",
            _T.RED_FLAGS,
            _T.DIY_RISKS,
        ),
        _topic(
            _T.RED_FLAGS,
            "Warning signs",
            "After picking or a procedure, some signs need prompt medical care. "
            "Watch for spreading redness, pus, or fever. "
            "Eye pain, or any change in your vision, also needs urgent care. "
            "In an emergency, call your local emergency number.",
            "After picking or any procedure, get prompt medical care for spreading redness, "
            "pus, fever, eye pain or any change in vision. If you think you have a medical "
            "emergency, call your local emergency number.",
            _T.PICKED_SPOT_CARE,
            _T.WHEN_TO_SEE_DOCTOR,
        ),
        _topic(
            _T.TREATMENT_OVERVIEW,
            "Professional treatments",
            "There are five main professional treatments. "
            "Extraction lifts out single bumps. "
            "Chemical peels help the top layer of skin shed. "
            "Retinoid creams speed up skin renewal. "
            "Cryotherapy freezes stubborn bumps. "
            "And laser treats deep or numerous milia.",
            "The five professional options are mechanical extraction, chemical peels, topical "
            "retinoids, cryotherapy (freezing) and laser ablation. A dermatologist can advise "
            "which suits your milia.",
            _R.MECHANICAL_EXTRACTION,
            _R.CHEMICAL_PEEL,
            _R.TOPICAL_RETINOID,
            _R.CRYOTHERAPY,
            _R.LASER_ABLATION,
        ),
    )
}
