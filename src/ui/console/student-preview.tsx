/**
 * "Aperçu élève": the assignment rendered by the tablet's own components in a tablet-sized
 * frame (1280×800 or 800×1280, scaled down to fit), interactive. Answers live in this
 * component's memory only: nothing here writes to IndexedDB or calls the sync, so a
 * preview never becomes a submission — before or after publishing.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Assignment } from '../../protocol/entities.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { TabletAssignment } from './tablet-assignment.tsx';

type Orientation = 'landscape' | 'portrait';
const SIZES: Record<Orientation, { w: number; h: number }> = { landscape: { w: 1280, h: 800 }, portrait: { w: 800, h: 1280 } };

export function StudentPreview(props: { assignment: Assignment; id?: string }) {
  const { t } = useConsoleI18n();
  const [orientation, setOrientation] = useState<Orientation>('landscape');
  const [resets, setResets] = useState(0);
  const [scale, setScale] = useState(1);
  const outer = useRef<HTMLDivElement>(null);
  const size = SIZES[orientation];

  useEffect(() => {
    const el = outer.current;
    if (!el) return;
    const fit = () => setScale(Math.min(1, el.clientWidth / size.w));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, [size.w]);

  return (
    <section id={props.id} class="cc-preview" aria-labelledby="cc-preview-title">
      <h2 id="cc-preview-title">{t('preview.title')}</h2>
      <p class="cc-hint">{t('preview.explain')}</p>
      <div class="cc-actions" role="group" aria-label={t('preview.orientation')}>
        <button type="button" aria-pressed={orientation === 'landscape'} onClick={() => setOrientation('landscape')}>{t('preview.landscape')}</button>
        <button type="button" aria-pressed={orientation === 'portrait'} onClick={() => setOrientation('portrait')}>{t('preview.portrait')}</button>
        <button type="button" onClick={() => setResets((n) => n + 1)}>{t('preview.reset')}</button>
      </div>
      <div ref={outer} class="cc-tablet-outer" style={{ height: `${size.h * scale}px` }}>
        <div
          class="cc-tablet-frame"
          data-orientation={orientation}
          role="region"
          aria-label={t('preview.frame')}
          style={{ width: `${size.w}px`, height: `${size.h}px`, transform: `scale(${scale})` }}
        >
          <TabletAssignment key={resets} assignment={props.assignment} />
        </div>
      </div>
    </section>
  );
}
