//! Word lists that are part of the name rules rather than data: tussenvoegsels, place
//! prepositions, street endings, words that announce a name, and abbreviations.

/// Tussenvoegsels and name particles that may stand inside a name between capitalised words.
pub(crate) const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "ter", "ten", "te", "'t", "’t", "el", "al", "la", "le", "du", "da",
    "von", "vd", "v.d.", "bin", "ibn", "abu", "do", "dos", "di", "del", "des",
];

/// Words after which a capitalised name is a place.
pub(crate) const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "uit",
    "naar",
    "te",
    "vanuit",
    "richting",
    "nabij",
    "wijk",
    "dorp",
    "stad",
    "buurt",
    "gemeente",
    "woonplaats",
    "regio",
    "omgeving",
    "centrum",
];

/// Endings of street and place names. A capitalised word with one of these is a location.
pub(crate) const STREET_ENDINGS: &[&str] = &[
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "dreef",
    "steeg",
    "plantsoen",
    "pad",
    "hof",
    "markt",
    "wal",
    "zijde",
    "boulevard",
    "allee",
    "kamp",
    "erf",
    "plas",
    "park",
    "veen",
    "dam",
    "dorp",
    "wolde",
    "horst",
    "hout",
    "oord",
    "brug",
    "haven",
    "burg",
    "wijk",
    "loo",
    "veld",
    "broek",
    "meer",
    "berg",
    "huizen",
    "zijl",
    "terp",
];

/// The first, strict half of `STREET_ENDINGS`: these also make a lowercase word a street when a
/// house number follows ("kerkstraat 14").
pub(crate) const STRONG_STREET_ENDINGS: &[&str] = STREET_ENDINGS.split_at(12).0;

/// Words after which the next word is a name, whatever its case ("mijn zus elif").
pub(crate) const NAME_CUES: &[&str] = &[
    "heet",
    "heette",
    "heten",
    "noemen",
    "noemt",
    "genaamd",
    "naam",
    "bijnaam",
    "broer",
    "broertje",
    "zus",
    "zusje",
    "zussen",
    "moeder",
    "vader",
    "mama",
    "papa",
    "oma",
    "opa",
    "tante",
    "oom",
    "neef",
    "neefje",
    "nicht",
    "nichtje",
    "vriend",
    "vriendin",
    "vriendje",
    "vriendinnetje",
    "mentor",
    "voogd",
    "juf",
    "meester",
    "meneer",
    "mevrouw",
    "mw",
    "mevr",
    "dhr",
    "coach",
    "jeugdcoach",
    "behandelaar",
    "begeleider",
    "begeleidster",
    "pleegmoeder",
    "pleegvader",
    "stiefvader",
    "stiefmoeder",
    "psycholoog",
    "hulpverlener",
    "therapeut",
    "casemanager",
    "jeugdbeschermer",
    "baas",
    "collega",
    "klasgenoot",
    "buurman",
    "buurvrouw",
    "vriendje",
    "ex",
    "zoon",
    "dochter",
    "docent",
    "leraar",
    "lerares",
    "trainer",
    "jongen",
    "meisje",
    "gezinsvoogd",
    "zorgcoördinator",
    "contactpersoon",
];

/// Titles that, followed by a dot, do not end a sentence.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "mw", "mevr", "dhr", "hr", "mr", "dr", "drs", "ir", "ing", "mej", "ca", "evt", "bijv", "bv",
    "ivm", "obv", "geb", "st", "nr", "zgn", "vd", "wo", "ma", "di", "do", "vr", "za", "zo", "tel",
    "mvr", "ds", "prof", "fam", "mbt", "tav", "oa",
];

/// Bits of the cues a word gives to the word after it (or the one after that) in the rules for
/// lowercase names (`names/lowercase.rs`). The tokenizer reads them with the word's lists, in
/// the same look-up, so a rule tests a bit instead of comparing strings with a list.
pub(crate) mod cue {
    /// A word of `NAME_CUES`.
    pub const NAME_CUE: u16 = 1 << 0;
    /// A word of `PLACE_PREPOSITIONS`, or "bij".
    pub const PLACE_PREPOSITION_OR_BIJ: u16 = 1 << 1;
    /// "in", "naar", "uit", "vanuit".
    pub const INTO_OR_FROM: u16 = 1 << 2;
    /// An adverb that may stand between a verb and its preposition ("woont nu in").
    pub const ADVERB: u16 = 1 << 3;
    /// A verb of living, moving or coming from ("woont", "verhuisd", "geboren").
    pub const LIVING_VERB: u16 = 1 << 4;
    /// A title before a surname ("meneer", "mw", "juf").
    pub const TITLE: u16 = 1 << 5;
    /// A pronoun or "die" before "heet": a person is named.
    pub const PERSON: u16 = 1 << 6;
    /// "heet" or "heette".
    pub const HEET_OR_HEETTE: u16 = 1 << 7;
    pub const HEET: u16 = 1 << 8;
    pub const GENAAMD: u16 = 1 << 9;
    pub const IS: u16 = 1 << 10;
    pub const NAAM: u16 = 1 << 11;
    pub const BEN: u16 = 1 << 12;
    pub const IK: u16 = 1 << 13;
}

/// The words of each cue bit.
pub(crate) const CUE_WORDS: &[(u16, &[&str])] = &[
    (cue::NAME_CUE, NAME_CUES),
    (cue::PLACE_PREPOSITION_OR_BIJ, PLACE_PREPOSITIONS),
    (cue::PLACE_PREPOSITION_OR_BIJ, &["bij"]),
    (cue::INTO_OR_FROM, &["in", "naar", "uit", "vanuit"]),
    (
        cue::ADVERB,
        &["nu", "toen", "al", "ook", "sinds", "eerst", "later"],
    ),
    (
        cue::LIVING_VERB,
        &[
            "woon",
            "woont",
            "woonde",
            "woonden",
            "wonen",
            "gewoond",
            "verhuizen",
            "verhuisd",
            "verhuisde",
            "verhuist",
            "opgegroeid",
            "geboren",
            "kom",
            "komt",
            "kwam",
            "verhuizing",
        ],
    ),
    (
        cue::TITLE,
        &[
            "meneer", "mevrouw", "mw", "dhr", "juf", "meester", "mr", "dr",
        ],
    ),
    (cue::PERSON, &["ik", "hij", "zij", "ze", "je", "jij", "die"]),
    (cue::HEET_OR_HEETTE, &["heet", "heette"]),
    (cue::HEET, &["heet"]),
    (cue::GENAAMD, &["genaamd"]),
    (cue::IS, &["is"]),
    (cue::NAAM, &["naam"]),
    (cue::BEN, &["ben"]),
    (cue::IK, &["ik"]),
];
