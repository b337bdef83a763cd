"""Curated clinical word lists: what a measurement, a lab, a unit or a ward word looks like.

They drive the veto of clinical look-alikes (HR 88, K 3.9, 40 mg, MICU) and keep rule layers from
taking clinical words for names or places. The abbreviation list is derived from public clinical
abbreviation inventories (see data/clinical_abbreviations.txt); the rest is written by hand.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from phiguard.inference.engine import linear_re as re

UNITS = frozenset(
    """
mg mcg ug µg g gm gms gram grams kg kgs lb lbs oz ml mls cc l dl dL liter liters litre mmol mmol/l meq meq/l mEq
mg/dl mg/dL g/dl g/dL ng/ml pg/ml u/l iu iu/l units unit u mu mm mmhg mmHg cm m inch inches ft feet mph bpm
% percent cal kcal mosm mosm/kg mg/kg mcg/kg mcg/min mg/hr ml/hr ml/h cc/hr cc/h l/min lpm mcg/kg/min units/hr
u/hr hr hrs h min mins sec secs s ms msec hz mhz mv mm/hr wks wk weeks days d mos months yrs tabs tab tablet tablets
cap caps capsule capsules puff puffs drops gtt gtts spray sprays patch patches amp amps vial vials bag bags
breaths/min x10 k/ul k/uL /hpf /lpf cells/ul fl fL pg degrees deg ° °f °c f c kpa atm cmh2o cm/h2o joules j
liters/min l/m meq/dl mm3 /mm3 mcl million billion
""".split()
)
UNITS_LOWER = frozenset(u.lower() for u in UNITS)

# Lab analytes, vital signs, bedside measurements and heart rhythms (their rate follows: "SR 70's") that are
# written "NAME value"; the head of the bed's angle too ("HOB 30").
MEASUREMENT_NAMES = frozenset(
    """
bp b/p sbp dbp map abp nibp art hr p pulse rr resp rate t temp tmax tcurrent tc spo2 sao2 o2 sat sats o2sat
pao2 paco2 fio2 peep ps tv vt ve mv pip plat rsbi etco2 cvp pcwp ci co svr svo2 icp cpp uop i/o ins outs wt weight
ht height bmi bsa gcs rass cam pain na k cl hco3 co2 bun cr creat glu glucose bs fs fsbs fingerstick accucheck
accuchecks ca mg phos po4 ica alb albumin tbili dbili bili tp ast alt alk alkphos ap ggt ldh ck cpk ckmb trop
troponin tni tnt bnp probnp wbc hgb hb hct plt plts mcv rdw anc inr pt ptt apt aptt fibrinogen ddimer d-dimer
lactate lac ph ag gap osm uosm una ucr tsh ft4 t4 t3 a1c hba1c hgba1c ldl hdl tg chol esr crp procal vanco vancomycin
level trough peak dig digoxin tacro fk lithium dilantin ammonia lipase amylase ferritin iron tibc b12 folate vit
psa cea afp ca125 ua sg eos lymphs monos polys bands segs retic ef lvef egfr gfr crcl map: hr: rr: bp: t: sat:
sr nsr st sb afib aflutter svt tachy bradycardic tachycardic p/f hob
""".split()
)

# The services a patient is seen by or discussed with ("d/w CT SURG", "ETHICS CALLED", "per GI"): never anyone's
# initials.
SERVICES = frozenset(
    """
medicine surgery cardiology oncology neurology nephrology pulmonary pulm gi id renal heme onc ortho neuro psych derm
ent ob gyn obgyn peds urology radiology anesthesia cards cardio nephro endo rheum hem-onc
surg nsgy nsurg neurosurg neurosurgery csurg cts plastics thoracic vascular vasc trauma burn transplant hepatology bmt
tox toxicology geri geriatrics palliative podiatry ophtho optho allergy ep ip acs omfs wound ostomy
ethics nutrition dietary pharmacy transport security lab micro phlebotomy rads pathology path
""".split()
)
# Departments named by what they keep: "d/w BLOOD BANK", "SENT TO TISSUE BANK". The name lists hold "Bank" and
# "Organ" as surnames, so the word checks alone keep them as someone's or some business's name.
HOSPITAL_BANKS = frozenset(f"{kind} bank" for kind in "blood tissue organ eye bone milk cord skin".split())


def is_hospital_bank(value: str) -> bool:
    return " ".join(value.lower().split()) in HOSPITAL_BANKS


# Operations named after their surgeons, which notes write alone after "s/p" ("S/P GLENN AND NORWOOD", "s/p whipple
# and hartmann's"): several are surnames or towns in the name lists. Shared by the veto and the training recipe.
EPONYMOUS_OPERATIONS = frozenset(
    """
