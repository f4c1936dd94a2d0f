// The PostgreSQL history's schema, one step per version (recorded in camsweep_schema). The same model as the
// embedded history, for many sites and many scanners writing at once.

export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE scans (
    id BIGSERIAL PRIMARY KEY,
    site TEXT NOT NULL DEFAULT '',
    scope_key TEXT NOT NULL,
    scope JSONB NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    tool_version TEXT NOT NULL,
    catalogue_version TEXT,
    partial BOOLEAN NOT NULL,
    device_count INTEGER NOT NULL,
    errors INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site, scope_key, started_at)
  );
  CREATE TABLE devices (
    id BIGSERIAL PRIMARY KEY,
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
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    first_scan BIGINT NOT NULL REFERENCES scans(id),
    last_scan BIGINT NOT NULL REFERENCES scans(id)
  );
  CREATE INDEX devices_site ON devices (site);
  CREATE TABLE sightings (
    scan_id BIGINT NOT NULL REFERENCES scans(id),
    device_id BIGINT NOT NULL REFERENCES devices(id),
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
    seq INTEGER NOT NULL,
    PRIMARY KEY (scan_id, device_id)
  );
  CREATE TABLE observations (
    scan_id BIGINT NOT NULL,
    device_id BIGINT NOT NULL,
    source TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    url TEXT,
    FOREIGN KEY (scan_id, device_id) REFERENCES sightings (scan_id, device_id)
  );
  CREATE INDEX observations_sighting ON observations (scan_id, device_id);
  CREATE TABLE level_changes (
    device_id BIGINT NOT NULL REFERENCES devices(id),
    scan_id BIGINT NOT NULL REFERENCES scans(id),
    at TIMESTAMPTZ NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
  );
  CREATE TABLE accepted (
    scan_id BIGINT NOT NULL REFERENCES scans(id),
    device_id BIGINT NOT NULL REFERENCES devices(id),
    matched_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    expires TEXT NOT NULL,
    PRIMARY KEY (scan_id, device_id)
  );
  -- For a dashboard: every covered or OEM device across the sites, with when it was first and last seen.
  CREATE VIEW flagged_devices AS
    SELECT site, ip, level, vendor, brand, model, firmware, mac, serial, first_seen, last_seen
    FROM devices WHERE level IN ('covered', 'oem');
  `,
];
