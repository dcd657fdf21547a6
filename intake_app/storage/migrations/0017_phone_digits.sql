-- The digits of the person's and the reporter's phone numbers, kept beside each report so that
-- someone ringing back is found by their number however it was typed ("0116 496 0777",
-- "+44 116 4960777"): a search that is a phone number looks here, not in every document.
-- Written by the app with each save (services/report_storage.py); erased with the rest of a
-- report's personal data. Reports already in the store get theirs from their documents here.
ALTER TABLE reports ADD COLUMN phone_digits TEXT NOT NULL DEFAULT '';
UPDATE reports SET phone_digits = trim(
    replace(replace(replace(replace(replace(replace(coalesce(json_extract(data, '$.person.phone'), ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
    || ' ' ||
    replace(replace(replace(replace(replace(replace(coalesce(json_extract(data, '$.reporter.phone'), ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')
);
-- A search reads this index, not the reports' pages (each holds a whole document).
CREATE INDEX reports_by_phone ON reports (phone_digits) WHERE phone_digits != '';
