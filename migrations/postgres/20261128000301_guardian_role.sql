-- Accounts gain the role `guardian` (a parent or legal guardian of one participant under 16).
ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
    CHECK (role IN ('admin', 'worker', 'youth', 'guardian', 'peer', 'policy_maker', 'council'));