whipple glenn norwood fontan nissen hartmann bentall kasai rastelli billroth blalock blalock-taussig jatene senning
mustard ross sano konno kawashima damus ladd heller toupet puestow frey sistrunk mckeown kock latarjet bankart
lapidus brostrom girdlestone pringle kraske belsey collis ponseti
""".split()
)


# Scales and classifications named after their authors, written before the grade they give ("Forrest IIb ulcer",
# "TANNER I", "Fisher 4", "Spetzler-Martin grade 3"): several are surnames in the name lists. Shared by the veto and
# the training recipe.
GRADED_EPONYMS = frozenset(
    """
tanner forrest fisher hunt-hess killip hinchey spetzler-martin mallampati gleason gustilo salter-harris garden
schatzker weber neer mason breslow clark bosniak lugano ann-arbor dukes kellgren-lawrence outerbridge
""".split()
)


# Where a patient is sent or seen inside a hospital, or the kind of place: "transferred to MICU", "from OSH".
PLACES_OF_CARE = SERVICES | frozenset(
    """
icu micu sicu ccu cvicu nicu picu tsicu csru tcu ltach irf ed er ew or pacu floor ward unit bay bed rm room pod
tele telemetry stepdown
rehab snf ltac osh vna nh alf ltc ecf hospice home clinic service team
""".split()
)
# Genera of microbes a culture or antigen names, several after people ("LEGIONELLA AG", "Klebsiella", "Morganella").
# Candida is a given name as well, and stays out.
MICROBE_GENERA = frozenset(
    """
legionella klebsiella pseudomonas serratia enterobacter citrobacter proteus providencia morganella acinetobacter
stenotrophomonas aspergillus pneumocystis clostridium clostridioides listeria neisseria moraxella
haemophilus bordetella brucella salmonella shigella yersinia borrelia rickettsia ehrlichia babesia nocardia
actinomyces bacteroides fusobacterium prevotella enterococcus streptococcus staphylococcus cryptococcus histoplasma
blastomyces coccidioides mycoplasma chlamydia giardia cryptosporidium toxoplasma strongyloides
""".split()
)
# Sites of the body charted as shorthand: a side glued to a line's or a limb's site ("TLC in RIJ", "piv in LFA",
# "LUE"), an abdomen's quadrant, a lung's lobe. After "in" or "at" they read as a town's or a hospital's initials.
_SIDES = ("r", "l")
_SITES = "ij ijv sc scv scl fv fa fem ac ue le cf cfa cfv dp pt".split()
BODY_SITES = frozenset(side + site for side in _SIDES for site in _SITES) | frozenset(
    "bue ble ruq luq rlq llq rul rml rll lul lll".split()
)
# Words that sit in clinical notes capitalised but are not names, places or organisations: devices, drugs, roles,
# how a message was sent ("CHAPLAIN PAGED"), protocols a drip or a ventilator is run by ("PER ARDSNET"), microbes.
CLINICAL_WORDS = (PLACES_OF_CARE | MICROBE_GENERA | BODY_SITES).union(
    """
