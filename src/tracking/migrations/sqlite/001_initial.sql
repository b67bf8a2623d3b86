-- 001 initial: experiments, runs, params, metrics (+ latest_metrics for fast search), tags,
-- artifact records, step runs with input/output lineage, and the model registry with its audit trail.
CREATE TABLE experiments (
  experiment_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE runs (
  run_id TEXT PRIMARY KEY,
  experiment_id TEXT NOT NULL REFERENCES experiments(experiment_id),
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED', 'KILLED')),
  start_time INTEGER NOT NULL,
  end_time INTEGER,
  git_commit TEXT,
  config TEXT,
  pid INTEGER,
  host TEXT,
  heartbeat_at INTEGER NOT NULL
);
CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time DESC);
CREATE INDEX runs_start ON runs (start_time DESC);
CREATE INDEX runs_status ON runs (status);
CREATE TABLE params (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX params_key_value ON params (key, value);
CREATE TABLE tags (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  key TEXT NOT NULL,
  value REAL NOT NULL,
  step INTEGER NOT NULL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX metrics_run_key ON metrics (run_id, key, step, timestamp);
CREATE TABLE latest_metrics (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  key TEXT NOT NULL,
  value REAL NOT NULL,
  step INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
CREATE TABLE artifacts (
  artifact_id TEXT PRIMARY KEY,
  run_id TEXT REFERENCES runs(run_id),
  name TEXT NOT NULL,
  uri TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX artifacts_run ON artifacts (run_id);
CREATE INDEX artifacts_sha256 ON artifacts (sha256);
CREATE TABLE step_runs (
  step_run_id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  step_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'CACHED')),
  cached INTEGER NOT NULL DEFAULT 0,
  cache_key TEXT,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  error TEXT
);
CREATE INDEX step_runs_run ON step_runs (run_id, started_at);
CREATE INDEX step_runs_cache ON step_runs (step_name, cache_key);
CREATE TABLE step_run_artifacts (
  step_run_id TEXT NOT NULL REFERENCES step_runs(step_run_id),
  artifact_id TEXT NOT NULL REFERENCES artifacts(artifact_id),
  direction TEXT NOT NULL CHECK (direction IN ('input', 'output')),
  position INTEGER NOT NULL,
  PRIMARY KEY (step_run_id, direction, artifact_id)
);
CREATE INDEX step_run_artifacts_artifact ON step_run_artifacts (artifact_id, direction);
CREATE TABLE registered_models (
  name TEXT PRIMARY KEY,
  description TEXT,
  created_at INTEGER NOT NULL,
  latest_version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE model_versions (
  name TEXT NOT NULL REFERENCES registered_models(name),
  version INTEGER NOT NULL,
  run_id TEXT REFERENCES runs(run_id),
  artifact_uri TEXT NOT NULL,
  metrics TEXT NOT NULL,
  data_hash TEXT,
  feature_set TEXT,
  model_kind TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE model_aliases (
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_versions(name, version)
);
CREATE TABLE alias_events (
  event_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL REFERENCES registered_models(name),
  alias TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('promote', 'rollback', 'delete')),
  from_version INTEGER,
  to_version INTEGER,
  actor TEXT NOT NULL,
  reason TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX alias_events_name_alias ON alias_events (name, alias, event_id);
