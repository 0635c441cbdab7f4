//! The access policy: `access.cedar` (who may do what to which object), checked at start-up
//! against `access.cedarschema`. The service asks it before every use case; this module only
//! turns a caller, an action and the facts the service looked up into a Cedar request.
//!
//! The policy sees roles and facts, never names or content: the principal is an `Account` with a
//! `role`, the resource the `Service`, one `Participant` (with the facts `is_responsible`,
//! `is_own`, `is_guardian` as context) or an `Audience` (with the role that reads it).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::Arc;

use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid,
    PolicySet, Request, RestrictedExpression, Schema, ValidationMode, Validator,
};

use super::{AudiencePolicy, PolicyError, PolicySource};
use crate::domain::{Audience, Role};

pub const POLICY_FILE: &str = "access.cedar";
pub const SCHEMA_FILE: &str = "access.cedarschema";

macro_rules! actions {
    ($($variant:ident => $name:literal,)*) => {
        /// Every action the policy decides on, named after the use case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant,)* }

        impl Action {
            /// In declaration order, so that `action as usize` indexes it.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action's name in `access.cedar`.
            pub fn as_str(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }
        }
    };
}

actions! {
    LogIn => "log_in",
    RedeemInvite => "redeem_invite",
    RecoverAccount => "recover_account",
    CompleteReset => "complete_reset",
    ReadCatalogue => "read_catalogue",
    CheckHealth => "check_health",
    LogOut => "log_out",
    EnrolSecondFactor => "enrol_second_factor",
    ConfirmSecondFactor => "confirm_second_factor",
    CreateAccount => "create_account",
    ListAccounts => "list_accounts",
    DisableAccount => "disable_account",
    ListResetRequests => "list_reset_requests",
    ApproveReset => "approve_reset",
    CreateParticipant => "create_participant",
    ListParticipants => "list_participants",
    InviteParticipant => "invite_participant",
    AddGuardian => "add_guardian",
    ListGuardians => "list_guardians",
    RequestReset => "request_reset",
    CollectResetCode => "collect_reset_code",
    CreateStory => "create_story",
    ListStories => "list_stories",
    ReadStory => "read_story",
    DeleteStory => "delete_story",
    CreateExcerpt => "create_excerpt",
    EditExcerpt => "edit_excerpt",
    SubmitExcerpt => "submit_excerpt",
    ReadExcerpt => "read_excerpt",
    ListExcerptSummaries => "list_excerpt_summaries",
    ReviewExcerpt => "review_excerpt",
    AnswerConsent => "answer_consent",
    RenewConsent => "renew_consent",
    ReadConsentHistory => "read_consent_history",
    ReadReceipts => "read_receipts",
    ReadGuardianExcerpt => "read_guardian_excerpt",
    AnswerGuardianConsent => "answer_guardian_consent",
    RenewGuardianConsent => "renew_guardian_consent",
    ListOwnContent => "list_own_content",
    ReadOwnAccessLog => "read_own_access_log",
    ExportOwnData => "export_own_data",
    EraseOwnData => "erase_own_data",
    ReadOwnHeldItems => "read_own_held_items",
    ConfirmHeldGrants => "confirm_held_grants",
    ReadOwnSecurityEvents => "read_own_security_events",
    ListRenewals => "list_renewals",
    ReadGuardianExcerpts => "read_guardian_excerpts",
    ListGuardianRenewals => "list_guardian_renewals",
    ReadFeed => "read_feed",
    ReadFeedItem => "read_feed_item",
    ReadThemeOverview => "read_theme_overview",
}

impl Action {
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == name)
    }
}

/// How the caller stands to one young person, as the service looked it up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    /// A youth worker assigned to this young person.
    pub is_responsible: bool,
    /// This young person.
    pub is_own: bool,
    /// This young person's registered guardian.
    pub is_guardian: bool,
}

impl Relation {
    /// Every fact true: "may this role ever do this to some young person?".
    pub const ANY: Relation = Relation {
        is_responsible: true,
        is_own: true,
        is_guardian: true,
    };
}

/// What an action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// The service as a whole (accounts, own pages, …).
    Service,
    /// One young person's data, with how the caller stands to them.
    Participant(Relation),
    /// An audience's feed.
    Audience(Audience),
}

/// The loaded, validated policy. Cheap to clone.
#[derive(Clone)]
pub struct AccessPolicy(Arc<Compiled>);

