/**
 * "Aperçu élève": the assignment as the tablet shows it — the tablet's own components and its
 * own stylesheet, in a frame of exactly 1280×800 or 800×1280 CSS pixels (tablet-frame.tsx)
 * inside a device bezel, scaled down only when the console is narrower than the tablet.
 * Interactive: answers live in this component's memory only — nothing here writes to
 * IndexedDB or calls the sync, so a preview never becomes a submission, before or after
 * publishing. Closing the preview unmounts the frame: a camera or microphone opened in it stops.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Assignment } from '../../protocol/entities.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { useConsole } from './console-context.ts';
import { mediaBlobUrl } from './markdown-view.tsx';
import type { MediaResolver } from '../assignment/assignment-media.tsx';
import { PREVIEW_CSS, TabletAssignment } from './tablet-assignment.tsx';
import { TabletFrame } from './tablet-frame.tsx';
import { useLang } from '../../i18n/use-lang.ts';

type Orientation = 'landscape' | 'portrait';
const SIZES: Record<Orientation, { w: number; h: number }> = { landscape: { w: 1280, h: 800 }, portrait: { w: 800, h: 1280 } };
/** The bezel around the screen (console.css .cc-tablet-frame: border width). */
const BEZEL = 14;

/** `onClose`: the tablet's « ← Retour » closes the preview. */
export function StudentPreview(props: { assignment: Assignment; id?: string; onClose(): void }) {
  const { t } = useConsoleI18n();
  const { api } = useConsole();
  const mediaResolver = useMemo<MediaResolver>(() => (url) => mediaBlobUrl(api, url), [api]);
  const tabletLang = useLang();
  const [orientation, setOrientation] = useState<Orientation>('landscape');
  const [resets, setResets] = useState(0);
  const [scale, setScale] = useState(1);
  const outer = useRef<HTMLDivElement>(null);
  const size = SIZES[orientation];

  useEffect(() => {
    const el = outer.current;
    if (!el) return;
    const fit = () => setScale(Math.min(1, el.clientWidth / (size.w + 2 * BEZEL)));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, [size.w]);

  const words = { who: t('preview.who'), bar: t('preview.bar'), notSent: t('preview.notSent'), close: t('preview.close') };
  return (
    <section id={props.id} class="cc-preview cc-panel" aria-labelledby="cc-preview-title">
      <h2 id="cc-preview-title">{t('preview.title')}</h2>
      <p class="cc-hint">{t('preview.explain')}</p>
      <div class="cc-actions">
        <div class="cc-segmented" role="group" aria-label={t('preview.orientation')}>
          <button type="button" aria-pressed={orientation === 'landscape'} onClick={() => setOrientation('landscape')}>{t('preview.landscape')}</button>
          <button type="button" aria-pressed={orientation === 'portrait'} onClick={() => setOrientation('portrait')}>{t('preview.portrait')}</button>
        </div>
        <button type="button" onClick={() => setResets((n) => n + 1)}>{t('preview.reset')}</button>
        {scale < 1 && <span class="cc-hint">{t('preview.scale', { percent: Math.floor(scale * 100) })}</span>}
      </div>
      <div ref={outer} class="cc-tablet-outer" style={{ height: `${(size.h + 2 * BEZEL) * scale}px` }}>
        <div
          class="cc-tablet-frame"
          data-orientation={orientation}
          role="region"
          aria-label={t('preview.frame')}
          style={{ width: `${size.w}px`, height: `${size.h}px`, transform: `scale(${scale})` }}
        >
          <TabletFrame key={resets} width={size.w} height={size.h} title={t('preview.screen')} lang={tabletLang} extraCss={PREVIEW_CSS}>
            <TabletAssignment assignment={props.assignment} words={words} onClose={props.onClose} mediaResolver={mediaResolver} />
          </TabletFrame>
        </div>
      </div>
    </section>
  );
}
