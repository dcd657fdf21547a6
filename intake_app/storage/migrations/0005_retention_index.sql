-- Retention's purge runs after every unlock. Finding "monitoring only" reports past their time
-- went through every draft and ready report; this index holds only monitoring-only reports, by
-- status and the time they were taken, so the purge reads just the ones that are due.
CREATE INDEX reports_monitoring_only ON reports (status, created_at)
    WHERE consent = 'monitoring_only';
