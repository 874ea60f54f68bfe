import { describe, expect, it } from 'vitest';
import { normaliseSql } from './normalise-sql.js';

describe('normaliseSql', () => {
  it('ignores what SQLite and people change without changing meaning', () => {
    const ran = `-- why
CREATE TRIGGER IF NOT EXISTS \`t\`
AFTER UPDATE OF \`in_progress\` ON \`features\`
WHEN NEW.\`in_progress\` = 0
BEGIN
  UPDATE \`features\` SET \`claimed_by\` = NULL WHERE \`id\` = NEW.\`id\`; -- clear
END;`;
    const stored =
      'create trigger "t" after update of in_progress on features when new.in_progress=0 begin update features set claimed_by=NULL where id=new.id; end';
    expect(normaliseSql(ran)).toBe(normaliseSql(stored));
    expect(normaliseSql('CREATE TRIGGER [t] /* c */ AFTER DELETE ON x BEGIN SELECT 1; END')).toBe(
      normaliseSql('CREATE TRIGGER t AFTER DELETE ON x BEGIN SELECT 1; END;'),
    );
  });

  it('keeps differences that matter: logic, and the case and spacing of string literals', () => {
    const base = 'CREATE TRIGGER t AFTER UPDATE ON x WHEN NEW.a = 0 BEGIN SELECT 1; END';
    expect(normaliseSql(base)).not.toBe(normaliseSql(base.replace('= 0', '= 1')));
    expect(normaliseSql(base)).not.toBe(normaliseSql(base.replace('UPDATE', 'INSERT')));
    expect(normaliseSql("SELECT 'A  b'")).not.toBe(normaliseSql("SELECT 'a b'"));
    expect(normaliseSql("SELECT 'it''s -- not a comment'")).toBe("select 'it''s -- not a comment'");
  });
});
