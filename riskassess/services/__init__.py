"""Use cases: load, check permission, call the core, persist, audit. Views only call these."""
