"""Declarative data shipped with report-lint: national templates and province rule packs (TOML)."""
