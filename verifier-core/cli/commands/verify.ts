/** `ymt verify`: judge payloads from arguments or standard input, one JSON line each. */
import { parseArgs } from 'node:util';
import { verifyCode, type SiteType, type VerifyResult } from '../../src/verify.js';
import type { StatusList, TrustList } from '../../src/lists/signed-list.js';
import { UsageError, cstIso, parseInstant, parsePublicKeyArg, parseWholeNumber } from '../cli-error.js';
import { loadListFile } from '../load-list.js';
import { nodeEd25519Verify } from '../node-ed25519.js';
import { reasonText } from '../reason-text.js';

export const verifyHelp = `usage: ymt verify --root-key B64URL --trust-list FILE [--status-list FILE]
                  [--site testing|transport-hub] [--skew SECONDS] [--now UNIX|ISO8601]
                  [PAYLOAD ...]

Verifies YMT1 codes offline (signature, expiry, colour and the authority's
rules) and prints one JSON object per payload, in input order:
  {"outcome":"ACCEPT|REFER|REJECT","reason":"OK|YELLOW|RED|EXPIRED|...",
   "color":"green|yellow|red|null","kind":"personal|kin|null","message":...,
   "name":...,"idMasked":...,"expiresAt":...}
With no PAYLOAD, reads standard input, one payload per line; blank lines are
skipped. Exit 0 when every payload was judged, whatever the outcomes; exit 2
for a usage or configuration error (unreadable list, bad root key, list
signature or type wrong), with nothing on stdout.

  --root-key B64URL     the authority's root public key (32 bytes, base64url)
  --trust-list FILE     signed trust list (type ymt-trust-list)
  --status-list FILE    signed status list (type ymt-status-list)
  --site TYPE           testing (default) or transport-hub
  --skew SECONDS        allowed clock difference (default 120)
  --now TIME            verify as of this time (default: the clock)
`;

/** One output line. Object literals without spreads: V8 serialises these fast-path objects several times quicker. */
export function resultLine(r: VerifyResult): string {
  const c = r.code;
  if (c === null) {
    return JSON.stringify({ outcome: r.outcome, reason: r.reason, color: r.color, kind: r.kind, message: reasonText(r.reason), detail: r.detail });
  }
  return JSON.stringify({
    outcome: r.outcome,
    reason: r.reason,
    color: r.color,
    kind: r.kind,
    message: reasonText(r.reason),
    detail: r.detail,
    name: c.name,
    idMasked: c.idMasked,
    birthDate: c.birthDate,
    ageAtIssue: c.ageAtIssue,
    mode: c.mode,
    issuedAt: cstIso(c.issuedAt),
    expiresAt: cstIso(c.expiresAt),
    issuer: c.issuer,
    cid: c.cid,
    guardian: c.guardian,
    codeColor: c.codeColor,
    statusColorAt: c.statusColorAt === null ? null : cstIso(c.statusColorAt),
  });
}

export async function runVerify(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'root-key': { type: 'string' },
      'trust-list': { type: 'string' },
      'status-list': { type: 'string' },
      site: { type: 'string', default: 'testing' },
      skew: { type: 'string', default: '120' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(verifyHelp);
    return 0;
  }
  if (values['root-key'] === undefined) throw new UsageError('--root-key is required (the authority\'s root public key)');
  if (values['trust-list'] === undefined) throw new UsageError('--trust-list is required');
  const root = parsePublicKeyArg(values['root-key'], '--root-key');
  if (values.site !== 'testing' && values.site !== 'transport-hub') {
    throw new UsageError(`--site: expected testing or transport-hub, got ${JSON.stringify(values.site)}`);
  }
  const site: SiteType = values.site;
  const skew = parseWholeNumber(values.skew, '--skew');
  const now = values.now === undefined ? Math.floor(Date.now() / 1000) : parseInstant(values.now, '--now');

  const trust = loadListFile(values['trust-list'], root, nodeEd25519Verify);
  if (!trust.ok) throw new UsageError(trust.message);
  if (trust.list.type !== 'ymt-trust-list') throw new UsageError(`${values['trust-list']} is a status list, not a trust list`);
  let statusList: StatusList | null = null;
  if (values['status-list'] !== undefined) {
    const status = loadListFile(values['status-list'], root, nodeEd25519Verify);
    if (!status.ok) throw new UsageError(status.message);
    if (status.list.type !== 'ymt-status-list') throw new UsageError(`${values['status-list']} is a trust list, not a status list`);
    statusList = status.list;
  }
  const trustList: TrustList = trust.list;
  const opts = { now, trustList, statusList, site, skew, verify: nodeEd25519Verify };
  const judge = (payload: string): string => resultLine(verifyCode(payload, opts));

  if (positionals.length > 0) {
    process.stdout.write(positionals.map((p) => `${judge(p)}\n`).join(''));
    return 0;
  }
  await forEachStdinLine((lines) => {
    let out = '';
    for (const line of lines) if (line.trim() !== '') out += `${judge(line)}\n`;
    if (out !== '') process.stdout.write(out);
  });
  return 0;
}

/** Splits standard input on LF only (a CR stays with its line; the verifier trims it), in batches per chunk. */
function forEachStdinLine(onLines: (lines: string[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let rest = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      onLines(parts);
    });
    process.stdin.on('end', () => {
      if (rest !== '') onLines([rest]);
      resolve();
    });
    process.stdin.on('error', reject);
  });
}
