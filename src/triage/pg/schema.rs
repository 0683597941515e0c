//! The journal's schema in PostgreSQL, versioned: `cabletriage.schema_version` records each
//! version applied, and [`init`] applies whatever versions a database lacks, in order, in one
//! transaction (so a later version adds a migration to [`MIGRATIONS`] and never edits one).
//!
//! What version 1 sets up, in the schema `cabletriage`:
//! - `events`: one row per journal event. `seq` is the next number after the last event, checked
//!   by a trigger under a transaction-wide advisory lock, so the numbers are one total order
//!   without gaps; `at` is the database's clock (between the transaction's start and the
//!   insert, never before the event before); `os_user` is the database role that wrote it
//!   (`current_user`); `op` is the op's name and `fields` its fields as JSONB, so an op added by
//!   a later version needs no new column. `prev` and `hash` continue the file journal's hash
//!   chain (see [`crate::triage::chain`]); `origin` names the file event an event was copied
//!   from by `journal push` (unique, so a second push adds nothing), and `at_exact` keeps its
//!   time as the file wrote it (a file's times have nanoseconds, the database's microseconds;
//!   `os_user` is then the file's, possibly none).
//! - Triggers refuse every UPDATE, DELETE and TRUNCATE (the owner could drop them: history can
//!   be rewritten by the database owner only), and notify `cabletriage_journal` with the new
//!   `seq` on each insert (delivered at commit).
//! - Roles: `cabletriage_officer` (SELECT and INSERT on `events`: what an officer's login role is
//!   granted by membership) and `cabletriage_reader` (SELECT only, for auditors and archives).
//!   Neither gets UPDATE or DELETE. Copying a file journal in (`origin` set, `at` and `os_user`
//!   as the file has them) is for the journal's owner only.

use postgres::Client;

/// The schema version this build writes and reads.
pub const VERSION: i32 = 1;

/// The channel every insert notifies, with the new event's `seq` as payload.
pub const CHANNEL: &str = "cabletriage_journal";

/// The advisory lock key appends serialize on (any constant; "ctj1" in ASCII).
pub const LOCK_KEY: i64 = 0x63_74_6a_31;

pub const OFFICER_ROLE: &str = "cabletriage_officer";
pub const READER_ROLE: &str = "cabletriage_reader";

/// Each version's SQL, in order; index + 1 is the version.
pub const MIGRATIONS: &[&str] = &[V1];

const V1: &str = r#"
CREATE TABLE cabletriage.events (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    at_exact text,
    os_user text DEFAULT current_user,
    written_by text NOT NULL DEFAULT current_user,
    "user" text NOT NULL CHECK ("user" <> ''),
    cables text[] NOT NULL CHECK (cardinality(cables) > 0),
    op text NOT NULL,
    fields jsonb NOT NULL DEFAULT '{}',
    prev text,
    hash text NOT NULL,
    origin text UNIQUE
);
CREATE INDEX events_at ON cabletriage.events (at);
CREATE INDEX events_cables ON cabletriage.events USING gin (cables);

CREATE FUNCTION cabletriage.events_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    last_seq bigint;
    last_at timestamptz;
    last_hash text;
    owner name;
