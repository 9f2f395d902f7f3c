/**
 * An image full screen — a lesson's picture, the pupil's own photo — to read the small print:
 * « + » / « − » (buttons and keys) zoom, the fingers pinch (touch-action lets the browser
 * zoom), the picture scrolls when larger than the screen, Escape or « Fermer » closes and the
 * focus goes back to the image that opened it. Its alt text is the image's own description.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useModalFocus } from './use-modal-focus.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // its words travel with the work screens

const ZOOMS = [1, 1.5, 2, 3, 4];

/** `overlay`: drawn over the picture at its size and place (the teacher's annotations on a returned photo). */
export function ImageViewer({ src, alt, onClose, overlay }: { src: string; alt: string; onClose(): void; overlay?: ComponentChildren }) {
  const [step, setStep] = useState(0);
  const box = useModalFocus<HTMLDivElement>(onClose);
  const zoom = (by: number) => setStep((s) => Math.min(ZOOMS.length - 1, Math.max(0, s + by)));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '+' || e.key === '=') zoom(1);
      else if (e.key === '-' || e.key === '_') zoom(-1);
    };
    const win = box.current?.ownerDocument.defaultView ?? window; // the console's preview: the frame's window
    win.addEventListener('keydown', onKey);
    return () => win.removeEventListener('keydown', onKey);
  }, []);
  const scale = ZOOMS[step]!;
  return (
    <div class="image-viewer" role="dialog" aria-modal="true" aria-label={alt || t('image.viewer')} ref={box}>
      <div class="image-viewer-bar">
        <button type="button" onClick={() => zoom(-1)} disabled={step === 0} aria-label={t('image.zoomOut')}>−</button>
        <button type="button" onClick={() => zoom(1)} disabled={step === ZOOMS.length - 1} aria-label={t('image.zoomIn')}>+</button>
        <button type="button" class="primary" onClick={onClose}>{t('image.close')}</button>
      </div>
      <div class="image-viewer-stage" tabIndex={0} role="region" aria-label={alt || t('image.viewer')}>
        {overlay ? (
          <span class="image-viewer-frame" style={{ width: `${scale * 100}%`, height: scale === 1 ? '100%' : 'auto' }}>
            <img src={src} alt={alt} data-zoom={scale} style={{ width: '100%', height: scale === 1 ? '100%' : 'auto' }} />
            {overlay}
          </span>
        ) : (
          <img src={src} alt={alt} data-zoom={scale} style={{ width: `${scale * 100}%`, height: scale === 1 ? '100%' : 'auto' }} />
        )}
      </div>
    </div>
  );
}
