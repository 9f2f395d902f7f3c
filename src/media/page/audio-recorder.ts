/**
 * Records a student's oral answer on the page: MediaRecorder, Opus in WebM, mono, 24 kbps
 * (the browser default is ~128 kbps: always set it — a minute is then ~180 KB, not ~1 MB),
 * stopped automatically at the question's maximum length, with a level meter (AnalyserNode)
 * so the student sees the microphone hears them, and a playback URL before submitting.
 * The microphone goes through an AudioContext mixed down to one channel, so the file is
 * mono whatever the device gives.
 */
export const AUDIO_BITS_PER_SECOND = 24_000;
/** Preferred first; the first one the browser can record is used. */
export const AUDIO_MIME_CANDIDATES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4;codecs=opus', 'audio/mp4'];

export interface RecordingResult {
  blob: Blob;
  /** The container and codec actually recorded (e.g. audio/webm;codecs=opus). */
  mime: string;
  durationMs: number;
  /** True when the maximum length stopped it. */
  reachedMax: boolean;
}

export interface AudioRecorderOptions {
  maxDurationSec: number;
  /** Level 0–1, about 20 times a second, while recording. */
  onLevel?(level: number): void;
  /** Called when the maximum length stopped the recording (the result is ready). */
  onMaxReached?(result: RecordingResult): void;
}

/** The recording format this browser supports, or null when it cannot record audio. */
export function supportedAudioMime(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return AUDIO_MIME_CANDIDATES.find((m) => MediaRecorder.isTypeSupported(m)) ?? null;
}

/** One recording session: start(), then stop() (or cancel()). */
export class AudioRecorder {
  private stream: MediaStream | null = null;
  private audio: AudioContext | null = null;
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];
  private startedAt = 0;
  private maxTimer: ReturnType<typeof setTimeout> | undefined;
  private levelTimer: ReturnType<typeof setInterval> | undefined;
  private done: Promise<RecordingResult> | null = null;
  private reachedMax = false;

  constructor(private readonly options: AudioRecorderOptions) {}

  get recording(): boolean {
    return this.recorder?.state === 'recording';
  }

  /** Asks for the microphone and starts recording. Rejects (NotAllowedError…) when refused. */
  async start(): Promise<void> {
    const mime = supportedAudioMime();
    if (!mime) throw new DOMException('This tablet cannot record audio.', 'NotSupportedError');
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    this.audio = new AudioContext();
    const source = this.audio.createMediaStreamSource(this.stream);
    const mono = this.audio.createMediaStreamDestination();
    mono.channelCount = 1;
    mono.channelCountMode = 'explicit';
    mono.channelInterpretation = 'speakers';
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    source.connect(mono);

    this.recorder = new MediaRecorder(mono.stream, { mimeType: mime, audioBitsPerSecond: AUDIO_BITS_PER_SECOND });
    this.chunks = [];
    const recorder = this.recorder;
    this.done = new Promise<RecordingResult>((resolve, reject) => {
      recorder.ondataavailable = (e) => e.data.size > 0 && this.chunks.push(e.data);
      recorder.onerror = () => reject(new DOMException('The recording stopped unexpectedly.', 'OperationError'));
      recorder.onstop = () => {
        const result: RecordingResult = {
          blob: new Blob(this.chunks, { type: recorder.mimeType || mime }),
          mime: recorder.mimeType || mime,
          durationMs: Math.round(performance.now() - this.startedAt),
          reachedMax: this.reachedMax,
        };
        this.release();
        resolve(result);
      };
    });
    // A timeslice keeps memory flat and loses at most a second if the page dies.
    recorder.start(1000);
    this.startedAt = performance.now();
    this.maxTimer = setTimeout(() => void this.stopAtMax(), this.options.maxDurationSec * 1000);
    const samples = new Float32Array(analyser.fftSize);
    this.levelTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS scaled so normal speech fills most of the meter.
      this.options.onLevel?.(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    }, 50);
  }

  /** Stops and returns the recording. */
  async stop(): Promise<RecordingResult> {
    if (!this.recorder || !this.done) throw new DOMException('Nothing is being recorded.', 'InvalidStateError');
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    return this.done;
  }

  /** Stops and throws the recording away. */
  cancel(): void {
    if (this.recorder && this.recorder.state !== 'inactive') {
      this.recorder.onstop = () => this.release();
      this.recorder.stop();
    } else this.release();
  }

  private async stopAtMax() {
    this.reachedMax = true;
    const result = await this.stop();
    this.options.onMaxReached?.(result);
  }

  private release() {
    clearTimeout(this.maxTimer);
    clearInterval(this.levelTimer);
    this.stream?.getTracks().forEach((t) => t.stop());
    void this.audio?.close();
    this.stream = null;
    this.audio = null;
  }
}

/** A URL to play a recording back before submitting; call `revoke()` when done. */
export function playbackUrl(blob: Blob): { url: string; revoke(): void } {
  const url = URL.createObjectURL(blob);
  return { url, revoke: () => URL.revokeObjectURL(url) };
}
