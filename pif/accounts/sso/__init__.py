"""Single sign-on with OpenID Connect providers, one per partner organisation (ADR 0020)."""
