/**
 * The error an aborted operation rejects with: the signal's own reason when it is an Error, else a DOMException
 * named `AbortError`, as `fetch` and `timers/promises` do.
 * @internal
 */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The operation was aborted', 'AbortError');
}
