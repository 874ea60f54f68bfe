import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../errors/index.js';

export type JournalMode = 'WAL' | 'DELETE';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** Environment variable that forces a journal mode for every connection (`wal` or `delete`). */
export const JOURNAL_MODE_ENV = 'FORGEDB_JOURNAL_MODE';

/*
 * WAL keeps its index in shared memory (the -shm file); on network file systems that memory is
 * not shared between hosts and the database can corrupt. These types get rollback-journal mode.
 */
const NETWORK_FS = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb',
  'smb2',
  'smb3',
  'smbfs',
  '9p',
  'afs',
  'ncpfs',
  'ceph',
  'glusterfs',
  'lustre',
  'gpfs',
  'beegfs',
  'davfs',
  'webdav',
  'sshfs',
  'afpfs',
]);

/** FUSE mounts report `fuse.<driver>`; these drivers talk to another machine. */
const NETWORK_FUSE =
  /^(?:fuse\.)?(?:sshfs|rclone|s3fs|gcsfuse|goofys|davfs2?|glusterfs|cephfs|juicefs|smbnetfs|curlftpfs|afpfs|ossfs|blobfuse2?)$/;

export function isNetworkFsType(fsType: string): boolean {
  const t = fsType.toLowerCase();
  return NETWORK_FS.has(t) || NETWORK_FUSE.test(t);
}

/** /proc/self/mounts escapes space, tab, newline and backslash as octal (`\040`). */
const unescapeMountField = (field: string) =>
  field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

/** Parses Linux `/proc/self/mounts` (`source mountpoint fstype options 0 0`). */
export function parseProcMounts(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && f[1]?.startsWith('/'))
    .map(([source = '', mountPoint = '', fsType = '']) => ({
      source: unescapeMountField(source),
      mountPoint: unescapeMountField(mountPoint),
      fsType,
    }));
}

/** Parses BSD/macOS `mount` output (`//user@host/share on /Volumes/share (smbfs, nodev, ...)`). */
export function parseBsdMountOutput(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(.*) on (\/.*) \(([^,)]+)/.exec(line.trim());
    if (m) entries.push({ source: m[1] ?? '', mountPoint: m[2] ?? '', fsType: m[3] ?? '' });
  }
  return entries;
}

const isWithin = (file: string, mountPoint: string) =>
  mountPoint === '/' ||
  file === mountPoint ||
  file.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`);

/**
 * The mount that holds `file`: the longest mount point containing it on a path boundary,
 * so `/mnt/nfs2/x` belongs to `/mnt/nfs2`, never to a sibling `/mnt/nfs`. When a mount point
 * is listed twice (over-mounted), the later entry is the visible one.
 */
export function findMount(file: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    if (isWithin(file, m.mountPoint) && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/** Windows: `\\server\share\...` and `//server/share/...` are network paths. */
export function isUncPath(file: string): boolean {
  return /^(?:\\\\|\/\/)[^\\/]+[\\/][^\\/]+/.test(file);
}

/** Drive letters that `net use` lists as connected network drives (`OK  Z:  \\server\share`). */
export function parseNetUseOutput(text: string): Set<string> {
  const drives = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /\s([A-Za-z]):\s+\\\\/.exec(line);
    if (m?.[1]) drives.add(m[1].toUpperCase());
  }
  return drives;
}

export function parseJournalModeOverride(value: string | undefined): JournalMode | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().toUpperCase();
  if (v === 'WAL' || v === 'DELETE') return v;
  throw new ValidationError(
    'configuration',
    `Journal mode override must be "wal" or "delete", got ${JSON.stringify(value)}`,
  );
}

/** The nearest existing ancestor, resolved through symlinks, plus the part that does not exist yet. */
function realPathOfFutureFile(file: string): string {
  let dir = path.resolve(file);
  const rest: string[] = [];
  while (!existsSync(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    rest.unshift(path.basename(dir));
    dir = parent;
  }
  return path.join(realpathSync(dir), ...rest);
}

export interface DetectOptions {
  /** `wal`/`delete` wins over detection; defaults to the FORGEDB_JOURNAL_MODE variable. */
  override?: string | undefined;
  /** Injected mount table (tests); otherwise read from the system. */
  mounts?: readonly MountEntry[];
  platform?: NodeJS.Platform;
  /** Injected `net use` output (tests on Windows paths). */
  netUse?: string;
}

export interface JournalModeDecision {
  mode: JournalMode;
  reason: string;
}

function systemMounts(platform: NodeJS.Platform): readonly MountEntry[] | undefined {
  try {
    if (platform === 'linux' || platform === 'android') {
      const text = existsSync('/proc/self/mounts')
        ? readFileSync('/proc/self/mounts', 'utf8')
        : readFileSync('/proc/mounts', 'utf8');
      return parseProcMounts(text);
    }
    if (platform === 'win32') return undefined;
    return parseBsdMountOutput(execFileSync('mount', { encoding: 'utf8', timeout: 5000 }));
  } catch {
    return undefined;
  }
}

/** Picks WAL on local disks and DELETE on network file systems (docs/contracts.md#8-connections-and-transactions). */
export function detectJournalMode(file: string, options: DetectOptions = {}): JournalModeDecision {
  const override = parseJournalModeOverride(options.override ?? process.env[JOURNAL_MODE_ENV]);
  if (override) return { mode: override, reason: 'explicit override' };

  const platform = options.platform ?? process.platform;
  if (isUncPath(file)) return { mode: 'DELETE', reason: 'UNC network path' };
  if (platform === 'win32') {
    const drive = /^([A-Za-z]):/.exec(file)?.[1]?.toUpperCase();
    let netUse = options.netUse;
    if (netUse === undefined && drive) {
      try {
        netUse = execFileSync('net', ['use'], { encoding: 'utf8', timeout: 5000 });
      } catch {
        netUse = '';
      }
    }
    if (drive && parseNetUseOutput(netUse ?? '').has(drive))
      return { mode: 'DELETE', reason: `mapped network drive ${drive}:` };
    return { mode: 'WAL', reason: 'local drive' };
  }

  const mounts = options.mounts ?? systemMounts(platform);
  // Not knowing the file system is treated like a network one: DELETE is slower but never unsafe.
  if (!mounts) return { mode: 'DELETE', reason: 'mount table unreadable' };
  const resolved = options.mounts ? path.resolve(file) : realPathOfFutureFile(file);
  const mount = findMount(resolved, mounts);
  if (!mount) return { mode: 'DELETE', reason: 'no mount contains the file' };
  if (isNetworkFsType(mount.fsType)) {
    return { mode: 'DELETE', reason: `${mount.fsType} network mount at ${mount.mountPoint}` };
  }
  return { mode: 'WAL', reason: `${mount.fsType} local mount at ${mount.mountPoint}` };
}
