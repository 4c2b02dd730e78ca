/**
 * The camera check page: a hardware integrator's view of the camera loop
 * (what was read, how long decoding takes, frames dropped), and the page the
 * browser tests drive with a fake camera. Results are also kept on
 * `window.cameraCheck` for those tests.
 */
import { startCameraLoop, type CameraScan } from '../camera/camera-loop.ts';

interface CameraCheckState {
  startedAt: number | null;
  scans: (CameraScan & { at: number })[];
  errors: string[];
  stats: unknown;
}
declare global {
  interface Window {
    cameraCheck: CameraCheckState;
  }
}

const state: CameraCheckState = { startedAt: null, scans: [], errors: [], stats: null };
window.cameraCheck = state;
const el = (id: string): HTMLElement => {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`camera-check.html lacks #${id}`);
  return e;
};

startCameraLoop({
  video: el('video') as HTMLVideoElement,
  createWorker: () => new Worker(new URL('../camera/decode-worker.ts', import.meta.url), { type: 'module' }),
  onScan: (scan) => {
    state.scans.push({ ...scan, at: performance.now() });
    el('last').textContent = scan.symbols.map((s) => `${s.format}: ${s.text.slice(0, 48)}${s.text.length > 48 ? '…' : ''}`).join('\n');
    el('decode').textContent = `${scan.decodeMs.toFixed(1)} ms (${scan.pass ?? '?'}), ${scan.latencyMs.toFixed(1)} ms from frame`;
  },
  onError: (message) => {
    state.errors.push(message);
    el('state').textContent = `错误 Error: ${message}`;
  },
}).then(
  (loop) => {
    state.startedAt = performance.now();
    state.stats = loop.stats;
    el('state').textContent = `运行中 running: ${loop.track.label}`;
    setInterval(() => {
      el('frames').textContent = `${loop.stats.framesSeen} seen, ${loop.stats.framesDecoded} decoded, ${loop.stats.framesDropped} dropped; last decode ${loop.stats.lastDecodeMs.toFixed(1)} ms`;
    }, 500);
  },
  (e: unknown) => {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    state.errors.push(message);
    el('state').textContent = `无法打开摄像头 Cannot open the camera: ${message}`;
  },
);
