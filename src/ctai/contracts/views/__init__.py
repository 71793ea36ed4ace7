"""The coordinator's pages. Each view scopes its objects to the user (404 outside), validates
with a form, calls one domain operation, then redirects or renders."""
