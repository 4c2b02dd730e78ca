/** The first schema: registrations, tubes, operators, lists, the upload outbox, settings, the audit chain and the scan log. */
import type { Migration } from './migration.js';

export const m001Initial: Migration = {
  version: 1,
  name: 'initial schema',
  up: `
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE operators (
      id               TEXT PRIMARY KEY,
      name             TEXT NOT NULL,
      role             TEXT NOT NULL CHECK (role IN ('operator', 'supervisor')),
      pin_hash         TEXT NOT NULL,
      failed_attempts  INTEGER NOT NULL DEFAULT 0,
      locked_until     INTEGER,
      created_at       INTEGER NOT NULL,
      disabled         INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- Every signed list ever installed; the current one of a type has the highest seq.
    CREATE TABLE installed_lists (
      id           INTEGER PRIMARY KEY,
      type         TEXT NOT NULL CHECK (type IN ('ymt-trust-list', 'ymt-status-list')),
      seq          INTEGER NOT NULL,
      issued_at    INTEGER,
      expires_at   INTEGER,
      installed_at INTEGER NOT NULL,
      source       TEXT NOT NULL,
      envelope     TEXT NOT NULL,
      UNIQUE (type, seq)
    ) STRICT;

    CREATE TABLE tubes (
      id           INTEGER PRIMARY KEY,
      label        TEXT NOT NULL UNIQUE,
      lane         TEXT NOT NULL CHECK (lane IN ('pooled', 'single')),
      pool_size    INTEGER NOT NULL CHECK (pool_size IN (1, 5, 10, 20)),
      sample_type  TEXT NOT NULL CHECK (sample_type IN ('throat', 'nasal')),
      operator_id  TEXT NOT NULL REFERENCES operators(id),
      opened_at    INTEGER NOT NULL,
      closed_at    INTEGER,
      closed_how   TEXT CHECK (closed_how IN ('full', 'manual')),
      -- a tube closed by hand with fewer people than its pool size
      closed_short INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE registrations (
      id              INTEGER PRIMARY KEY,
      uuid            TEXT NOT NULL UNIQUE,
      tube_id         INTEGER NOT NULL REFERENCES tubes(id),
      person_name     TEXT NOT NULL,
      id_number       TEXT NOT NULL,
      phone           TEXT,
      code_kind       TEXT NOT NULL CHECK (code_kind IN ('personal', 'kin')),
      code_mode       TEXT NOT NULL CHECK (code_mode IN ('live', 'offline')),
      code_cid        TEXT NOT NULL,
      code_issuer     TEXT NOT NULL,
      guardian_name   TEXT,
      guardian_phone4 TEXT,
      outcome         TEXT NOT NULL CHECK (outcome IN ('ACCEPT', 'REFER')),
      reason          TEXT NOT NULL,
      color           TEXT NOT NULL CHECK (color IN ('green', 'yellow', 'red')),
      sample_type     TEXT NOT NULL CHECK (sample_type IN ('throat', 'nasal')),
      sampling_unit   TEXT NOT NULL,
      site_name       TEXT NOT NULL,
      kiosk_id        TEXT NOT NULL,
      operator_id     TEXT NOT NULL REFERENCES operators(id),
      sampled_at      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX registrations_sampled_at ON registrations (sampled_at);
    CREATE INDEX registrations_id_number ON registrations (id_number, sampled_at);
    CREATE INDEX registrations_tube ON registrations (tube_id);
    CREATE INDEX registrations_cid ON registrations (code_cid, sampled_at);

    -- One row per registration to upload; it leaves 'pending' only on a parsed server acknowledgement.
    CREATE TABLE outbox (
      registration_id INTEGER PRIMARY KEY REFERENCES registrations(id),
      state           TEXT NOT NULL CHECK (state IN ('pending', 'acked', 'dead')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0,
      last_error      TEXT,
      acked_at        INTEGER
    ) STRICT;
    CREATE INDEX outbox_pending ON outbox (state, next_attempt_at);

    -- Tamper-evident: each entry carries the hash of the one before.
    CREATE TABLE audit (
      seq        INTEGER PRIMARY KEY,
      at         INTEGER NOT NULL,
      actor      TEXT NOT NULL,
      action     TEXT NOT NULL,
      detail     TEXT NOT NULL,
      prev_hash  TEXT NOT NULL,
      hash       TEXT NOT NULL
    ) STRICT;

    -- The chain's head signed with the kiosk's device key at each export and on shutdown.
    CREATE TABLE audit_heads (
      id         INTEGER PRIMARY KEY,
      seq        INTEGER NOT NULL,
      hash       TEXT NOT NULL,
      signed_at  INTEGER NOT NULL,
      reason     TEXT NOT NULL,
      signature  TEXT NOT NULL
    ) STRICT;

    -- Rejected scans: time and reason only, no personal data.
    CREATE TABLE scan_log (
      id     INTEGER PRIMARY KEY,
      at     INTEGER NOT NULL,
      reason TEXT NOT NULL
    ) STRICT;
    CREATE INDEX scan_log_at ON scan_log (at);
  `,
};
