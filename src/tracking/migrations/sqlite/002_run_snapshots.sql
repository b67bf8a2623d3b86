-- 002 run snapshots: each run row carries JSON copies of its params, latest metrics and tags, kept
-- in step with the child tables inside the same write transaction. Listing 10,000 runs then reads
-- one table instead of joining three; filters still use the indexed child tables. The listing order
-- (newest first, id as tie-break) gets an index that needs no sort step.
ALTER TABLE runs ADD COLUMN params_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runs ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE runs ADD COLUMN tags_json TEXT NOT NULL DEFAULT '{}';
UPDATE runs SET
  params_json = coalesce((SELECT json_group_object(key, value) FROM params p WHERE p.run_id = runs.run_id), '{}'),
  metrics_json = coalesce((SELECT json_group_object(key, value) FROM latest_metrics m WHERE m.run_id = runs.run_id), '{}'),
  tags_json = coalesce((SELECT json_group_object(key, value) FROM tags t WHERE t.run_id = runs.run_id), '{}');
DROP INDEX runs_start;
CREATE INDEX runs_start_id ON runs (start_time DESC, run_id);
