//! Named organisations: schools, care providers, clubs, employers, churches.
//!
//! Found by the word that says what kind of organisation follows ("cbs De Zaaier", "Manege De
//! Hoefslag", "Wijkteam Peelo"), by the word that ends a name ("Esch College Emmen", "Het Kompas
//! Jeugdhulp"), or by a capitalised article in mid-sentence ("bij De Veenhoeve"). A generic kind
//! alone ("de school", "het wijkteam") is not a name and is left alone.

use std::sync::LazyLock;

use regex::Regex;

use super::text::re;

mod literals;

use super::lexicon::Lexicon;
use super::text::{find_in, starts_word, windows};
use super::{Candidate, Label, priority};

/// A capitalised or all-caps word ("Hoefslag", "DOS"), or a number in a club name ("Be Quick 1887").
const CAPW: &str = r"\p{Lu}[\p{L}\p{M}\p{N}'’-]*";

/// Words that say an organisation's name follows.
const KINDS: &str = r"academisch ziekenhuis|csg|rsg|osg|roc|jc|umc|sc|hv|kv|cbs|obs|pcbs|rkbs|kbs|ikc|cs|sbo|vso|so|basisschool|school|stichting|manege|turnvereniging|gymnastiekvereniging|judoclub|judovereniging|voetbalvereniging|voetbalclub|hockeyclub|hockeyvereniging|tennisclub|tennisvereniging|zwemclub|zwemvereniging|korfbalvereniging|korfbalclub|handbalvereniging|volleybalvereniging|schaatsvereniging|sportclub|sportvereniging|sportschool|muziekvereniging|fanfare|harmonie|scouting|vv|sv|fc|rkvv|zorggroep|zorgboerderij|jeugdbescherming|jeugdzorg|pleegzorg|wijkteam|sociaal team|gebiedsteam|jeugdteam|buurtteam|gezinshuis|behandelcentrum|behandelgroep|woongroep|kwekerij|loonbedrijf|bakkerij|slagerij|kapsalon|snackbar|cafetaria|café|restaurant|garage|autobedrijf|installatiebedrijf|bouwbedrijf|hervormde gemeente|gereformeerde kerk|gereformeerde gemeente|protestantse gemeente|pinkstergemeente|evangeliegemeente|parochie|moskee|jeugd-ggz|ggz|jeugdhulp|kliniek|praktijk|huisartsenpraktijk|jongerencentrum|buurthuis|kinderdagverblijf|bso|crisisopvang|internaat|camping|supermarkt|boerderij|dansschool|kerk|uitzendbureau|zorgcentrum|centrum";

/// Words that end an organisation's name.
const ENDINGS: &str = r"UMC|MC|Medisch Centrum|Revalidatiecentrum|Ziekenhuizen|Gasthuis|Hospitaal|Huisartsenpraktijk|huisartsenpraktijk|Huisartspraktijk|huisartspraktijk|Huisartsen|ziekenhuis|kliniek|praktijk|College|Lyceum|Gymnasium|Academie|Hogeschool|Universiteit|Ziekenhuis|Jeugdhulp|Jeugdzorg|Zorg|Zorggroep|Kliniek|Jeugd (?:&|en) Gezin|Kerk|Moskee|Vereniging|Instituut|Campus|Scholengemeenschap|Praktijk|Groep|Opvang|Kinderopvang|Wonen|Welzijn";

static BY_KIND: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:{KINDS})[ \t]+(?:(?:De|de|Het|het|'t|’t)[ \t]+)?{CAPW}(?:[ \t]+(?:(?:van|de|der|den|&|'t|’t)[ \t]+)?{CAPW}){{0,3}}"
    ))
});

/// Chat style: "csg bogerman", "sv marum", "jc het bolwerk": an abbreviation that only names
/// schools, clubs and youth centres, then a lowercase name.
static LOWER_KIND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:csg|rsg|osg|cbs|obs|pcbs|sv|vv|fc|rkvv|jc)[ \t]+((?:(?:de|het|'t|’t)[ \t]+)?(\p{Ll}[\p{L}\p{M}-]{2,}))",
    )
});

static BY_ENDING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(?:Dr|St|Sint)\.?[ \t]+)?(?:(?:De|Het|'t|’t)[ \t]+)?{CAPW}(?:[ \t]+(?:(?:van|de|der|den)[ \t]+)?{CAPW}){{0,3}}[ \t]+(?:{ENDINGS})(?:[ \t]+({CAPW}))?"
    ))
});