impl std::fmt::Debug for AccessPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessPolicy")
    }
}

struct Compiled {
    policies: PolicySet,
    authorizer: Authorizer,
    /// Indexed like `Action::ALL`.
    actions: Vec<EntityUid>,
    service: EntityUid,
    participant: EntityUid,
    /// `Audience::ALL` order.
    audiences: Vec<EntityUid>,
    /// The principal and every audience, per role; index `ROLES` (last: anonymous).
    entities: Vec<(EntityUid, Entities)>,
    /// `role_may`, asked of the policy once per role and action when it is loaded: the door
    /// checks of every request then cost a lookup. Indexed `[ROLES][Action::ALL]`.
    role_table: Vec<Vec<bool>>,
}

/// The roles a principal can have; `None` is a caller without a session.
const ROLES: [Option<Role>; 8] = Role::ALL_AND_ANONYMOUS;

/// The role's name in `access.cedar`.
pub fn role_name(role: Option<Role>) -> &'static str {
    role.map(Role::as_str).unwrap_or("anonymous")
}

fn uid(type_name: &str, id: &str) -> Result<EntityUid, String> {
    let type_name = EntityTypeName::from_str(type_name).map_err(|e| e.to_string())?;
    Ok(EntityUid::from_type_name_and_id(
        type_name,
        EntityId::new(id),
    ))
}

impl AccessPolicy {
    /// Parses the schema and the policy, validates the policy against the schema (strictly), and
    /// checks that the schema declares exactly the actions the service asks about.
    pub fn load(
        policy: &PolicySource,
        schema: &PolicySource,
        audiences: &[AudiencePolicy],
    ) -> Result<Self, PolicyError> {
        let (schema_parsed, _warnings) = Schema::from_cedarschema_str(&schema.text)
            .map_err(|e| schema.error(format!("is not a valid Cedar schema: {e}")))?;
        let policies = PolicySet::from_str(&policy.text)
            .map_err(|e| policy.error(format!("is not valid Cedar: {e}")))?;
        let result =
            Validator::new(schema_parsed.clone()).validate(&policies, ValidationMode::Strict);
        if !result.validation_passed() {
            let problems: Vec<String> = result.validation_errors().map(|e| e.to_string()).collect();
            return Err(policy.error(format!(
                "does not match {SCHEMA_FILE}: {}",
                problems.join("; ")
            )));
        }
        let declared: HashSet<String> = schema_parsed
            .actions()
            .map(|a| a.id().unescaped().to_string())
            .collect();
        for action in Action::ALL {
            if !declared.contains(action.as_str()) {
                return Err(schema.error(format!(
                    "does not declare the action `{}` the service asks about",
                    action.as_str()
                )));
            }
        }
        if let Some(unknown) = declared.iter().find(|name| Action::parse(name).is_none()) {
            return Err(schema.error(format!(
                "declares the action `{unknown}`, which the service never asks about"
            )));
        }
        Self::compile(policies, audiences).map_err(|e| policy.error(e))
    }

