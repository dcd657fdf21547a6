-- What statistics count, one row per report and dimension value: written when a report is marked
-- ready and kept when its personal data is erased. Month is the month the incident happened (or,
-- without a date, the month the report was taken); location goes no finer than a postcode district.
CREATE TABLE statistics_entries (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    month     TEXT NOT NULL,
    is_demo   INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (report_id, dimension, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX statistics_by_month ON statistics_entries (month, dimension, value, is_demo);

CREATE TEMP VIEW counted AS
SELECT id, status, is_demo, data,
       coalesce(nullif(substr(occurred_on, 1, 7), ''), substr(created_at, 1, 7)) AS month,
       upper(replace(coalesce(json_extract(data, '$.where.postcode'), ''), ' ', '')) AS postcode
FROM reports
WHERE status <> 'draft'
  AND (status <> 'withdrawn'
       OR id IN (SELECT target FROM audit_log WHERE action = 'report.ready'));

INSERT OR IGNORE INTO statistics_entries
SELECT id, month, is_demo, 'consent', coalesce(nullif(json_extract(data, '$.consent'), ''), 'not_recorded') FROM counted
UNION ALL
SELECT id, month, is_demo, 'reporter', coalesce(nullif(json_extract(data, '$.reporter_type'), ''), 'not_recorded') FROM counted
UNION ALL
SELECT id, month, is_demo, 'place', coalesce(nullif(json_extract(data, '$.where.place_type'), ''), 'not_recorded') FROM counted
UNION ALL
SELECT id, month, is_demo, 'district',
       CASE WHEN postcode = '' THEN 'not_recorded'
            -- erased reports keep only the district
            WHEN status IN ('withdrawn', 'purged') THEN postcode
            WHEN length(postcode) > 3 THEN substr(postcode, 1, length(postcode) - 3)
            ELSE 'not_recorded' END
FROM counted
UNION ALL
SELECT c.id, c.month, c.is_demo, 'strand', s.strand
FROM counted c JOIN report_strands s ON s.report_id = c.id WHERE s.strand <> ''
UNION ALL
SELECT c.id, c.month, c.is_demo, 'religion', coalesce(nullif(s.sub_category, ''), 'unknown')
FROM counted c JOIN report_strands s ON s.report_id = c.id WHERE s.strand = 'religion'
UNION ALL
SELECT c.id, c.month, c.is_demo, 'incident', j.value
FROM counted c, json_each(c.data, '$.incident_types') j WHERE j.value <> '';

INSERT OR IGNORE INTO statistics_entries
SELECT c.id, c.month, c.is_demo, d.name, 'not_recorded'
FROM counted c, (SELECT 'strand' AS name UNION ALL SELECT 'incident') d
WHERE NOT EXISTS (
    SELECT 1 FROM statistics_entries e WHERE e.report_id = c.id AND e.dimension = d.name
);

DROP VIEW counted;
