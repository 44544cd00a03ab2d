import Foundation

/// The versioned schema of the PostgreSQL store: the same tables as the SQLite store, holding ids, SHAs, states,
/// counters and timestamps only.
///
/// Timestamps are `double precision` seconds since 1970 from the store's clock (not the server's), so both stores
/// compare them alike and tests can move time by hand. Migrations are append-only: never edit a listed one.
enum PostgresSchema {
    /// Every migration, in version order.
    static let migrations: [PostgresMigration] = [
        PostgresMigration(
            version: 1,
            name: "queue, reviews, threads, remediations",
            statements: [
                """
                CREATE TABLE jobs (
                    seq bigserial PRIMARY KEY,
                    id text NOT NULL UNIQUE,
                    kind text NOT NULL,
                    state text NOT NULL,
                    attempts bigint NOT NULL DEFAULT 0,
                    last_error text,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL,
                    run_after double precision,
                    project_id bigint NOT NULL,
                    merge_request_iid bigint NOT NULL,
                    head_sha text,
                    note_id bigint,
                    discussion_id text,
                    old_path text,
                    new_path text,
                    old_line bigint,
                    new_line bigint,
                    lease_owner text,
                    lease_expires_at double precision
                )
                """,
                "CREATE INDEX jobs_state ON jobs (state, created_at, seq)",
                "CREATE INDEX jobs_merge_request ON jobs (project_id, merge_request_iid, kind, state)",
                "CREATE INDEX jobs_created ON jobs (created_at, seq)",
                "CREATE INDEX jobs_finished ON jobs (updated_at) WHERE state IN ('done', 'superseded')",
                """
                CREATE TABLE deliveries (
                    key text PRIMARY KEY,
                    seen_at double precision NOT NULL
                )
                """,
                "CREATE INDEX deliveries_seen_at ON deliveries (seen_at)",
                """
                CREATE TABLE queue_state (
                    singleton integer PRIMARY KEY CHECK (singleton = 1),
                    reason text NOT NULL,
                    since double precision NOT NULL
                )
                """,
                """
                CREATE TABLE reviews (
                    seq bigserial NOT NULL,
                    project_id bigint NOT NULL,
                    merge_request_iid bigint NOT NULL,
                    head_sha text NOT NULL,
                    state text NOT NULL,
                    status_note_id bigint,
                    codex_thread_id text,
                    input_tokens bigint NOT NULL,
                    cached_input_tokens bigint NOT NULL,
                    output_tokens bigint NOT NULL,
                    reasoning_tokens bigint NOT NULL,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL,
                    PRIMARY KEY (project_id, merge_request_iid, head_sha)
                )
                """,
                "CREATE INDEX reviews_created ON reviews (project_id, merge_request_iid, created_at, seq)",
                "CREATE INDEX reviews_updated ON reviews (updated_at)",
                """
                CREATE TABLE threads (
                    discussion_id text PRIMARY KEY,
                    codex_thread_id text NOT NULL,
                    project_id bigint NOT NULL,
                    merge_request_iid bigint NOT NULL,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL
                )
                """,
                "CREATE INDEX threads_updated ON threads (updated_at)",
                """
                CREATE TABLE remediations (
                    project_id bigint NOT NULL,
                    day text NOT NULL,
                    finding_id text NOT NULL,
                    outcome text NOT NULL,
                    merge_request_iid bigint,
                    input_tokens bigint NOT NULL,
                    output_tokens bigint NOT NULL,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL,
                    PRIMARY KEY (project_id, day, finding_id)
                )
                """,
                "CREATE INDEX remediations_merge_requests ON remediations (project_id, day) WHERE merge_request_iid IS NOT NULL",
                "CREATE INDEX remediations_updated ON remediations (updated_at)",
            ]
        ),
        PostgresMigration(
            version: 2,
            name: "index of runnable jobs in claim order",
            statements: [
                // A claim walks this index in order and stops at the first unlocked runnable row, instead of sorting
                // every pending job (10 000 queued jobs made each claim cost ~15 ms).
                "CREATE INDEX jobs_runnable ON jobs (created_at, seq) WHERE state IN ('pending', 'failed', 'running')"
            ]
        ),
        PostgresMigration(
            version: 3,
            name: "claim in one round trip",
            statements: [claimFunction]
        ),
        PostgresMigration(
            version: 4,
            name: "seat leases",
            statements: [
                // Codex seats and per-thread locks for the whole deployment (SeatLeaseStore): one row per held seat.
                """
                CREATE TABLE seat_leases (
                    pool text NOT NULL,
                    seat bigint NOT NULL,
                    owner text NOT NULL,
                    expires_at double precision NOT NULL,
                    PRIMARY KEY (pool, seat)
                )
                """,
                "CREATE INDEX seat_leases_expires ON seat_leases (expires_at)",
            ]
        ),
        PostgresMigration(
            version: 5,
            name: "forge of jobs and reviews",
            statements: [
                // GitHub beside GitLab: numeric ids are unique only within one forge. Existing rows are GitLab's.
                "ALTER TABLE jobs ADD COLUMN forge text NOT NULL DEFAULT 'gitlab'",
                "ALTER TABLE jobs ADD COLUMN repository text",
                "ALTER TABLE jobs ADD COLUMN installation_id bigint",
                "DROP INDEX jobs_merge_request",
                "CREATE INDEX jobs_merge_request ON jobs (forge, project_id, merge_request_iid, kind, state)",
                "ALTER TABLE reviews ADD COLUMN forge text NOT NULL DEFAULT 'gitlab'",
                "ALTER TABLE reviews DROP CONSTRAINT reviews_pkey",
                "ALTER TABLE reviews ADD PRIMARY KEY (forge, project_id, merge_request_iid, head_sha)",
                "DROP INDEX reviews_created",
                "CREATE INDEX reviews_created ON reviews (forge, project_id, merge_request_iid, created_at, seq)",
                forgeAwareClaimFunction,
            ]
        ),
        PostgresMigration(
            version: 6,
            name: "codex run ledger",
            statements: [
                // The run ledger (UsageStore): one row per Codex run, ids and numbers only.
                """
                CREATE TABLE codex_runs (
                    id bigserial PRIMARY KEY,
                    system text NOT NULL,
                    project_id bigint,
                    reference text,
                    codex_thread_id text,
                    model text NOT NULL,
                    input_tokens bigint NOT NULL,
                    cached_input_tokens bigint NOT NULL,
                    output_tokens bigint NOT NULL,
                    reasoning_tokens bigint NOT NULL,
                    duration_seconds double precision NOT NULL,
                    outcome text NOT NULL,
                    finished_at double precision NOT NULL
                )
                """,
                "CREATE INDEX codex_runs_finished ON codex_runs (finished_at)",
                "CREATE INDEX codex_runs_thread ON codex_runs (codex_thread_id) WHERE codex_thread_id IS NOT NULL",
            ]
        ),
        PostgresMigration(
            version: 7,
            name: "seat holds",
            statements: [
                // Holds on seat pools after a usage limit, for the whole deployment (SeatHoldStore): one row per pool.
                """
                CREATE TABLE seat_holds (
                    pool text PRIMARY KEY,
                    held_until double precision NOT NULL,
                    reason text NOT NULL,
                    streak bigint NOT NULL
                )
                """,
            ]
        ),
        PostgresMigration(
            version: 8,
            name: "scheduled runs",
            statements: [
                // Claims of `[[remediate.schedule]]` due times for the whole deployment (ScheduledRunStore): one row per entry.
                """
                CREATE TABLE schedule_runs (
                    schedule text PRIMARY KEY,
                    slot double precision NOT NULL,
                    owner text,
                    lease_expires_at double precision,
                    started_at double precision NOT NULL,
                    finished_at double precision,
                    outcome text
                )
                """
            ]
        ),
        PostgresMigration(
            version: 9,
            name: "forge of remediations",
            statements: [
                // A GitLab project and a GitHub repository may share a numeric id: a finding handled in one must not
                // count as handled (or against the daily cap) in the other. Existing rows are GitLab's.
                "ALTER TABLE remediations ADD COLUMN forge text NOT NULL DEFAULT 'gitlab'",
                "ALTER TABLE remediations DROP CONSTRAINT remediations_pkey",
                "ALTER TABLE remediations ADD PRIMARY KEY (forge, project_id, day, finding_id)",
                "DROP INDEX remediations_merge_requests",
                "CREATE INDEX remediations_merge_requests ON remediations (forge, project_id, day) WHERE merge_request_iid IS NOT NULL",
            ]
        ),
        PostgresMigration(
            version: 10,
            name: "findings of reviews",
            statements: [
                // How many findings a posted review published, for the dashboard; unknown (NULL) for older rows.
                "ALTER TABLE reviews ADD COLUMN findings bigint"
            ]
        ),
    ]

