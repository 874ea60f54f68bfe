import { describe, expect, it } from 'vitest';
import { decodeUtf8, textCell } from './text-cell.js';

describe('textCell', () => {
  it('returns text as it is', () => {
    expect(textCell('plain')).toBe('plain');
    expect(textCell('')).toBe('');
  });

  it('reads a BLOB holding UTF-8 as its text, a leading BOM included', () => {
    expect(textCell(Buffer.from('héllo ✓'))).toBe('héllo ✓');
    expect(textCell(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\uFEFFa');
  });

  it('writes any other BLOB as a SQLite blob literal, so that no byte is lost', () => {
    expect(textCell(Buffer.from([0xff, 0x00, 0x10]))).toBe("x'ff0010'");
    // A lone surrogate encoded as UTF-8 (CESU) is not UTF-8 either.
    expect(textCell(Buffer.from([0xed, 0xb0, 0x80]))).toBe("x'edb080'");
    // A view into a larger buffer shows only its own bytes.
    const whole = Buffer.from([0x01, 0xff, 0xfe, 0x02]);
    expect(textCell(whole.subarray(1, 3))).toBe("x'fffe'");
  });

  it('gives numbers as their decimal text and NULL as the empty string', () => {
    expect(textCell(42)).toBe('42');
    expect(textCell(2.5)).toBe('2.5');
    expect(textCell(null)).toBe('');
    expect(textCell(undefined)).toBe('');
  });
});

describe('decodeUtf8', () => {
  it('is null for bytes that are not UTF-8', () => {
    expect(decodeUtf8(Buffer.from('ok'))).toBe('ok');
    expect(decodeUtf8(Buffer.from([0xc3]))).toBeNull();
  });
});