foley picc cvl ett ngt ogt peg jp hd hemodialysis crrt cvvh cvvhd bipap cpap vent trach art aline a-line swan
portacath port-a-cath powerport mediport lcws liws lws
iabp impella ecmo tpn ppn iv po pr sl sq sc im neb nebs prn qd qday bid tid qid qhs qam qpm q4h q6h q8h q12h q2h
qod daily nightly npo ivf lr ns d5w kcl kphos mag lasix heparin coumadin warfarin insulin vanc vanco zosyn cefepime
levo levophed neo dopa dobutamine propofol fentanyl versed morphine dilaudid tylenol ativan haldol seroquel
azithro clinda dapto tobra gent ceftaz ceftri metop amio dilt approx
ssi riss hiss iss sig senna kayexalate duonebs nitro integrilin integrillin biba ah vh
trendelenburg valsalva dobhoff pleurevac mahurkar kinair roho flexiseal vapotherm cordis yankauer
hibiclens betadine duraprep sween aquaphor eucerin desitin vaseline xeroform mepilex allevyn tegaderm duoderm santyl
calazime criticaid lantiseptic proshield cavilon telfa kerlix adaptic mepitel iodoform dakins medihoney
pt pts patient patients pt's resident intern attending fellow nurse doctor doctors physician rn np pa md do np-c crna
lmsw lisw msw bsw rdms cnm emt emts ems paramedic paramedics mft lmft lpc
abd abdomen chest heart lungs lung neck head extremities ext skin neuro cv resp gu msk heent perrl perrla
ctab rrr nabs ntnd nt nd aox3 a&o a&ox3 wnl nad afvss vss nkda nka hx pmh psh fh sh ros hpi cc a/p plan
assessment impression diagnosis dx tx rx sx fx bx cxr ct mri mra cta ekg ecg echo tte tee eeg emg us kub
egd ercp cath pci cabg avr mvr copd chf cad htn dm dm2 iddm niddm ckd esrd aki arf uti pna cap hcap vap mrsa
vre cdiff c.diff dvt pe afib a-fib aflutter svt vt vfib stemi nstemi mi cva tia sah sdh ich gib ugib lgib
sbo dka hhs ards sirs sepsis ams etoh ivdu hcv hiv hbv tb osa gerd bph ra sle oa ms mg als cp sob doe
pnd orthopnea n/v nausea vomiting diarrhea constipation fever chills ha
yes no none neg pos positive negative normal abnormal stable unstable improved unchanged resolved
mar emar slp ned bls acls pals loc ppm rw fww sba cga nomogram purewick attn guardian lkw ngs rusb lusb
hcp hcpoa poa dpoa nok
facog facp facc facs faap frcpc mph phd msn dnp lcsw licsw lmhc mother-baby bcps cacp pharmd rph cde cdces rdn
pager pgr beeper vocera deltoid gluteal vastus accp
paged paging emailed faxed texted messaged beeped
ardsnet nice-sugar glucommander glucostabilizer endotool
carevue metavision webomr powerchart bcma
left right bilateral bilat lt rt l r upper lower anterior posterior lateral medial proximal distal
am pm today tonight yesterday tomorrow overnight this last next morning afternoon evening night noon midnight
day days week weeks month months year years hour hours shift weekend
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
ho ihc roi mae afeb brp flowsheet udi ladc soc roc poc lao rao appt appts
dash pph pphn koh thc ufh lmwh sqh nash tach mch mchc pah aih iih ivh lvh rvh tsh pth fsh acth ldh npi dea
leep turp turbt lvad aicd tavr tavi tka tha thr tkr acdf plif tlif ivcf nsg dni molst polst ltc lasik
""".split()
)

# Capitalised words that end a run of name tokens (sentence words, headings, titles, credentials).
NAME_STOP_WORDS = frozenset(
    """
the a an and or but of to in on at by for from with without as is was were be been are has had have will would
he she they his her their him them it its this that these those there here who which what when where why how
patient pt pts mr mrs ms dr drs md m.d. do rn np pa phd pharmd msw lcsw said says states stated reports reported
denies denied notes noted today yesterday tomorrow tonight
please thank thanks sincerely regards cc re date time note history exam plan assessment impression
office clinic hospital center department dept service team unit floor ward room
admitted discharged transferred seen saw called spoke discussed evaluated followed
admitting discharging referring covering consulting ordering treating supervising rounding
requesting accepting sending receiving on-call oncall returning
primary practitioner assistant consultant coordinator navigator specialist
sitter dietician dietitian nutritionist pharmacist transporter phlebotomist technician tech therapist escort
rep reps representative
ok okay signed electronically e-signed cosigned co-signed dictated transcribed reviewed attested verified
approved addendum message messages reply encounter telephone portal circulating scrub recorder case triage
also again all any both each few more most other some such only own same so than too very just
chaplain judge attorney atty officer ofc det detective sgt sergeant deputy trooper foreman supervisor pastor rev
reverend rabbi imam caseworker screener advocate interpreter doña señor señora license licence lic
charge float director manager administrator transitions payer attestation
""".split()
)

# Roles and services written as abbreviations are never anyone's initials: "follow up with MD", "d/w GI",
# "seen by HO" (house officer); nor is the record a nurse charts in ("per MAR").
ROLE_ABBREVIATIONS = frozenset(
    "md do rn np pa pt ot st ed er or gi id icu pcp ent ir ma cm sw hcp poa dpoa nok slp rt rrt cna lpn "
    "ho crna pct mar emar ip ep".split()
)

_WORD = re.compile(r"[a-z0-9/&.'-]+")


def resource_lines(name: str) -> list[str]:
    """Non-comment lines of a word list shipped in the package's data folder."""
    text = resources.files("phiguard.inference.engine").joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def clinical_abbreviations() -> frozenset[str]:
    return frozenset(resource_lines("data/clinical_abbreviations.txt"))


