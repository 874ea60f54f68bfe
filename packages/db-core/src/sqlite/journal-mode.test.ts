import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import {
  JOURNAL_MODE_ENV,
  detectJournalMode,
  findMount,
  isUncPath,
  parseBsdMountOutput,
  parseJournalModeOverride,
  parseNetUseOutput,
  parseProcMounts,
  type MountEntry,
} from './journal-mode.js';

const PROC_MOUNTS = [
  '/dev/sda1 / ext4 rw,relatime 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  'tmpfs /tmp tmpfs rw,nosuid,nodev 0 0',
  '/dev/sdb1 /home ext4 rw,relatime 0 0',
  'server:/export /mnt/nfs nfs rw,vers=3,addr=10.0.0.2 0 0',
  '/dev/sdc1 /mnt/nfs2 ext4 rw,relatime 0 0',
  'server:/v4 /mnt/nfs4 nfs4 rw,vers=4.2 0 0',
  '//nas/share /mnt/smb cifs rw,vers=3.0 0 0',
  'user@host:/srv /home/me/remote fuse.sshfs rw,nosuid,nodev 0 0',
  'hostshare /mnt/wsl 9p rw,trans=virtio 0 0',
  '/dev/sdd1 /mnt/with\\040space ext4 rw 0 0',
  '',
].join('\n');

const mounts = parseProcMounts(PROC_MOUNTS);
const detect = (file: string) => detectJournalMode(file, { mounts, platform: 'linux', override: '' });

describe('parseProcMounts', () => {
  it('reads source, mount point and type, unescaping octal escapes', () => {
    expect(mounts).toContainEqual({ source: 'server:/export', mountPoint: '/mnt/nfs', fsType: 'nfs' });
    expect(mounts).toContainEqual({ source: '/dev/sdd1', mountPoint: '/mnt/with space', fsType: 'ext4' });
    expect(mounts).toHaveLength(11);
  });
});

describe('parseBsdMountOutput', () => {
  it('reads macOS mount output', () => {
    const text = [
      '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
      '//me@nas._smb._tcp.local/share on /Volumes/share (smbfs, nodev, nosuid, mounted by me)',
      'nas:/export on /Volumes/nfs (nfs, nodev, nosuid)',
    ].join('\n');
    const parsed = parseBsdMountOutput(text);
    expect(parsed).toEqual([
      { source: '/dev/disk3s1s1', mountPoint: '/', fsType: 'apfs' },
      { source: '//me@nas._smb._tcp.local/share', mountPoint: '/Volumes/share', fsType: 'smbfs' },
      { source: 'nas:/export', mountPoint: '/Volumes/nfs', fsType: 'nfs' },
    ]);
    const opts = { mounts: parsed, platform: 'darwin' as const, override: '' };
    expect(detectJournalMode('/Users/me/p/.autoforge/features.db', opts).mode).toBe('WAL');
    expect(detectJournalMode('/Volumes/share/p/.autoforge/features.db', opts).mode).toBe('DELETE');
    expect(detectJournalMode('/Volumes/nfs/p/features.db', opts).mode).toBe('DELETE');
  });
});

describe('findMount', () => {
  it('picks the longest mount point that contains the file', () => {
    expect(findMount('/home/me/p/features.db', mounts)?.mountPoint).toBe('/home');
    expect(findMount('/home/me/remote/p/features.db', mounts)?.mountPoint).toBe('/home/me/remote');
    expect(findMount('/var/lib/x.db', mounts)?.mountPoint).toBe('/');
  });

  it('matches on path boundaries only: /mnt/nfs2 is not inside /mnt/nfs', () => {
    expect(findMount('/mnt/nfs2/p/features.db', mounts)?.mountPoint).toBe('/mnt/nfs2');
    expect(findMount('/mnt/nfs/p/features.db', mounts)?.mountPoint).toBe('/mnt/nfs');
    expect(findMount('/mnt/nfs', mounts)?.mountPoint).toBe('/mnt/nfs');
    // A sibling whose name merely starts with the mount point's name.
    expect(findMount('/mnt/nfsdata/x.db', mounts)?.mountPoint).toBe('/');
  });

  it('does not depend on the order of the table', () => {
    const reversed = [...mounts].reverse();
    expect(findMount('/mnt/nfs2/p/features.db', reversed)?.mountPoint).toBe('/mnt/nfs2');
    expect(findMount('/home/me/remote/x.db', reversed)?.mountPoint).toBe('/home/me/remote');
  });

  it('uses the later entry when a mount point is over-mounted', () => {
    const table: MountEntry[] = [
      { source: '/dev/sda1', mountPoint: '/', fsType: 'ext4' },
      { source: '/dev/sdb1', mountPoint: '/data', fsType: 'ext4' },
      { source: 'server:/x', mountPoint: '/data', fsType: 'nfs' },
    ];
    expect(findMount('/data/features.db', table)?.fsType).toBe('nfs');
  });
});

