import type { Refusal } from './validate.js';

/**
 * A refusal for an options object whose fields each have their own sentence: the sentence of
 * every refused field, in the order of the issues. `(input)` is the options value itself.
 */
export function fieldsRefusal(sentences: Record<string, (value: unknown) => string>): Refusal {
  return {
    path: '(input)',
    message(input, issues) {
      const options = (input ?? {}) as Record<string, unknown>;
      const fields = [...new Set(issues.map((i) => i.path.split('.')[0]!))];
      return fields
        .map(
          (field) =>
            sentences[field]?.(options[field]) ??
            `Invalid ${field}: ${issues.find((i) => i.path.startsWith(field))?.message}.`,
        )
        .join(' ');
    },
  };
}
