/**
 * How a server database is named in messages and logs: `host:port/database`, never the user's
 * password (nor the user, which with the host is half of a credential).
 */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || process.env.PGHOST || 'localhost';
    const port = u.port || '5432';
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    return `${host}:${port}/${database}`;
  } catch {
    return '(unparsable database URL)';
  }
}

/** The URL with its password replaced by `***`, for output that shows the URL itself. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

/**
 * `text` with every spelling of the URL's password removed: a driver or server message may
 * echo the connection string, and a password must never reach output, errors or logs.
 */
export function redactSecrets(text: string, url: string | undefined): string {
  if (!url) return text;
  let out = text;
  try {
    const u = new URL(url);
    const secrets = [u.password, decodeURIComponent(u.password)].filter((s) => s.length > 0);
    out = out.split(url).join(redactUrl(url));
    for (const secret of secrets) out = out.split(secret).join('***');
  } catch {
    out = out.split(url).join('(database URL)');
  }
  return out;
}
