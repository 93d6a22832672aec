#!/usr/bin/env python3
"""Build the event trigger lexicon and the ACLED cue table from hand-written seeds.

    python3 scripts/build_triggers.py            # writes src/events/triggers.tsv and src/events/acled_cues.tsv
    python3 scripts/build_triggers.py --check    # exit 1 if the committed files differ from a fresh build

Python 3 standard library only; the output is deterministic (sorted, no dates, no
hash order).

Why hand-written inflection rules and not a package (e.g. lemminflect): the seed
list is about 330 lemmas, all chosen by hand, so every form can be reviewed in
the diff of triggers.tsv. Regular English inflection (-s/-es/-ies, -ed/-d/-ied,
-ing with e-dropping, consonant doubling for stressed closed syllables) plus an
irregular-verb table of about 45 verbs covers every lemma here exactly, and the
script then runs offline with no pinned download and no numpy (which lemminflect
needs for words outside its dictionary). British and American spellings are
both emitted where they differ (-ise/-ize, manoeuvre/maneuver, protestor/
protester, given as alternate spellings in the seed).

The lexicon is a *feature* for the event detector (issue 15), not the decision:
`strength` says whether a form almost always reports an event ("strong":
bombing, massacre, shelled) or needs context ("weak": fire, hold, open, hit,
enter, take, fell, march, strike, storm, shot). `types` lists every
eventmap type the form can signal; ambiguous forms list several. "open" and
"set" appear only inside multi-word forms (open fire; set fire, set ablaze,
set alight, set up): alone they are among the commonest English verbs and
almost never report an event ("set to", "open letter"), so every article would
be full of candidates that carry no signal.

triggers.tsv, one row per surface form (lower case; multi-word forms contain
spaces; hyphenated spellings are separate rows):
    form  lemma  pos  types  acled_hint  strength
  - pos: verb, noun or adj; a form that is both a verb form and a noun (attack,
    killing, march) has "verb,noun".
  - types: comma-separated, from the nine eventmap types plus arrest,
    weapons_seizure and looting (the three ACLED Strategic developments classes
    eventmap needs).
  - acled_hint: the ACLED sub-event type(s) the form most often signals,
    separated by ";" (ACLED names contain "/" and spaces, never ";"), or "-".
  - strength: strong or weak.
When two seed rows give the same surface form, the row is merged: types and
hints are united, pos are united, and the form is strong only if every source
is strong.

acled_cues.tsv: cue  kind  acled_sub_event_type ("-" when the kind implies
none). Kinds: instrument, target_armed, target_civilian, crowd_violence,
police_action, actor_state, actor_nonstate, hedge, negation, history.
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRIGGERS = os.path.join(ROOT, "src", "events", "triggers.tsv")
CUES = os.path.join(ROOT, "src", "events", "acled_cues.tsv")

# ---------------------------------------------------------------------------
# Taxonomies (exact spellings; ACLED as in its codebook).

TYPES = {
    "att": "attack", "cla": "armed_clash", "pro": "protest", "nat": "natural_disaster",
    "acc": "accident", "mil": "military_movement", "pol": "political",
    "dis": "displacement", "ter": "territorial_control",
    "arr": "arrest", "wea": "weapons_seizure", "loo": "looting",
}
TYPE_ORDER = list(TYPES.values())

# short code -> (ACLED event type, ACLED sub-event type)
ACLED = {
    "clash": ("Battles", "Armed clash"),
    "gov": ("Battles", "Government regains territory"),
    "nsa": ("Battles", "Non-state actor overtakes territory"),
    "chem": ("Explosions/Remote violence", "Chemical weapon"),
    "air": ("Explosions/Remote violence", "Air/drone strike"),
    "sui": ("Explosions/Remote violence", "Suicide bomb"),
    "shell": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "gren": ("Explosions/Remote violence", "Grenade"),
    "sex": ("Violence against civilians", "Sexual violence"),
    "civ": ("Violence against civilians", "Attack"),
    "abd": ("Violence against civilians", "Abduction/forced disappearance"),
    "peace": ("Protests", "Peaceful protest"),
    "inter": ("Protests", "Protest with intervention"),
    "force": ("Protests", "Excessive force against protesters"),
    "viol": ("Riots", "Violent demonstration"),
    "mob": ("Riots", "Mob violence"),
    "agr": ("Strategic developments", "Agreement"),
    "arr": ("Strategic developments", "Arrests"),
    "chg": ("Strategic developments", "Change to group/activity"),
    "dwu": ("Strategic developments", "Disrupted weapons use"),
    "hq": ("Strategic developments", "Headquarters or base established"),
    "loot": ("Strategic developments", "Looting/property destruction"),
    "nvt": ("Strategic developments", "Non-violent transfer of territory"),
    "other": ("Strategic developments", "Other"),
}
ACLED_ORDER = [v[1] for v in ACLED.values()]

# ---------------------------------------------------------------------------
# Irregular verbs: base -> (past, past participle). Alternatives with "/".

IRREGULAR = {
    "beat": ("beat", "beaten"), "begin": ("began", "begun"), "blow": ("blew", "blown"),
    "break": ("broke", "broken"), "bring": ("brought", "brought"), "burn": ("burned/burnt", "burned/burnt"),
    "catch": ("caught", "caught"), "drive": ("drove", "driven"), "fall": ("fell", "fallen"),
    "fight": ("fought", "fought"), "flee": ("fled", "fled"), "hit": ("hit", "hit"),
    "hold": ("held", "held"), "hurt": ("hurt", "hurt"), "lose": ("lost", "lost"),
    "meet": ("met", "met"), "mow": ("mowed", "mowed/mown"), "overrun": ("overran", "overrun"),
    "overtake": ("overtook", "overtaken"), "overthrow": ("overthrew", "overthrown"),
    "retake": ("retook", "retaken"), "rise": ("rose", "risen"), "run": ("ran", "run"),
    "seek": ("sought", "sought"), "send": ("sent", "sent"), "set": ("set", "set"),
    "shake": ("shook", "shaken"), "shoot": ("shot", "shot"), "sink": ("sank", "sunk"),
    "slay": ("slew", "slain"), "spill": ("spilled/spilt", "spilled/spilt"), "strike": ("struck", "struck"),
    "swear": ("swore", "sworn"), "take": ("took", "taken"), "throw": ("threw", "thrown"),
    "undertake": ("undertook", "undertaken"), "withdraw": ("withdrew", "withdrawn"),
    "wash": ("washed", "washed"), "pull": ("pulled", "pulled"), "hand": ("handed", "handed"),
    "walk": ("walked", "walked"), "round": ("rounded", "rounded"), "gun": ("gunned", "gunned"),
    "open": ("opened", "opened"), "exchange": ("exchanged", "exchanged"), "lynch": ("lynched", "lynched"),
    "hang": ("hanged/hung", "hanged/hung"), "go": ("went", "gone"),
}
# Stressed final syllable (or always-doubling) polysyllables: patrol -> patrolled.
DOUBLE = {"patrol", "repel", "kidnap", "control", "compel", "rebel", "equip", "deter",
          "occur", "overrun", "expel", "propel", "dispel", "regret", "embed", "admit", "commit"}
VOWELS = set("aeiou")
# Nouns in -o whose plural takes -es.
O_ES = {"embargo", "tornado", "volcano", "veto"}


def _double(v):
    if v in DOUBLE:
        return True
    if len(v) < 3 or v[-1] in VOWELS or v[-1] in "wxy":
        return False
    groups = 0
    prev = False
    for ch in v:
        isv = ch in VOWELS
        if isv and not prev:
            groups += 1
        prev = isv
    return groups == 1 and v[-2] in VOWELS and v[-3] not in VOWELS


def third(v):
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        return v + "es"
    if v.endswith("y") and v[-2] not in VOWELS:
        return v[:-1] + "ies"
    return v + "s"


def ing(v):
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith(("ee", "ye", "oe")):
        return v + "ing"
    if v.endswith("e"):
        return v[:-1] + "ing"
    if _double(v):
        return v + v[-1] + "ing"
    return v + "ing"


def past(v):
    if v.endswith("e"):
        return v + "d"
    if v.endswith("y") and v[-2] not in VOWELS:
        return v[:-1] + "ied"
    if _double(v):
        return v + v[-1] + "ed"
    return v + "ed"


def verb_forms(v):
    """{form: pos} for one verb (base, -s, past, participle, -ing)."""
    if v in IRREGULAR:
        p, pp = IRREGULAR[v]
        pasts = p.split("/") + pp.split("/")
    else:
        pasts = [past(v)]
    forms = [v, third(v), ing(v)] + pasts
    out = []
    for f in forms:
        if f not in out:
            out.append(f)
    return out


def plural(n):
    last = n.split(" ")[-1]
    head = n[: len(n) - len(last)]
    if last.endswith("man") and last not in ("german",):
        return head + last[:-3] + "men"
    if last.endswith(("s", "sh", "ch", "x", "z")) or last in O_ES:
        return head + last + "es"
    if last.endswith("y") and last[-2] not in VOWELS:
        return head + last[:-1] + "ies"
    return head + last + "s"


def spelling_variants(w):
    """-ise/-isation words also in -ize/-ization spelling (both directions kept)."""
    out = [w]
    if not re.search(r"(al|il|ar)is(e|ed|es|ing|ation)$", w):
        return out
    for a, b in (("isation", "ization"), ("ise", "ize"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes")):
        if w.endswith(a):
            out.append(w[: -len(a)] + b)
            break
    return out


# ---------------------------------------------------------------------------
# The seed table. One lemma per line:
#   kind | spelling[/alternate...] | types | acled hints | s(trong)/w(eak) | options
# kinds:
#   v  verb: base, -s, past, participle, -ing
#   p  phrasal verb: the first word is inflected, the rest kept ("open fire")
#   n  count noun: singular and plural
#   m  mass noun: as written only
#   pl plural-only noun: as written only
#   f  fixed forms, listed in the spelling field separated by "/", pos verb
#   fn fixed forms, pos noun
#   a  adjective, as written
# options: only=form,form (keep just these forms); not=form (drop forms)
# types and hints use the short codes of TYPES and ACLED above, "-" for none.

SEEDS = r"""
# ---- killing, wounding, violence against people
v | kill | att,cla,acc,nat | civ;clash | s
v | murder | att | civ | s
v | slay | att | civ | s |
v | massacre | att | civ | s
v | execute | att | civ | w
v | behead | att | civ | s
v | decapitate | att | civ | s
v | assassinate | att | civ | s
v | lynch | pro,att | mob | s
v | shoot | att,cla | civ;clash | w
p | shoot dead | att | civ | s
p | shoot down | wea,att,cla | dwu;clash | w
p | gun down | att | civ | s
p | mow down | att | civ | s
f | hacked to death/hacking to death/hack to death | att | civ | s
f | beaten to death/beat to death/beating to death | att,pro | civ;mob | s
f | burned alive/burnt alive/burned to death/burnt to death | att,acc | civ | w
v | stab | att | civ | s
v | beat | att,pro | civ;force | w
v | torture | att | civ | s
v | wound | att,cla | civ;clash | s
v | injure | att,cla,acc,nat | - | s
v | maim | att | civ | s
v | hurt | att,acc,nat | - | w
v | die | att,cla,acc,nat | - | w
v | neutralise | att,cla | clash | w
v | kidnap | att | abd | s
v | abduct | att | abd | s
p | take hostage | att | abd | s
p | hold hostage | att | abd | s
f | forcibly disappeared | att | abd | s
v | rape | att | sex | s
f | gang-raped/gang raped | att | sex | s
f | sexually assaulted/sexually assaulting/sexually assault | att | sex | s
v | molest | att | sex | s
v | gas | att | chem | w | only=gassed,gassing
v | poison | att,acc | chem | w
# ---- explosions and remote violence
v | bomb | att | ied;air | s
v | shell | att | shell | s
v | bombard | att | shell;air | s
v | pound | att | shell;air | w
v | strike | att,cla,pro,nat | air;shell;peace | w
v | hit | att,cla,nat,acc | air;shell | w
v | target | att,cla | civ | w
v | attack | att,cla | civ;clash | s
v | assault | att,cla | civ;clash | w
v | raid | att,cla,arr | clash;arr | w
v | storm | att,cla,ter,pro | clash;viol | w
v | ambush | att,cla | clash | s
v | detonate | att | ied;sui | s
v | explode | att,acc | ied | s
v | blast | att | ied | w
p | blow up | att | ied;sui | s
p | go off | att,acc | ied | w
p | blow themselves up | att | sui | s | only=blew themselves up,blow themselves up
p | blow himself up | att | sui | s | only=blew himself up,blow himself up,blowing himself up
p | blow herself up | att | sui | s | only=blew herself up,blow herself up
v | fire | att,cla,pol,acc | shell;air;clash | w
p | open fire | att,cla | civ;clash | s
v | launch | att,cla,pol | air;shell | w
p | set fire | att,loo,pro | loot;viol | s
p | set ablaze | att,loo,pro | loot;viol | s
p | set alight | att,loo,pro | loot;viol | s
v | torch | loo,pro,att | loot;viol | s
v | burn | att,loo,pro,nat,acc | loot | w
p | burn down | loo,acc | loot | w
v | destroy | att,loo,nat | loot | w
v | demolish | loo | loot | w
v | raze | att,loo | loot | s
# ---- looting and property destruction
v | vandalise | loo | loot | s
v | loot | loo | loot | s
v | plunder | loo | loot | s
v | ransack | loo | loot | s
v | pillage | loo | loot | s
v | sack | loo,pol | loot | w
# ---- battles
v | clash | cla,pro | clash;viol | s
v | fight | cla | clash | w
v | battle | cla | clash | w
p | exchange fire | cla | clash | s
v | repel | cla | clash | s
v | repulse | cla | clash | s
v | counterattack | cla | clash | s
v | skirmish | cla | clash | s
v | besiege | cla,ter | clash | s
v | surround | cla,ter | clash | w
v | encircle | cla,ter | clash | w
v | invade | ter,mil,cla | clash;nsa | s
# ---- weapons use disrupted, arrests
v | intercept | wea | dwu | w
v | defuse | wea | dwu | s
v | dismantle | wea | dwu | w
v | confiscate | wea | dwu | s
v | seize | ter,wea,arr | nsa;gov;dwu;arr | w
v | recover | wea,ter | dwu;gov | w
v | uncover | wea,arr | dwu;arr | w
v | arrest | arr | arr | s
v | detain | arr | arr | s
v | apprehend | arr | arr | s
v | nab | arr | arr | s
p | round up | arr | arr | w
f | taken into custody/took into custody/take into custody/taking into custody | arr | arr | s
v | jail | arr | arr | w
v | imprison | arr | arr | w
v | capture | ter,arr,cla | nsa;gov;arr | w
# ---- territory
p | take over | ter | nsa;gov | w
p | take control | ter | nsa;gov | s
p | gain control | ter | nsa;gov | s
p | seize control | ter | nsa;gov | s
p | regain control | ter | gov | s
p | wrest control | ter | nsa;gov | s
p | lose control | ter,acc | nsa | w
v | retake | ter | gov | s
v | recapture | ter | gov | s
v | reclaim | ter | gov | w
v | liberate | ter | gov | s
v | free | ter,att | gov | w | only=freed,freeing
v | overrun | ter,cla | nsa | s
v | overtake | ter,acc | nsa | w
v | occupy | ter,pro | nsa;peace | w
v | conquer | ter | nsa | s
v | annex | ter | nvt;nsa | s
v | fall | ter | nsa;gov | w
p | fall to | ter | nsa;gov | w
p | hand over | ter,pol | nvt | w
v | cede | ter | nvt | s
v | surrender | ter,pol | nvt | w
v | withdraw | mil,ter | chg;nvt | w
p | pull out | mil | chg | w
p | pull back | mil | chg | w
p | drive out | ter | gov;nsa | w
v | enter | ter,mil | nsa;gov | w
v | take | ter,att,arr | nsa;abd;arr | w
v | hold | ter,pol,pro | - | w
# ---- military movement
v | deploy | mil | chg | s
v | redeploy | mil | chg | s
v | mobilise | mil | chg | w
v | patrol | mil | - | s
v | station | mil | hq | w | only=stationed
v | establish | mil,pol | hq | w
p | set up | mil | hq | w
v | reinforce | mil | chg | w
v | dispatch | mil | chg | w
p | send troops | mil | chg | s
f | massed troops/massing troops | mil | chg | s
p | cross into | dis,mil | - | w
v | march | mil,pro | peace | w
v | retreat | mil | chg | w
v | defect | mil | chg | s | not=defect,defects
v | merge | mil,pol | chg | w
f | pledged allegiance/pledge allegiance/pledging allegiance/pledges allegiance | mil,pol | chg | s
v | relocate | mil,dis | chg | w
v | airlift | mil,dis | - | w
# ---- protest and riot
v | protest | pro | peace | s
v | demonstrate | pro | peace | w
v | rally | pro | peace | w
v | riot | pro | viol | s
v | picket | pro | peace | s
v | boycott | pro,pol | peace | w
p | walk out | pro | peace | w
v | disperse | pro | inter | s
f | tear-gassed/teargassed/tear gassed | pro | inter | s
v | stone | pro | viol | w | only=stoned,stoning
v | blockade | pro,mil | peace | w
v | revolt | pro | viol | w
p | rise up | pro | viol | w
# ---- natural disasters
v | flood | nat | - | w
v | erupt | nat,cla,pro | - | w
v | inundate | nat | - | s
v | submerge | nat | - | w
v | shake | nat | - | w
v | bury | nat,acc | - | w
p | wash away | nat | - | w
v | devastate | nat,att | - | w
v | batter | nat | - | w
v | ravage | nat | - | w
v | infect | nat | - | w
p | break out | nat,cla,acc,pro | - | w
v | collapse | acc,nat | - | w
v | drown | acc,nat | - | w
# ---- accidents
v | crash | acc | - | w
v | collide | acc | - | s
v | derail | acc | - | w
v | capsize | acc | - | s
v | sink | acc | - | w
p | run aground | acc | - | s
v | overturn | acc | - | w
v | plunge | acc | - | w
v | leak | acc | - | w
v | spill | acc | - | w
p | catch fire | acc | - | s
f | crash-landed/crash-landing | acc | - | s
v | topple | acc,pol | - | w
# ---- displacement
v | flee | dis | - | s
v | displace | dis | - | s
v | evacuate | dis,mil | - | w
v | uproot | dis | - | s
p | seek refuge | dis | - | s
v | escape | dis | - | w
v | deport | dis,pol | - | w
# ---- politics
v | meet | pol | - | w
v | sign | pol | agr | w
v | agree | pol | agr | w
v | negotiate | pol | agr | w
v | elect | pol | - | w
v | vote | pol | - | w
v | resign | pol | - | w
v | sanction | pol | - | w
v | oust | pol | - | w
v | overthrow | pol | - | s
v | depose | pol | - | s
v | dismiss | pol | - | w
v | appoint | pol | - | w
p | swear in | pol | - | w | only=sworn in,swore in,swearing in,swear in
v | inaugurate | pol | - | w
v | summon | pol | - | w
v | expel | pol,ter | - | w
v | impeach | pol | - | s
v | dissolve | pol | - | w
v | ratify | pol | agr | s
v | broker | pol | agr | w
v | mediate | pol | agr | w
v | visit | pol | - | w
v | convene | pol | - | w
v | veto | pol | - | s
v | ban | pol | other | w
v | campaign | pol | - | w

