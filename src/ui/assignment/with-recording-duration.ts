/**
 * A recording with its length written in. Chromium's MediaRecorder writes WebM with no
 * duration (the file is streamed as it is recorded), so a player — the pupil's, the
 * teacher's console's — shows 0:00 or nothing until it has played it to the end. The
 * measured length is written into the file's header (fix-webm-duration, ~3 KB gzip, loaded
 * only when a recording stops) before the recording is stored: the bytes the tablet keeps,
 * hashes and uploads are the fixed ones. Any other format, or a file the fix cannot read,
 * is kept as it is: a recording is never lost for want of a duration.
 */
export async function withRecordingDuration(blob: Blob, durationMs: number): Promise<Blob> {
  if (!/^audio\/webm|^video\/webm/.test(blob.type) || !(durationMs > 0)) return blob;
  try {
    const { default: fixWebmDuration } = await import('fix-webm-duration');
    return await fixWebmDuration(blob, durationMs, { logger: false });
  } catch {
    return blob;
  }
}
