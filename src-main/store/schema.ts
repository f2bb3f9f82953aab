// The cache's schema as versioned migrations. MIGRATIONS[i] takes the database from user_version i to
// i + 1; openStore applies the missing steps in one transaction. Never edit a released step: append one.
//
// Times are epoch milliseconds (INTEGER). `raw` columns keep the body exactly as received (unknown
// fields included, SFP/1 §5). `lv` is the store-wide local version of the row's last write.

const V1 = /* sql */ `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value
);
INSERT INTO meta (key, value) VALUES ('lv', 0);

CREATE TABLE links (
  subcentre_id  TEXT PRIMARY KEY,
  epoch         TEXT,
  last_ack_seq  INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL DEFAULT 'down',
  head_seq      INTEGER NOT NULL DEFAULT 0,
  last_heard_at INTEGER,
  last_error    TEXT,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE event_log (
  id           INTEGER PRIMARY KEY,
  subcentre_id TEXT NOT NULL,
  epoch        TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  envelope_id  TEXT NOT NULL,
  type         TEXT NOT NULL,
  at           INTEGER NOT NULL,
  entity_id    TEXT NOT NULL,
  raw          TEXT NOT NULL,
  UNIQUE (subcentre_id, epoch, seq)
);
CREATE INDEX event_log_by_subcentre ON event_log (subcentre_id, id);

CREATE TABLE incidents (
  incident_id    TEXT PRIMARY KEY,
  subcentre_id   TEXT NOT NULL,
  rev            INTEGER NOT NULL,
  category_major TEXT NOT NULL,
  category_minor TEXT NOT NULL,
  category_name  TEXT NOT NULL,
  title          TEXT NOT NULL,
  source         TEXT NOT NULL,
  severity       TEXT NOT NULL,
  level          TEXT NOT NULL,
  status         TEXT NOT NULL,
  lon            REAL NOT NULL,
  lat            REAL NOT NULL,
  grid_id        TEXT,
  address        TEXT,
  department     TEXT,
  alert_id       TEXT,
  reported_at    INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  due_at         INTEGER,
  closed_at      INTEGER,
  raw            TEXT NOT NULL,
  lv             INTEGER NOT NULL
);
CREATE INDEX incidents_by_reported_at ON incidents (reported_at);
CREATE INDEX incidents_by_subcentre_status ON incidents (subcentre_id, status);
CREATE INDEX incidents_by_grid ON incidents (grid_id);
CREATE INDEX incidents_by_status_severity ON incidents (status, severity);
CREATE INDEX incidents_by_category ON incidents (category_major);
CREATE INDEX incidents_open_by_due_at ON incidents (due_at) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX incidents_by_lv ON incidents (lv);

CREATE TABLE alerts (
  alert_id     TEXT PRIMARY KEY,
  subcentre_id TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  camera_id    TEXT NOT NULL,
  kind         TEXT NOT NULL,
  confidence   REAL NOT NULL,
  severity     TEXT NOT NULL,
  state        TEXT NOT NULL,
  lon          REAL NOT NULL,
  lat          REAL NOT NULL,
  grid_id      TEXT,
  raised_at    INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  incident_id  TEXT,
  has_snapshot INTEGER NOT NULL,
  raw          TEXT NOT NULL,
  lv           INTEGER NOT NULL
);
CREATE INDEX alerts_by_state_raised_at ON alerts (state, raised_at);
CREATE INDEX alerts_by_subcentre ON alerts (subcentre_id);
CREATE INDEX alerts_by_lv ON alerts (lv);

CREATE TABLE cameras (
  camera_id    TEXT PRIMARY KEY,
  subcentre_id TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  lon          REAL NOT NULL,
  lat          REAL NOT NULL,
  grid_id      TEXT,
  status       TEXT NOT NULL,
  raw          TEXT NOT NULL,
  lv           INTEGER NOT NULL
);
CREATE INDEX cameras_by_subcentre ON cameras (subcentre_id);

CREATE TABLE stations (
  station_id   TEXT PRIMARY KEY,
  subcentre_id TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  tier         INTEGER NOT NULL,
  lon          REAL NOT NULL,
  lat          REAL NOT NULL,
  open_now     INTEGER NOT NULL,
  visits_today INTEGER,
  raw          TEXT NOT NULL,
  lv           INTEGER NOT NULL
);
CREATE INDEX stations_by_subcentre ON stations (subcentre_id);

CREATE TABLE orgs (
  org_id       TEXT PRIMARY KEY,
  subcentre_id TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  name         TEXT NOT NULL,
  parent_id    TEXT,
  grid_id      TEXT,
  members      INTEGER,
  secretary    TEXT,
  raw          TEXT NOT NULL,
  lv           INTEGER NOT NULL
);
CREATE INDEX orgs_by_subcentre ON orgs (subcentre_id);
CREATE INDEX orgs_by_parent ON orgs (parent_id);

CREATE TABLE grids (
  grid_id      TEXT PRIMARY KEY,
  subcentre_id TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  community_id TEXT NOT NULL,
  households   INTEGER,
  grid_worker  TEXT,
  raw          TEXT NOT NULL,
  lv           INTEGER NOT NULL
);
CREATE INDEX grids_by_subcentre ON grids (subcentre_id);

CREATE TABLE indicator_reports (
  org_id       TEXT NOT NULL,
  period       TEXT NOT NULL,
  subcentre_id TEXT NOT NULL,
  rev          INTEGER NOT NULL,
  "values"     TEXT NOT NULL,
  raw          TEXT NOT NULL,
  lv           INTEGER NOT NULL,
  PRIMARY KEY (org_id, period)
);
CREATE INDEX indicator_reports_by_period ON indicator_reports (period);
CREATE INDEX indicator_reports_by_subcentre ON indicator_reports (subcentre_id);

CREATE TABLE tombstones (
  kind TEXT NOT NULL,
  id   TEXT NOT NULL,
  lv   INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX tombstones_by_kind_lv ON tombstones (kind, lv);

CREATE TABLE rejected (
  id           INTEGER PRIMARY KEY,
  subcentre_id TEXT NOT NULL,
  epoch        TEXT,
  seq          INTEGER,
  raw          TEXT NOT NULL,
  reason       TEXT NOT NULL,
  received_at  INTEGER NOT NULL
);
CREATE INDEX rejected_by_subcentre ON rejected (subcentre_id, id);

CREATE TABLE outbox (
  command_id      TEXT PRIMARY KEY,
  subcentre_id    TEXT NOT NULL,
  type            TEXT NOT NULL,
  target          TEXT NOT NULL,
  args            TEXT NOT NULL,
  operator        TEXT NOT NULL,
  issued_at       INTEGER NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'acked', 'refused')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  result          TEXT,
  acked_at        INTEGER,
  -- The command exactly as first built, so that every re-send is byte-identical (SFP/1 §4).
  raw             TEXT NOT NULL
);
CREATE INDEX outbox_by_subcentre_state ON outbox (subcentre_id, state, issued_at);
CREATE INDEX outbox_by_issued_at ON outbox (issued_at);

CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail  TEXT NOT NULL
);
CREATE INDEX audit_by_at ON audit (at);
`;

