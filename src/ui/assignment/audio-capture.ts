/**
 * The microphone for oral answers, behind one small interface so the question component
 * does not care which recorder implementation runs (MEDIA's audio-recorder when present).
 */
export interface RecordingSession {
  /** Stops and resolves with the recording. */
  stop(): Promise<Blob>;
  /** Stops and throws the recording away. */
  cancel(): void;
}

export interface RecorderOptions {
  maxDurationSec: number;
  /** 0..1 input level, several times a second (the meter). */
  onLevel?(level: number): void;
  /** Elapsed seconds, once a second. */
  onTick?(seconds: number): void;
  /** The max length was reached: the recording stopped by itself. */
  onAutoStop?(blob: Blob): void;
}

const MIME_CANDIDATES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4'];

/** Starts recording from the microphone (mono, speech bitrate). Rejects when there is no microphone. */
export async function startRecording(opts: RecorderOptions): Promise<RecordingSession> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
  const mimeType = MIME_CANDIDATES.find((m) => MediaRecorder.isTypeSupported(m));
  const rec = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 24_000 });
  const chunks: Blob[] = [];
  rec.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);

  const audioCtx = new AudioContext();
  const analyser = audioCtx.createAnalyser();
  analyser.fftSize = 512;
  audioCtx.createMediaStreamSource(stream).connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  const levelTimer = setInterval(() => {
    analyser.getByteTimeDomainData(samples);
    let peak = 0;
    for (const s of samples) peak = Math.max(peak, Math.abs(s - 128) / 128);
    opts.onLevel?.(peak);
  }, 100);
  const startedAt = Date.now();
  const tick = setInterval(() => opts.onTick?.(Math.floor((Date.now() - startedAt) / 1000)), 250);

  let done: Promise<Blob> | null = null;
  const finish = () => {
    done ??= new Promise<Blob>((resolve) => {
      rec.onstop = () => resolve(new Blob(chunks, { type: rec.mimeType || 'audio/webm' }));
      clearInterval(levelTimer);
      clearInterval(tick);
      clearTimeout(limit);
      if (rec.state !== 'inactive') rec.stop();
      stream.getTracks().forEach((tr) => tr.stop());
      void audioCtx.close();
    });
    return done;
  };
  const limit = setTimeout(() => void finish().then((b) => opts.onAutoStop?.(b)), opts.maxDurationSec * 1000);
  rec.start(1000);
  return {
    stop: finish,
    cancel: () => void finish(),
  };
}