describe('detectJournalMode', () => {
  it('uses WAL on local file systems', () => {
    expect(detect('/home/me/project/.autoforge/features.db')).toEqual({
      mode: 'WAL',
      reason: 'ext4 local mount at /home',
    });
    expect(detect('/tmp/p/features.db').mode).toBe('WAL');
  });

  it.each([
    ['nfs', '/mnt/nfs/p/features.db'],
    ['nfs4', '/mnt/nfs4/p/features.db'],
    ['cifs', '/mnt/smb/p/.autoforge/features.db'],
    ['fuse.sshfs', '/home/me/remote/p/features.db'],
    ['9p', '/mnt/wsl/p/features.db'],
  ])('uses DELETE on %s', (fsType, file) => {
    const decision = detect(file);
    expect(decision.mode).toBe('DELETE');
    expect(decision.reason).toContain(fsType);
  });

  it.each(['smbfs', 'nfs', 'nfs4', 'cifs', 'fuse.sshfs', '9p', 'fuse.rclone', 'sshfs'])(
    'treats %s as a network file system',
    (fsType) => {
      const table: MountEntry[] = [
        { source: '/dev/sda1', mountPoint: '/', fsType: 'ext4' },
        { source: 'remote', mountPoint: '/net', fsType },
      ];
      expect(
        detectJournalMode('/net/p/features.db', { mounts: table, platform: 'linux', override: '' }).mode,
      ).toBe('DELETE');
    },
  );

  it('a file under /mnt/nfs2 on ext4 does not take the /mnt/nfs network mount', () => {
    expect(detect('/mnt/nfs2/p/.autoforge/features.db')).toEqual({
      mode: 'WAL',
      reason: 'ext4 local mount at /mnt/nfs2',
    });
  });

  it('keeps WAL for a local file system mounted inside a network one, and DELETE the other way round', () => {
    const table: MountEntry[] = [
      { source: '/dev/sda1', mountPoint: '/', fsType: 'ext4' },
      { source: 'server:/x', mountPoint: '/srv', fsType: 'nfs' },
      { source: '/dev/sdb1', mountPoint: '/srv/local', fsType: 'xfs' },
    ];
    const opts = { mounts: table, platform: 'linux' as const, override: '' };
    expect(detectJournalMode('/srv/local/features.db', opts).mode).toBe('WAL');
    expect(detectJournalMode('/srv/other/features.db', opts).mode).toBe('DELETE');
  });

  it('resolves relative paths before matching', () => {
    const table: MountEntry[] = [
      { source: '/dev/sda1', mountPoint: '/', fsType: 'ext4' },
      { source: 'server:/x', mountPoint: process.cwd(), fsType: 'nfs' },
    ];
    expect(detectJournalMode('features.db', { mounts: table, platform: 'linux', override: '' }).mode).toBe(
      'DELETE',
    );
  });

  it('falls back to DELETE when no mount contains the file', () => {
    const table: MountEntry[] = [{ source: '/dev/sdb1', mountPoint: '/data', fsType: 'ext4' }];
    expect(detectJournalMode('/elsewhere/x.db', { mounts: table, platform: 'linux', override: '' })).toEqual({
      mode: 'DELETE',
      reason: 'no mount contains the file',
    });
  });

  describe('Windows', () => {
    it('UNC paths are network paths on every platform', () => {
      expect(isUncPath('\\\\server\\share\\p\\features.db')).toBe(true);
      expect(isUncPath('//server/share/p/features.db')).toBe(true);
      expect(isUncPath('C:\\p\\features.db')).toBe(false);
      expect(isUncPath('/home/me/features.db')).toBe(false);
      expect(
        detectJournalMode('\\\\server\\share\\p\\features.db', {
          platform: 'win32',
          netUse: '',
          override: '',
        }),
      ).toEqual({
        mode: 'DELETE',
        reason: 'UNC network path',
      });
      expect(
        detectJournalMode('//server/share/p/features.db', { mounts, platform: 'linux', override: '' }).mode,
      ).toBe('DELETE');
    });

    const NET_USE = [
      'New connections will be remembered.',
      '',
      'Status       Local     Remote                    Network',
      '',
      '-------------------------------------------------------------------------------',
      'OK           Z:        \\\\nas\\projects            Microsoft Windows Network',
      'Disconnected Y:        \\\\old\\share               Microsoft Windows Network',
      'OK                     \\\\nas\\ipc$                Microsoft Windows Network',
      'The command completed successfully.',
    ].join('\r\n');

    it('parses mapped drives from net use', () => {
      expect([...parseNetUseOutput(NET_USE)].sort()).toEqual(['Y', 'Z']);
      expect(parseNetUseOutput('There are no entries in the list.').size).toBe(0);
    });

    it('uses DELETE on a mapped network drive and WAL on a local drive', () => {
      const opts = { platform: 'win32' as const, netUse: NET_USE, override: '' };
      expect(detectJournalMode('Z:\\p\\.autoforge\\features.db', opts)).toEqual({
        mode: 'DELETE',
        reason: 'mapped network drive Z:',
      });
      expect(detectJournalMode('z:\\p\\features.db', opts).mode).toBe('DELETE');
      expect(detectJournalMode('C:\\p\\.autoforge\\features.db', opts)).toEqual({
        mode: 'WAL',
        reason: 'local drive',
      });
    });
  });
});

