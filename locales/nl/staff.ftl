# Staff: the second factor (TOTP) and the anonymiser's suggestions.