    /// Migration 5's claim: migration 3's (``claimFunction``, kept as it shipped) with the forge in a merge request's
    /// identity, both in the checks for a running review and in the advisory lock's key `review:<forge>:<project>:<iid>`
    /// (``PostgresStore/lockMergeRequest(_:_:_:_:logger:)`` takes the same key). The conformance suite runs this text.
    static let forgeAwareClaimFunction = claimFunction
        .replacingOccurrences(of: "CREATE FUNCTION", with: "CREATE OR REPLACE FUNCTION")
        .replacingOccurrences(
            of: "other.kind = 'review' AND other.project_id = jobs.project_id",
            with: "other.kind = 'review' AND other.forge = jobs.forge AND other.project_id = jobs.project_id"
        )
        .replacingOccurrences(of: "'review:' || candidate.project_id", with: "'review:' || candidate.forge || ':' || candidate.project_id")
        .replacingOccurrences(
            of: "WHERE kind = 'review' AND project_id = candidate.project_id",
            with: "WHERE kind = 'review' AND forge = candidate.forge AND project_id = candidate.project_id"
        )

    /// `warden_claim(owner, now, lease_expires_at, max_attempts)`: the claim of ``PostgresStore/claimNext(owner:leaseFor:)``
    /// as one server-side call instead of five to seven round trips (BEGIN, the candidate, the merge request's
    /// try-lock and re-check, UPDATE, COMMIT). The steps and their order are those of the SQLite store's claim; the
    /// conformance suite holds both to the same rules.
    ///
    /// Each statement of a (volatile) PL/pgSQL function in READ COMMITTED takes a fresh snapshot, so the re-check after
    /// the merge request's advisory lock sees a claim another replica committed while we waited, as the separate
    /// statements did. The lock key is the text `review:<project>:<iid>` that enqueues lock too.
    static let claimFunction = """
        CREATE FUNCTION warden_claim(p_owner text, p_now double precision, p_lease_expires double precision, p_max_attempts bigint)
        RETURNS SETOF jobs LANGUAGE plpgsql VOLATILE AS $claim$
        DECLARE
            candidate jobs%ROWTYPE;
            skipped text[] := '{}';
            lapsed text;
        BEGIN
            LOOP
                SELECT * INTO candidate FROM jobs
                WHERE state IN ('pending', 'failed', 'running')
                  AND NOT EXISTS (SELECT 1 FROM queue_state)
                  AND (state = 'pending' OR (state = 'failed' AND run_after <= p_now)
                       OR (state = 'running' AND lease_expires_at <= p_now))
                  AND id <> ALL(skipped)
                  AND NOT (kind = 'review' AND EXISTS (
                      SELECT 1 FROM jobs AS other
                      WHERE other.kind = 'review' AND other.project_id = jobs.project_id
                        AND other.merge_request_iid = jobs.merge_request_iid AND other.id <> jobs.id
                        AND other.state = 'running' AND other.lease_expires_at > p_now))
                ORDER BY created_at, seq LIMIT 1
                FOR UPDATE SKIP LOCKED;
                IF NOT FOUND THEN
                    RETURN;
                END IF;
                IF candidate.kind = 'review' THEN
                    -- Try, never wait: an enqueue holding the lock may be superseding this very row, which we hold.
                    IF NOT pg_try_advisory_xact_lock(hashtextextended(
                        'review:' || candidate.project_id || ':' || candidate.merge_request_iid, 0)) THEN
                        skipped := skipped || candidate.id;
                        CONTINUE;
                    END IF;
                    IF EXISTS (
                        SELECT 1 FROM jobs WHERE kind = 'review' AND project_id = candidate.project_id
                          AND merge_request_iid = candidate.merge_request_iid AND id <> candidate.id
                          AND state = 'running' AND lease_expires_at > p_now) THEN
                        skipped := skipped || candidate.id;
                        CONTINUE;
                    END IF;
                END IF;
                lapsed := NULL;
                IF candidate.state = 'running' THEN
                    lapsed := 'the lease of ' || coalesce(candidate.lease_owner, 'a worker') || ' expired before the attempt finished';
                    IF candidate.attempts >= p_max_attempts THEN
                        UPDATE jobs SET state = 'dead', last_error = lapsed, updated_at = p_now,
                            lease_owner = NULL, lease_expires_at = NULL, run_after = NULL
                        WHERE id = candidate.id;
                        CONTINUE;
                    END IF;
                END IF;
                RETURN QUERY
                    UPDATE jobs SET state = 'running', attempts = candidate.attempts + 1,
                        last_error = coalesce(lapsed, candidate.last_error), lease_owner = p_owner,
                        lease_expires_at = p_lease_expires, run_after = NULL, updated_at = p_now
                    WHERE id = candidate.id
                    RETURNING *;
                RETURN;
            END LOOP;
        END
        $claim$
        """
}
