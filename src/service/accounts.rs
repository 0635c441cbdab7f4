//! Account management by admins. Admins never read content; they see usernames and roles only.

use super::{Caller, Service};
use crate::domain::{AccountId, FieldError, Role, Username};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::{DisableOutcome, NewAccount};
use crate::vault::{Field, SealContext};

pub struct AccountView {
    pub id: AccountId,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
}

impl Service {
    pub async fn create_account(
        &self,
        caller: Option<&Caller>,
        username: String,
        password: String,
        role: String,
    ) -> AppResult<AccountView> {
        if let Some(caller) = caller {
            self.authorize(caller, Action::CreateAccount)?;
        }
        let mut problems = Vec::new();
        let username = Username::parse(username).map_err(|e| problems.push(e)).ok();
        let role = Role::parse(&role)
            .filter(|r| r.may_be_created_by_admin())
            .ok_or_else(|| problems.push(FieldError::new("role", "invalid_role")))
            .ok();
        let hash = match self.new_password_hash(password).await {
            Ok(h) => Some(h),
            Err(AppError::Validation(mut v)) => {
                problems.append(&mut v);
                None
            }
            Err(e) => return Err(e),
        };
        let (Some(username), Some(role), Some(password_hash)) = (username, role, hash) else {
            return Err(AppError::Validation(problems));
        };
        let id = AccountId::generate();
        let (username_index, username_sealed) = self.seal_username(&username, id)?;
        self.inner
            .store
            .insert_account(&NewAccount {
                id,
                username_index,
                username_sealed,
                password_hash,
                role,
                participant_id: None,
            })
            .await?;
        tracing::info!(account_id = %id, role = role.as_str(), "account created");
        Ok(AccountView {
            id,
            username: username.as_str().to_string(),
            role,
            disabled: false,
        })
    }

    pub async fn list_accounts(&self, caller: &Caller) -> AppResult<Vec<AccountView>> {
        self.authorize(caller, Action::ListAccounts)?;
        let rows = self.inner.store.list_staff_accounts().await?;
        rows.into_iter()
            .map(|row| {
                let username = self.inner.master.open_string(
                    SealContext::new(Field::Username, row.id.as_uuid()),
                    &row.username_sealed,
                )?;
                Ok(AccountView {
                    id: row.id,
                    username,
                    role: row.role,
                    disabled: row.disabled,
                })
            })
            .collect()
    }

    /// Refuses (409) to disable the caller's own account or the last active admin: either would
    /// leave the service without anyone able to manage accounts.
    pub async fn disable_account(&self, caller: &Caller, id: AccountId) -> AppResult<()> {
        self.authorize(caller, Action::DisableAccount)?;
        if id == caller.account_id {
            if self.inner.store.count_active_admins().await? <= 1 {
                return Err(last_active_admin());
            }
            return Err(AppError::Conflict {
                code: "cannot_disable_self",
                message: "An admin cannot disable their own account; ask another admin.",
            });
        }
        match self.inner.store.disable_staff_account(id).await? {
            DisableOutcome::Disabled => {}
            DisableOutcome::NotFound => return Err(AppError::NotFound),
            DisableOutcome::LastActiveAdmin => return Err(last_active_admin()),
        }
        tracing::info!(account_id = %id, "account disabled");
        Ok(())
    }
}

fn last_active_admin() -> AppError {
    AppError::Conflict {
        code: "last_active_admin",
        message: "This is the last active admin account; create another admin first.",
    }
}
