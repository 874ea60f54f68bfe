/**
 * DDL that old versions of the Python app wrote (SQLAlchemy `create_all` of their models, spacing
 * included), for building files in those shapes: the demo's sample project, tests and benchmarks.
 * The upgrade itself never relies on it; it inspects whatever the file holds, which is why this is
 * demo data and not part of @forgedb/migrate. This is its one copy: tests and benchmarks reach it
 * through @forgedb/test-utils, which compiles this file into its own build (the published CLI
 * cannot depend on a private package, and the packages the CLI depends on cannot depend on it).
 */

/** The oldest features.db: no in_progress, dependencies or human-input columns, and `passes` nullable. */
export const OLDEST_FEATURES_DDL = `
CREATE TABLE features (
	id INTEGER NOT NULL, 
	priority INTEGER NOT NULL, 
	category VARCHAR(100) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description TEXT NOT NULL, 
	steps JSON NOT NULL, 
	passes BOOLEAN, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_features_id ON features (id);
CREATE INDEX ix_features_priority ON features (priority);
CREATE INDEX ix_features_passes ON features (passes);
`;

/** assistant.db as the Python app has always created it (no ON DELETE on the messages' foreign key). */
export const LEGACY_ASSISTANT_DDL = `
CREATE TABLE conversations (
	id INTEGER NOT NULL, 
	project_name VARCHAR(100) NOT NULL, 
	title VARCHAR(200), 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_conversations_id ON conversations (id);
CREATE INDEX ix_conversations_project_name ON conversations (project_name);
CREATE TABLE conversation_messages (
	id INTEGER NOT NULL, 
	conversation_id INTEGER NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	content TEXT NOT NULL, 
	timestamp DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(conversation_id) REFERENCES conversations (id)
);
CREATE INDEX ix_conversation_messages_id ON conversation_messages (id);
CREATE INDEX ix_conversation_messages_conversation_id ON conversation_messages (conversation_id);
`;
