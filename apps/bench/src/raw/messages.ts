import type Database from 'better-sqlite3';
import { immediate } from './connection.js';

const NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')";

/** The DATETIME text (`YYYY-MM-DD HH:MM:SS.ffffff`) one microsecond after `t`. */
function nextMicrosecond(t: string): string {
  const micros = Number(t.slice(20, 26)) + 1;
  if (micros < 1_000_000) return `${t.slice(0, 20)}${String(micros).padStart(6, '0')}`;
  const next = new Date(Date.parse(`${t.slice(0, 19).replace(' ', 'T')}Z`) + 1000);
  return `${next.toISOString().slice(0, 19).replace('T', ' ')}.000000`;
}

/**
 * Conversation messages written directly: one transaction per append, keyset pages for reading.
 * An append keeps the contract's strictly increasing timestamps as a careful developer would: the
 * conversation's latest timestamp is read under the write lock and a new message is stamped one
 * microsecond after it when the clock has not moved past it (several appends per millisecond).
 */
export class RawMessages {
  private readonly insertMessage;
  private readonly touch;
  private readonly page;
  private readonly now;
  private readonly latest;

  constructor(private readonly db: Database.Database) {
    this.insertMessage = db.prepare(
      'INSERT INTO conversation_messages (conversation_id, role, content, timestamp) VALUES (?, ?, ?, ?)',
    );
    this.now = db.prepare(`SELECT ${NOW}`).pluck();
    this.latest = db
      .prepare(
        'SELECT timestamp FROM conversation_messages WHERE conversation_id = ? ORDER BY id DESC LIMIT 1',
      )
      .pluck();
    this.touch = db.prepare(
      `UPDATE conversations SET updated_at = ${NOW},
         title = CASE WHEN title IS NULL AND @role = 'user'
                      THEN substr(@content, 1, 50) || CASE WHEN length(@content) > 50 THEN '...' ELSE '' END ELSE title END
       WHERE id = @conversationId`,
    );
    this.page = db.prepare(
      'SELECT id, role, content, timestamp FROM conversation_messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
  }

  createConversation(project: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO conversations (project_name, created_at, updated_at) VALUES (?, ${NOW}, ${NOW})`,
        )
        .run(project).lastInsertRowid,
    );
  }

  add(conversationId: number, role: string, content: string): number {
    return immediate(this.db, () => {
      if (this.touch.run({ conversationId, role, content }).changes === 0) return 0;
      const now = this.now.get() as string;
      const latest = this.latest.get(conversationId) as string | undefined;
      const stamp = latest === undefined || now > latest ? now : nextMicrosecond(latest);
      return Number(this.insertMessage.run(conversationId, role, content, stamp).lastInsertRowid);
    });
  }

  /** Reads every message page by page; returns how many and a checksum of the contents' lengths. */
  readAll(conversationId: number, pageSize: number): { count: number; chars: number } {
    let after = 0;
    let count = 0;
    let chars = 0;
    for (;;) {
      const rows = this.page.all(conversationId, after, pageSize) as { id: number; content: string }[];
      if (rows.length === 0) return { count, chars };
      for (const r of rows) chars += r.content.length;
      count += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  }
}