# A specialist by the name of the field: "SEEN BY RHEUMATOLOGISTS", "the psychiatrist"; no surname ends so.
_SPECIALIST_ENDINGS = ("ologist", "ologists", "iatrist", "iatrists")


def is_clinical_word(word: str) -> bool:
    w = word.lower().strip(".,:;()")
    return (
        w in CLINICAL_WORDS
        or w in MEASUREMENT_NAMES
        or w in UNITS_LOWER
        or w in clinical_abbreviations()
        or w.endswith(_SPECIALIST_ENDINGS)
    )


def is_listed_clinical_word(word: str) -> bool:
    """A ward, unit, role or measurement word of the lists written here. The abbreviation inventory holds many
    places' initials as something else ("MH", mental health; "RH"), so it alone says nothing of a place."""
    w = word.lower().strip(".,:;()")
    return w in CLINICAL_WORDS or w in MEASUREMENT_NAMES or w in UNITS_LOWER or w in ROLE_ABBREVIATIONS


def is_name_stop_word(word: str) -> bool:
    w = word.lower().strip(".,:;()")
    return w in NAME_STOP_WORDS or w in CLINICAL_WORDS or w.endswith(_SPECIALIST_ENDINGS)


# Given names that are also everyday words: never enough on their own.
_AMBIGUOUS_GIVEN = frozenset(
    "will may june april august hope joy faith grace mark bill pat sue art rich ray dawn "
    "summer autumn rose iris ruby jack frank guy lane page chase an don".split()
)


# Faker's Latin-script locales whose names the engine knows (tools/build_english_words.py removes them too).
NAME_LOCALES = ("en_US", "en_GB", "es_MX", "es_ES", "pt_BR", "fr_FR", "de_DE", "it_IT", "pl_PL", "en_IN", "vi_VN")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names from Faker's Latin-script locales (a runtime dependency already)."""
    import importlib

    out: set[str] = set()
    for loc in NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            out.update(n.lower() for n in getattr(provider, attr, ()) if n.isalpha())
    return frozenset(out - _AMBIGUOUS_GIVEN)


