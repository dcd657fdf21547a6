-- Reports as practice records them (see domain/report.py): "under 18" (the Victims' Code's
-- enhanced rights) replaces "under 16", and Gypsy, Roma and Traveller hate, a strand of its own
-- in one force's list before, is a category of race. Only the reports that held either change;
-- every other report's text stays exactly as it was. A child whose date of birth shows they
-- were under 18 when the report was taken is marked under 18.
UPDATE reports
SET data = json_set(
    json_remove(data, '$.under_16'),
    '$.under_18',
    json(CASE
        WHEN json_extract(data, '$.under_16') THEN 'true'
        WHEN json_extract(data, '$.person.date_of_birth')
                 GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
             AND date(json_extract(data, '$.person.date_of_birth'), '+18 years')
                 > substr(created_at, 1, 10) THEN 'true'
        ELSE 'false'
    END)
)
WHERE json_valid(data) AND json_type(data, '$.under_16') IS NOT NULL;

UPDATE reports
SET data = json_set(data, '$.strands', (
    SELECT json_group_array(json(item)) FROM (
        SELECT json_object(
            'strand', CASE WHEN json_extract(s.value, '$.strand') = 'gypsy_roma_traveller'
                           THEN 'race' ELSE json_extract(s.value, '$.strand') END,
            'sub_category', CASE WHEN json_extract(s.value, '$.strand') = 'gypsy_roma_traveller'
                                 THEN 'gypsy_roma_traveller'
                                 ELSE coalesce(json_extract(s.value, '$.sub_category'), '') END
        ) AS item
        FROM json_each(reports.data, '$.strands') s
        -- race with no category as well: the category says it
        WHERE NOT (json_extract(s.value, '$.strand') = 'race'
                   AND coalesce(json_extract(s.value, '$.sub_category'), '') = '')
        ORDER BY s.key
    )
))
WHERE json_valid(data) AND EXISTS (
    SELECT 1 FROM json_each(reports.data, '$.strands') s
    WHERE json_extract(s.value, '$.strand') = 'gypsy_roma_traveller'
);

INSERT OR IGNORE INTO report_strands (report_id, strand, sub_category)
SELECT report_id, 'race', 'gypsy_roma_traveller' FROM report_strands
WHERE strand = 'gypsy_roma_traveller';
DELETE FROM report_strands
WHERE strand = 'race' AND sub_category = ''
  AND report_id IN (SELECT report_id FROM report_strands WHERE strand = 'gypsy_roma_traveller');
DELETE FROM report_strands WHERE strand = 'gypsy_roma_traveller';

INSERT OR IGNORE INTO statistics_entries (report_id, month, is_demo, dimension, value)
SELECT report_id, month, is_demo, 'strand', 'race' FROM statistics_entries
WHERE dimension = 'strand' AND value = 'gypsy_roma_traveller';
DELETE FROM statistics_entries WHERE dimension = 'strand' AND value = 'gypsy_roma_traveller';

-- Statistics count who or what was targeted (a person, or an organisation or building, as
-- Tell MAMA and CST count them): every report counted before was about a person.
INSERT OR IGNORE INTO statistics_entries (report_id, month, is_demo, dimension, value)
SELECT DISTINCT report_id, month, is_demo, 'victim', 'person' FROM statistics_entries
WHERE dimension = 'consent';
