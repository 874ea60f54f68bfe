import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '@forgedb/db-core/sqlite';
import { tempDir } from '@forgedb/test-utils';
import { upgradeDatabase } from '../src/sqlite/index.js';
import { TESTING_COLUMN_VARIANTS, copyFixture, makeOldestFile, makeTestingColumnFile } from './legacy.js';

/*
 * SQLAlchemy is not installable here, so this replays, with Python's own sqlite3 module, the SQL
 * the Python app's models issue: inserts that name only the columns it knows, reads of its columns,
 * the guarded UPDATEs, and schedule/override writes. Our added columns must be nullable or defaulted.
 */
const SCRIPT = `
import sqlite3, sys, json
con = sqlite3.connect(sys.argv[1])
cur = con.cursor()
cur.execute("INSERT INTO features (priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input) VALUES (?,?,?,?,?,?,?,?,?)",
            (1000, "py", "from python", "d", json.dumps(["a"]), False, False, None, False))
fid = cur.lastrowid
cur.execute("UPDATE features SET in_progress = 1 WHERE id = ? AND passes = 0 AND in_progress = 0", (fid,))
assert cur.rowcount == 1
rows = cur.execute("SELECT id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input, human_input_request, human_input_response FROM features ORDER BY priority, id").fetchall()
cur.execute("INSERT INTO schedules (project_name, start_time, duration_minutes, days_of_week, enabled, yolo_mode, model, max_concurrency, crash_count, created_at) VALUES ('p', '10:00', 60, 127, 1, 0, NULL, 3, 0, '2026-11-23 10:00:00.000000')")
cur.execute("INSERT INTO schedule_overrides (schedule_id, override_type, expires_at, created_at) VALUES (?, 'stop', '2026-11-23 11:00:00.000000', '2026-11-23 10:00:00.000000')", (cur.lastrowid,))
con.commit()
print(json.dumps({"rows": len(rows), "claim_generation": con.execute("SELECT claim_generation FROM features WHERE id = ?", (fid,)).fetchone()[0]}))
`;

it.each<[string, () => string]>([
  [
    'the oldest shape',
    () => {
      const f = path.join(tempDir(), 'features.db');
      makeOldestFile(f, 40);
      return f;
    },
  ],
  ['the current Python shape', () => copyFixture('features-v18-current.db')],
  // testing_in_progress NOT NULL without a default: before the repair, the INSERT below fails.
  ...TESTING_COLUMN_VARIANTS.map((v): [string, () => string] => [
    `Python variant ${v} with testing_in_progress`,
    () => makeTestingColumnFile(path.join(tempDir(), 'features.db'), v),
  ]),
])('after upgrading %s, the Python app can still read and write the file', (_name, make) => {
  const file = make();
  const db = openDatabase({ file });
  upgradeDatabase(db, 'features');
  db.close();
  const out = JSON.parse(execFileSync('python3', ['-c', SCRIPT, file], { encoding: 'utf8' })) as {
    rows: number;
    claim_generation: number;
  };
  expect(out).toEqual({ rows: 41, claim_generation: 0 });
});

/*
 * The Python app's claim lifecycle on an upgraded file, through Python's sqlite3 (so its SQLite runs
 * the 0003 trigger): ending a claim, its stale-claim cleanup at start-up, claiming again and passing
 * all succeed, and every end of a claim moves the generation past the highest one forgedb issued.
 */
const LIFECYCLE = `
import sqlite3, sys, json
con = sqlite3.connect(sys.argv[1])
cur = con.cursor()
gen = lambda: con.execute("SELECT claim_generation FROM features WHERE id = 2").fetchone()[0]
seen = [gen()]
cur.execute("UPDATE features SET in_progress = 0 WHERE id = 2"); seen.append(gen())
cur.execute("UPDATE features SET in_progress = 1 WHERE id = 2 AND passes = 0 AND in_progress = 0"); seen.append(gen())
cur.execute("UPDATE features SET in_progress = 0 WHERE in_progress = 1"); seen.append(gen())
cur.execute("UPDATE features SET in_progress = 1 WHERE id = 2"); seen.append(gen())
cur.execute("UPDATE features SET passes = 1, in_progress = 0 WHERE id = 2"); seen.append(gen())
con.commit()
row = con.execute("SELECT passes, in_progress, claimed_by, claimed_at, lease_expires_at FROM features WHERE id = 2").fetchone()
print(json.dumps({"generations": seen, "row": row}))
`;

it('the Python app ends, re-claims and passes features on an upgraded file; each end fences forgedb leases', () => {
  const file = path.join(tempDir(), 'features.db');
  makeOldestFile(file, 3);
  const db = openDatabase({ file });
  upgradeDatabase(db, 'features');
  // A forgedb claim of feature 2 at generation 7 (another feature once reached 9).
  db.exec(`UPDATE __forgedb_lease_state SET generation = 9;
           UPDATE features SET in_progress = 1, claimed_by = 'a', claimed_at = '2026-01-01 00:00:00.000000',
                  lease_expires_at = '2026-01-01 00:05:00.000000', claim_generation = 7 WHERE id = 2`);
  db.close();
  const out = JSON.parse(execFileSync('python3', ['-c', LIFECYCLE, file], { encoding: 'utf8' })) as {
    generations: number[];
    row: unknown[];
  };
  expect(out.generations).toEqual([7, 10, 10, 11, 11, 12]);
  expect(out.row).toEqual([1, 0, null, null, null]);
});
