"""Small widgets and helpers shared by pages, the form and dialogs."""
