/**
 * Fetching lists from the central server when online: GET
 * {server-url}/v1/lists/trust and /v1/lists/status, each answering the signed
 * list file as it would be on a USB stick. A fetched list is installed by the
 * same rules as a file; a network failure installs nothing and keeps the lists.
 */
import type { WritableDB } from '../db/handles.js';
import { readConfig } from './config.js';
import { installList, type InstallOutcome } from './lists.js';

export interface FetchResult {
  readonly url: string;
  readonly outcome: InstallOutcome;
}

export async function fetchLists(db: WritableDB, o: { now: number; fetch: typeof globalThis.fetch; timeoutMs?: number }): Promise<FetchResult[]> {
  const server = readConfig(db)['server-url'];
  if (server === '') return [{ url: '(none)', outcome: { installed: false, reason: 'NO_SERVER', message: 'no server-url is configured: set one with `kiosk config set server-url URL`, or install lists from files' } }];
  const results: FetchResult[] = [];
  for (const which of ['trust', 'status'] as const) {
    const url = `${server.replace(/\/+$/, '')}/v1/lists/${which}`;
    let text: string;
    try {
      const res = await o.fetch(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
      if (!res.ok) {
        results.push({ url, outcome: { installed: false, reason: 'HTTP_ERROR', message: `the server answered HTTP ${res.status}; the installed list stays` } });
        continue;
      }
      text = await res.text();
    } catch (e) {
      results.push({ url, outcome: { installed: false, reason: 'OFFLINE', message: `cannot reach the server (${(e as Error).message}); the installed list stays` } });
      continue;
    }
    results.push({ url, outcome: installList(db, text, { source: url, actor: 'fetch', now: o.now }) });
  }
  return results;
}