/// Compounds such as "Hanzehogeschool", "Noorderpoortcollege".
static COMPOUND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?:Sint|St\.)[ \t]+)?\p{Lu}\p{Ll}+(?:hogeschool|college|lyceum|kliniek|ziekenhuis|zorg|school)",
    )
});

/// "bij De Veenhoeve", "in 't Hoekje": a capitalised article in mid-sentence.
static ARTICLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:De|Het|'t|’t)[ \t]+{CAPW}(?:[ \t]+(?:(?:van|de|der|den)[ \t]+)?{CAPW}){{0,2}}"
    ))
});

/// The endings of `COMPOUND`: a compound organisation name lies in the chunk around one.
const COMPOUND_ENDINGS: [&str; 7] = [
    "hogeschool",
    "college",
    "lyceum",
    "kliniek",
    "ziekenhuis",
    "zorg",
    "school",
];

/// How many blank-separated chunks a `BY_KIND` match reaches past the end of its kind word: an
/// article, a name word and three more with a particle each.
const KIND_FWD: usize = 8;

/// How many chunks a `BY_ENDING` match reaches before the chunk of the word found for its ending:
/// "Dr.", an article, a name word and three more with a particle each, and "Jeugd &" before
/// "Gezin"; and after it: a place.
const ENDING_BACK: usize = 11;
const ENDING_FWD: usize = 1;

pub(crate) fn warm_up() {
    literals::warm_up();
    for r in [
        &BY_KIND,
        &BY_ENDING,
        &COMPOUND,
        &ARTICLE_NAME,
        &LOWER_KIND,
        &AMPERSAND,
    ] {
        LazyLock::force(r);
    }
}

/// Generic kinds that are not names on their own even when capitalised.
const GENERIC: &[&str] = &[
    "basisschool",
    "hogeschool",
    "jeugdzorg",
    "thuiszorg",
    "mantelzorg",
    "pleegzorg",
    "zorg",
    "school",
    "college",
    "gemeente",
    "kerk",
    "universiteit",
    "ziekenhuis",
    "kliniek",
    "dansschool",
    "sportschool",
    "rijschool",
    "zomerschool",
    "avondschool",
    "zondagsschool",
    "kostschool",
    "hogeschool",
    "vakschool",
];

/// "Timmer & Dekker", "Jansen & Zn": two capitalised names joined by "&" name a firm.
static AMPERSAND: LazyLock<Regex> =
    LazyLock::new(|| re(r"\p{Lu}[\p{L}'’-]+[ \t]+&[ \t]+(?:Zn\.?|Zonen|\p{Lu}[\p{L}'’-]+)"));

