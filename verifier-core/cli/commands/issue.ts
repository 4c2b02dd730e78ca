/** `ymt issue`: issue a code as the authority would, as text and optionally a PNG (plain QR or printable offline card). */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  base64urlDecode,
  checkResidentId,
  cstDateOf,
  ageOn,
  issueCode,
  maskResidentId,
  MAX_LIVE_SECONDS,
  MAX_OFFLINE_SECONDS,
  type CodeClaimsInput,
} from '../../src/index.js';
import { UsageError, parseInstant, parseWholeNumber } from '../cli-error.js';
import { readSecretKeyFile } from '../key-file.js';
import { nodeEd25519Signer } from '../node-ed25519.js';

const help = `usage: ymt issue --key FILE --name NAME --id ID_NUMBER [options]

Issues a YMT1 code signed with an issuer key (from \`ymt keygen\`) and prints
its QR text. With --png, also writes an image: a plain QR (error correction M)
for a live code, or a printable card (QR at level Q, name, generation time and
expiry in large type) for an offline code.

  --key FILE               issuer secret key file
  --name NAME              holder's name (1-64 characters)
  --id ID_NUMBER           18-character resident ID number
  --kind personal|kin      default personal
  --mode live|offline      default live
  --color green|yellow|red default green
  --guardian-name NAME     kin codes: guardian's masked name, e.g. 张*明
  --guardian-phone DDDD    kin codes: last 4 digits of the guardian's phone
  --iss REGION             6-digit issuing region (default 610100)
  --iat TIME               issued at, Unix seconds or ISO 8601 (default now)
  --valid SECONDS          validity span (default 300 live, 604800 offline)
  --color-at TIME          when the colour was computed (default --iat)
  --cid B64URL|HEX         16-byte code id (default random)
  --tag18                  wrap the COSE_Sign1 in CBOR tag 18
  --png FILE               also write a PNG
  --unchecked              skip the ID-number, age and span checks (to make
                           codes that kiosks must reject, for acceptance tests)
`;

function parseCid(v: string): Uint8Array {
  if (/^[0-9a-fA-F]{32}$/.test(v)) return Uint8Array.from(v.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
  const b = base64urlDecode(v);
  if (b === null || b.length !== 16) throw new UsageError('--cid: expected 16 bytes as 32 hex digits or base64url');
  return b;
}

export async function runIssue(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      key: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      kind: { type: 'string', default: 'personal' },
      mode: { type: 'string', default: 'live' },
      color: { type: 'string', default: 'green' },
      'guardian-name': { type: 'string' },
      'guardian-phone': { type: 'string' },
      iss: { type: 'string', default: '610100' },
      iat: { type: 'string' },
      valid: { type: 'string' },
      'color-at': { type: 'string' },
      cid: { type: 'string' },
      tag18: { type: 'boolean', default: false },
      png: { type: 'string' },
      unchecked: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (values.key === undefined) throw new UsageError('--key FILE is required (an issuer key from `ymt keygen`)');
  if (values.name === undefined) throw new UsageError('--name is required');
  if (values.id === undefined) throw new UsageError('--id is required');
  const kind = values.kind;
  if (kind !== 'personal' && kind !== 'kin') throw new UsageError(`--kind: expected personal or kin, got ${JSON.stringify(kind)}`);
  const mode = values.mode;
  if (mode !== 'live' && mode !== 'offline') throw new UsageError(`--mode: expected live or offline, got ${JSON.stringify(mode)}`);
  const colour = values.color;
  if (colour !== 'green' && colour !== 'yellow' && colour !== 'red') {
    throw new UsageError(`--color: expected green, yellow or red, got ${JSON.stringify(colour)}`);
  }
  if (!/^[0-9]{6}$/.test(values.iss)) throw new UsageError('--iss: expected a 6-digit region code');
  const nameLength = [...values.name].length;
  if (nameLength < 1 || nameLength > 64) throw new UsageError('--name: expected 1 to 64 characters');
  const iat = values.iat === undefined ? Math.floor(Date.now() / 1000) : parseInstant(values.iat, '--iat');
  const valid = values.valid === undefined ? (mode === 'live' ? MAX_LIVE_SECONDS : MAX_OFFLINE_SECONDS) : parseWholeNumber(values.valid, '--valid');
  const colourAt = values['color-at'] === undefined ? iat : parseInstant(values['color-at'], '--color-at');
  let guardian: CodeClaimsInput['guardian'];
  if (kind === 'kin') {
    const gName = values['guardian-name'];
    const gPhone = values['guardian-phone'];
    if (gName === undefined || gPhone === undefined) throw new UsageError('a kin code needs --guardian-name and --guardian-phone');
    if (!/^[0-9]{4}$/.test(gPhone)) throw new UsageError('--guardian-phone: expected the last 4 digits of the phone number');
    guardian = { maskedName: gName, phoneLast4: gPhone };
  }
  let idNumber = values.id;
  if (!values.unchecked) {
    const id = checkResidentId(values.id, cstDateOf(iat));
    if (!id.ok) throw new UsageError(`--id: the resident ID number ${id.problem} (use --unchecked to issue it anyway)`);
    idNumber = id.id;
    const age = ageOn(id.birthDate, cstDateOf(iat));
    if (kind === 'kin' && age >= 17 && age <= 59) throw new UsageError(`--id: a kin code is for ages 0-16 and 60+, this person is ${age} (use --unchecked to issue it anyway)`);
    const max = mode === 'live' ? MAX_LIVE_SECONDS : MAX_OFFLINE_SECONDS;
    if (valid < 1 || valid > max) throw new UsageError(`--valid: a ${mode} code is valid for 1 to ${max} seconds`);
  }
  const cid = values.cid === undefined ? new Uint8Array(randomBytes(16)) : parseCid(values.cid);
  const kp = readSecretKeyFile(values.key);
  const claims: CodeClaimsInput = {
    kind, mode, cid, iss: values.iss, iat, exp: iat + valid, name: values.name, idNumber, colour, colourAt, guardian,
  };
  const text = issueCode(claims, { kid: kp.kid, sign: nodeEd25519Signer(kp.seed, kp.publicKey) }, { tag18: values.tag18 });
  if (values.png !== undefined) {
    const render = await import('../render/code-png.js');
    const png =
      mode === 'live'
        ? render.renderQrPng(text, { ecLevel: 'M' })
        : render.renderOfflineCardPng(text, {
            name: values.name, idMasked: maskResidentId(idNumber), kind, colour, issuedAt: iat, expiresAt: iat + valid, issuer: values.iss, guardian: guardian ?? null,
          });
    try {
      writeFileSync(values.png, png);
    } catch (e) {
      throw new UsageError(`cannot write ${values.png}: ${(e as Error).message}`);
    }
  }
  process.stdout.write(`${text}\n`);
  return 0;
}
