/**
 * Numbered migrations, applied in order inside one transaction each. Never edit a released migration:
 * add the next number.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'tenants, sessions, documents',
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        admin_key_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        title TEXT NOT NULL,
        course_id TEXT NOT NULL,
        instructor_id TEXT NOT NULL,
        scheduled_start TEXT NOT NULL,
        scheduled_end TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('scheduled', 'live', 'ended')),
        started_at TEXT,
        ended_at TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_tenant ON sessions(tenant_id, scheduled_start);
      CREATE TABLE doc_updates (
        doc_name TEXT NOT NULL,
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        update_data BLOB NOT NULL
      );
      CREATE INDEX doc_updates_by_doc ON doc_updates(doc_name, seq);
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'transcript segments, transcription settings',
    sql: `
      CREATE TABLE transcript_segments (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        speaker_id TEXT NOT NULL,
        speaker_name TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX transcript_by_session ON transcript_segments(tenant_id, session_id, start_ms);
      ALTER TABLE sessions ADD COLUMN transcription_enabled INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE sessions ADD COLUMN transcribe_learners INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 3,
    name: 'participants and attendance, summaries, recaps',
    sql: `
      CREATE TABLE participants (
        tenant_id TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        first_joined_at TEXT,
        present_ms INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, session_id, user_id)
      );
      CREATE TABLE summaries (
        tenant_id TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
        content TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        approved_at TEXT,
        approved_by TEXT,
        PRIMARY KEY (tenant_id, session_id)
      );
      CREATE TABLE recaps (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        learner_id TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (tenant_id, session_id, learner_id)
      );
    `,
  },
  {
    version: 4,
    name: 'parent e-mail, recap delivery outbox',
    sql: `
      ALTER TABLE participants ADD COLUMN parent_email TEXT;
      ALTER TABLE recaps ADD COLUMN email TEXT;
      ALTER TABLE recaps ADD COLUMN emailed_at TEXT;
      ALTER TABLE recaps ADD COLUMN email_attempts INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX recaps_to_email ON recaps(emailed_at) WHERE email IS NOT NULL AND emailed_at IS NULL;
    `,
  },
  {
    version: 5,
    name: 'learning events (xAPI statements)',
    sql: `
      CREATE TABLE learning_events (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        session_id TEXT,
        actor_id TEXT NOT NULL,
        verb TEXT NOT NULL,
        statement TEXT NOT NULL,
        stored_at TEXT NOT NULL
      );
      CREATE INDEX learning_events_by_tenant ON learning_events(tenant_id, stored_at);
      CREATE INDEX learning_events_by_session ON learning_events(tenant_id, session_id, stored_at);
    `,
  },
  {
    version: 6,
    name: 'polls and comprehension checks, their answers; idempotent client signals',
    sql: `
      CREATE TABLE polls (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        kind TEXT NOT NULL CHECK (kind IN ('poll', 'check')),
        question TEXT NOT NULL,
        options TEXT NOT NULL,
        correct_option INTEGER,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        launched_by TEXT NOT NULL,
        launched_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE INDEX polls_by_session ON polls(tenant_id, session_id, launched_at);
      CREATE TABLE poll_answers (
        poll_id TEXT NOT NULL REFERENCES polls(id),
        user_id TEXT NOT NULL,
        option INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (poll_id, user_id)
      );
      ALTER TABLE learning_events ADD COLUMN client_key TEXT;
      CREATE UNIQUE INDEX learning_events_client_key ON learning_events(client_key) WHERE client_key IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'attendance intervals (durable join times; open ones are closed at the next start)',
    sql: `
      CREATE TABLE attendance_intervals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        joined_at TEXT NOT NULL,
        -- The last time the server saw the connection alive: where an interval open at a crash is closed.
        seen_at TEXT NOT NULL,
        left_at TEXT,
        -- Whether the left event was recorded (after the grace period passed without a reconnect).
        left_recorded INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX attendance_by_user ON attendance_intervals(tenant_id, session_id, user_id, joined_at);
      CREATE INDEX attendance_open ON attendance_intervals(left_at) WHERE left_at IS NULL;
      CREATE INDEX attendance_to_record ON attendance_intervals(left_recorded) WHERE left_recorded = 0;
    `,
  },
  {
    version: 8,
    name: 'the learning record: outbox, webhooks and their deliveries, LRS forwarding, exceptions',
    sql: `
      -- One row per domain event, written in the transaction of the change that caused it (ARCHITECTURE §6);
      -- webhooks, LRS forwarding and analytics read from here. id is the event's stable id (a statement id).
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL,
        session_id TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('statement', 'event')),
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- How far each consumer (webhook fan-out, LRS fan-out) has read the outbox.
      CREATE TABLE outbox_cursors (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL);
      CREATE INDEX learning_events_paging ON learning_events(tenant_id, stored_at, id);
      CREATE TABLE webhooks (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX webhooks_by_tenant ON webhooks(tenant_id) WHERE deleted_at IS NULL;
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY,
        webhook_id TEXT NOT NULL REFERENCES webhooks(id),
        tenant_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT,
        last_status INTEGER,
        last_error TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (webhook_id, event_id)
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook_id, created_at);
      CREATE TABLE lrs_endpoints (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        endpoint TEXT NOT NULL,
        username TEXT NOT NULL,
        password TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE lrs_forwards (
        statement_id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX lrs_forwards_due ON lrs_forwards(tenant_id, next_attempt_at) WHERE status = 'pending';
      CREATE TABLE exceptions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        session_id TEXT,
        kind TEXT NOT NULL,
        user_id TEXT,
        details TEXT NOT NULL,
        raised_at TEXT NOT NULL
      );
      CREATE INDEX exceptions_by_tenant ON exceptions(tenant_id, raised_at);
    `,
  },
  {
    version: 9,
    name: 'polls complete: question formats, several questions, timer, anonymity, reveal, shared texts; poll library per course',
    sql: `
      -- polls.kind keeps its old CHECK ('poll' scored-free, 'check' scored); the new formats live in format, so no table rebuild.
      ALTER TABLE polls ADD COLUMN format TEXT;
      ALTER TABLE polls ADD COLUMN items TEXT;
      ALTER TABLE polls ADD COLUMN closes_at TEXT;
      ALTER TABLE polls ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE polls ADD COLUMN reveal TEXT NOT NULL DEFAULT 'onClose';
      ALTER TABLE polls ADD COLUMN revealed_at TEXT;
      CREATE INDEX polls_timed ON polls(closes_at) WHERE state = 'open' AND closes_at IS NOT NULL;
      ALTER TABLE poll_answers ADD COLUMN value TEXT;
      ALTER TABLE poll_answers ADD COLUMN answer_id TEXT;
      ALTER TABLE poll_answers ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
      -- Anonymous polls: who has answered (so each learner answers once), never what.
      CREATE TABLE poll_voters (
        poll_id TEXT NOT NULL REFERENCES polls(id),
        user_id TEXT NOT NULL,
        PRIMARY KEY (poll_id, user_id)
      );
      CREATE TABLE poll_library (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        course_id TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX poll_library_by_course ON poll_library(tenant_id, course_id, created_at);
    `,
  },
  {
    version: 10,
    name: 'idempotency keys: a retried command (same key) gets its first answer instead of running twice',
    sql: `
      CREATE TABLE idempotency_keys (
        owner TEXT NOT NULL,
        key TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        stored_at INTEGER NOT NULL,
        PRIMARY KEY (owner, key)
      );
      CREATE INDEX idempotency_keys_age ON idempotency_keys(stored_at);
    `,
  },
  {
    version: 11,
    name: 'at-risk thresholds per tenant',
    sql: `
      CREATE TABLE at_risk_thresholds (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        missed_sessions INTEGER NOT NULL,
        correctness_drop REAL NOT NULL,
        engagement_drop REAL NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 12,
    name: 'live engagement settings per tenant (idle minutes, signal weights)',
    sql: `
      CREATE TABLE engagement_settings (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        idle_minutes INTEGER NOT NULL,
        weights TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 13,
    name: 'tenants for real: white-label settings, allowed origins, default locale; poll answers scoped by tenant',
    sql: `
      ALTER TABLE tenants ADD COLUMN product_name TEXT;
      ALTER TABLE tenants ADD COLUMN logo_url TEXT;
      ALTER TABLE tenants ADD COLUMN default_locale TEXT;
      -- JSON: an array of origins ("https://lms.example.edu") that may frame or embed this tenant's classroom.
      ALTER TABLE tenants ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT '[]';
      -- JSON: theme tokens ({"accent": "#0b5fff", ...}) applied as --hl-* custom properties.
      ALTER TABLE tenants ADD COLUMN theme TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE tenants ADD COLUMN updated_at TEXT;
      ALTER TABLE poll_answers ADD COLUMN tenant_id TEXT REFERENCES tenants(id);
      UPDATE poll_answers SET tenant_id = (SELECT tenant_id FROM polls WHERE polls.id = poll_answers.poll_id);
      ALTER TABLE poll_voters ADD COLUMN tenant_id TEXT REFERENCES tenants(id);
      UPDATE poll_voters SET tenant_id = (SELECT tenant_id FROM polls WHERE polls.id = poll_voters.poll_id);
    `,
  },
  {
    version: 14,
    name: 'LTI 1.3: platforms per tenant, one-time login states and nonces, resource links to sessions, grades to send',
    sql: `
      CREATE TABLE lti_platforms (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        issuer TEXT NOT NULL,
        client_id TEXT NOT NULL,
        auth_login_url TEXT NOT NULL,
        jwks_url TEXT NOT NULL,
        access_token_url TEXT,
        deployment_ids TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- A launch names its platform by issuer and client id: the pair must point at one tenant.
        UNIQUE (issuer, client_id)
      );
      CREATE INDEX lti_platforms_by_tenant ON lti_platforms(tenant_id);
      -- OIDC login states: one per login, used once by the launch that follows, expire after minutes.
      CREATE TABLE lti_logins (
        state TEXT PRIMARY KEY,
        platform_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      -- Nonces of accepted id_tokens, kept until the token could have expired: a replay is refused.
      CREATE TABLE lti_nonces (
        platform_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (platform_id, nonce)
      );
      CREATE TABLE lti_links (
        platform_id TEXT NOT NULL,
        resource_link_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        session_id TEXT NOT NULL,
        context_id TEXT,
        lineitem_url TEXT,
        nrps_url TEXT,
        roster_synced_at TEXT,
        PRIMARY KEY (platform_id, resource_link_id)
      );
      CREATE INDEX lti_links_by_session ON lti_links(tenant_id, session_id);
      -- Scores for the platform's gradebook (AGS), queued from the outbox and retried like LRS forwards.
      CREATE TABLE lti_scores (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        platform_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        lineitem_url TEXT NOT NULL,
        cause TEXT NOT NULL,
        user_sub TEXT NOT NULL,
        score_given REAL NOT NULL,
        score_maximum REAL NOT NULL,
        timestamp TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (cause, platform_id, user_sub)
      );
      CREATE INDEX lti_scores_due ON lti_scores(next_attempt_at) WHERE status = 'pending';
    `,
  },
]
