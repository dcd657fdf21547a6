"""The report form: its sections, fields, review page and attachments."""
