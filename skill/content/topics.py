"""General milia topics. Speech is plain text for the ear; cards are fuller text for the app."""

from __future__ import annotations

from .model import Topic, TopicId, TreatmentId, entry, table

_T = TopicId
_R = TreatmentId


# Keyed by TopicId, a StrEnum: looked up with the plain strings a session keeps.
TOPICS: dict[str, Topic] = table(
    entry(
        _T.WHAT_ARE_MILIA,
        "What are milia?",
        "Milia are tiny, firm, pearl-white bumps. "
        "They are harmless, but they can be stubborn. "
        "Each one is a small cyst filled with keratin, "
        "a protein found in skin, hair, and nails. "
        "They often appear around the eyes, cheeks, and nose. "
        "They aren't pimples, so spot treatments such as benzoyl peroxide won't help.",
        "Milia are tiny, firm, pearly white bumps, often around the eyes, cheeks and "
        "nose. They are harmless, but they can be persistent. Each is a small cyst of "
        "trapped keratin, a protein found in skin, hair and nails, sitting just under the "
        "surface in a tiny sac rather than a pore. Because they are not pimples, spot "
        "treatments such as benzoyl peroxide won't help.",
        _T.CAUSES,
        _T.TYPES,
        _T.TREATMENT_OVERVIEW,
    ),
    entry(
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
    entry(
        _T.TYPES,
        "Types of milia",
        "Milia come in a few types. "
        "Newborn milia are very common, and clear on their own. "
        "Primary milia appear in children and adults. "
        "In children they often clear within months, but in adults they often last longer. "
        "Secondary milia follow skin damage. "
        "Rarer types form on a raised patch of skin, or appear in crops over weeks.",
        "Newborn milia affect around 40 to 50 percent of babies and clear on their own. "
        "Primary milia occur in children and adults; in children they often clear within "
        "months, while in adults they often last longer, sometimes years. "
        "Secondary milia follow burns, blisters, rashes, too much sun, heavy creams, "
        "dermabrasion or long-term steroid creams. Milia en plaque is a rare type that "
        "forms on a raised, often red patch, for example behind the ears or on an eyelid, "
        "cheek or jaw; it needs a dermatologist and may need prescription treatment. "
        "Multiple eruptive milia appear in crops over weeks to months.",
        _T.CAUSES,
        _T.WHEN_TO_SEE_DOCTOR,
    ),
    entry(
        _T.DIY_RISKS,
        "Why home removal fails",
        "Picking milia rarely works, and it can harm your skin. "
        "Milia sit in a tiny sac under the skin, with no pore to squeeze. "
        "Picking can lead to infection, scarring, and dark marks that take months to fade. "
        "A dermatologist can remove them with sterile tools, by extraction, freezing, "
        "or laser.",
        "Milia are keratin trapped in a tiny sac just under the surface, not in a pore, "
        "so squeezing or picking them rarely works. Trying can cause infection, scarring "
        "and dark marks that take months to fade. A dermatologist, or a licensed "
        "professional where allowed, can remove them with sterile tools, by cryotherapy "
        "or by laser, or suggest peels or a retinoid cream to help over time.",
        _T.PRO_EXTRACTION,
        _T.TREATMENT_OVERVIEW,
        _T.PICKED_SPOT_CARE,
    ),
    entry(
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
    entry(
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
    entry(
        _T.SEE_DERMATOLOGIST,
        "See a dermatologist",
        "A dermatologist is the right person to check and treat milia. "
        "First, they can confirm the bumps really are milia. "
        "Then they can suggest an option that fits, "
        "such as extraction, freezing, laser, peels, or a retinoid cream. "
        "They can also tell you what to expect, and what it may cost.",
        "A dermatologist can confirm that the bumps are milia and not a look-alike, then "
        "suggest an option: extraction for individual milia, a retinoid or peels for "
        "widespread milia, and cryotherapy or laser for persistent ones. They can also "
        "explain the risks, the recovery and the likely cost.",
        _T.TREATMENT_OVERVIEW,
        _T.COST,
    ),
    entry(
        _T.PREVENTION,
        "Preventing milia",
        "Some habits may help prevent milia, though not every case can be prevented. "
        "Choose lighter skincare, and skip very heavy creams. "
        "Protect your skin from the sun every day with a broad-spectrum sunscreen. "
        "If milia keep coming back, a dermatologist may suggest a retinoid cream.",
        "Not every milium can be prevented, but lighter, non-occlusive skincare, daily "
        "sun protection with a broad-spectrum sunscreen, and a retinoid if you are prone "
        "to recurrences all help. Ask a dermatologist which retinoid suits your skin.",
        _T.OTC_RETINOIDS,
        _T.CAUSES,
    ),
    entry(
        _T.COST,
        "What treatment costs",
        "There is no reliable price to quote, so ask the clinic before you book. "
        "Cost depends on where you live, the clinic, the treatment, "
        "and how many milia you have. "
        "{coverage}",
        "There is no reliable figure for the cost of milia treatment; it varies with "
        "location, clinic, method and the number of milia, so ask the clinic for a quote "
        "before booking. {coverage}",
        _T.GETTING_SEEN,
    ),
    entry(
        _T.OTC_RETINOIDS,
        "Retinoid creams at home",
        "You can use a retinoid cream at home, as directed. "
        "{adapalene_access} "
        "Retinol is a milder retinoid, so the same cautions apply. "
        "Follow the label. Many dermatologists start with two or three nights a week. "
        "Keep it off the eyelids. "
        "Avoid retinoids if pregnant or trying to conceive.",
        "Adapalene 0.1% gel is a true retinoid. {adapalene_access} Retinol is a milder "
        "retinoid, so the same cautions apply. Follow the label or your doctor; many "
        "dermatologists suggest a pea-sized amount for the whole face at night, two or "
        "three nights a week at first. Keep it off the eyelids and off broken, sunburned "
        "or eczema-prone skin, moisturize, and wear a broad-spectrum sunscreen daily. Stop "
        "before peels, laser or waxing. Avoid retinoids during pregnancy or while trying "
        "to conceive, and ask a doctor if you are breastfeeding or for a child or teen. "
        "Have the bumps confirmed as milia first.",
        _R.TOPICAL_RETINOID,
        _T.PREVENTION,
    ),
    entry(
        _T.PRO_EXTRACTION,
        "How a dermatologist extracts milia",
        "A dermatologist, or a licensed professional where allowed, frees each milium "
        "in the clinic with sterile instruments. "
        "Their training is in judging each bump and keeping everything sterile. "
        "That is why it is a clinic procedure. "
        "Each bump takes seconds, and the skin usually heals quickly.",
        "In a clinic, a dermatologist, or a licensed professional where allowed, frees the "
        "trapped keratin of each milium with sterile instruments, under good light and "
        "often magnification. The skill lies in judging each bump and in keeping everything "
        "sterile, which is why it is not done at home. It takes seconds per milium and "
        "usually heals quickly with no visible mark.",
        _R.MECHANICAL_EXTRACTION,
        _T.DIY_RISKS,
    ),
    entry(
        _T.PICKED_SPOT_CARE,
        "If a spot has been picked",
        "Leave a picked spot alone now, and keep it clean. "
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
    entry(
        _T.RED_FLAGS,
        "Warning signs",
        "Spreading redness, warmth, pus, or a fever after picking or a procedure "
        "can mean an infection, and needs a doctor. "
        "Leave the spot alone, and keep it clean. "
        "Please contact a doctor today.",
        "Spreading redness, warmth, pus or a fever after picking or any procedure can mean "
        "an infection: contact a doctor today. Eye pain or any change in vision needs "
        "urgent care now. If you think you have a medical emergency, call your local "
        "emergency number.",
    ),
    entry(
        _T.EYE_RED_FLAGS,
        "Eye pain or vision changes",
        "Eye pain, or any change in your vision, after a procedure or picking near the eye "
        "needs help fast. "
        "Don't rub the eye, and don't put anything in it. "
        "Get urgent care now.",
        "Eye pain or any change in vision after a procedure, or after picking near the "
        "eye, needs urgent care now. Don't rub the eye or put anything in it. If you think "
        "you have a medical emergency, call your local emergency number.",
    ),
    entry(
        _T.TREATMENT_OVERVIEW,
        "Professional treatments",
        "Dermatologists have five main treatments for milia. "
        "Extraction lifts out single bumps. "
        "Chemical peels help the top layer of skin shed. "
        "Retinoid creams speed up skin renewal. "
        "Cryotherapy freezes stubborn bumps. "
        "And laser treats deep or numerous milia. "
        "Some also use electrocautery or curettage, which remove a bump with heat or a "
        "small scoop.",
        "The five main professional options are mechanical extraction, chemical peels, "
        "topical retinoids, cryotherapy (freezing) and laser ablation. Some dermatologists "
        "also use electrocautery (a fine heated needle) or curettage (a small sharp scoop). "
        "A dermatologist can advise which suits your milia.",
        _R.MECHANICAL_EXTRACTION,
        _R.CHEMICAL_PEEL,
        _R.TOPICAL_RETINOID,
        _R.CRYOTHERAPY,
        _R.LASER_ABLATION,
    ),
    # --- the questions people ask next --------------------------------------------
    entry(
        _T.DANGER,
        "Are milia dangerous?",
        "No. Milia are harmless, and milia themselves don't turn into cancer. "
        "They can be stubborn, and some people don't like how they look. "
        "But a few skin cancers can look a little like milia. "
        "So a doctor should check any bump that grows, bleeds, or changes.",
        "Milia are harmless keratin cysts, and milia themselves don't become cancer. Some "
        "skin cancers, such as basal cell carcinoma, can contain milia-like cysts, so have "
        "a doctor check any bump that grows, bleeds, crusts, changes or won't heal.",
        _T.LOOK_ALIKES,
        _T.WHEN_TO_SEE_DOCTOR,
    ),
    entry(
        _T.GO_AWAY,
        "Do milia go away on their own?",
        "In babies, yes. "
        "Newborn milia usually clear within a few weeks. "
        "In children, primary milia often clear within months. "
        "In adults, they often last longer, sometimes for years. "
        "Milia after skin damage may stay. "
        "If they bother you, a dermatologist can remove them.",
        "Newborn milia usually clear within a few weeks. Primary milia in children often "
        "clear within months; in adults they often last much longer, sometimes years. "
        "Secondary milia may persist. Milia that bother you can be removed by a "
        "dermatologist. A baby's milia that haven't cleared by about three months are "
        "worth showing to a doctor.",
        _T.TREATMENT_OVERVIEW,
    ),
    entry(
        _T.SCARRING,
        "Scarring and marks",
        "Scarring is uncommon when a dermatologist does the treatment. "
        "Extraction usually leaves no visible mark. "
        "Freezing can leave light patches, which may be permanent. "
        "In darker skin, peels, laser, and freezing carry a higher risk of dark marks, "
        "which can take months to fade. "
        "Picking at home is much more likely to scar.",
        "Professional treatment rarely scars. Extraction usually heals with no visible "
        "mark. Cryotherapy can leave pale patches that may be permanent. Darker skin has a "
        "higher risk of dark marks after peels, laser and cryotherapy, and deep peels are "
        "generally avoided in darker skin. Dark marks can take months to fade. Picking or "
        "squeezing at home is far more likely to scar. Ask a dermatologist experienced with "
        "your skin type about your own risk.",
        _T.SKINCARE_AFTER,
    ),
    entry(
        _T.SKINCARE_AFTER,
        "Skincare and makeup after treatment",
        "Follow your clinic's advice, because plans differ. "
        "Until the skin heals, use a gentle cleanser, a plain moisturizer, and sunscreen. "
        "Keep makeup off any scab or crust. "
        "Wait to restart exfoliants or a retinoid. "
        "That's often a few days after extraction, about a week after a peel or laser, "
        "and one to two weeks after freezing.",
        "Ask the clinic for its own aftercare plan. Until the skin has healed, keep to a "
        "gentle cleanser, a plain moisturizer and a broad-spectrum sunscreen. Keep makeup "
        "off any scab or crust. Restart exfoliating acids and retinoids only once the skin "
        "has healed and stopped flaking: often a few days after extraction, about a week "
        "after a peel or spot laser, and one to two weeks after cryotherapy. Stop a "
        "retinoid before peels, laser or waxing, as your dermatologist advises.",
        _T.SCARRING,
    ),
    entry(
        _T.HEAVY_CREAMS,
        "Heavy creams and eye creams",
        "They can play a part. "
        "Thick, rich creams, including some eye creams, may help trap keratin "
        "in some people. "
        "Switching to a lighter, non-greasy product is worth trying. "
        "It won't clear milia you already have, but it may mean fewer new ones.",
        "Heavy, occlusive creams, including some rich eye creams, are linked with milia in "
        "some people. Lighter, non-greasy products may mean fewer new milia, though they "
        "won't clear existing ones. Long-term steroid creams can also play a part.",
        _T.PREVENTION,
    ),
    entry(
        _T.HOME_EXFOLIANTS,
        "Exfoliating acids at home",
        "They may help a little, but they won't remove milia. "
        "Gentle acid products, such as glycolic or salicylic acid, help the surface shed. "
        "That may mean fewer new milia. "
        "Keep them away from the eyes, and don't scrub. "
        "Stop if your skin gets sore, and ask before mixing them with a retinoid.",
        "Home exfoliating acids (AHAs such as glycolic acid, BHAs such as salicylic acid) "
        "help the surface shed and may reduce new milia, but they won't remove existing "
        "ones. Keep them away from the eyes, don't scrub, stop if the skin becomes sore, "
        "and ask a pharmacist or dermatologist before combining them with a retinoid.",
        _T.OTC_RETINOIDS,
    ),
    entry(
        _T.IS_IT_MILIA,
        "Is this bump milia?",
        "I can't tell you what a bump is, because I can't see it. "
        "Milia are usually tiny, firm, pearl-white bumps, often around the eyes. "
        "But other bumps can look very similar. "
        "Your primary care doctor or a dermatologist can look at it and tell you.",
        "Milia Guide can't diagnose a bump. Milia are usually tiny, firm, pearly white "
        "bumps, often around the eyes, but several other bumps look alike. Your primary "
        "care doctor, or a dermatologist, can examine it and tell you what it is.",
        _T.LOOK_ALIKES,
    ),
    entry(
        _T.GETTING_SEEN,
        "Getting milia checked",
        "Start with your primary care doctor. "
        "They can check the bumps, and refer you to a dermatologist if needed. "
        "You can also book a dermatologist yourself. "
        "{coverage} "
        "Ask the clinic for a price first.",
        "Your primary care doctor can check the bumps and refer you to a dermatologist if "
        "needed, or you can book a dermatologist yourself. {coverage} There is no reliable "
        "typical price: ask the clinic for a quote before booking.",
        _T.COST,
    ),
    entry(
        _T.OTHER_NAMES,
        "Milk spots and oil seeds",
        "Milk spots and oil seeds are other names for milia. "
        "They are the same tiny, white bumps of trapped keratin. "
        "Milk spots is a common name for milia in babies. "
        "In babies, they need no treatment, and usually clear within a few weeks.",
        '"Milk spots" and "oil seeds" are everyday names for milia: tiny white cysts of '
        'trapped keratin. "Milk spots" is often used for newborn milia, which need no '
        "treatment and usually clear within weeks.",
        _T.WHAT_ARE_MILIA,
    ),
    entry(
        _T.COMEDONE_EXTRACTOR,
        "What a comedone extractor is",
        "A comedone extractor is a small metal tool, with a loop or a cup at the end. "
        "Dermatologists use sterile ones in the clinic, as part of extraction. "
        "I can't explain how to use one at home, "
        "because that risks infection and scarring.",
        "A comedone extractor is a small metal instrument with a loop or cup at one or both "
        "ends. Dermatologists use sterile ones in the clinic, as one part of extraction. "
        "Milia Guide does not give instructions for using one at home: without a "
        "professional's training and sterile technique, it risks infection and scarring.",
        _T.PRO_EXTRACTION,
    ),
)
