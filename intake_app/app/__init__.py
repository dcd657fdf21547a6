"""Setting up and unlocking a store, and the unlocked session that composes the services."""