    fn compile(policies: PolicySet, audiences: &[AudiencePolicy]) -> Result<Self, String> {
        let actions = Action::ALL
            .iter()
            .map(|a| uid("Action", a.as_str()))
            .collect::<Result<Vec<_>, _>>()?;
        let audience_entities = Audience::ALL
            .iter()
            .map(|a| {
                let readers = audiences
                    .iter()
                    .find(|p| p.id == *a)
                    .map(|p| p.role.as_str())
                    .unwrap_or("");
                let attrs = HashMap::from([(
                    "readers".to_string(),
                    RestrictedExpression::new_string(readers.to_string()),
                )]);
                Entity::new(uid("Audience", a.as_str())?, attrs, HashSet::new())
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut entities = Vec::with_capacity(ROLES.len());
        for role in ROLES {
            let principal = uid("Account", "caller")?;
            let attrs = HashMap::from([(
                "role".to_string(),
                RestrictedExpression::new_string(role_name(role).to_string()),
            )]);
            let account =
                Entity::new(principal.clone(), attrs, HashSet::new()).map_err(|e| e.to_string())?;
            let all = std::iter::once(account).chain(audience_entities.iter().cloned());
            let set = Entities::from_entities(all, None).map_err(|e| e.to_string())?;
            entities.push((principal, set));
        }
        let mut compiled = Compiled {
            policies,
            authorizer: Authorizer::new(),
            actions,
            service: uid("Service", "storyvault")?,
            participant: uid("Participant", "participant")?,
            audiences: Audience::ALL
                .iter()
                .map(|a| uid("Audience", a.as_str()))
                .collect::<Result<Vec<_>, _>>()?,
            entities,
            role_table: Vec::new(),
        };
        let table = ROLES
            .iter()
            .map(|role| {
                Action::ALL
                    .iter()
                    .map(|action| compiled.role_may_now(*role, *action))
                    .collect()
            })
            .collect();
        compiled.role_table = table;
        Ok(Self(Arc::new(compiled)))
    }

    /// Does the policy permit `role` (`None`: no session) to do `action` to `resource`?
    /// Anything the policy does not permit, and any request it cannot evaluate, is a no.
    pub fn permits(&self, role: Option<Role>, action: Action, resource: Resource) -> bool {
        self.0.permits(role, action, resource)
    }

    /// May `role` ever do `action`: to the service, to some young person, or to its own
    /// audience? "No" is a 403; "yes, but not to this one" is the service's 404.
    /// (Answered from the table made when the policy was loaded.)
    pub fn role_may(&self, role: Option<Role>, action: Action) -> bool {
        let c = &self.0;
        let Some(r) = ROLES.iter().position(|x| *x == role) else {
            return false;
        };
        c.role_table[r][action as usize]
    }
}

impl Compiled {
    fn role_may_now(&self, role: Option<Role>, action: Action) -> bool {
        let own_audience = role.and_then(Role::audience);
        self.permits(role, action, Resource::Service)
            || self.permits(role, action, Resource::Participant(Relation::ANY))
            || own_audience.is_some_and(|a| self.permits(role, action, Resource::Audience(a)))
    }

    /// Does the policy permit `role` (`None`: no session) to do `action` to `resource`?
    /// Anything the policy does not permit, and any request it cannot evaluate, is a no.
    fn permits(&self, role: Option<Role>, action: Action, resource: Resource) -> bool {
        let c = self;
        let Some(index) = ROLES.iter().position(|r| *r == role) else {
            return false;
        };
        let (principal, entities) = &c.entities[index];
        let (resource_uid, context) = match resource {
            Resource::Service => (c.service.clone(), Context::empty()),
            Resource::Audience(a) => {
                let i = Audience::ALL.iter().position(|x| *x == a).unwrap_or(0);
                (c.audiences[i].clone(), Context::empty())
            }
            Resource::Participant(relation) => {
                let pairs = [
                    ("is_responsible", relation.is_responsible),
                    ("is_own", relation.is_own),
                    ("is_guardian", relation.is_guardian),
                ]
                .map(|(k, v)| (k.to_string(), RestrictedExpression::new_bool(v)));
                match Context::from_pairs(pairs) {
                    Ok(context) => (c.participant.clone(), context),
                    Err(_) => return false,
                }
            }
        };
        let Ok(request) = Request::new(
            principal.clone(),
            c.actions[action as usize].clone(),
            resource_uid,
            context,
            None,
        ) else {
            return false;
        };
        c.authorizer
            .is_authorized(&request, &c.policies, entities)
            .decision()
            == Decision::Allow
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policies::Policies;

    fn policy() -> AccessPolicy {
        Policies::load(None)
            .map(|p| p.access)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_shipped_policy_validates_against_its_schema_and_names_every_action() {
        let p = policy();
        // Every action is allowed to someone: an action nobody may do is a mistake in the file.
        for action in Action::ALL {
            let someone = ROLES.iter().any(|r| p.role_may(*r, *action));
            assert!(someone, "nobody may {}", action.as_str());
        }
    }

    #[test]
    fn a_worker_acts_only_for_young_people_they_are_responsible_for() {
        let p = policy();
        let responsible = Relation {
            is_responsible: true,
            ..Relation::default()
        };
        let stranger = Relation::default();
        let worker = Some(Role::Worker);
        assert!(p.permits(
            worker,
            Action::ReadStory,
            Resource::Participant(responsible)
        ));
        assert!(!p.permits(worker, Action::ReadStory, Resource::Participant(stranger)));
        // Being "own" means nothing for a worker: only the facts of their role count.
        let own = Relation {
            is_own: true,
            ..Relation::default()
        };
        assert!(!p.permits(worker, Action::ReadStory, Resource::Participant(own)));
        assert!(!p.permits(
            worker,
            Action::AnswerConsent,
            Resource::Participant(responsible)
        ));
        assert!(!p.permits(worker, Action::ReadStory, Resource::Service));
    }

    #[test]
    fn only_the_young_person_answers_consent_and_only_for_themselves() {
        let p = policy();
        let own = Relation {
            is_own: true,
            ..Relation::default()
        };
        for role in ROLES {
            let allowed = p.permits(role, Action::AnswerConsent, Resource::Participant(own));
            assert_eq!(allowed, role == Some(Role::Youth), "{}", role_name(role));
        }
        let youth = Some(Role::Youth);
        assert!(!p.permits(
            youth,
            Action::AnswerConsent,
            Resource::Participant(Relation::default())
        ));
    }

    #[test]
    fn readers_read_only_their_own_audience_and_admins_read_no_content() {
        let p = policy();
        assert!(p.permits(
            Some(Role::Peer),
            Action::ReadFeed,
            Resource::Audience(Audience::Peers)
        ));
        assert!(!p.permits(
            Some(Role::Peer),
            Action::ReadFeed,
            Resource::Audience(Audience::Council)
        ));
        assert!(!p.role_may(Some(Role::Peer), Action::ReadThemeOverview));
        assert!(p.role_may(Some(Role::Council), Action::ReadThemeOverview));
        for action in [
            Action::ReadStory,
            Action::ReadExcerpt,
            Action::ReadFeed,
            Action::ReadConsentHistory,
            Action::ExportOwnData,
        ] {
            assert!(
                !p.role_may(Some(Role::Admin), action),
                "{}",
                action.as_str()
            );
        }
        assert!(!p.role_may(None, Action::LogOut));
        assert!(p.role_may(None, Action::LogIn));
    }

    #[test]
    fn a_policy_naming_an_unknown_action_or_attribute_is_refused_naming_the_file() {
        let schema = PolicySource {
            name: SCHEMA_FILE,
            path: None,
            text: include_str!("../../policies/access.cedarschema").to_string(),
        };
        let audiences = Policies::load(None)
            .map(|p| p.audiences)
            .unwrap_or_else(|e| panic!("{e}"));
        for bad in [
            r#"permit (principal, action == Action::"read_everything", resource);"#,
            r#"permit (principal, action == Action::"read_story", resource) when { principal.name == "x" };"#,
            r#"permit (principal, action == Action::"read_story", resource) when { context.is_admin };"#,
            "permit (principal, action, resource",
        ] {
            let policy = PolicySource {
                name: POLICY_FILE,
                path: None,
                text: bad.to_string(),
            };
            let err = AccessPolicy::load(&policy, &schema, &audiences)
                .err()
                .unwrap_or_else(|| panic!("accepted: {bad}"));
            assert!(err.to_string().contains("access.cedar (built in)"), "{err}");
        }
    }

    #[test]
    fn a_schema_missing_an_action_the_service_asks_about_is_refused() {
        let full = include_str!("../../policies/access.cedarschema");
        let schema = PolicySource {
            name: SCHEMA_FILE,
            path: None,
            text: full.replace("read_theme_overview", "read_something_else"),
        };
        let policy = PolicySource {
            name: POLICY_FILE,
            path: None,
            text: "permit (principal, action == Action::\"log_in\", resource);".into(),
        };
        let err = AccessPolicy::load(&policy, &schema, &[])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("read_theme_overview"), "{err}");
    }

    #[test]
    #[allow(clippy::print_stdout)]
    fn one_decision_costs_microseconds() {
        let p = policy();
        let relation = Resource::Participant(Relation {
            is_responsible: true,
            ..Relation::default()
        });
        let feed = Resource::Audience(Audience::Council);
        let rounds = 2_000u32;
        let start = std::time::Instant::now();
        let mut allowed = 0u32;
        for _ in 0..rounds {
            allowed += u32::from(p.permits(Some(Role::Worker), Action::ReadStory, relation));
            allowed += u32::from(p.permits(Some(Role::Council), Action::ReadFeed, feed));
        }
        let per = start.elapsed() / (2 * rounds);
        assert_eq!(allowed, 2 * rounds);
        eprintln!(
            "one access decision: {per:?} (mean of {} decisions)",
            2 * rounds
        );
    }
}