# ---- nouns: attacks and weapons
n | attack | att,cla | civ;clash | s
n | assault | att,cla | civ;clash | w
n | bombing | att | ied;air;sui | s
n | bomb | att | ied | w
n | car bomb/car-bomb | att | ied | s
n | truck bomb | att | ied | s
n | roadside bomb | att | ied | s
n | suicide bombing | att | sui | s
n | suicide bomber | att | sui | s
n | suicide attack | att | sui | s
n | explosion | att,acc | ied | s
n | blast | att,acc | ied | s
n | detonation | att | ied | s
n | ied | att | ied | s | only=ied,ieds
n | landmine/land mine | att | ied | s
n | mine | att,acc | ied | w
n | explosive device | att | ied | s
n | airstrike/air strike/air-strike | att | air | s
n | air raid | att | air | s
n | drone strike | att | air | s
n | drone attack | att | air | s
n | drone | att | air | w
n | strike | att,pro | air;peace | w
m | shelling | att | shell | s
m | artillery | att | shell | w
m | artillery fire/mortar fire/rocket fire/tank fire/sniper fire | att,cla | shell;clash | s
n | mortar | att | shell | w
n | rocket | att | shell | w
n | missile | att | shell | w
n | shell | att | shell | w
n | barrage | att | shell | s
n | bombardment | att | shell | s
n | grenade | att | gren | s
n | hand grenade | att | gren | s
n | chemical attack | att | chem | s
n | gas attack | att | chem | s
# chemical agents: events only where used (detect.rs, the weapon gate)
m | chlorine | att | chem | w
m | sarin | att | chem | w
m | toxic gas/poisonous gas | att | chem | w
m | poison gas | att | chem | w
m | nerve agent | att | chem | w
m | nerve gas | att | chem | w
m | mustard gas | att | chem | w
n | shooting | att | civ | s
m | gunfire | att,cla | clash;civ | s
n | gunfight | cla | clash | s
n | firefight | cla | clash | s
n | shootout/shoot-out | cla | clash | s
n | massacre | att | civ | s
n | genocide | att | civ | s
n | killing | att | civ | s
n | murder | att | civ | s
n | assassination | att | civ | s
n | ambush | att,cla | clash | s
n | raid | att,cla,arr | clash;arr | w
n | stabbing | att | civ | s
n | kidnapping | att | abd | s
n | abduction | att | abd | s
n | rape | att | sex | s
m | sexual violence | att | sex | s
n | sexual assault | att | sex | s
m | hostage-taking | att | abd | s
n | execution | att | civ | w
n | beheading | att | civ | s
n | lynching | pro | mob | s
m | arson | loo,att | loot | s
# ---- battles, war
n | offensive | cla,ter | clash | w
m | fighting | cla | clash | s
n | clash | cla,pro | clash;viol | s
n | battle | cla | clash | w
m | combat | cla | clash | w
pl | hostilities | cla | clash | w
n | skirmish | cla | clash | s
n | siege | cla,ter | clash | s
n | incursion | mil,cla | clash | w
n | invasion | ter,mil,cla | clash | s
n | counteroffensive/counter-offensive | cla,ter | clash | s
n | counterattack/counter-attack | cla | clash | s
n | war | cla | clash | w
m | violence | att,cla,pro | viol | w
# ---- protest, riot, looting
m | unrest | pro | viol | w
n | riot | pro | viol | s
m | rioting | pro | viol | s
n | protest | pro | peace | s
n | protester/protestor | pro | peace | w
n | demonstration | pro | peace | w
n | demonstrator | pro | peace | w
n | rally | pro | peace | w
n | march | pro,mil | peace | w
n | sit-in | pro | peace | s
n | walkout | pro | peace | s
n | hunger strike | pro | peace | s
n | general strike | pro | peace | s
n | boycott | pro,pol | peace | w
n | vigil | pro | peace | w
n | picket | pro | peace | w
n | blockade | pro,mil | peace | w
n | uprising | pro,cla | viol | s
n | rioter | pro | viol | w
n | mob | pro | mob | w
m | looting | loo | loot | s
n | looter | loo | loot | w
m | vandalism | loo | loot | s
n | rampage | pro,att | viol;mob | w
# ---- natural disasters
n | flood | nat | - | s
m | flooding | nat | - | s
m | floodwater | nat | - | s
pl | floodwaters | nat | - | s
n | flash flood | nat | - | s
n | earthquake | nat | - | s
n | quake | nat | - | s
n | tremor | nat | - | w
n | aftershock | nat | - | s
n | tsunami | nat | - | s
n | landslide | nat | - | s
n | mudslide | nat | - | s
n | avalanche | nat | - | s
n | cyclone | nat | - | s
n | hurricane | nat | - | s
n | typhoon | nat | - | s
n | tornado | nat | - | s
n | storm | nat,att | - | w
n | tropical storm | nat | - | s
n | blizzard | nat | - | s
n | snowstorm | nat | - | s
n | hailstorm | nat | - | s
n | sandstorm | nat | - | s
n | heatwave/heat wave | nat | - | s
n | drought | nat | - | s
m | famine | nat | - | s
n | wildfire | nat | - | s
n | bushfire | nat | - | s
n | forest fire | nat | - | s
n | fire | acc,nat,att,loo | - | w
n | eruption | nat | - | s
n | outbreak | nat,cla,pro | - | w
n | epidemic | nat | - | s
n | pandemic | nat | - | w
n | downpour | nat | - | w
m | heavy rain/torrential rain/heavy rains/torrential rains/monsoon rains | nat | - | s
n | storm surge | nat | - | s
n | disaster | nat,acc | - | w
# ---- accidents
n | crash | acc | - | w
n | collision | acc | - | s
n | derailment | acc | - | s
n | pile-up/pileup | acc | - | s
n | accident | acc | - | s
n | blaze | acc,nat | - | s
n | inferno | acc | - | s
n | gas leak | acc | - | s
n | chemical spill | acc | - | s
n | oil spill | acc | - | s
n | leak | acc | - | w
n | spill | acc | - | w
n | collapse | acc,nat | - | w
n | shipwreck | acc | - | s
n | sinking | acc | - | w
n | stampede | acc | - | s
m | poisoning | acc,att | - | w
# ---- displacement
n | refugee | dis | - | w
m | displacement | dis | - | s
m | exodus | dis | - | s
n | evacuation | dis,mil | - | w
n | evacuee | dis | - | w
m | influx | dis | - | w
# ---- military movement
n | deployment | mil | chg | s
n | redeployment | mil | chg | s
n | withdrawal | mil,ter | chg;nvt | w
n | pullout/pull-out | mil | chg | w
n | patrol | mil | - | s
n | exercise | mil | - | w
n | drill | mil | - | w
pl | manoeuvres/maneuvers | mil | - | w
n | buildup/build-up | mil | chg | w
pl | reinforcements | mil | chg | w
n | airlift | mil,dis | - | w
n | retreat | mil | chg | w
n | defection | mil | chg | s
n | mobilisation | mil | chg | s
# ---- political
n | election | pol | - | w
n | vote | pol | - | w
n | referendum | pol | - | w
n | summit | pol | - | s
pl | talks | pol | agr | w
pl | peace talks | pol | agr | s
n | meeting | pol | - | w
pl | negotiations | pol | agr | w
n | agreement | pol | agr | w
n | deal | pol | agr | w
n | treaty | pol | agr | w
n | accord | pol | agr | w
n | ceasefire/cease-fire | pol | agr | w
n | truce | pol | agr | w
n | peace deal | pol | agr | s
n | peace agreement | pol | agr | s
n | armistice | pol | agr | s
n | prisoner exchange | pol | agr | s
n | prisoner swap | pol | agr | s
pl | sanctions | pol | - | w
n | embargo | pol | - | w
n | coup | pol | - | s
n | resignation | pol | - | w
n | inauguration | pol | - | s
n | impeachment | pol | - | s
n | visit | pol | - | w
n | curfew | pol | other | w
fn | state of emergency/states of emergency | pol | other | s
n | expulsion | pol | - | w
# ---- arrests and weapons
n | arrest | arr | arr | s
m | detention | arr | arr | w
n | crackdown | arr,pro | arr;force | w
n | cache | wea | dwu | w
n | arms cache/weapons cache | wea | dwu | s
# stocks of arms: events only where found or seized (detect.rs)
n | stash | wea | dwu | w
n | firearm | wea | dwu | w
n | weapon | wea | dwu | w
m | ammunition | wea | dwu | w
n | haul | wea | dwu | w
n | seizure | wea,ter | dwu | w
n | interception | wea | dwu | s
# ---- territory
n | capture | ter,arr | nsa;gov;arr | w
n | takeover/take-over | ter | nsa | w
m | liberation | ter | gov | s
n | recapture | ter | gov | s
n | annexation | ter | nvt | s
n | occupation | ter | nsa | w
n | handover | ter,pol | nvt | w
# ---- adjectives
a | ablaze | acc,loo,pro,nat | loot | w
a | aflame | acc,loo,pro | loot | w
"""


def expand_codes(field, table, what, line):
    if field == "-":
        return []
    out = []
    for code in field.split(";" if table is ACLED else ","):
        code = code.strip()
        if code not in table:
            sys.exit(f"build_triggers: unknown {what} code {code!r} in seed line: {line}")
        out.append(table[code] if table is TYPES else table[code][1])
    return out


def seed_rows():
    """Yield (form, lemma, pos, types, hints, strong) for every seed line."""
    for line in SEEDS.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        while len(parts) < 6:
            parts.append("")
        kind, spell, tcodes, hcodes, strength, opts = parts[:6]
        types = expand_codes(tcodes, TYPES, "type", line)
        hints = expand_codes(hcodes, ACLED, "ACLED", line)
        if strength not in ("s", "w"):
            sys.exit(f"build_triggers: strength must be s or w: {line}")
        strong = strength == "s"
        only, drop = None, set()
        for opt in opts.split(";") if opts else []:
            key, _, val = opt.partition("=")
            if key == "only":
                only = [x.strip() for x in val.split(",")]
            elif key == "not":
                drop = {x.strip() for x in val.split(",")}
            elif key:
                sys.exit(f"build_triggers: unknown option {key!r}: {line}")
        spellings = spell.split("/")
        lemma = spellings[0]
        forms = []  # (form, pos)
        for sp in spellings:
            if kind == "v":
                for base in spelling_variants(sp):
                    forms += [(f, "verb") for f in verb_forms(base)]
                    for f in verb_forms(base):
                        forms += [(v, "verb") for v in spelling_variants(f)[1:]]
            elif kind == "p":
                head, _, rest = sp.partition(" ")
                forms += [(f"{f} {rest}", "verb") for f in verb_forms(head)]
            elif kind == "n":
                for w in spelling_variants(sp):
                    forms += [(w, "noun"), (plural(w), "noun")]
            elif kind in ("m", "pl", "fn"):
                forms += [(w, "noun") for w in spelling_variants(sp)]
            elif kind == "f":
                forms.append((sp, "verb"))
            elif kind == "a":
                forms.append((sp, "adj"))
            else:
                sys.exit(f"build_triggers: unknown kind {kind!r}: {line}")
        if only is not None:
            missing = [o for o in only if o not in {f for f, _ in forms}]
            if missing:
                sys.exit(f"build_triggers: only= names forms not generated {missing}: {line}")
            forms = [(f, p) for f, p in forms if f in only]
        forms = [(f, p) for f, p in forms if f not in drop]
        seen = set()
        for f, p in forms:
            if (f, p) in seen:
                continue
            seen.add((f, p))
            yield f.lower(), lemma, p, types, hints, strong


def build_triggers():
    merged = {}
    lemmas = set()
    for form, lemma, pos, types, hints, strong in seed_rows():
        lemmas.add(lemma)
        if form not in merged:
            merged[form] = {"lemma": [lemma], "pos": [pos], "types": list(types),
                            "hints": list(hints), "strong": strong}
            continue
        m = merged[form]
        if lemma not in m["lemma"]:
            m["lemma"].append(lemma)
        if pos not in m["pos"]:
            m["pos"].append(pos)
        m["types"] += [t for t in types if t not in m["types"]]
        m["hints"] += [h for h in hints if h not in m["hints"]]
        m["strong"] = m["strong"] and strong
    pos_order = ["verb", "noun", "adj"]
    rows = []
    for form in sorted(merged):
        m = merged[form]
        rows.append("\t".join([
            form,
            ",".join(m["lemma"]),
            ",".join(sorted(m["pos"], key=pos_order.index)),
            ",".join(sorted(m["types"], key=TYPE_ORDER.index)),
            ";".join(sorted(m["hints"], key=ACLED_ORDER.index)) or "-",
            "strong" if m["strong"] else "weak",
        ]))
    header = [
        "# Event trigger lexicon: written by scripts/build_triggers.py (do not edit by hand).",
        f"# {len(lemmas)} lemmas, {len(rows)} surface forms. A feature for the event detector, not the decision.",
        "# Columns: form, lemma, pos (verb|noun|adj; comma-joined when both), types (eventmap types plus",
        "# arrest, weapons_seizure, looting; comma-separated), acled_hint (ACLED sub-event types, ';'-separated, or -),",
        "# strength (strong: almost always an event; weak: needs context).",
        "form\tlemma\tpos\ttypes\tacled_hint\tstrength",
    ]
    return "\n".join(header + rows) + "\n", len(lemmas), len(rows)


# ---------------------------------------------------------------------------
# ACLED cue table: cue | kind | sub-event code ("-" for none)

CUE_SEEDS = r"""
# ---- instruments -> Explosions/Remote violence sub-event types
warplane/warplanes/war plane/war planes/jet/jets/fighter jet/fighter jets/airstrike/airstrikes/air strike/air strikes/air raid/air raids/drone/drones/drone strike/drone strikes/helicopter gunship/helicopter gunships/gunship/gunships/bomber/bombers/aircraft/air force/barrel bomb/barrel bombs | instrument | air
shell/shells/shelled/shelling/mortar/mortars/mortar shell/mortar shells/rocket/rockets/rocket-propelled/missile/missiles/ballistic missile/cruise missile/artillery/howitzer/howitzers/grad/katyusha/tank fire/multiple rocket launcher/barrage | instrument | shell
ied/ieds/improvised explosive device/improvised explosive devices/roadside bomb/roadside bombs/landmine/landmines/land mine/land mines/mine/mines/explosive device/explosive devices/car bomb/car bombs/truck bomb/truck bombs/booby trap/booby-trapped/remote-controlled/magnetic bomb/sticky bomb/vbied | instrument | ied
suicide bomber/suicide bombers/suicide bombing/suicide bombings/suicide attack/suicide attacks/suicide vest/explosive vest/svbied/blew himself up/blew herself up/blew themselves up/detonated his vest | instrument | sui
grenade/grenades/hand grenade/hand grenades/grenade attack/rocket-propelled grenade | instrument | gren
chlorine/sarin/mustard gas/nerve agent/nerve gas/chemical/chemical weapon/chemical weapons/chemical attack/toxic gas/poison gas/vx | instrument | chem
# ---- targets
soldiers/soldier/troops/army/army base/military base/base/checkpoint/checkpoints/convoy/military convoy/positions/army positions/military positions/outpost/barracks/garrison/militants/fighters/rebels/insurgents/police station/police post/police officers/policemen/security forces/patrol/border guards/militia/militiamen/peacekeepers/military vehicle/armoured vehicle/tank/tanks | target_armed | clash
civilians/civilian/villagers/residents/worshippers/worshipers/students/schoolchildren/pupils/shoppers/passengers/farmers/herders/fishermen/women/children/journalists/aid workers/pilgrims/mourners/wedding/market/mosque/church/school/hospital/homes/bus/refugees/displaced people/camp | target_civilian | civ
# ---- crowd violence and police action
rioters/rioter/mob/mobs/angry mob/lynch/lynched/lynching/vigilantes/vigilante/stones/stone-throwing/hurled stones/threw stones/pelted/set ablaze/set fire/torched/petrol bombs/molotov cocktails/barricades/burning tyres/burning tires/smashed/ransacked | crowd_violence | viol
tear gas/teargas/tear-gas/dispersed/disperse/water cannon/water cannons/rubber bullets/baton/batons/baton charge/baton-charged/pepper spray/stun grenades/riot police/arrested protesters/detained protesters | police_action | inter
live ammunition/live fire/live rounds/shot dead protesters/opened fire on protesters/killed protesters | police_action | force
# ---- actors
army/government forces/regime forces/state forces/security forces/police/troops/soldiers/military/national guard/gendarmes/gendarmerie/border police/presidential guard/special forces/marines/air force/navy/coalition forces/pro-government forces/government troops | actor_state | -
militants/militant/insurgents/insurgent/rebels/rebel/jihadists/jihadist/gunmen/gunman/fighters/militia/militias/militiamen/armed men/armed group/armed groups/bandits/separatists/guerrillas/guerillas/extremists/terrorists/islamists/insurgent group/rebel group/assailants/attackers | actor_nonstate | -
# ---- modality, negation, history
could/might/may/would/should/will/plan/plans/planned/plans to/planning to/intends to/threatened to/threatens to/vowed to/vows to/warned of/warns of/warned that/feared/fears/possible/possibly/potential/likely/expected to/set to/due to/scheduled/would-be/if/unless/in case/risk of/threat of/called for/demanded/urged/alleged/allegedly/reportedly/rumoured/rumored/unconfirmed | hedge | -
no/not/never/none/nobody/no one/neither/nor/denied/denies/deny/failed to/fails to/without/averted/foiled/thwarted/prevented/called off/cancelled/canceled/postponed/rejected/refuted/dismissed reports | negation | -
anniversary/anniversaries/commemorate/commemorated/commemoration/memorial/remembered/recalled/recalls/decades ago/years ago/a century ago/in the 1990s/in the 1980s/in the 1970s/in 1987/in 1994/since the war/historic/history/survivors of/marking/marked the | history | -
"""


CUE_KINDS = ["instrument", "target_armed", "target_civilian", "crowd_violence", "police_action",
             "actor_state", "actor_nonstate", "hedge", "negation", "history"]


def build_cues():
    rows = {}
    for line in CUE_SEEDS.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cues, kind, code = [p.strip() for p in line.split("|")]
        if kind not in CUE_KINDS:
            sys.exit(f"build_triggers: unknown cue kind {kind!r}")
        sub = "-" if code == "-" else ACLED[code][1]
        for cue in cues.split("/"):
            cue = cue.strip().lower()
            key = (cue, kind)
            if key in rows and rows[key] != sub:
                sys.exit(f"build_triggers: cue {cue!r} ({kind}) given two sub-event types")
            rows[key] = sub
    lines = sorted(rows.items(), key=lambda kv: (CUE_KINDS.index(kv[0][1]), kv[0][0]))
    header = [
        "# ACLED cues: written by scripts/build_triggers.py (do not edit by hand).",
        "# cue (lower case, may contain spaces), kind, the ACLED sub-event type the cue points to (or -).",
        "# instrument: the weapon decides the Explosions/Remote violence sub-type; target_armed: an attack on",
        "# these by an armed group is Battles/Armed clash; target_civilian: Violence against civilians/Attack;",
        "# crowd_violence: Riots; police_action: Protest with intervention or Excessive force; actor_*: who acts;",
        "# hedge, negation, history: cues that the mention is not (yet, or no longer) an event.",
        "cue\tkind\tacled_sub_event_type",
    ]
    body = [f"{cue}\t{kind}\t{sub}" for (cue, kind), sub in lines]
    return "\n".join(header + body) + "\n", len(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = ap.parse_args()
    trig, nlem, nforms = build_triggers()
    cues, ncues = build_cues()
    if args.check:
        bad = 0
        for path, text in ((TRIGGERS, trig), (CUES, cues)):
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == text
            except FileNotFoundError:
                same = False
            if not same:
                print(f"{os.path.relpath(path, ROOT)} is out of date: run scripts/build_triggers.py")
                bad = 1
        sys.exit(bad)
    for path, text in ((TRIGGERS, trig), (CUES, cues)):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"triggers.tsv: {nlem} lemmas, {nforms} forms; acled_cues.tsv: {ncues} cues")


if __name__ == "__main__":
    main()