BEGIN
    PERFORM pg_advisory_xact_lock(1668573745);
    SELECT e.seq, e.at, e.hash INTO last_seq, last_at, last_hash
        FROM cabletriage.events e ORDER BY e.seq DESC LIMIT 1;
    IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1 THEN
        RAISE EXCEPTION 'event #% is not the next in the journal (#%)',
            NEW.seq, coalesce(last_seq, 0) + 1 USING ERRCODE = 'serialization_failure';
    END IF;
    IF NEW.prev IS DISTINCT FROM last_hash THEN
        RAISE EXCEPTION 'event #% does not follow the hash chain', NEW.seq
            USING ERRCODE = 'serialization_failure';
    END IF;
    NEW.written_by := current_user;
    IF NEW.origin IS NULL THEN
        IF NEW.os_user IS DISTINCT FROM current_user::text OR NEW.at_exact IS NOT NULL THEN
            RAISE EXCEPTION 'os_user must be the database role that writes the event (%)',
                current_user USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.at < now() OR NEW.at > greatest(clock_timestamp(), last_at)
                OR NEW.at < last_at THEN
            RAISE EXCEPTION 'at must be the database clock''s time of the insert'
                USING ERRCODE = 'check_violation';
        END IF;
    ELSE
        SELECT tableowner INTO owner FROM pg_tables
            WHERE schemaname = 'cabletriage' AND tablename = 'events';
        IF NOT pg_has_role(current_user, owner, 'MEMBER') THEN
            RAISE EXCEPTION 'only the journal''s owner (%) may copy a file journal in', owner
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE FUNCTION cabletriage.events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: events are never changed or removed'
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE FUNCTION cabletriage.events_notify() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_notify('cabletriage_journal', NEW.seq::text);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER events_before_insert BEFORE INSERT ON cabletriage.events
    FOR EACH ROW EXECUTE FUNCTION cabletriage.events_before_insert();
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON cabletriage.events
    FOR EACH ROW EXECUTE FUNCTION cabletriage.events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON cabletriage.events
    FOR EACH STATEMENT EXECUTE FUNCTION cabletriage.events_append_only();
CREATE TRIGGER events_notify AFTER INSERT ON cabletriage.events
    FOR EACH ROW EXECUTE FUNCTION cabletriage.events_notify();
"#;

/// Roles and grants, applied again by every `init` (idempotent), so a database restored without
/// its grants gets them back.
const GRANTS: &str = r#"
DO $do$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cabletriage_officer') THEN
        CREATE ROLE cabletriage_officer NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $do$;
DO $do$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cabletriage_reader') THEN
        CREATE ROLE cabletriage_reader NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $do$;
REVOKE ALL ON SCHEMA cabletriage FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA cabletriage FROM PUBLIC;
GRANT USAGE ON SCHEMA cabletriage TO cabletriage_officer, cabletriage_reader;
REVOKE UPDATE, DELETE, TRUNCATE ON cabletriage.events FROM cabletriage_officer, cabletriage_reader;
GRANT SELECT, INSERT ON cabletriage.events TO cabletriage_officer;
GRANT SELECT ON cabletriage.events TO cabletriage_reader;
GRANT SELECT ON cabletriage.schema_version TO cabletriage_officer, cabletriage_reader;
"#;

/// What [`init`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// The version the database was at before (0: no journal).
    pub from: i32,
    pub to: i32,
}

/// Bring the database's journal schema to [`VERSION`] and (re)apply the grants. Refuses a
/// database of a newer version. Run by the database owner (creating the roles needs CREATEROLE
/// when they do not exist yet).
pub fn init(client: &mut Client) -> Result<Setup, postgres::Error> {
    let mut tx = client.transaction()?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS cabletriage;
         CREATE TABLE IF NOT EXISTS cabletriage.schema_version (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now(),
             applied_by text NOT NULL DEFAULT current_user
         );
         LOCK TABLE cabletriage.schema_version IN EXCLUSIVE MODE;",
    )?;
    let from: i32 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM cabletriage.schema_version",
            &[],
        )?
        .get(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        tx.batch_execute(sql)?;
        let v = i as i32 + 1;
        tx.execute(
            "INSERT INTO cabletriage.schema_version (version) VALUES ($1)",
            &[&v],
        )?;
    }
    if from <= VERSION {
        tx.batch_execute(GRANTS)?;
    }
    tx.commit()?;
    Ok(Setup {
        from,
        to: from.max(VERSION),
    })
}

/// The schema version of the database (0: no journal set up).
pub fn version(client: &mut Client) -> Result<i32, postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('cabletriage.schema_version') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM cabletriage.schema_version",
            &[],
        )?
        .get(0))
}
