-- 002 run snapshots (PostgreSQL twin of sqlite/002_run_snapshots.sql): JSON copies of params, latest
-- metrics and tags on each run row, maintained in the same transaction as the child tables.
ALTER TABLE runs ADD COLUMN params_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runs ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runs ADD COLUMN tags_json TEXT NOT NULL DEFAULT '{}';
UPDATE runs SET
  params_json = coalesce((SELECT json_object_agg(key, value)::text FROM params p WHERE p.run_id = runs.run_id), '{}'),
  metrics_json = coalesce((SELECT json_object_agg(key, value)::text FROM latest_metrics m WHERE m.run_id = runs.run_id), '{}'),
  tags_json = coalesce((SELECT json_object_agg(key, value)::text FROM tags t WHERE t.run_id = runs.run_id), '{}');
DROP INDEX runs_start;
CREATE INDEX runs_start_id ON runs (start_time DESC, run_id);
