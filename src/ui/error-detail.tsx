/** An exception's own text, kept out of the way under a summary: the words above it say what happened. */
export function ErrorDetail({ summary, error }: { summary: string; error: unknown }) {
  return (
    <details className="small muted" data-testid="error-detail">
      <summary>{summary}</summary>
      {errorText(error)}
    </details>
  );
}

/** `name: message` of an Error, or the thing itself as text (a string detail passes through). */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
