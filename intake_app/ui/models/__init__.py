"""Qt table models over the services' rows, tested without a view."""
