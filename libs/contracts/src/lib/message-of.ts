/** The message of something thrown: an Error's message, anything else as text (for logs and answers). */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
