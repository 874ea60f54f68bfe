import { describe, expect, it } from 'vitest';
import { titleFromMessage } from './title-from-message.js';

describe('titleFromMessage', () => {
  it('keeps content of 50 characters or fewer as is', () => {
    expect(titleFromMessage('x'.repeat(50))).toBe('x'.repeat(50));
    expect(titleFromMessage('')).toBe('');
  });

  it('cuts longer content to 50 characters plus "..."', () => {
    expect(titleFromMessage('y'.repeat(51))).toBe(`${'y'.repeat(50)}...`);
  });

  it('counts code points as Python does, never splitting an emoji', () => {
    const fifty = '😀'.repeat(50);
    expect(titleFromMessage(fifty)).toBe(fifty);
    expect(titleFromMessage(`${fifty}!`)).toBe(`${fifty}...`);
  });
});
