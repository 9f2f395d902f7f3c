/**
 * Live camera preview (getUserMedia, back camera preferred) with a "Déclencher" button that
 * grabs a full-resolution frame as a JPEG Blob. The stream stops when the panel closes.
 * The camera fills the screen and its buttons sit in a bar of their own at the bottom (or
 * the side, on a tablet held sideways), so « Déclencher » is always in view whatever the
 * tablet's orientation — in the page it once sat below the fold at 1280×800.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n.ts';
import { useModalFocus } from '../common/use-modal-focus.ts';
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
  const shutter = useRef<HTMLButtonElement>(null);
  const layer = useModalFocus<HTMLDivElement>(onCancel);

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

  useEffect(() => {
    if (ready) shutter.current?.focus(); // the keyboard's Enter then takes the photo
  }, [ready]);

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
    <div class="camera" role="dialog" aria-modal="true" aria-label={t('photo.camera')} ref={layer}>
      <video ref={video} muted playsInline aria-hidden="true" />
      <div class="camera-bar">
        <button type="button" class="primary shutter" ref={shutter} onClick={capture} disabled={!ready}>
          {t('photo.capture')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('photo.cancel')}
        </button>
      </div>
    </div>
  );
}
