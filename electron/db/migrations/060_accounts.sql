-- Local accounts (PRODUCT.md §7 "Users"): users, their login sessions, lockout counters.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL COLLATE NOCASE UNIQUE,   -- 登录名
  name          TEXT NOT NULL,                         -- 姓名
  role          TEXT NOT NULL CHECK (role IN ('clerk', 'head', 'readonly', 'admin')),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- scrypt$N$r$p$keylen$salt$hash (base64); never leaves the worker
  password_hash TEXT,
  -- consecutive wrong passwords since the last success or lock; 5 → locked
  failed_count  INTEGER NOT NULL DEFAULT 0,
  -- epoch ms until which login is refused; NULL = not locked
  locked_until  INTEGER,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT,
  last_login_at TEXT
);

-- One row per login. The token itself is never stored: only its SHA-256.
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  via         TEXT NOT NULL,
  created_at  INTEGER NOT NULL,   -- epoch ms
  expires_at  INTEGER NOT NULL    -- epoch ms
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);
