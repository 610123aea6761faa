import { badUserInput } from '@cassette/common';

/**
 * Refuses content that could not come back byte for byte: text that is not
 * well-formed Unicode, or larger than the configured limit.
 */
export function validateContent(content: string, maxBytes: number): void {
  if (!content.isWellFormed()) {
    throw badUserInput(
      'input.content must be well-formed Unicode; it contains a lone surrogate',
      { field: 'input.content' },
    );
  }

  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > maxBytes) {
    throw badUserInput(
      `input.content must be at most ${maxBytes} bytes in UTF-8, got ${bytes}`,
      { field: 'input.content', limit: maxBytes },
    );
  }
}
