import { describe, expect, it } from 'vitest';
import { defaultPoolSize } from './pool.js';
import { describeDatabase, redactSecrets, redactUrl } from './redact.js';

describe('naming a server database without its password', () => {
  const url = 'postgres://agent:p%40ss w0rd@db.example:6543/teams?sslmode=verify-full&sslpassword=x1';

  it('describes it as host:port/database', () => {
    expect(describeDatabase(url)).toBe('db.example:6543/teams');
    expect(describeDatabase('postgres://db.example/teams')).toBe('db.example:5432/teams');
  });

  it('redacts the password and secret parameters of the URL', () => {
    const redacted = redactUrl(url);
    expect(redacted).toContain('agent:***@db.example:6543/teams');
    expect(redacted).not.toMatch(/p%40ss|x1/);
  });

  it('scrubs every spelling of the password from a message', () => {
    expect(redactSecrets(`failed for ${url}: p@ss w0rd rejected`, url)).not.toMatch(/p@ss w0rd|p%40ss/);
  });
});

describe('the default pool size', () => {
  it('is a quarter of max_connections, between 1 and 10', () => {
    expect(defaultPoolSize(100)).toBe(10);
    expect(defaultPoolSize(20)).toBe(5);
    expect(defaultPoolSize(3)).toBe(1);
  });
});