// Issue 5: local operator accounts (passwords as salted scrypt hashes, never in clear).
const V_ACCOUNTS = `
CREATE TABLE accounts (
  account_id    TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('duty-officer', 'street-operator', 'leader', 'admin')),
  street        TEXT,
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  CHECK ((role = 'street-operator') = (street IS NOT NULL))
);
CREATE INDEX audit_by_action_at ON audit (action, at);
`;

// Issue 6: organisational-strength index scores, one row per org and month (so that a past month shows
// as it was computed), and an index to find indicator reports written since a local version.
const V_INDEX = /* sql */ `
CREATE TABLE index_scores (
  period     TEXT NOT NULL,
  org_id     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  score      REAL NOT NULL,
  stars      INTEGER NOT NULL,
  units      INTEGER NOT NULL,
  aggregated INTEGER NOT NULL,
  breakdown  TEXT NOT NULL,
  PRIMARY KEY (period, org_id)
);
CREATE INDEX index_scores_by_org ON index_scores (org_id, period);
CREATE INDEX index_scores_by_kind ON index_scores (period, kind, score);
CREATE INDEX indicator_reports_by_lv ON indicator_reports (lv);
CREATE INDEX alerts_by_grid ON alerts (grid_id);
`;

// Issue 7: the leaders' briefing reads a month of incidents by reported time; this covering index holds
// every column and the two derived values it needs (satisfaction and "no dispatch/escalation in the
// history", computed once per write), so a month is counted without reading the raw bodies. The
// expressions must stay textually equal to those in briefing-queries.ts (a test checks the plan).
const V_BRIEFING = /* sql */ `
CREATE INDEX incidents_briefing ON incidents (
  reported_at, status, closed_at, due_at, category_major, source, subcentre_id, grid_id,
  json_extract(raw, '$.satisfaction'),
  (instr(json_extract(raw, '$.history'), '"action":"incident.dispatch"') + instr(json_extract(raw, '$.history'), '"action":"incident.escalate"') = 0)
);
CREATE INDEX alerts_by_raised_at ON alerts (raised_at, state, kind);
-- the wall's time replay reads the event log by time
CREATE INDEX event_log_by_at ON event_log (at);
`;

