import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LEGACY_ASSISTANT_DDL, OLDEST_FEATURES_DDL } from './legacy-shapes.js';

/** [category, name, passes] of a small to-do app backlog; null is the NULL old files really hold. */
const LEGACY_FEATURES: [string, string, 0 | 1 | null][] = [
  ['setup', 'Project scaffold', 1],
  ['setup', 'Database schema', 1],
  ['auth', 'Sign up with email', 1],
  ['auth', 'Log in and log out', 1],
  ['todos', 'Create a to-do', 0],
  ['todos', 'Mark a to-do done', null],
  ['todos', 'Delete a to-do', 0],
  ['todos', 'Filter by status', null],
  ['ui', 'Dark mode', 0],
  ['ui', 'Keyboard shortcuts', null],
  ['sync', 'Offline mode', 0],
  ['sync', 'Sync across devices', 0],
];

/** Python's json.dumps separators, as the app stored steps. */
const pythonList = (items: string[]) => `[${items.map((s) => JSON.stringify(s)).join(', ')}]`;

export interface LegacyProjectSummary {
  dir: string;
  featuresDb: string;
  assistantDb: string;
  features: number;
  nullPasses: number;
  conversations: number;
  messages: number;
}

/** A project as the oldest Python app left it: both databases in the legacy `.autocoder/` layout, rollback journal. */
export function createLegacyProject(dir: string): LegacyProjectSummary {
  const dataDir = path.join(dir, '.autocoder');
  mkdirSync(dataDir, { recursive: true });
  const featuresDb = path.join(dataDir, 'features.db');
  const db = new Database(featuresDb);
  try {
    db.exec(OLDEST_FEATURES_DDL);
    const insert = db.prepare(
      'INSERT INTO features (id, priority, category, name, description, steps, passes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      LEGACY_FEATURES.forEach(([category, name, passes], i) =>
        insert.run(
          i + 1,
          i + 1,
          category,
          name,
          `${name} works end to end`,
          pythonList([`Implement ${name.toLowerCase()}`, 'Add a test', 'Verify in the browser']),
          passes,
        ),
      );
    })();
  } finally {
    db.close();
  }

  const assistantDb = path.join(dataDir, 'assistant.db');
  const adb = new Database(assistantDb);
  try {
    adb.exec(LEGACY_ASSISTANT_DDL);
    adb.exec(`
      INSERT INTO conversations VALUES (1, 'legacy-app', 'How should offline mode work?', '2024-03-01 09:58:12.000000', '2024-03-01 10:02:40.512000');
      INSERT INTO conversation_messages VALUES
        (1, 1, 'user', 'How should offline mode work?', '2024-03-01 09:58:12.000000'),
        (2, 1, 'assistant', 'Queue changes locally and replay them when the connection returns.', '2024-03-01 09:58:30.250000'),
        (3, 1, 'user', 'Add that as a feature.', '2024-03-01 10:02:40.512000');
    `);
  } finally {
    adb.close();
  }
  return {
    dir,
    featuresDb,
    assistantDb,
    features: LEGACY_FEATURES.length,
    nullPasses: LEGACY_FEATURES.filter(([, , p]) => p === null).length,
    conversations: 1,
    messages: 3,
  };
}

/**
 * A project from before features.db existed: only a feature_list.json, with the gaps real files
 * have (entries without a name or id take the import's defaults).
 */
export function createJsonProject(dir: string): { dir: string; file: string; entries: number } {
  mkdirSync(dir, { recursive: true });
  const entries = [
    {
      category: 'core',
      name: 'Parse the config file',
      description: 'Read settings.toml',
      steps: ['Load the file', 'Validate keys'],
      passes: true,
    },
    {
      category: 'core',
      name: 'Command line flags',
      description: 'Override settings from flags',
      steps: ['Parse argv'],
      passes: true,
    },
    {
      category: 'core',
      name: 'Watch mode',
      description: 'Rebuild on change',
      steps: ['Watch files', 'Debounce'],
      dependencies: [1],
    },
    {
      category: 'output',
      name: 'HTML report',
      description: 'Render results as HTML',
      steps: ['Template', 'Write file'],
      dependencies: [1, 2],
    },
    {
      category: 'output',
      name: 'JSON report',
      description: 'Machine-readable results',
      steps: ['Serialize'],
    },
    { category: 'output', description: 'An entry with no name: the import names it "Feature 6"', steps: [] },
    { description: 'No category either: it becomes "uncategorized"' },
    {
      category: 'release',
      name: 'Publish to npm',
      description: 'Ship it',
      steps: ['Build', 'Tag', 'Publish'],
      dependencies: [4, 5],
    },
  ];
  const file = path.join(dir, 'feature_list.json');
  writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`);
  return { dir, file, entries: entries.length };
}
