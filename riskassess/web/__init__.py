"""Blueprints: thin views that load, check permission, call a service, render or redirect."""