describe('override', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[JOURNAL_MODE_ENV];
    delete process.env[JOURNAL_MODE_ENV];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[JOURNAL_MODE_ENV];
    else process.env[JOURNAL_MODE_ENV] = saved;
  });

  it('the option wins over detection, in either direction', () => {
    expect(
      detectJournalMode('/mnt/nfs/p/features.db', { mounts, platform: 'linux', override: 'wal' }),
    ).toEqual({
      mode: 'WAL',
      reason: 'explicit override',
    });
    expect(
      detectJournalMode('/home/me/p/features.db', { mounts, platform: 'linux', override: 'DELETE' }).mode,
    ).toBe('DELETE');
  });

  it('FORGEDB_JOURNAL_MODE applies when no option is given', () => {
    process.env[JOURNAL_MODE_ENV] = 'delete';
    expect(detectJournalMode('/home/me/p/features.db', { mounts, platform: 'linux' })).toEqual({
      mode: 'DELETE',
      reason: 'explicit override',
    });
    process.env[JOURNAL_MODE_ENV] = ' Wal ';
    expect(detectJournalMode('/mnt/nfs/p/features.db', { mounts, platform: 'linux' }).mode).toBe('WAL');
  });

  it('an empty value means "detect"', () => {
    process.env[JOURNAL_MODE_ENV] = '';
    expect(detectJournalMode('/mnt/nfs/p/features.db', { mounts, platform: 'linux' }).mode).toBe('DELETE');
    expect(parseJournalModeOverride(undefined)).toBeUndefined();
    expect(parseJournalModeOverride('  ')).toBeUndefined();
  });

  it('an invalid value is a ValidationError naming the value, from the option or the variable', () => {
    expect(() =>
      detectJournalMode('/home/me/x.db', { mounts, platform: 'linux', override: 'truncate' }),
    ).toThrow(ValidationError);
    expect(() => parseJournalModeOverride('memory')).toThrow(/must be "wal" or "delete", got "memory"/);
    process.env[JOURNAL_MODE_ENV] = 'wall';
    try {
      detectJournalMode('/home/me/x.db', { mounts, platform: 'linux' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('VALIDATION');
      expect((error as ValidationError).reason).toBe('configuration');
      expect((error as Error).message).toContain('"wall"');
    }
  });
});
