/**
 * Benchmark for `ymt verify` (issue: speed). Figures are medians over
 * repeated runs, next to a baseline measured in the same run, never a
 * pass/fail on time: this machine is shared and noisy.
 *
 *  - raw: Node's native Ed25519 verify over the same 20,000 signed messages
 *  - pipeline: `ymt verify` reading the 20,000 codes on stdin (a new process,
 *    start-up included), and verifyCode in-process
 *  - start-up: `ymt verify` with one payload, next to `node -e 0`
 */
import { spawnSync } from 'node:child_process';
import { verify as cryptoVerify } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  base64urlEncode, claimsMap, ed25519Sign, encodeCbor, issueCode, parseTrustList, protectedHeader, sha256, utf8Encode, verifyCode,
  type CodeClaimsInput,
} from '../src/index.js';
import { sigStructure } from '../src/code/cose-sign1.js';
import { ed25519PublicKeyObject, keyPairFromSeed, nodeEd25519Signer, nodeEd25519Verify } from '../cli/node.js';

const N = Number(process.env.BENCH_CODES ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NOW = 1773799200;
const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/ymt.js');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const time = (fn: () => void): number => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

function idFor(i: number): string {
  const birth = i % 3 === 0 ? `2015${String((i % 12) + 1).padStart(2, '0')}15` : `19${50 + (i % 40)}0${(i % 9) + 1}1${i % 9}`;
  const first17 = `610113${birth}${String(i % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17.charAt(k)) * (w[k] ?? 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

const root = keyPairFromSeed(sha256(utf8Encode('bench/root')));
const issuer = keyPairFromSeed(sha256(utf8Encode('bench/issuer')));
const sign = nodeEd25519Signer(issuer.seed, issuer.publicKey);
const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵敏', '黄磊', '周杰', '吴敏'];
const codes: string[] = [];
const messages: { msg: Uint8Array; sig: Uint8Array }[] = [];
for (let i = 0; i < N; i++) {
  const kin = i % 3 === 0;
  const offline = i % 2 === 0;
  const iat = NOW - 60 - (i % 200);
  const c: CodeClaimsInput = {
    kind: kin ? 'kin' : 'personal', mode: offline ? 'offline' : 'live', cid: sha256(utf8Encode(`bench/${i}`)).slice(0, 16), iss: '610100',
    iat, exp: iat + (offline ? 604800 : 300), name: names[i % names.length] ?? '张伟', idNumber: idFor(i), colour: 'green', colourAt: iat,
    guardian: kin ? { maskedName: '张*明', phoneLast4: '1234' } : undefined,
  };
  codes.push(issueCode(c, { kid: issuer.kid, sign }));
  const msg = sigStructure(protectedHeader(issuer.kid), encodeCbor(claimsMap(c)));
  messages.push({ msg, sig: sign(msg) });
}
const dir = mkdtempSync(join(tmpdir(), 'ymt-bench-'));
const codesFile = join(dir, 'codes.txt');
writeFileSync(codesFile, codes.map((c) => `${c}\n`).join(''));
const trustPayload = utf8Encode(JSON.stringify({
  type: 'ymt-trust-list', seq: 1, expiresAt: NOW + 86400 * 30,
  keys: [{ kid: base64urlEncode(issuer.kid), publicKey: base64urlEncode(issuer.publicKey), issuer: '610100', kinds: [1, 2], notBefore: 0, notAfter: NOW + 86400 * 365 }],
}));
const trustEnvelope = { payload: base64urlEncode(trustPayload), signature: base64urlEncode(ed25519Sign(trustPayload, root.secretKey)) };
const trustFile = join(dir, 'trust.json');
writeFileSync(trustFile, JSON.stringify(trustEnvelope));
const rootArg = base64urlEncode(root.publicKey);
const trust = parseTrustList(trustEnvelope, root.publicKey, nodeEd25519Verify);
if (!trust.ok) throw new Error(trust.message);

// Raw signature rate: the floor no verifier can beat.
const key = ed25519PublicKeyObject(issuer.publicKey);
const rawMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  rawMs.push(time(() => {
    for (const m of messages) if (!cryptoVerify(null, m.msg, key, m.sig)) throw new Error('raw verify failed');
  }));
}

// In-process pipeline: verifyCode with the native verify.
const inProcMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  inProcMs.push(time(() => {
    for (const c of codes) if (verifyCode(c, { now: NOW, trustList: trust.list, site: 'testing', verify: nodeEd25519Verify }).reason !== 'OK') throw new Error('bench code not OK');
  }));
}

// The command, end to end, as a site runs it: `ymt verify < codes.txt > results.jsonl`.
const cliMs: number[] = [];
const resultsFile = join(dir, 'results.jsonl');
for (let r = 0; r < RUNS; r++) {
  const input = openSync(codesFile, 'r');
  const output = openSync(resultsFile, 'w');
  cliMs.push(time(() => {
    const p = spawnSync(process.execPath, [bin, 'verify', '--root-key', rootArg, '--trust-list', trustFile, '--now', String(NOW)], {
      stdio: [input, output, 'pipe'], encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(p.stderr);
  }));
  closeSync(input);
  closeSync(output);
  const ok = readFileSync(resultsFile, 'utf8').split('\n').filter((l) => l.includes('"reason":"OK"')).length;
  if (ok !== N) throw new Error(`ymt verify judged ${ok} of ${N} bench codes OK`);
}

// Start-up: one payload, next to a bare Node start.
const startMs: number[] = [];
const nodeMs: number[] = [];
const one = codes[0] ?? '';
for (let r = 0; r < Math.max(RUNS, 9); r++) {
  nodeMs.push(time(() => spawnSync(process.execPath, ['-e', '0'])));
  startMs.push(time(() => {
    const p = spawnSync(process.execPath, [bin, 'verify', '--root-key', rootArg, '--trust-list', trustFile, '--now', String(NOW), one], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(p.stderr);
  }));
}

const rate = (ms: number): number => Math.round((N * 1000) / ms);
const raw = rate(median(rawMs));
const inProc = rate(median(inProcMs));
const cli = rate(median(cliMs));
const result = {
  codes: N,
  runs: RUNS,
  rawNodeEd25519PerSecond: raw,
  verifyCodeInProcessPerSecond: inProc,
  ymtVerifyStdinPerSecond: cli,
  inProcessVsRaw: Number((inProc / raw).toFixed(3)),
  cliVsRaw: Number((cli / raw).toFixed(3)),
  startupMedianMs: Number(median(startMs).toFixed(1)),
  bareNodeStartupMedianMs: Number(median(nodeMs).toFixed(1)),
};
process.stdout.write(`ymt verify benchmark (${N} valid codes, median of ${RUNS} runs)\n`);
process.stdout.write(`  Node native Ed25519 verify (raw, baseline) ${raw.toLocaleString('en')} /s\n`);
process.stdout.write(`  verifyCode in-process                      ${inProc.toLocaleString('en')} /s  (${(result.inProcessVsRaw * 100).toFixed(1)} % of raw)\n`);
process.stdout.write(`  ymt verify, codes on stdin, whole process  ${cli.toLocaleString('en')} /s  (${(result.cliVsRaw * 100).toFixed(1)} % of raw)\n`);
process.stdout.write(`  ymt verify start-up, one code              ${result.startupMedianMs} ms  (bare node -e 0: ${result.bareNodeStartupMedianMs} ms)\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
