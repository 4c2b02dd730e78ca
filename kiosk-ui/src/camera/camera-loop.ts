/**
 * The camera loop: frames from getUserMedia, decoded in a Web Worker so the
 * screen never stutters. One decode is in flight at a time; frames that
 * arrive meanwhile are dropped, and the next decode always takes the newest
 * frame, so a slow decode never builds a queue of stale frames.
 */
import type { DecodedSymbol, SymbolFormat } from '@ymt/verifier-core/decode';
import type { DecodeRequest, DecodeResponse } from './decode-messages.ts';

export interface CameraScan {
  readonly symbols: readonly DecodedSymbol[];
  /** Decode time in the worker. */
  readonly decodeMs: number;
  /** From the frame's capture to the result on this thread. */
  readonly latencyMs: number;
  readonly pass: string | null;
  /** The camera frame's number (requestVideoFrameCallback's presentedFrames), when the browser reports it. */
  readonly frameNumber: number | null;
}

export interface CameraLoopStats {
  framesSeen: number;
  framesDecoded: number;
  framesDropped: number;
  lastDecodeMs: number;
}

export interface CameraLoopOptions {
  readonly video: HTMLVideoElement;
  /** Makes the decode worker (injected so tests and pages choose how it is bundled). */
  readonly createWorker: () => Worker;
  readonly onScan: (scan: CameraScan) => void;
  readonly onError?: (message: string) => void;
  /** Per-frame decode budget in ms (default 80). */
  readonly budgetMs?: number;
  readonly formats?: readonly SymbolFormat[];
  /** An explicit camera, e.g. from a diagnostics screen; otherwise the rear/environment camera is preferred. */
  readonly deviceId?: string;
}

export interface CameraLoop {
  readonly stats: CameraLoopStats;
  readonly track: MediaStreamTrack;
  stop(): void;
}

/** 1280x720 preferred, rear (environment) camera when there is a choice. */
export function cameraConstraints(deviceId?: string): MediaStreamConstraints {
  return {
    audio: false,
    video: {
      width: { ideal: 1280 },
      height: { ideal: 720 },
      ...(deviceId !== undefined ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
    },
  };
}

/** Turns on continuous autofocus where the camera offers it (not every browser types focusMode). */
export async function preferContinuousFocus(track: MediaStreamTrack): Promise<boolean> {
  const caps = (typeof track.getCapabilities === 'function' ? track.getCapabilities() : {}) as { focusMode?: string[] };
  if (!caps.focusMode?.includes('continuous')) return false;
  try {
    await track.applyConstraints({ advanced: [{ focusMode: 'continuous' } as MediaTrackConstraintSet] });
    return true;
  } catch {
    return false;
  }
}

export async function startCameraLoop(opts: CameraLoopOptions): Promise<CameraLoop> {
  const stream = await navigator.mediaDevices.getUserMedia(cameraConstraints(opts.deviceId));
  const track = stream.getVideoTracks()[0];
  if (track === undefined) throw new Error('the camera gave no video track');
  await preferContinuousFocus(track);
  const video = opts.video;
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();

  const worker = opts.createWorker();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) throw new Error('no 2D canvas context for reading camera frames');
  const stats: CameraLoopStats = { framesSeen: 0, framesDecoded: 0, framesDropped: 0, lastDecodeMs: 0 };
  let stopped = false;
  let inFlight: { id: number; capturedAt: number; frameNumber: number | null } | null = null;
  let nextId = 1;
  let workerReady = false;

  worker.onmessage = (e: MessageEvent<DecodeResponse>) => {
    const msg = e.data;
    switch (msg.type) {
      case 'ready':
        workerReady = true;
        return;
      case 'failed':
        inFlight = null;
        opts.onError?.(msg.message);
        return;
      case 'result': {
        const sent = inFlight;
        inFlight = null;
        stats.framesDecoded++;
        stats.lastDecodeMs = msg.ms;
        if (msg.symbols.length > 0 && sent !== null && sent.id === msg.id && !stopped) {
          opts.onScan({ symbols: msg.symbols, decodeMs: msg.ms, latencyMs: performance.now() - sent.capturedAt, pass: msg.pass, frameNumber: sent.frameNumber });
        }
        return;
      }
    }
  };
  worker.onerror = (e) => opts.onError?.(`decode worker failed: ${e.message}`);

  const onFrame = (_now?: number, meta?: VideoFrameCallbackMetadata): void => {
    if (stopped) return;
    schedule();
    stats.framesSeen++;
    if (!workerReady || inFlight !== null || video.videoWidth === 0) {
      stats.framesDropped++;
      return;
    }
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const capturedAt = performance.now();
    ctx.drawImage(video, 0, 0, w, h);
    const pixels = ctx.getImageData(0, 0, w, h).data.buffer;
    const id = nextId++;
    inFlight = { id, capturedAt, frameNumber: meta?.presentedFrames ?? null };
    const req: DecodeRequest = { id, width: w, height: h, pixels, budgetMs: opts.budgetMs ?? 80, formats: opts.formats ?? ['QRCode', 'Code128'] };
    worker.postMessage(req, [pixels]);
  };
  // requestVideoFrameCallback fires once per new camera frame; requestAnimationFrame is the fallback.
  const schedule = (): void => {
    if (stopped) return;
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(onFrame);
    else requestAnimationFrame(() => onFrame());
  };
  schedule();

  return {
    stats,
    track,
    stop(): void {
      stopped = true;
      worker.terminate();
      for (const t of stream.getTracks()) t.stop();
      video.srcObject = null;
    },
  };
}
