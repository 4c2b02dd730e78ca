/** `kiosk lists install|status|fetch`: trust and status lists. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../../kiosk/config.js';
import { openKiosk } from '../../kiosk/data-dir.js';
import { fetchLists } from '../../kiosk/list-fetch.js';
import { installList, listHealth } from '../../kiosk/lists.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk lists install --data-dir DIR FILE ...
       kiosk lists status  --data-dir DIR [--json]
       kiosk lists fetch   --data-dir DIR

install  installs signed trust and status list files (told apart by their
         signed type). Each file is installed or refused on its own: refused
         when the root signature fails, the type or structure is wrong, or its
         seq is not newer than the installed list's. The installed list stays.
         Exits 1 if any file was refused, naming it and the reason.
status   how old the lists are, and whether the trust list expires soon.
fetch    fetches both lists from the configured server (server-url) and
         installs them by the same rules.
`;

export async function runLists(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || verb === undefined || verb === '--help' || verb === '-h') {
    process.stdout.write(help);
    return verb === undefined ? 2 : 0;
  }
  const dataDir = dataDirFrom(values['data-dir']);
  const now = Math.floor(Date.now() / 1000);
  switch (verb) {
    case 'install': {
      if (positionals.length === 0) throw new KioskUsageError('give one or more list files to install');
      const db = openKiosk(dataDir);
      let refused = 0;
      try {
        for (const file of positionals) {
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (e) {
            refused++;
            process.stderr.write(`${file}: refused: cannot read it (${(e as Error).message})\n`);
            continue;
          }
          const r = installList(db, text, { source: file, actor: 'cli', now });
          if (r.installed) process.stdout.write(`${file}: installed ${r.type} seq ${r.seq}${r.replacedSeq === null ? '' : ` (replaces seq ${r.replacedSeq})`}\n`);
          else {
            refused++;
            process.stderr.write(`${file}: refused (${r.reason}): ${r.message}\n`);
          }
        }
      } finally {
        db.close();
      }
      return refused > 0 ? 1 : 0;
    }
    case 'status': {
      const db = openKiosk(dataDir);
      try {
        const h = listHealth(db, now, Number(readConfig(db)['trust-warn-days']));
        if (values.json) process.stdout.write(`${JSON.stringify(h)}\n`);
        else {
          const days = (s: number): string => `${(s / 86400).toFixed(1)} days`;
          process.stdout.write(
            h.trust === null
              ? '信任列表 Trust list: none installed — codes cannot be verified\n'
              : `信任列表 Trust list: seq ${h.trust.seq}, expires in ${days(h.trust.secondsToExpiry)}${h.trust.warning === null ? '' : `  ** ${h.trust.warning === 'expired' ? '已过期 EXPIRED' : '即将过期 expiring soon'} **`}\n`,
          );
          process.stdout.write(h.status === null ? '状态列表 Status list: none installed\n' : `状态列表 Status list: seq ${h.status.seq}, ${days(h.status.ageSeconds)} old\n`);
        }
      } finally {
        db.close();
      }
      return 0;
    }
    case 'fetch': {
      const db = openKiosk(dataDir);
      try {
        const results = await fetchLists(db, { now, fetch: globalThis.fetch });
        let failed = 0;
        for (const r of results) {
          if (r.outcome.installed) process.stdout.write(`${r.url}: installed seq ${r.outcome.seq}\n`);
          else {
            if (r.outcome.reason !== 'NOT_NEWER') failed++;
            process.stderr.write(`${r.url}: ${r.outcome.reason === 'NOT_NEWER' ? 'already up to date' : `refused (${r.outcome.reason})`}: ${r.outcome.message}\n`);
          }
        }
        return failed > 0 ? 1 : 0;
      } finally {
        db.close();
      }
    }
    default:
      throw new KioskUsageError(`unknown lists command ${JSON.stringify(verb)}; expected install, status or fetch`);
  }
}
