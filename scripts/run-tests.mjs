// Runs vitest and ends with the plain closing line CI reads:
// "N passed, N failed, N skipped". Exits with vitest's code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'vitest-')), 'results.json');
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let summary = 'no test results were written';
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  // A test file that fails to load has no test results of its own: count it as one failure.
  const brokenFiles = j.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  summary = `${j.numPassedTests} passed, ${j.numFailedTests + brokenFiles} failed, ${j.numPendingTests + j.numTodoTests} skipped`;
  if (j.numTotalTests === 0) r.status = r.status || 1;
} catch {
  r.status = r.status || 1;
}
console.log(summary);
process.exit(r.status ?? 1);
