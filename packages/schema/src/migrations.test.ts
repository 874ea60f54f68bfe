import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, loadMigrations, parseCompatibility } from './migrations.js';

/** Shipped before the compatibility marker existed; every later migration must declare it. */
const SHIPPED_WITHOUT_MARKER = new Set([
  'features/0000_baseline',
  'features/0001_claim_leases',
  'features/0002_lease_reset_trigger',
  'assistant/0000_baseline',
]);

describe('migration compatibility markers', () => {
  it.each(DATABASE_KINDS)('every %s migration after the marker was introduced declares one', (kind) => {
    for (const m of loadMigrations(kind)) {
      const known = SHIPPED_WITHOUT_MARKER.has(`${kind}/${m.tag}`);
      expect(m.compatibility === null, `${kind}/${m.tag}`).toBe(known);
    }
  });

  it('0003_lease_fencing is backward compatible: older forgedb agents may keep using the file', () => {
    const m = loadMigrations('features').find((x) => x.tag === '0003_lease_fencing');
    expect(m?.compatibility).toBe('backward-compatible');
  });

  it('reads the marker from the leading comment lines only', () => {
    expect(parseCompatibility('-- forgedb:compatibility incompatible\nDROP TABLE x;', 'f.sql')).toBe(
      'incompatible',
    );
    expect(
      parseCompatibility('-- why\n--forgedb:compatibility backward-compatible\nSELECT 1;', 'f.sql'),
    ).toBe('backward-compatible');
    expect(parseCompatibility('SELECT 1;\n-- forgedb:compatibility incompatible', 'f.sql')).toBeNull();
    expect(parseCompatibility('CREATE TABLE t (x INT);', 'f.sql')).toBeNull();
  });

  it('refuses a marker with an unknown value, naming the file', () => {
    expect(() => parseCompatibility('-- forgedb:compatibility maybe\nSELECT 1;', '/m/0009_x.sql')).toThrow(
      /0009_x\.sql.*backward-compatible, incompatible/,
    );
  });

  it('strips the comment lines before a statement, as SQLite does for what it stores', () => {
    const m = loadMigrations('features').find((x) => x.tag === '0003_lease_fencing')!;
    for (const s of m.statements) expect(s.startsWith('--'), s).toBe(false);
  });
});
