import { describe, expect, it } from 'vitest';
import { messageTimestamp } from './message-timestamp.js';

const NOW = '2026-05-06 07:08:09.123000';

describe('messageTimestamp', () => {
  it('is the clock’s time when the conversation is empty or its latest message is older', () => {
    expect(messageTimestamp(NOW, null)).toBe(NOW);
    expect(messageTimestamp(NOW, '2026-05-06 07:08:09.122999')).toBe(NOW);
  });

  it('is one microsecond after a latest timestamp that is not older', () => {
    expect(messageTimestamp(NOW, NOW)).toBe('2026-05-06 07:08:09.123001');
    // The Python app's real microseconds, in the same millisecond.
    expect(messageTimestamp(NOW, '2026-05-06 07:08:09.123456')).toBe('2026-05-06 07:08:09.123457');
    // In the future, and carrying over every field.
    expect(messageTimestamp(NOW, '2030-12-31 23:59:59.999999')).toBe('2031-01-01 00:00:00.000000');
  });

  it('sorts after latest timestamps in other spellings of DATETIME text', () => {
    // Fewer fractional digits: the same instant with six digits already sorts after it.
    expect(messageTimestamp(NOW, '2026-05-06 07:08:09.5')).toBe('2026-05-06 07:08:09.500000');
    expect(messageTimestamp(NOW, '2026-05-06 07:08:10')).toBe('2026-05-06 07:08:10.000000');
    expect(messageTimestamp(NOW, '2026-05-06 07:08:09.1234567')).toBe('2026-05-06 07:08:09.123457');
    expect(messageTimestamp(NOW, '2026-05-06 07:08:09Z')).toBe('2026-05-06 07:08:10.000000');
    for (const latest of ['2026-05-06 07:08:09.5', '2026-05-06 07:08:09.1234567', '2026-05-06 07:08:09Z'])
      expect(messageTimestamp(NOW, latest) > latest).toBe(true);
  });

  it('ignores a latest value that is not DATETIME text', () => {
    expect(messageTimestamp(NOW, 'yesterday')).toBe(NOW);
    expect(messageTimestamp(NOW, '2026-13-45 99:99:99.000000')).toBe(NOW);
  });
});
