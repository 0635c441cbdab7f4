//! The audiences on a consent form (the young person's and the guardian's): per audience its name,
//! the first sentence of its consent text (who they are), the rest of that text one click away,
//! the effect of a yes in plain words, and the current answer. What every audience's text shares
//! is said once above them, so the form stays short on a phone.

use super::form::Form;
use super::i18n::Lang;
use super::visitor::Chrome;
use crate::domain::{Audience, AudienceFlags};
use crate::policies::Policies;

/// The answers a consent form posts: checked is yes, unchecked is no, for every audience, so
/// every post answers all of them; the `withdraw_all` button says no to all in one step.
pub fn posted_answers(form: &Form) -> AudienceFlags {
    let mut flags = AudienceFlags::default();
    if form.get("withdraw_all").is_none() {
        for a in Audience::ALL {
            flags.set(a, form.checked(a.as_str()));
        }
    }
    flags
}

/// The names of the audiences that have a yes, in the reader's language.
pub fn audience_names(c: &Chrome, flags: AudienceFlags) -> Vec<String> {
    Audience::ALL
        .into_iter()
        .filter(|a| flags.get(*a))
        .map(|a| c.t(&format!("audience-{}", a.as_str())))
        .collect()
}

pub struct AudienceChoice {
    pub id: &'static str,
    pub name: String,
    /// The consent text's first sentence: who this audience is.
    pub summary: String,
    /// The rest of the consent text, shown on request; empty when the text is one sentence.
    pub more: String,
    pub effect: String,
    pub checked: bool,
    /// False where the answer cannot be yes (a guardian, where the young person said no).
    pub open: bool,
}

/// Splits after the first full stop that ends a sentence.
fn first_sentence(text: &str) -> (String, String) {
    let text = text.trim();
    let cut = text
        .char_indices()
        .find(|&(i, ch)| ch == '.' && text[i + 1..].starts_with(|n: char| n.is_whitespace()))
        .map(|(i, _)| i + 1);
    match cut {
        Some(at) => (text[..at].to_string(), text[at..].trim().to_string()),
        None => (text.to_string(), String::new()),
    }
}

/// One choice per audience of the policies, in their order.
pub fn audience_choices(
    c: &Chrome,
    policies: &Policies,
    checked: impl Fn(Audience) -> bool,
    open: impl Fn(Audience) -> bool,
) -> Vec<AudienceChoice> {
    policies
        .audiences
        .iter()
        .map(|a| {
            let text = match c.lang {
                Lang::Nl => &a.consent.nl,
                Lang::En => &a.consent.en,
            };
            // One line per paragraph: the policy file wraps its lines for editors, not readers.
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let (summary, more) = first_sentence(&text);
            AudienceChoice {
                id: a.id.as_str(),
                name: match c.lang {
                    Lang::Nl => a.name_nl.clone(),
                    Lang::En => a.name_en.clone(),
                },
                summary,
                more,
                effect: c.t(&format!("effect-{}", a.id.as_str())),
                checked: checked(a.id),
                open: open(a.id),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn the_first_sentence_is_cut_at_its_full_stop() {
        let (first, rest) =
            first_sentence("Zij lezen mee. Ze zien alleen de tekst.\nVerder niets.");
        assert_eq!(first, "Zij lezen mee.");
        assert_eq!(rest, "Ze zien alleen de tekst.\nVerder niets.");
        assert_eq!(
            first_sentence("Eén zin."),
            ("Eén zin.".into(), String::new())
        );
        assert_eq!(
            first_sentence("v1.2 blijft"),
            ("v1.2 blijft".into(), String::new())
        );
    }
}
