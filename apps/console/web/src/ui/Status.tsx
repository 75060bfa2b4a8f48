/** The outcome of the last action, announced to screen readers (polite), or an error (assertive). */
export function Status({ message, error }: { message?: string | undefined; error?: string | undefined }) {
  return (
    <>
      <p className="status" role="status" aria-live="polite">{message ?? ''}</p>
      {error && <p className="error" role="alert">{error}</p>}
    </>
  );
}
