"""The words of the web survey form, in Estonian (the default) and English.

Kept apart from :mod:`partnermap.surveys.webform` so that the two languages can be read
(and checked by tests) side by side: every key has both. The words for the values offered
(levels, frequencies, resources) are :data:`partnermap.lang.TERMS`, shared with the XLSX
forms and the survey map.

Examples
--------
>>> word("et", "level"), word("en", "level")
('Koostöö tase', 'Level of working together')
>>> choice("et", "level", "none"), choice("en", "frequency", "quarterly")
('puudub', 'quarterly')
"""

from __future__ import annotations

from partnermap.lang import TERMS, Lang

__all__ = ["CHOICES", "WORDS", "choice", "word"]

#: UI text: key -> lang -> text.
WORDS: dict[str, dict[str, str]] = {
    "title": {"et": "Koostööküsitlus", "en": "Partnership survey"},
    "intro": {
        "et": "Küsitlus käsitleb koostööd teiste võrgustiku liikmetega. Iga rida on üks partner: "
        "vali, kui tihedalt ja kui sageli te koos töötate, mida ta ühisesse töösse annab ning "
        "kuidas hindad tema usaldusväärsust ja väärtust (1 – üldse mitte … 4 – väga). "
        "Kui te ei tee koostööd, vali „puudub“ ja jäta ülejäänud lahtrid tühjaks. "
        "Vastuseid saad muuta kuni küsitluse lõpuni; iga saadetud versioon säilib.",
        "en": "The survey is about working with the other members of the network. Each row is one "
        "partner: choose how closely and how often you work together, what they contribute, and "
        "how you rate their trustworthiness and value (1 – not at all … 4 – very). If you do not "
        "work together, choose “none” and leave the rest of the row empty. You can revise your "
        "answers until the survey closes; every version you send is kept.",
    },
    "respondent": {"et": "Vastaja organisatsioon", "en": "Responding organisation"},
    "network": {"et": "Võrgustik", "en": "Network"},
    "closes": {"et": "Vastata saab kuni", "en": "Open until"},
    "no_end": {"et": "kuni korraldaja küsitluse sulgeb", "en": "until the organiser closes the survey"},
    "wave": {"et": "Küsitlusvoor", "en": "Survey wave"},
    "levels": {
        "et": "Tasemed: teadlikkus – teame üksteisest; koostöö – vahetame infot; koordineerimine – "
        "planeerime ja teeme asju koos; integratsioon – ühised ressursid ja ühine süsteem.",
        "en": "Levels: awareness – we know of each other; cooperation – we share information; "
        "coordination – we plan and act together; integration – shared resources, one system.",
    },
    "previous": {
        "et": "Vorm on täidetud sinu viimase vastusega (versioon {revision}, {when}). "
        "Saates lisad uue versiooni; varasemad jäävad alles.",
        "en": "The form holds your latest answers (revision {revision}, {when}). "
        "Sending adds a new revision; the earlier ones are kept.",
    },
    "partner": {"et": "Partner", "en": "Partner"},
    "level": {"et": "Koostöö tase", "en": "Level of working together"},
    "frequency": {"et": "Sagedus", "en": "How often"},
    "resources": {"et": "Mida partner panustab", "en": "What the partner contributes"},
    "trust": {"et": "Usaldus", "en": "Trust"},
    "value": {"et": "Väärtus", "en": "Value"},
    "reliability": {"et": "Usaldusväärne", "en": "Reliable"},
    "mission": {"et": "Toetab ühist eesmärki", "en": "Supports the shared mission"},
    "openness": {"et": "Avatud arutelule", "en": "Open to discussion"},
    "power": {"et": "Mõjukus", "en": "Power and influence"},
    "involvement": {"et": "Kaasatus", "en": "Level of involvement"},
    "contribution": {"et": "Ressursside panus", "en": "Resource contribution"},
    "scale": {
        "et": "Hinded: 1 – üldse mitte, 2 – vähesel määral, 3 – piisavalt, 4 – väga.",
        "en": "Scores: 1 – not at all, 2 – a small amount, 3 – a fair amount, 4 – very much.",
    },
    "unanswered": {"et": "—", "en": "—"},
    "position": {"et": "Vastaja ametikoht", "en": "Your position"},
    "position_hint": {
        "et": "Ametikoht, mitte sinu nimi (nt „lõimumiskoordinaator“). Nimesid ei salvestata.",
        "en": "Your position, not your name (e.g. “integration coordinator”). Names are never stored.",
    },
    "outcomes": {"et": "Mida koostöö on andnud?", "en": "What has the cooperation achieved?"},
    "outcomes_hint": {
        "et": "Vabas vormis; kuni {limit} märki.",
        "en": "Free text; at most {limit} characters.",
    },
    "send": {"et": "Saada vastused", "en": "Send the answers"},
    "errors_head": {
        "et": "Vastuseid ei salvestatud: palun paranda märgitud väljad ({count}).",
        "en": "Nothing was saved: please correct the marked fields ({count}).",
    },
    "done_title": {"et": "Aitäh! Vastused on salvestatud", "en": "Thank you! Your answers are saved"},
    "done_intro": {
        "et": "Salvestati versioon {revision} ({when}). Allpool on kõik, mis salvestati. "
        "Muuta saad sama lingi kaudu kuni küsitluse lõpuni.",
        "en": "Saved as revision {revision} ({when}). Below is everything that was stored. "
        "You can change it through the same link until the survey closes.",
    },
    "done_none": {"et": "Ühegi partneri kohta ei vastatud.", "en": "No partner was answered about."},
    "edit_again": {"et": "Ava vorm uuesti", "en": "Open the form again"},
    "not_found_title": {"et": "Linki ei leitud", "en": "Link not found"},
    "not_found": {
        "et": "Selle lingiga küsitlust ei ole. Kontrolli, et link on täielik, või küsi küsitluse "
        "korraldajalt uus link.",
        "en": "There is no survey at this link. Check that the link is complete, or ask the "
        "survey's organiser for a new link.",
    },
    "closed_title": {"et": "Küsitlus on suletud", "en": "The survey is closed"},
    "closed": {
        "et": "Sellele küsitlusele enam vastata ei saa. Varem saadetud vastused on alles.",
        "en": "This survey no longer accepts answers. Answers sent earlier are kept.",
    },
    "foreign_title": {"et": "Vormi ei saa saata", "en": "The form cannot be sent"},
    "foreign": {
        "et": "Vastused peavad tulema küsitluse enda lehelt. Ava oma link uuesti ja saada vorm sealt.",
        "en": "Answers must come from the survey's own page. Open your link again and send the form there.",
    },
    # the link to the other language, in that language
    "lang_switch": {"et": "In English", "en": "Eesti keeles"},
    # problems
    "err_choose_level": {
        "et": "Vali koostöö tase (või jäta kogu rida tühjaks).",
        "en": "Choose the level (or leave the whole row empty).",
    },
    "err_none_level": {
        "et": "Tase on „puudub“: jäta sageduse, panuse ja hinnete lahtrid tühjaks või vali muu tase.",
        "en": "The level is “none”: leave frequency, contributions and scores empty, "
        "or choose another level.",
    },
    "err_choice": {"et": "Vali üks pakutud väärtustest.", "en": "Choose one of the values offered."},
    "err_score": {"et": "Hinne peab olema 1, 2, 3 või 4.", "en": "The score must be 1, 2, 3 or 4."},
    "err_self": {
        "et": "Oma organisatsiooni kohta ei vastata.",
        "en": "You cannot answer about your own organisation.",
    },
    "err_stranger": {
        "et": "See organisatsioon ei ole selle küsitluse partner.",
        "en": "This organisation is not a partner in this survey.",
    },
    "err_twice": {"et": "Sama partner on vormis kaks korda.", "en": "The same partner is in the form twice."},
    "err_too_long": {
        "et": "Tekst on {length} märki pikk; lubatud on kuni {limit}.",
        "en": "The text is {length} characters long; at most {limit} are allowed.",
    },
    "err_bidi": {
        "et": "Tekstis on suunamärk {char} (märk nr {at}), mis pöörab teksti ekraanil ümber; eemalda see.",
        "en": "The text holds the direction mark {char} (character {at}), which reorders text on screen; "
        "remove it.",
    },
    "err_control": {
        "et": "Tekstis on juhtmärk {char} (märk nr {at}); eemalda see.",
        "en": "The text holds the control character {char} (character {at}); remove it.",
    },
    "err_newline": {
        "et": "Ametikoht peab olema ühel real.",
        "en": "The position must be on one line.",
    },
    "err_too_many": {"et": "Vormis on liiga palju ridu.", "en": "The form has too many rows."},
}

#: The values offered, by the form's field: field -> value -> lang -> word (the words every
#: face of the surveys uses, :data:`partnermap.lang.TERMS`).
CHOICES: dict[str, dict[str, dict[str, str]]] = {
    "level": TERMS["tie_level"],
    "frequency": TERMS["frequency"],
    "resources": TERMS["resource"],
}


def word(lang: Lang, key: str, **values: object) -> str:
    """The form's text ``key`` in ``lang``, with ``values`` filled in."""
    text = WORDS[key][lang]
    return text.format(**values) if values else text


def choice(lang: Lang, group: str, value: str) -> str:
    """The word for a value offered (the value itself if it has none)."""
    return CHOICES.get(group, {}).get(value, {}).get(lang, value)
