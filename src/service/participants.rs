//! Registering young people, and the invites that give them their own account.

use super::{Caller, NewSession, Service};
use crate::domain::time::Millis;
use crate::domain::{
    AccountId, BirthYear, Identifiers, InviteCode, ParticipantId, Password, Pseudonym, Role,
    SessionOrigin, Username,
};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{NewAccount, NewParticipant, RecoveryPurpose, Redeemed};
use crate::vault::{Field, ParticipantKey, SealContext};

pub struct ParticipantCreated {
    pub id: ParticipantId,
    pub pseudonym: Pseudonym,
    pub invite_code: InviteCode,
}

pub struct ParticipantSummary {
    pub id: ParticipantId,
    pub pseudonym: Pseudonym,
    pub birth_year: BirthYear,
    pub created_at: Millis,
}

impl Service {
    pub async fn create_participant(
        &self,
        caller: &Caller,
        birth_year: i64,
        identifiers: Vec<String>,
    ) -> AppResult<ParticipantCreated> {
        self.authorize(caller, Action::CreateParticipant)?;
        let current_year = Millis::now().to_datetime().year();
        let mut problems = Vec::new();
        let birth_year = BirthYear::parse(birth_year, current_year)
            .map_err(|e| problems.push(e))
            .ok();
        let identifiers = Identifiers::parse(identifiers)
            .map_err(|e| problems.push(e))
            .ok();
        let (Some(birth_year), Some(identifiers)) = (birth_year, identifiers) else {
            return Err(AppError::Validation(problems));
        };

        let id = ParticipantId::generate();
        let key = ParticipantKey::generate();
        let identifiers_json = serde_json::to_vec(&identifiers)
            .map_err(|e| AppError::Internal(format!("identifiers: {e}")))?;
        let participant = NewParticipant {
            id,
            pseudonym: Pseudonym::generate(),
            birth_year,
            identifiers_sealed: key.seal(
                SealContext::new(Field::Identifiers, id.as_uuid()),
                &identifiers_json,
            )?,
            key_wrapped: key.wrap(&self.inner.master, id.as_uuid())?,
        };
        let invite = InviteCode::generate();
        let expires = self.invite_expiry();
        self.inner
            .store
            .create_participant(&participant, caller.account_id, &invite.hash(), expires)
            .await?;
        tracing::info!(participant_id = %id, "participant registered");
        Ok(ParticipantCreated {
            id,
            pseudonym: participant.pseudonym,
            invite_code: invite,
        })
    }

    pub async fn list_participants(&self, caller: &Caller) -> AppResult<Vec<ParticipantSummary>> {
        self.authorize(caller, Action::ListParticipants)?;
        let rows = self
            .inner
            .store
            .participants_of_worker(caller.account_id)
            .await?;
        Ok(rows
            .into_iter()
            .map(|p| ParticipantSummary {
                id: p.id,
                pseudonym: p.pseudonym,
                birth_year: p.birth_year,
                created_at: p.created_at,
            })
            .collect())
    }

    /// A new invite code; earlier ones stop working.
    pub async fn new_invite(
        &self,
        caller: &Caller,
        participant: ParticipantId,
    ) -> AppResult<InviteCode> {
        self.authorize(caller, Action::InviteParticipant)?;
        self.authorize_for(caller, Action::InviteParticipant, participant)
            .await?;
        if self
            .inner
            .store
            .youth_account_of(participant)
            .await?
            .is_some()
        {
            return Err(AppError::account_exists());
        }
        let invite = InviteCode::generate();
        self.inner
            .store
            .replace_invite(participant, &invite.hash(), self.invite_expiry())
            .await?;
        tracing::info!(participant_id = %participant, "invite issued");
        Ok(invite)
    }

    /// Redeems an invite into a youth account and a session, with recovery codes shown once.
    /// Failed attempts are counted per client (`client_key`: the client address) and answered
    /// with 429 past the limit. The code is checked before the costly password hash.
    pub async fn redeem_invite(
        &self,
        code: String,
        username: String,
        password: String,
        client_key: &[u8],
    ) -> AppResult<NewSession> {
        let attempts = self.attempt("invite", client_key).await?;

        let mut problems = Vec::new();
        let username = Username::parse(username).map_err(|e| problems.push(e)).ok();
        let password = Password::parse(password).map_err(|e| problems.push(e)).ok();
        let (Some(username), Some(password)) = (username, password) else {
            return Err(AppError::Validation(problems));
        };
        let code = InviteCode::parse(&code).ok_or_else(invalid_invite)?;
        let store = &self.inner.store;
        // A young person's code, or a guardian's (service/guardians.rs); both are checked before
        // the costly password hash.
        let for_guardian = match store.live_invite(&code.hash(), Millis::now()).await? {
            Some(participant) if store.youth_account_of(participant).await?.is_some() => {
                return Err(AppError::account_exists());
            }
            Some(_) => false,
            None if store
                .live_guardian_invite(&code.hash(), Millis::now())
                .await? =>
            {
                true
            }
            None => return Err(invalid_invite()),
        };
        let password_hash = self.hash_password(password).await?;

        let id = AccountId::generate();
        let (username_index, username_sealed) = self.seal_username(&username, id)?;
        let account = NewAccount {
            id,
            username_index,
            username_sealed,
            password_hash,
            role: Role::Youth,
            participant_id: None,
        };
        let participant = if for_guardian {
            let account = NewAccount {
                role: Role::Guardian,
                ..account
            };
            match store
                .redeem_guardian_invite(&code.hash(), Millis::now(), account)
                .await?
            {
                Some(guardian) => guardian.participant_id,
                None => return Err(invalid_invite()),
            }
        } else {
            match store
                .redeem_invite(&code.hash(), Millis::now(), account)
                .await?
            {
                Redeemed::Created(participant) => participant,
                Redeemed::NoLiveInvite => return Err(invalid_invite()),
                Redeemed::AccountExists => return Err(AppError::account_exists()),
            }
        };
        self.attempts_cleared(&attempts).await?;
        tracing::info!(participant_id = %participant, account_id = %id, "invite redeemed");
        let row = self
            .inner
            .store
            .account_by_username(&username_index)
            .await?
            .ok_or_else(|| AppError::Internal("redeemed account vanished".into()))?;
        let codes = self
            .new_recovery_codes(id, RecoveryPurpose::Account)
            .await?;
        let mut session = self
            .start_session(&row, SessionOrigin::Password, false)
            .await?;
        session.recovery_codes = Some(codes);
        Ok(session)
    }

    fn invite_expiry(&self) -> Millis {
        Millis::now().plus_minutes(self.inner.policies.rules.invite_valid_days * 24 * 60)
    }
}

/// One answer for a code that never existed, was used, was replaced or has expired.
fn invalid_invite() -> AppError {
    AppError::InvalidInvite
}
