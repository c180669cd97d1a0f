// @vitest-environment node
/**
 * A network failure is blamed on host access only when the browser withheld it: the server answers
 * a `no-cors` request but a normal one fails. A closed port, an unknown host or a redirect loop fail
 * both ways and keep the plain "could not reach" message.
 */
import { describe, expect, it, vi } from 'vitest';
import { explainNetworkFailure, FETCH_ERRORS } from '../../../utils/fetch-classify';

type Mode = 'cors' | 'no-cors';

/** A fetch that answers (or fails) by request mode, recording each request. */
function probe(answers: Record<Mode, boolean>) {
  const calls: RequestInit[] = [];
  const fetchImpl = vi.fn(async (_url: unknown, init?: RequestInit) => {
    calls.push(init ?? {});
    if (!answers[(init?.mode ?? 'cors') as Mode]) throw new TypeError('Failed to fetch');
    return new Response(null, { status: 200 });
  });
  return { calls, fetchImpl: fetchImpl as unknown as typeof fetch };
}

const notGranted = async () => false;
const URL_9 = 'http://127.0.0.1:9/list.json';

describe('explainNetworkFailure', () => {
  it('keeps the network error for a server that cannot be reached (closed port, unknown host, redirect loop)', async () => {
    const p = probe({ cors: false, 'no-cors': false });
    expect(await explainNetworkFailure(URL_9, { hasPermission: notGranted, fetchImpl: p.fetchImpl })).toBeUndefined();
    // The probes follow redirects (a loop fails them too) and send nothing personal.
    expect(p.calls.at(-1)).toMatchObject({ method: 'HEAD', redirect: 'follow', credentials: 'omit' });
  });

  it('keeps the network error when the server can be read (the failure was something else)', async () => {
    const p = probe({ cors: true, 'no-cors': true });
    expect(await explainNetworkFailure(URL_9, { hasPermission: notGranted, fetchImpl: p.fetchImpl })).toBeUndefined();
  });

  it('names the permission when the server answers but the browser does not let the extension read it', async () => {
    const p = probe({ cors: false, 'no-cors': true });
    expect(await explainNetworkFailure(URL_9, { hasPermission: notGranted, fetchImpl: p.fetchImpl })).toBe(
      FETCH_ERRORS.noPermission('127.0.0.1:9'),
    );
  });

  it('does not probe when access is granted', async () => {
    const p = probe({ cors: false, 'no-cors': true });
    const hasPermission = vi.fn(async () => true);
    expect(await explainNetworkFailure(URL_9, { hasPermission, fetchImpl: p.fetchImpl })).toBeUndefined();
    expect(hasPermission).toHaveBeenCalledWith('http://127.0.0.1/*');
    expect(p.calls).toEqual([]);
  });

  it('against a real closed port and an unknown host', async () => {
    for (const url of [URL_9, 'http://no-such-host.invalid/list.json']) {
      expect(await explainNetworkFailure(url, { hasPermission: notGranted, timeoutMs: 5_000 })).toBeUndefined();
    }
  });
});
