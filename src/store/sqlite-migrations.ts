// The history database's schema, one step per version. A database records its version (PRAGMA user_version) and
// is brought up to date step by step when opened; a step never changes once released, a new one is added instead.

export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: scans, the devices they saw (one row per device across scans) and what each scan saw of each device.
  `
  CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL DEFAULT '',
    scope_key TEXT NOT NULL,
    scope TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    catalogue_version TEXT,
    partial INTEGER NOT NULL,
    device_count INTEGER NOT NULL,
    UNIQUE (site, scope_key, started_at)
  );
  CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL DEFAULT '',
    report_id TEXT NOT NULL,
    mac TEXT,
    serial TEXT,
    ip TEXT NOT NULL,
    vendor TEXT,
    brand TEXT,
    model TEXT,
    firmware TEXT,
    level TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    first_scan INTEGER NOT NULL REFERENCES scans(id),
    last_scan INTEGER NOT NULL REFERENCES scans(id)
  );
  CREATE INDEX devices_site ON devices (site);
  CREATE TABLE sightings (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    report_id TEXT NOT NULL,
    ip TEXT NOT NULL,
    mac TEXT,
    serial TEXT,
    vendor TEXT,
    brand TEXT,
    model TEXT,
    firmware TEXT,
    device_type TEXT,
    level TEXT NOT NULL,
    PRIMARY KEY (scan_id, device_id)
  );
  CREATE TABLE observations (
    scan_id INTEGER NOT NULL,
    device_id INTEGER NOT NULL,
    source TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    url TEXT,
    FOREIGN KEY (scan_id, device_id) REFERENCES sightings (scan_id, device_id)
  );
  CREATE INDEX observations_sighting ON observations (scan_id, device_id);
  `,
  // 2: risk-level changes as they happen, the exceptions that accepted a device, and each scan's error count.
  `
  CREATE TABLE level_changes (
    device_id INTEGER NOT NULL REFERENCES devices(id),
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    at TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
  );
  CREATE INDEX level_changes_device ON level_changes (device_id);
  CREATE TABLE accepted (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    matched_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    expires TEXT NOT NULL,
    PRIMARY KEY (scan_id, device_id)
  );
  ALTER TABLE scans ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;
  `,
];
