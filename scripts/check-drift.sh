#!/usr/bin/env bash
# Schema drift gate, both dialects: a schema change without a generated migration fails here,
# and so does any change to a migration that was already shipped, or a PostgreSQL migration
# without its down file (scripts/check-migrations-immutable.mjs). drizzle-kit generate (every
# kind, SQLite and PostgreSQL) writes nothing when packages/schema/src matches the committed
# snapshots; anything it writes (or leaves untracked) under drizzle/ or drizzle/pg/ means a
# migration is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM="${PNPM:-npx -y pnpm@10.34.8}"
dir=packages/schema/drizzle

node scripts/check-migrations-immutable.mjs
$PNPM db:generate >/dev/null
if [ -n "$(git status --porcelain -- "$dir")" ]; then
  echo "Schema drift: packages/schema/src changed but no migration was committed." >&2
  git status --porcelain -- "$dir" >&2
  echo "Fix: run 'pnpm db:generate', review the new SQL in $dir (and write the <tag>.down.sql of a PostgreSQL one), and commit it." >&2
  exit 1
fi
$PNPM db:check
echo "Schema drift gate: schema and committed migrations agree."
