"""The report and the rules about it, with no storage and no user: fields and their codec, validation, vocabulary, references, dates, text rules, sharing and display."""