// Issues 4 and 9: the console's settings, one JSON row per section (src-shared/settings.ts), and the
// sub-centre endpoints set in the app (their tokens stay in this table: never logged, never exported).
const V_SETTINGS = /* sql */ `
CREATE TABLE settings (
  section    TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
);
CREATE TABLE endpoints (
  subcentre_id TEXT PRIMARY KEY,
  name         TEXT,
  url          TEXT NOT NULL,
  token        TEXT NOT NULL,
  enabled      INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
`;

// Issue 4: the wall's alarms, one row per alarming incident or video alert, written by the host when the
// item is first applied (so alarms raised while no wall watched are kept) and acknowledged by an officer.
const V_ALARMS = /* sql */ `
CREATE TABLE alarms (
  kind            TEXT NOT NULL,
  entity_id       TEXT NOT NULL,
  subcentre_id    TEXT NOT NULL,
  severity        TEXT NOT NULL,
  title           TEXT NOT NULL,
  category        TEXT NOT NULL,
  lon             REAL NOT NULL,
  lat             REAL NOT NULL,
  raised_at       INTEGER NOT NULL,
  recorded_at     INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  PRIMARY KEY (kind, entity_id)
);
CREATE INDEX alarms_unacknowledged ON alarms (raised_at) WHERE acknowledged_at IS NULL;
CREATE INDEX alarms_by_raised_at ON alarms (raised_at);
`;

// Issue 9: a district's own reference data, imported from files (boundaries, grids, the org tree, the
// grid-branch mapping, cameras, stations), kept apart from what the sub-centres send so that a snapshot
// never overwrites it; `imports` lists every applied import (src-main/store/imported.ts).
const V_IMPORTS = /* sql */ `
CREATE TABLE imported (
  kind      TEXT NOT NULL,
  id        TEXT NOT NULL,
  street_id TEXT,
  body      TEXT NOT NULL,
  import_id TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE imports (
  id         INTEGER PRIMARY KEY,
  import_id  TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  file_name  TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  actor      TEXT,
  counts     TEXT NOT NULL
);
`;

// Retention (src-main/store/retention.ts): old log rows are pruned except each entity's newest, which the
// replay needs for its starting state; this index finds "is there a newer row of this entity" at once.
const V_RETENTION = /* sql */ `
CREATE INDEX event_log_by_entity ON event_log (entity_id, type, id);
CREATE INDEX rejected_by_received_at ON rejected (received_at);
`;

/** Each step takes the schema from version i to i + 1 (PRAGMA user_version). */
export const MIGRATIONS: readonly string[] = [V1, V_ACCOUNTS, V_INDEX, V_BRIEFING, V_SETTINGS, V_ALARMS, V_IMPORTS, V_RETENTION];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
