import type Database from 'better-sqlite3';
import { immediate } from './connection.js';

const NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')";

/** Conversation messages written directly: one transaction per append, keyset pages for reading. */
export class RawMessages {
  private readonly insertMessage;
  private readonly touch;
  private readonly page;

  constructor(private readonly db: Database.Database) {
    this.insertMessage = db.prepare(
      `INSERT INTO conversation_messages (conversation_id, role, content, timestamp) VALUES (?, ?, ?, ${NOW})`,
    );
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
      return Number(this.insertMessage.run(conversationId, role, content).lastInsertRowid);
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
