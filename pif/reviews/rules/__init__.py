"""Stage 6 business rules, one module per area."""
