"""Staff accounts: sign-in, passwords, users, permissions, API tokens and the audit log."""