@lru_cache(maxsize=1)
def known_cities() -> frozenset[str]:
    return frozenset(c.lower() for c in resource_lines("data/us_cities.txt"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    return frozenset(resource_lines("data/common_words.txt"))


@lru_cache(maxsize=1)
def drug_names() -> frozenset[str]:
    """Generic and brand drug names and their variants, none a person's or a town's (tools/build_drug_names.py)."""
    return frozenset(resource_lines("data/drug_names.txt"))


def is_drug_name(word: str) -> bool:
    return word.lower().strip(".,:;()'’\"") in drug_names()


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    return frozenset(resource_lines("data/english_words.txt"))


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    return frozenset(resource_lines("data/name_words.txt"))


def is_name_word(word: str) -> bool:
    """A dictionary word that is also someone's name ("brown", "bell", "hope", "smith")."""
    return word.lower() in name_words()


def is_english_word(word: str) -> bool:
    """A dictionary word that is no given name or surname ("tearful", "kindergarten"; not "thuy")."""
    return word.lower() in english_words()


def is_common_word(word: str) -> bool:
    """A frequent word of clinical prose that is no one's name in Faker's name lists."""
    return word.lower().strip(".,:;()'") in common_words()


def is_first_name(word: str) -> bool:
    return word.lower() in first_names()


def is_function_word(word: str) -> bool:
    return word.lower().strip(".,:;()") in NAME_STOP_WORDS


def is_ordinary_word(word: str) -> bool:
    """A frequent word, clinical term or function word: no case-blind rule may take it for a name or place."""
    return is_common_word(word) or is_clinical_word(word) or is_function_word(word)


def is_cased(text: str) -> bool:
    """Written with capitals at all: a note typed all in lower case writes its names that way too."""
    sample = text[:4000]
    letters = sum(c.isalpha() for c in sample)
    return letters > 0 and sum(c.isupper() for c in sample) >= 0.02 * letters


# How far either side of a match the case of the prose is read: the charting around it, not the whole note.
_SHOUT_REACH = 80


def is_shouted(text: str, start: int, end: int) -> bool:
    """Written in capitals around text[start:end] (nursing notes often are): there a capital tells no name from a
    plain word, and "TAKEN TO FLUOROSCOPY" or "TOLERATING SOFT FOODS" look like any hospital's name."""
    window = text[max(0, start - _SHOUT_REACH) : end + _SHOUT_REACH]
    letters = sum(c.isalpha() for c in window)
    return letters >= 8 and sum(c.islower() for c in window) <= 0.03 * letters


# Inflections the dictionary (web2) does not list, and what each is taken from: "studies" -> study, "foods" ->
# food, "visited" -> visit, "tolerated" -> tolerate, "tolerating" -> tolerate, "walking" -> walk.
_INFLECTIONS = (("ies", ("y",)), ("es", ("",)), ("s", ("",)), ("ed", ("",)), ("d", ("",)), ("ing", ("", "e")))


def _stems(word: str) -> set[str]:
    """The word and the words it may be an inflection of."""
    out = {word}
    for suffix, endings in _INFLECTIONS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.update(word[: -len(suffix)] + end for end in endings)
    return out


def is_dictionary_word(word: str) -> bool:
    """A word of the dictionary, inflected or not, that is no given name or surname ("visited", "liquids")."""
    return any(stem in english_words() for stem in _stems(word.lower().strip(".,:;()'’\"")))


def is_plain_word(word: str) -> bool:
    """A word of the dictionary or of clinical prose, inflected or not, that is nobody's name: written in capitals,
    it is no evidence of a proper name ("TOLERATING SOFT FOODS"; not "MERCY", "SENIOR", after whom or which places
    are named as well). "&" is "and" written as a sign ("DX & TX PLAN & POSSIBLE NURSING HOME")."""
    w = word.lower().strip(".,:;()'’\"").removesuffix("'s").removesuffix("’s")
    return not w or w == "&" or is_ordinary_word(w) or is_dictionary_word(w)


def plain_and_no_given_name(words: list[str]) -> bool:
    """Plain words, none a given name: a topic or a thing ("RE: GUARDIANSHIP", "breast ca"), not "re: Martha"."""
    return all(is_plain_word(w) and not is_first_name(w) for w in words)


def is_word_in_any_dictionary(word: str) -> bool:
    """A plain word or a dictionary word that is also a name ("CROSS", "STRONG", "DOCTOR"): in capitals nothing
    tells whether it names someone or some place, so no guess that it does may be taken further."""
    return is_plain_word(word) or is_name_word(word)


@lru_cache(maxsize=1)
def everyday_name_words() -> frozenset[str]:
    """Names that clinical prose writes as everyday words ("good", "wall", "colon"; tools/build_english_words.py)."""
    return frozenset(resource_lines("data/everyday_name_words.txt"))


def is_plain_in_capitals(word: str) -> bool:
    """A plain word, or a name that clinical prose uses as an everyday word ("GOOD HEALTH", "FREE WALL", "FROM
    COLON"): in capitals, where case tells nothing, it is no evidence of a name either."""
    w = word.lower().strip(".,:;()'’\"").removesuffix("'s").removesuffix("’s")
    if is_plain_word(w) or any(stem in everyday_name_words() for stem in _stems(w)):
        return True
    # a compound of plain words is plain ("NON-ENCAPSULATED", "REST-STRESS", "FIVE-HR"); a double-barrelled
    # surname's parts are names ("SMITH-JONES")
    parts = w.split("-")
    return len(parts) > 1 and all(p and is_plain_in_capitals(p) for p in parts)


def names_nothing_in_capitals(words: list[str], text: str, start: int, end: int, *, everyday: bool = False) -> bool:
    """A run of plain words in capitals around text[start:end]: case cannot make them a name there, and no word a
    dictionary lacks does ("TAKEN TO FLUOROSCOPY", "CARE OF DR."). With `everyday`, names that clinical prose
    uses as everyday words count as plain too ("BROUGHT TO SURGICAL FIELD", "WORKED FOR SHORT TIME"): for a name
    that only its context makes one, where no facility word ("HOLY CROSS MEDICAL CENTER") backs it."""
    plain = is_plain_in_capitals if everyday else is_plain_word
    return all(plain(w) for w in words) and is_shouted(text, start, end)


def is_unit(word: str) -> bool:
    """A unit, or units per units ("mcg/hr", "units/kg/hr"): a rate is written from any of them."""
    w = word.lower().strip(".,;:()")
    return w in UNITS_LOWER or ("/" in w and all(part in UNITS_LOWER for part in w.split("/")))


# A slow rhythm's short name reads its rate ("sinus brady 58"), but "Brady" is a surname too, so it is no
# clinical word for the name vetoes, only a word a reading follows.
_RATE_BEFORE_ONLY = frozenset({"brady"})


def is_measurement_name(word: str) -> bool:
    w = word.lower().strip(".,;:()=")
    return w in MEASUREMENT_NAMES or w in _RATE_BEFORE_ONLY


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Countries alone identify no one (Safe Harbor), like states; Faker, a runtime dependency, lists them."""
    from faker.providers.address.en_US import Provider

    everyday = {
        "usa",
        "us",
        "uk",
        "america",
        "england",
        "scotland",
        "wales",
        "ireland",
        "russia",
        "korea",
        "south korea",
        "north korea",
        "vietnam",
        "iran",
        "syria",
        "laos",
        "bolivia",
        "venezuela",
        "tanzania",
        "moldova",
        "czechia",
        "czech republic",
        "holland",
        "burma",
        "taiwan",
        "palestine",
        "macedonia",
        "ivory coast",
        "congo",
    }  # the names notes use where Faker has the formal one ("Russian Federation")
    return frozenset(c.lower() for c in Provider.countries) | everyday


LANGUAGES = frozenset(
    "english spanish french portuguese mandarin cantonese chinese arabic russian vietnamese haitian creole somali "
    "italian german polish korean japanese hindi urdu bengali punjabi tagalog swahili amharic farsi greek "
    "nepali burmese karen khmer hmong ukrainian dari pashto tigrinya yoruba igbo asl turkish hebrew dutch swedish "
    "norwegian danish finnish hungarian czech romanian thai lao tamil telugu gujarati marathi malayalam persian".split()
)


# The colours teams are named by ("MICU GREEN", "GOLD TEAM")
# Emergency, intensive-care and recovery units, which a hospital's or building's name stands before ("reyes er",
# "Shapiro CCU")
HOSPITAL_UNITS = ("ed", "er", "ew", "icu", "micu", "sicu", "ccu", "cvicu", "nicu", "picu", "pacu")
# Wards and units are named by where they lie ("6 West", "the North ICU") as by a colour.
COMPASS_POINTS = ("west", "east", "north", "south")
TEAM_COLOURS = frozenset("green orange blue red gold purple silver white yellow gray grey maroon teal".split())
# Faiths and peoples a social history records ("pt is Catholic", "PT IS HAITIAN"), read as a patient's name after
# "pt is". Words that are given names as well (Christian) stay out.
FAITHS_AND_PEOPLES = frozenset(
    "muslim moslem catholic jewish hindu buddhist baptist methodist episcopalian lutheran mormon protestant "
    "pentecostal evangelical presbyterian adventist sikh atheist agnostic quaker amish "
    "american haitian dominican irish italian chinese vietnamese cambodian somali brazilian portuguese russian "
    "polish greek armenian albanian verdean mexican guatemalan salvadoran honduran colombian cuban "
    "jamaican nigerian ghanaian ethiopian eritrean kenyan sudanese egyptian moroccan lebanese syrian iraqi iranian "
    "afghan pakistani indian bangladeshi nepali filipino korean japanese laotian hmong ukrainian bosnian "
    "caucasian hispanic latino latina asian african".split()
) | frozenset({"cape verdean", "puerto rican", "jehovah's witness", "salvadorean"})


def is_language(word: str) -> bool:
    """ "Interpreter: Mandarin", "VIS provided in Somali": a language names no one and no place."""
    return word.lower().strip(".,;:()") in LANGUAGES


def is_faith_or_people(value: str) -> bool:
    """ "pt is Catholic", "PT IS CAPE VERDEAN": a faith or a people, every word of it, names no one."""
    phrase = " ".join(value.lower().strip(".,;:()").split())
    return phrase in FAITHS_AND_PEOPLES or (
        bool(phrase) and all(w in FAITHS_AND_PEOPLES or w in LANGUAGES for w in phrase.split())
    )


def is_country(value: str) -> bool:
    return value.lower() in country_names()