/// Whether `start` opens a sentence: only blanks, or nothing, since the last full stop.
fn at_sentence_start(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

fn trim_sentence_end(text: &str, start: usize, mut end: usize) -> usize {
    while end > start && text[..end].ends_with(['-', '\'', '’']) {
        end -= 1;
    }
    end
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize, label: Label) {
    out.push(Candidate {
        start,
        end,
        label,
        priority: priority::ORGANISATION,
    });
}

/// Drops trailing words that the lexicon knows as not being names ("Jumbo Daarna" is not
/// possible mid-sentence, but "Wijkteam Peelo Nederland" would swallow the country).
fn trim_not_names(text: &str, start: usize, mut end: usize, lex: &Lexicon) -> usize {
    loop {
        let s = &text[start..end];
        let Some(sp) = s.rfind([' ', '\t']) else {
            return end;
        };
        let last = s[sp + 1..].to_lowercase();
        if lex.is_not_name(&last) {
            end = start + s[..sp].trim_end().len();
        } else {
            return end;
        }
    }
}

pub(crate) fn detect(text: &str, lex: &Lexicon, out: &mut Vec<Candidate>) {
    let hits = literals::find(text);
    // The chunks around the kind words, or the whole text when their search may have missed one.
    let kind_wins = match &hits.kinds {
        Some(kinds) => windows(text, kinds.iter().copied(), 0, KIND_FWD),
        None => vec![(0, text.len())],
    };
    for (ms, me) in find_in(&BY_KIND, text, &kind_wins) {
        if !starts_word(text, ms) {
            continue;
        }
        let mut end = trim_not_names(text, ms, me, lex);
        // In a sentence of capitals every word looks like a name: "JEUGDZORG BETER MOET MAKEN".
        // Cut at the first function word and keep it only if a word that is no ordinary word
        // remains after the kind.
        if !text[ms..end].chars().any(char::is_lowercase) {
            let mut words = text[ms..end].split([' ', '\t']).filter(|w| !w.is_empty());
            let kind_end = words.next().map_or(ms, |k| ms + k.len());
            let mut cut = end;
            let mut named = false;
            let mut pos = kind_end;
            for w in words {
                let at = pos + text[pos..end].find(w).unwrap_or(0);
                let lw = w.to_lowercase();
                if lex.stopwords.contains(&lw) {
                    cut = text[..at].trim_end().len();
                    break;
                }
                named |= !lex.is_word(&lw) && !lex.is_not_name(&lw);
                pos = at + w.len();
            }
            if !named {
                continue;
            }
            end = cut;
        }
        let end = trim_sentence_end(text, ms, end);
        // "naar school Daarna" cannot happen mid-sentence, but "school" + one known non-name can:
        // require at least one word after the kind that is not a common capitalised word.
        let rest = &text[ms..end];
        if rest.split_whitespace().count() >= 2 {
            push(out, ms, end, Label::Organisation);
        }
    }
    // The kind search only notes kind words before a capital, so this one looks at the whole text.
    for (ws, we) in [(0, text.len())] {
        for c in LOWER_KIND.captures_iter(&text[ws..we]) {
            let (Some(m), Some(with_article), Some(word)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let w = word.as_str();
            // An ordinary word after the abbreviation needs an article to be a name ("jc het
            // bolwerk"); "sv de" or "fc is" never are.
            let named = with_article.len() > word.len() || !lex.is_word(w);
            if starts_word(text, ws + m.start())
                && super::text::ends_word(text, ws + m.end())
                && named
                && !lex.is_not_name(w)
            {
                push(out, ws + m.start(), ws + m.end(), Label::Organisation);
            }
        }
    }
    let ending_wins = windows(text, hits.endings, ENDING_BACK, ENDING_FWD);
    for (ws, c) in ending_wins
        .iter()
        .flat_map(|&(ws, we)| BY_ENDING.captures_iter(&text[ws..we]).map(move |c| (ws, c)))
    {
        let Some(m) = c.get(0) else { continue };
        let (ms, me) = (ws + m.start(), ws + m.end());
        if !starts_word(text, ms) {
            continue;
        }
        let mut end = me;
        // A word after the ending belongs to the name only if it is a place ("Esch College Emmen").
        if let Some(place) = c.get(1)
            && !lex.places.contains(&place.as_str().to_lowercase())
        {
            end = text[..ws + place.start()].trim_end().len();
        }
        let mut start = ms;
        // A sentence-opening word ("Ik Drenthe College") is not part of the name: drop a leading
        // word that is a stopword.
        let first_end = text[start..end]
            .find([' ', '\t'])
            .map_or(end, |p| start + p);
        let first = text[start..first_end].to_lowercase();
        // "Ik Drenthe College", and "Plaatsing Lindenhout Jeugdzorg" at a sentence start.
        if lex.stopwords.contains(&first)
            || (first_end < end
                && at_sentence_start(text, start)
                && lex.is_word(&first)
                && !lex.organisations.contains(&first))
        {
            start = text[first_end..end]
                .find(|c: char| !c.is_whitespace())
                .map_or(end, |p| first_end + p);
        }
        if start < end {
            push(out, start, end, Label::Organisation);
        }
    }
    // A compound has no blanks: only the chunks around its ending need a look.
    // One chunk back for "Sint" in "Sint Antoniusziekenhuis".
    let wins = windows(text, hits.compounds, 1, 0);
    for (ms, me) in find_in(&COMPOUND, text, &wins) {
        let lower = text[ms..me].to_lowercase();
        if starts_word(text, ms)
            && super::text::ends_word(text, me)
            && !GENERIC.contains(&lower.as_str())
            && !lex.is_not_name(&lower)
        {
            push(out, ms, me, Label::Organisation);
        }
    }
    if text.contains('&') {
        for m in AMPERSAND.find_iter(text) {
            if starts_word(text, m.start()) && super::text::ends_word(text, m.end()) {
                push(out, m.start(), m.end(), Label::Organisation);
            }
        }
    }
    for m in ARTICLE_NAME.find_iter(text) {
        if !starts_word(text, m.start()) {
            continue;
        }
        // A capitalised article at a sentence start is just an article.
        let before = text[..m.start()].trim_end_matches([' ', '\t']);
        let mid_sentence = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == ',' || c == '(');
        if !mid_sentence {
            continue;
        }
        let end = trim_not_names(text, m.start(), m.end(), lex);
        let words: Vec<&str> = text[m.start()..end].split_whitespace().collect();
        if words.len() < 2 {
            continue;
        }
        let prev_word: String = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        let label = if matches!(prev_word.as_str(), "in" | "uit" | "naar" | "te") {
            Label::Location
        } else {
            Label::Organisation
        };
        push(out, m.start(), end, label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Label)> {
        let mut out = Vec::new();
        detect(text, Lexicon::get(), &mut out);
        out.iter()
            .map(|c| (&text[c.start..c.end], c.label))
            .collect()
    }

    #[test]
    fn a_kind_word_followed_by_a_name_is_an_organisation() {
        let got = found("ik ging naar cbs De Zaaier en speel bij vv Dalen, via Wijkteam Peelo.");
        assert!(
            got.contains(&("cbs De Zaaier", Label::Organisation)),
            "{got:?}"
        );
        assert!(got.contains(&("vv Dalen", Label::Organisation)), "{got:?}");
        assert!(
            got.contains(&("Wijkteam Peelo", Label::Organisation)),
            "{got:?}"
        );
    }

    #[test]
    fn firms_with_an_ampersand_and_school_compounds_are_organisations() {
        let got = found("ik werkte bij Timmer & Dekker en zat op de Sint Jozefschool");
        for want in ["Timmer & Dekker", "Sint Jozefschool"] {
            assert!(
                got.contains(&(want, Label::Organisation)),
                "{want}: {got:?}"
            );
        }
        assert!(found("IK VIND DAT JE JEUGDZORG BETER MOET MAKEN").is_empty());
        let got = found("Plaatsing Lindenhout Jeugdzorg per 1 mei.");
        assert_eq!(got, vec![("Lindenhout Jeugdzorg", Label::Organisation)]);
    }

    #[test]
    fn practices_and_saint_hospitals_are_organisations() {
        let got = found(
            "verwezen door Compas huisartsenpraktijk naar het Sint Antoniusziekenhuis, \
             later naar het Erasmus Medisch Centrum en het Academisch Ziekenhuis Maastricht",
        );
        for want in [
            "Compas huisartsenpraktijk",
            "Sint Antoniusziekenhuis",
            "Erasmus Medisch Centrum",
            "Academisch Ziekenhuis Maastricht",
        ] {
            assert!(
                got.contains(&(want, Label::Organisation)),
                "{want}: {got:?}"
            );
        }
    }

    #[test]
    fn a_lowercase_school_or_club_after_its_abbreviation_is_an_organisation() {
        let got = found("ik zat op csg bogerman, speel bij sv marum en ga naar jc het bolwerk");
        for want in ["csg bogerman", "sv marum", "jc het bolwerk"] {
            assert!(
                got.contains(&(want, Label::Organisation)),
                "{want}: {got:?}"
            );
        }
        assert!(found("dat vind ik fc is leuk en sv zo").is_empty());
    }

    #[test]
    fn a_generic_kind_alone_is_not_an_organisation() {
        assert_eq!(found("het wijkteam en de school en de gemeente"), vec![]);
    }

    #[test]
    fn a_name_ending_in_college_takes_a_following_place() {
        let got = found("ik zit op het Esch College Emmen, 4 havo");
        assert!(
            got.contains(&("Esch College Emmen", Label::Organisation)),
            "{got:?}"
        );
        let got = found("ik doe autotechniek bij het Drenthe College in Emmen");
        assert!(
            got.contains(&("Drenthe College", Label::Organisation)),
            "{got:?}"
        );
    }

    #[test]
    fn a_capitalised_article_in_mid_sentence_starts_a_name() {
        let got = found("ik zat bij De Veenhoeve en werk bij 't Hoekje");
        assert!(
            got.contains(&("De Veenhoeve", Label::Organisation)),
            "{got:?}"
        );
        assert!(got.contains(&("'t Hoekje", Label::Organisation)), "{got:?}");
        assert_eq!(found("De school was stom."), vec![]);
    }
}
