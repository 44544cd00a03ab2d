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
    ]
}
