"""The reports app's forms, one module per area: reports, schedules, publishing."""
