import GRDB

/// The versioned schema of the SQLite store. Migrations are append-only: never edit a registered one.
enum SQLiteSchema {
    /// The migrator with every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Timestamps are REAL seconds since 1970, so comparisons against the clock are numeric.
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        run_after REAL,
                        project_id INTEGER NOT NULL,
                        merge_request_iid INTEGER NOT NULL,
                        head_sha TEXT,
                        note_id INTEGER,
                        discussion_id TEXT,
                        old_path TEXT,
                        new_path TEXT,
                        old_line INTEGER,
                        new_line INTEGER,
                        lease_owner TEXT,
                        lease_expires_at REAL
                    );
                    CREATE INDEX jobs_state ON jobs (state, created_at);
                    CREATE INDEX jobs_merge_request ON jobs (project_id, merge_request_iid) WHERE state IN ('pending', 'failed');
                    CREATE INDEX jobs_created ON jobs (created_at);

                    CREATE TABLE deliveries (
                        key TEXT PRIMARY KEY NOT NULL,
                        seen_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX deliveries_seen_at ON deliveries (seen_at);

                    CREATE TABLE queue_state (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        reason TEXT NOT NULL,
                        since REAL NOT NULL
                    );

                    CREATE TABLE reviews (
                        project_id INTEGER NOT NULL,
                        merge_request_iid INTEGER NOT NULL,
                        head_sha TEXT NOT NULL,
                        state TEXT NOT NULL,
                        status_note_id INTEGER,
                        codex_thread_id TEXT,
                        input_tokens INTEGER NOT NULL,
                        cached_input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        reasoning_tokens INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (project_id, merge_request_iid, head_sha)
                    );
                    CREATE INDEX reviews_created ON reviews (project_id, merge_request_iid, created_at);

                    CREATE TABLE threads (
                        discussion_id TEXT PRIMARY KEY NOT NULL,
                        codex_thread_id TEXT NOT NULL,
                        project_id INTEGER NOT NULL,
                        merge_request_iid INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v2") { db in
            // The remediation runner: one row per finding handled per day (UTC), with the merge request it opened.
            try db.execute(
                sql: """
                    CREATE TABLE remediations (
                        project_id INTEGER NOT NULL,
                        day TEXT NOT NULL,
                        finding_id TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        merge_request_iid INTEGER,
                        input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (project_id, day, finding_id)
                    );
                    CREATE INDEX remediations_merge_requests ON remediations (project_id, day) WHERE merge_request_iid IS NOT NULL;
                    """
            )
        }
        migrator.registerMigration("v3") { db in
            // History is pruned by age of the last update (HistoryPruner).
            try db.execute(
                sql: """
                    CREATE INDEX reviews_updated ON reviews (updated_at);
                    CREATE INDEX threads_updated ON threads (updated_at);
                    CREATE INDEX remediations_updated ON remediations (updated_at);
                    """
            )
        }
        migrator.registerMigration("v4") { db in
            // Codex seats and per-thread locks shared by every process on the file (SeatLeaseStore).
            try db.execute(
                sql: """
                    CREATE TABLE seat_leases (
                        pool TEXT NOT NULL,
                        seat INTEGER NOT NULL,
                        owner TEXT NOT NULL,
                        expires_at REAL NOT NULL,
                        PRIMARY KEY (pool, seat)
                    ) WITHOUT ROWID;
                    CREATE INDEX seat_leases_expires ON seat_leases (expires_at);
                    """
            )
        }
        migrator.registerMigration("v5") { db in
            // GitHub beside GitLab: numeric ids are unique only within one forge, so jobs and reviews carry it. Existing
            // rows are GitLab's. SQLite cannot change a primary key in place, so the reviews table is rebuilt, keeping
            // each row's rowid (`latest` breaks ties by it).
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN forge TEXT NOT NULL DEFAULT 'gitlab';
                    ALTER TABLE jobs ADD COLUMN repository TEXT;
                    ALTER TABLE jobs ADD COLUMN installation_id INTEGER;
                    DROP INDEX jobs_merge_request;
                    CREATE INDEX jobs_merge_request ON jobs (forge, project_id, merge_request_iid) WHERE state IN ('pending', 'failed');

                    CREATE TABLE reviews_v5 (
                        forge TEXT NOT NULL DEFAULT 'gitlab',
                        project_id INTEGER NOT NULL,
                        merge_request_iid INTEGER NOT NULL,
                        head_sha TEXT NOT NULL,
                        state TEXT NOT NULL,
                        status_note_id INTEGER,
                        codex_thread_id TEXT,
                        input_tokens INTEGER NOT NULL,
                        cached_input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        reasoning_tokens INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (forge, project_id, merge_request_iid, head_sha)
                    );
                    INSERT INTO reviews_v5 (rowid, forge, project_id, merge_request_iid, head_sha, state, status_note_id,
                        codex_thread_id, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, created_at, updated_at)
                    SELECT rowid, 'gitlab', project_id, merge_request_iid, head_sha, state, status_note_id, codex_thread_id,
                        input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, created_at, updated_at
                    FROM reviews;
                    DROP TABLE reviews;
                    ALTER TABLE reviews_v5 RENAME TO reviews;
                    CREATE INDEX reviews_created ON reviews (forge, project_id, merge_request_iid, created_at);
                    CREATE INDEX reviews_updated ON reviews (updated_at);
                    """
            )
        }
        migrator.registerMigration("v6") { db in
            // The run ledger (UsageStore): one row per Codex run, ids and numbers only.
            try db.execute(
                sql: """
                    CREATE TABLE codex_runs (
                        id INTEGER PRIMARY KEY,
                        system TEXT NOT NULL,
                        project_id INTEGER,
                        reference TEXT,
                        codex_thread_id TEXT,
                        model TEXT NOT NULL,
                        input_tokens INTEGER NOT NULL,
                        cached_input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        reasoning_tokens INTEGER NOT NULL,
                        duration_seconds REAL NOT NULL,
                        outcome TEXT NOT NULL,
                        finished_at REAL NOT NULL
                    );
                    CREATE INDEX codex_runs_finished ON codex_runs (finished_at);
                    CREATE INDEX codex_runs_thread ON codex_runs (codex_thread_id) WHERE codex_thread_id IS NOT NULL;
                    """
            )
        }
        migrator.registerMigration("v7") { db in
            // Holds on seat pools after a usage limit, seen by every process on the file (SeatHoldStore).
            try db.execute(
                sql: """
                    CREATE TABLE seat_holds (
                        pool TEXT PRIMARY KEY NOT NULL,
                        held_until REAL NOT NULL,
                        reason TEXT NOT NULL,
                        streak INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v8") { db in
            // Claims of `[[remediate.schedule]]` due times shared by every process on the file (ScheduledRunStore).
            try db.execute(
                sql: """
                    CREATE TABLE schedule_runs (
                        schedule TEXT PRIMARY KEY NOT NULL,
                        slot REAL NOT NULL,
                        owner TEXT,
                        lease_expires_at REAL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        outcome TEXT
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v9") { db in
            // A GitLab project and a GitHub repository may share a numeric id: remediations carry the forge. Existing rows
            // are GitLab's; SQLite cannot change a primary key in place, so the table is rebuilt.
            try db.execute(
                sql: """
                    CREATE TABLE remediations_v9 (
                        forge TEXT NOT NULL DEFAULT 'gitlab',
                        project_id INTEGER NOT NULL,
                        day TEXT NOT NULL,
                        finding_id TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        merge_request_iid INTEGER,
                        input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (forge, project_id, day, finding_id)
                    );
                    INSERT INTO remediations_v9 (forge, project_id, day, finding_id, outcome, merge_request_iid, input_tokens,
                        output_tokens, created_at, updated_at)
                    SELECT 'gitlab', project_id, day, finding_id, outcome, merge_request_iid, input_tokens, output_tokens, created_at,
                        updated_at
                    FROM remediations;
                    DROP TABLE remediations;
                    ALTER TABLE remediations_v9 RENAME TO remediations;
                    CREATE INDEX remediations_merge_requests ON remediations (forge, project_id, day) WHERE merge_request_iid IS NOT NULL;
                    CREATE INDEX remediations_updated ON remediations (updated_at);
                    """
            )
        }
        migrator.registerMigration("v10") { db in
            // How many findings a posted review published, for the dashboard; unknown (NULL) for older rows.
            try db.execute(sql: "ALTER TABLE reviews ADD COLUMN findings INTEGER")
        }
        return migrator
    }
}
