import Database from 'better-sqlite3';

/** The contract's pragmas, set by hand: the baseline pays for exactly what forgedb must do. */
export function openRaw(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 30000');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return db;
}

type Wrapper = ReturnType<Database.Database['transaction']>;

// One better-sqlite3 transaction wrapper per connection, taking the body as its argument: building
// a wrapper per call costs about as much as a short write, and forgedb reuses one too, so a
// baseline that rebuilt it would flatter every write ratio.
const wrappers = new WeakMap<Database.Database, Wrapper>();

/** BEGIN IMMEDIATE around a synchronous body; better-sqlite3's `.immediate` variant does exactly that. */
export function immediate<T>(db: Database.Database, fn: () => T): T {
  let tx = wrappers.get(db);
  if (!tx) {
    tx = db.transaction((body: () => unknown) => body());
    wrappers.set(db, tx);
  }
  return tx.immediate(fn) as T;
}
