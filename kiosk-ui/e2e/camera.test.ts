/**
 * The camera loop in a real browser: Debian's Chromium plays a generated
 * .y4m clip as its camera (a phone showing a real signed code slides into
 * view), the page runs the same camera loop, worker and decoder as the kiosk,
 * under the kiosk's CSP, and must read the code.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraVideo, type CameraVideo } from '@ymt/fixtures/degrade/y4m';
import { serveUi } from '../../app/src/server/ui-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '../dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAYLOAD = 'YMT1:RRQT 9P60GO0UMAC/I%SK4WM8CKH9BW50IB0%I0Q6IB8VIYUC79WI13BM:*47I81P0D%67466461T0LGD**0WY0LGD*/0%*0541180DCT%UHJEM$6T*.HXJE$96%96AL6NA7QW69L6:/6QF6L97SLK200BF3DNNFD0578KCIVPI1LG.*0JDH.RQ00HD+MTTN3GGRJV78UI5J 2A+V0JQOT1RCXEZ4V8KQ*E3J78/FU-IS$HTI2L7CRM1GT$68*4NBIA0';

interface CheckState { scans: Scan[]; errors: string[]; stats: unknown }
/** What the camera check page keeps on its global object. */

interface Scan { symbols: { text: string; format: string }[]; decodeMs: number; latencyMs: number; frameNumber: number | null; at: number }

describe('the camera loop in Chromium with a fake camera', () => {
  let tmp: string;
  let video: CameraVideo;
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof serveUi>>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(dist, 'camera-check.html'))) throw new Error('kiosk-ui/dist is missing: run `npm run build` first');
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run \`npm run setup\` (it installs Debian's chromium)`);
    tmp = mkdtempSync(join(tmpdir(), 'camera-e2e-'));
    video = cameraVideo(join(tmp, 'camera.y4m'), PAYLOAD, { carrier: 'phone', width: 640, height: 480, fps: 15, seconds: 3, emptySeconds: 1, seed: 'camera-e2e' });
    server = await serveUi(dist);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video.file}`,
      ],
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the code under the kiosk CSP, decoding in the worker, and reports how fast', async () => {
    await page.goto(`${server.url}/camera-check.html`);
    // The 3 s clip loops: let the code be shown four times.
    await page.waitForFunction(() => {
      const c = (globalThis as unknown as { cameraCheck?: CheckState }).cameraCheck;
      return c !== undefined && (c.scans.length >= 3 || c.errors.length > 0);
    }, undefined, { timeout: 30_000 });
    await page.waitForTimeout(10_000);
    const state = await page.evaluate(() => {
      const c = (globalThis as unknown as { cameraCheck: CheckState }).cameraCheck;
      return { scans: c.scans, errors: c.errors, stats: c.stats };
    });
    expect(state.errors).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
    expect(state.scans.length).toBeGreaterThan(0);
    for (const s of state.scans) expect(s.symbols.map((x) => x.text)).toEqual([PAYLOAD]);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const median = (xs: number[]) => {
      const s = sorted(xs);
      const m = s.length >> 1;
      return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
    };
    const latency = median(state.scans.map((s) => s.latencyMs));
    const decode = median(state.scans.map((s) => s.decodeMs));
    // Per pass of the clip: from the frame where the whole code is in view to the first frame read.
    const firstReadByPass = new Map<number, number>();
    for (const s of state.scans) {
      if (s.frameNumber === null) continue;
      const pass = Math.floor((s.frameNumber - 1) / video.frames);
      const frame = (s.frameNumber - 1) % video.frames;
      firstReadByPass.set(pass, Math.min(firstReadByPass.get(pass) ?? Infinity, frame));
    }
    // presentedFrames drifts from the clip's own frame count when the browser drops or repeats a frame, so a
    // pass whose first read maps before the code appeared (impossible) is left out of the figure.
    const shownToRead = [...firstReadByPass.values()].map((f) => ((f - video.codeVisibleFrame) * 1000) / video.fps + latency).filter((ms) => ms >= 0);
    console.log(
      `camera loop: ${state.scans.length} reads over ${firstReadByPass.size} passes of the clip; median ${decode.toFixed(1)} ms decode in the worker, ` +
        `${latency.toFixed(1)} ms from frame capture to result; from the code fully in view (still moving) to its result: ` +
        `${shownToRead.map((x) => x.toFixed(0)).join(', ')} ms (median ${median(shownToRead).toFixed(0)} ms); stats ${JSON.stringify(state.stats)}`,
    );
  }, 90_000);
});
