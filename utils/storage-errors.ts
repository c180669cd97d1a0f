/**
 * IndexedDB failures in plain words, for every place that writes the cache (updates, My entries,
 * learning, backup import). Pure: reads only the error it is given.
 */

export const QUOTA_MESSAGE =
  'Not enough storage space to save this list; the last good copy is kept. Free some disk space or remove large sources.';

/** True for IndexedDB's (and the browser's) out-of-space errors, however they are wrapped. */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, message, code } = e as { name?: unknown; message?: unknown; code?: unknown };
  if (name === 'QuotaExceededError' || code === 22) return true;
  if (typeof message === 'string' && /quota|disk (is )?full|no space/i.test(message)) return true;
  const inner = (e as { inner?: unknown; cause?: unknown }).cause;
  return inner !== undefined && inner !== e && isQuotaError(inner);
}

/** A storage failure in plain words; quota errors get their own message. */
export function describeStorageError(e: unknown): string {
  if (isQuotaError(e)) return QUOTA_MESSAGE;
  const name = typeof e === 'object' && e !== null ? String((e as { name?: unknown }).name ?? '') : '';
  const detail = e instanceof Error ? e.message : String(e);
  return `The list could not be saved (${[name, detail].filter(Boolean).join(': ').slice(0, 200)}); the last good copy is kept.`;
}
