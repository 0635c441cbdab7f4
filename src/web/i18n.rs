//! Texts of the pages: Project Fluent message files, Dutch first, English too. Templates never hold
//! a sentence; they ask for a message by id. A missing message shows its id (and a test fails).

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// The languages of the pages. Dutch is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a switch offers from this one.
    pub fn other(self) -> Self {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }
}

const NL: &[&str] = &[
    include_str!("../../locales/nl/main.ftl"),
    include_str!("../../locales/nl/youth.ftl"),
    include_str!("../../locales/nl/worker.ftl"),
    include_str!("../../locales/nl/reader.ftl"),
    include_str!("../../locales/nl/errors.ftl"),
    include_str!("../../locales/nl/guardian.ftl"),
    include_str!("../../locales/nl/consent.ftl"),
    include_str!("../../locales/nl/overview.ftl"),
    include_str!("../../locales/nl/staff.ftl"),
];
const EN: &[&str] = &[
    include_str!("../../locales/en/main.ftl"),
    include_str!("../../locales/en/youth.ftl"),
    include_str!("../../locales/en/worker.ftl"),
    include_str!("../../locales/en/reader.ftl"),
    include_str!("../../locales/en/errors.ftl"),
    include_str!("../../locales/en/guardian.ftl"),
    include_str!("../../locales/en/consent.ftl"),
    include_str!("../../locales/en/overview.ftl"),
    include_str!("../../locales/en/staff.ftl"),
];

type Bundle = FluentBundle<FluentResource>;

fn bundle(code: &str, sources: &[&str]) -> Bundle {
    let id: LanguageIdentifier = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: our arguments are numbers, dates and names of
    // roles, and the marks would end up in copied text.
    bundle.set_use_isolating(false);
    for source in sources {
        // A syntax error is caught by the unit test below; the messages that did parse still work.
        let resource = FluentResource::try_new((*source).to_string()).unwrap_or_else(|(r, _)| r);
        if bundle.add_resource(resource).is_err() {
            tracing::error!(lang = code, "duplicate message ids in the message files");
        }
    }
    bundle
}

static BUNDLES: LazyLock<(Bundle, Bundle)> = LazyLock::new(|| (bundle("nl", NL), bundle("en", EN)));

/// The messages of one language, as templates see them.
#[derive(Clone, Copy)]
pub struct Texts {
    lang: Lang,
}

impl Texts {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    fn bundle(&self) -> &'static Bundle {
        match self.lang {
            Lang::Nl => &BUNDLES.0,
            Lang::En => &BUNDLES.1,
        }
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = vec![];
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// The message `id`.
    pub fn get(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with one argument.
    pub fn with(&self, id: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.to_string());
        self.format(id, Some(&args))
    }

    /// Whether the message exists (for messages built from codes, such as error codes).
    pub fn has(&self, id: &str) -> bool {
        self.bundle().has_message(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(sources: &[&str]) -> Vec<String> {
        let mut ids = Vec::new();
        for source in sources {
            let resource = FluentResource::try_new((*source).to_string());
            assert!(resource.is_ok(), "a message file does not parse");
            for line in source.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && !id.starts_with([' ', '#', '.', '-'])
                    && !id.is_empty()
                {
                    ids.push(id.to_string());
                }
            }
        }
        ids.sort();
        ids
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        assert_eq!(ids(NL), ids(EN));
    }

    #[test]
    fn a_message_is_found_in_each_language() {
        assert_eq!(Texts::new(Lang::Nl).get("site-name"), "Verhalenkluis");
        assert_eq!(Texts::new(Lang::En).get("site-name"), "Story vault");
    }

    #[test]
    fn a_missing_message_shows_its_id() {
        assert_eq!(
            Texts::new(Lang::Nl).get("no-such-message"),
            "no-such-message"
        );
    }

    fn template_files(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                template_files(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }

    #[test]
    fn every_message_a_template_asks_for_exists_in_both_languages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut texts = Vec::new();
        template_files(&dir, &mut texts);
        assert!(texts.len() > 10, "the templates were not found");
        let call =
            regex::Regex::new(r#"c\.t1?\("([a-z0-9_-]+)""#).unwrap_or_else(|e| panic!("{e}"));
        let mut asked = 0;
        for text in &texts {
            for id in call.captures_iter(text).map(|c| c[1].to_string()) {
                asked += 1;
                for lang in [Lang::Nl, Lang::En] {
                    assert!(Texts::new(lang).has(&id), "{id} is missing in {lang:?}");
                }
            }
        }
        assert!(asked > 100, "only {asked} messages found");
    }

    #[test]
    fn every_message_built_from_a_code_exists_in_both_languages() {
        let mut ids = Vec::new();
        for status in ["draft", "awaiting_review", "approved", "rejected"] {
            ids.push(format!("status-{status}"));
            ids.push(format!("worker-status-{status}"));
        }
        for audience in ["peers", "policy_makers", "council"] {
            ids.push(format!("audience-{audience}"));
            ids.push(format!("effect-{audience}"));
            ids.push(format!("audience-name-{audience}"));
        }
        for role in [
            "admin",
            "worker",
            "youth",
            "peer",
            "policy_maker",
            "council",
            "guardian",
        ] {
            ids.push(format!("role-{role}"));
            ids.push(format!("role-name-{role}"));
        }
        for reason in ["expiring", "lapsed", "consent_text_changed"] {
            ids.push(format!("renewal-{reason}"));
        }
        for by in ["youth", "guardian"] {
            ids.push(format!("history-by-{by}"));
        }
        for object in ["story", "excerpt", "story_titles"] {
            ids.push(format!("object-{object}"));
        }
        for label in [
            "person",
            "location",
            "organisation",
            "date",
            "age",
            "phone",
            "email",
            "url",
            "social",
            "id",
        ] {
            ids.push(format!("redaction-{label}"));
        }
        for page in [
            "not-found",
            "forbidden",
            "conflict",
            "rate-limited",
            "internal",
            "bad-request",
            "forged",
        ] {
            ids.push(format!("page-{page}-title"));
            ids.push(format!("page-{page}-text"));
        }
        for id in ids {
            for lang in [Lang::Nl, Lang::En] {
                assert!(Texts::new(lang).has(&id), "{id} is missing in {lang:?}");
            }
        }
    }
}
