/**
 * Live camera preview (getUserMedia, back camera preferred) with a "Déclencher" button that
 * grabs a full-resolution frame as a JPEG Blob. The stream stops when the panel closes.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface CameraCaptureProps {
  onCapture(blob: Blob): void;
  onCancel(): void;
  /** getUserMedia failed (no camera, permission refused): the caller offers the file input. */
  onUnavailable(): void;
}

export function CameraCapture({ onCapture, onCancel, onUnavailable }: CameraCaptureProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [ready, setReady] = useState(false);
  const stream = useRef<MediaStream | null>(null);

  useEffect(() => {
    let stopped = false;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment', width: { ideal: 4000 }, height: { ideal: 3000 } }, audio: false })
      .then(async (s) => {
        if (stopped) return s.getTracks().forEach((tr) => tr.stop());
        stream.current = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play().catch(() => undefined);
          setReady(true);
        }
      })
      .catch(() => !stopped && onUnavailable());
    return () => {
      stopped = true;
      stream.current?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);

  const capture = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    canvas.toBlob((b) => b && onCapture(b), 'image/jpeg', 0.92);
  };

  return (
    <div class="camera card">
      <video ref={video} muted playsInline aria-label={t('photo.camera')} />
      <div class="row">
        <button type="button" class="primary" onClick={capture} disabled={!ready}>
          {t('photo.capture')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('photo.cancel')}
        </button>
      </div>
    </div>
  );
}
