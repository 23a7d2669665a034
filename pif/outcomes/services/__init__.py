"""Changes to stage 1 and 2 records. Views and commands call these; tests call them directly."""
