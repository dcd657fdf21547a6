-- Beside each report's document: a mark saying it is exactly what the version that wrote it
-- reads it as (domain/document_mark.py), and how much of its text is the report as a batch sends
-- it (every field before the centre's own notes, which are written last). A batch then sends a
-- marked document's text as it is stored, closed there, instead of reading it into a report and
-- writing it out again. Written by the app with each save (services/report_storage.py). Reports
-- already in the store have neither, and go the long way until they are saved again. A later
-- migration that changes documents must set both back to NULL in the rows it changes.
ALTER TABLE reports ADD COLUMN data_mark TEXT;
ALTER TABLE reports ADD COLUMN sent_end INTEGER;
