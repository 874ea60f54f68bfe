const TITLE_CHARS = 50;

/**
 * The title the Python app gives an untitled conversation from its first user message:
 * `content[:50] + "..."` when longer than 50. Python counts code points, not UTF-16 units,
 * so an emoji is one character and is never cut in half.
 */
export function titleFromMessage(content: string): string {
  const chars = Array.from(content);
  return chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS).join('')}...` : content;
}
