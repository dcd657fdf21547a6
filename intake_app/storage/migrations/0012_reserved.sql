-- Number kept free for a schema change made alongside report links; that change's own
-- file takes its place.
SELECT 1;
