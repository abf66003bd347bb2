"""Verification: run original and migrated code, compare values, check fixtures."""
