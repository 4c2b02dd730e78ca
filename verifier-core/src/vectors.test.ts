import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, parseStatusList, parseTrustList, tweetnaclVerify, verifyCode, type Ed25519Verify, type SiteType } from './index.js';
import { nodeEd25519Verify } from '../cli/node-ed25519.js';

interface VectorCase { name: string; payload: string; expect: { outcome: string; reason: string; color: string | null; kind?: string | null } }
interface Vectors {
  rootPublicKey: string;
  skew: number;
  trustList: unknown;
  statusList: unknown;
  groups: { now: number; site: SiteType; useStatus: boolean; cases: VectorCase[] }[];
}

const here = dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(readFileSync(join(here, '../../../shared/spec/vectors.json'), 'utf8')) as Vectors;
const root = base64urlDecode(vectors.rootPublicKey)!;

describe.each([
  ['Node native Ed25519', nodeEd25519Verify],
  ['tweetnacl', tweetnaclVerify],
] as [string, Ed25519Verify][])('the authority\'s worked examples with %s', (_label, verify) => {
  const trust = parseTrustList(vectors.trustList, root, verify);
  const status = parseStatusList(vectors.statusList, root, verify);
  it('installs the example lists', () => {
    expect(trust.ok).toBe(true);
    expect(status.ok).toBe(true);
  });
  for (const g of vectors.groups) {
    for (const c of g.cases) {
      it(`${c.name} (${g.site})`, () => {
        if (!trust.ok || !status.ok) throw new Error('lists refused');
        const r = verifyCode(c.payload, {
          now: g.now,
          trustList: trust.list,
          statusList: g.useStatus ? status.list : null,
          site: g.site,
          skew: vectors.skew,
          verify,
        });
        expect({ outcome: r.outcome, reason: r.reason, color: r.color, ...('kind' in c.expect ? { kind: r.kind } : {}) }).toEqual(c.expect);
      });
    }
  }
});
