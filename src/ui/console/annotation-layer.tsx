/**
 * Annotating a pupil's photo at the marking desk (issue 13): the tools (pen, circle, tick ✓,
 * cross ✗, text; red, green or blue; undo, erase all), the drawing surface over the photo, and
 * the layer's saving. Each finished mark saves the whole layer at once (one request at a time,
 * the newest layer last), so « Rendre la copie » right after the last mark finds it saved; the
 * server keeps the layer apart from the photo's bytes (server/content/annotation-service.ts).
 */
import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { AnnotationColour, AnnotationMark, PhotoAnnotations } from '../../protocol/annotations.ts';
import { MAX_ANNOTATION_TEXT, MAX_MARKS } from '../../protocol/annotations.ts';
import { MarkShape, LAYER_WIDTH } from '../common/annotation-svg.tsx';
import type { LayerContext } from './photo-viewer.tsx';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';

export type AnnotationTool = 'move' | 'pen' | 'circle' | 'tick' | 'cross' | 'text';
const TOOLS: AnnotationTool[] = ['move', 'pen', 'circle', 'tick', 'cross', 'text'];
const COLOURS: AnnotationColour[] = ['red', 'green', 'blue'];
const TOOL_ICON: Record<AnnotationTool, string> = { move: '', pen: '✎', circle: '◯', tick: '', cross: '', text: 'T' };

/** Four decimals: a tenth of a pixel on a 1600 px photo, and a layer a third the size. */
const round = (n: number) => Math.round(n * 10000) / 10000;

export type SaveState = { kind: 'saved' } | { kind: 'saving' } | { kind: 'failed'; error: string };

/** The layer being edited: its marks, undo, and the saving (whole layer, newest last). */
export function useAnnotationLayer(submissionId: string, attachmentId: string, initial: PhotoAnnotations | undefined) {
  const { api } = useConsole();
  const { te } = useConsoleI18n();
  const [marks, setMarks] = useState<AnnotationMark[]>(initial?.marks ?? []);
  const [returned, setReturned] = useState<boolean | null>(initial ? initial.returned ?? false : null);
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const history = useRef<AnnotationMark[][]>([]);
  const queue = useRef<{ busy: boolean; next: AnnotationMark[] | null }>({ busy: false, next: null });

  const send = async (layer: AnnotationMark[]) => {
    const q = queue.current;
    q.next = layer;
    if (q.busy) return;
    q.busy = true;
    setSave({ kind: 'saving' });
    try {
      while (q.next) {
        const body = q.next;
        q.next = null;
        const saved = await api.saveAnnotations(submissionId, attachmentId, body);
        setReturned(saved.returned ?? false);
      }
      setSave({ kind: 'saved' });
    } catch (e) {
      setSave({ kind: 'failed', error: te(e) });
    } finally {
      q.busy = false;
    }
  };
  const change = (next: AnnotationMark[]) => {
    history.current.push(marks);
    setMarks(next);
    void send(next);
  };
  return {
    marks,
    save,
    returned,
    canUndo: history.current.length > 0,
    add: (m: AnnotationMark) => marks.length < MAX_MARKS && change([...marks, m]),
    clear: () => marks.length > 0 && change([]),
    undo: () => {
      const prev = history.current.pop();
      if (!prev) return;
      setMarks(prev);
      void send(prev);
    },
    retry: () => void send(marks),
  };
}

export interface ToolState {
  tool: AnnotationTool;
  colour: AnnotationColour;
  text: string;
}

/** The mark a tool puts at one point (stamps and text), or null for the drawing tools. */
export function pointMark(s: ToolState, at: { x: number; y: number }): AnnotationMark | null {
  const x = round(at.x);
  const y = round(at.y);
  if (s.tool === 'tick' || s.tool === 'cross') return { kind: s.tool, colour: s.colour, x, y };
  if (s.tool === 'text' && s.text.trim()) return { kind: 'text', colour: s.colour, x, y, text: s.text.trim().slice(0, MAX_ANNOTATION_TEXT) };
  return null;
}

/** The drawing surface over the photo: shows the layer, and while a tool is chosen, turns drags and clicks into marks. */
export function AnnotationSurface(props: { ctx: LayerContext; marks: readonly AnnotationMark[]; tools: ToolState; onMark(m: AnnotationMark): void }) {
  const { ctx, tools } = props;
  const [draft, setDraft] = useState<AnnotationMark | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const drawing = tools.tool !== 'move';

  const down = (e: PointerEvent) => {
    if (!drawing || e.button !== 0) return;
    const p = ctx.toPhoto(e.clientX, e.clientY);
    if (!p) return;
    e.preventDefault();
    e.stopPropagation();
    const stamp = pointMark(tools, p);
    if (stamp) return props.onMark(stamp);
    (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
    start.current = p;
    if (tools.tool === 'pen') setDraft({ kind: 'pen', colour: tools.colour, points: [round(p.x), round(p.y)] });
    if (tools.tool === 'circle') setDraft({ kind: 'circle', colour: tools.colour, cx: round(p.x), cy: round(p.y), rx: 0, ry: 0 });
  };
  const move = (e: PointerEvent) => {
    if (!draft || !start.current) return;
    const p = ctx.toPhoto(e.clientX, e.clientY, true);
    if (!p) return;
    if (draft.kind === 'pen') {
      const n = draft.points.length;
      // A new point only when the pen moved (a still hand adds nothing), and never past the schema's cap.
      if (Math.hypot(p.x - draft.points[n - 2]!, p.y - draft.points[n - 1]!) < 0.002 || n >= 4000) return;
      setDraft({ ...draft, points: [...draft.points, round(p.x), round(p.y)] });
    } else if (draft.kind === 'circle') {
      const s = start.current;
      setDraft({ ...draft, cx: round((s.x + p.x) / 2), cy: round((s.y + p.y) / 2), rx: round(Math.abs(p.x - s.x) / 2), ry: round(Math.abs(p.y - s.y) / 2) });
    }
  };
  const up = () => {
    const d = draft;
    setDraft(null);
    start.current = null;
    if (!d) return;
    if (d.kind === 'circle' && (d.rx < 0.005 || d.ry < 0.005)) return; // a click, not a circle
    props.onMark(d);
  };

  const height = LAYER_WIDTH * ctx.aspect;
  return (
    <svg
      class={`cc-annotation-surface${drawing ? ' cc-active' : ''}`}
      viewBox={`0 0 ${LAYER_WIDTH} ${height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      data-marks={props.marks.length}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
    >
      {props.marks.map((m, i) => <MarkShape key={i} mark={m} height={height} />)}
      {draft && <MarkShape mark={draft} height={height} />}
    </svg>
  );
}

/** The tool bar: tools (one pressed), colours, the text to place, undo, erase all, and how saving goes. */
export function AnnotationTools(props: {
  label: string;
  tools: ToolState;
  onTools(t: ToolState): void;
  layer: ReturnType<typeof useAnnotationLayer>;
}): JSX.Element {
  const { t } = useConsoleI18n();
  const { tools, layer, label } = props;
  const set = (patch: Partial<ToolState>) => props.onTools({ ...tools, ...patch });
  const textId = `annot-text-${label.replace(/\W+/g, '-')}`;
  const hint = { move: 'annot.moveHint', pen: 'annot.penHint', circle: 'annot.circleHint', tick: 'annot.stampHint', cross: 'annot.stampHint', text: 'annot.textHint' } as const;
  return (
    <div class="cc-annotation-tools">
      <div class="cc-actions cc-photo-tools" role="group" aria-label={t('annot.tools', { label })}>
        {TOOLS.map((tool) => (
          <button key={tool} type="button" aria-pressed={tools.tool === tool} onClick={() => set({ tool })} class={`cc-tool cc-tool-${tool}`}>
            {TOOL_ICON[tool] && <span aria-hidden="true">{TOOL_ICON[tool]}</span>}
            {t(`annot.${tool}`)}
          </button>
        ))}
        <span class="cc-colours" role="group" aria-label={t('annot.colours')}>
          {COLOURS.map((c) => (
            <button key={c} type="button" aria-pressed={tools.colour === c} onClick={() => set({ colour: c })} class={`cc-colour cc-colour-${c}`}>
              <span class="cc-swatch" aria-hidden="true" />
              {t(`annot.${c}`)}
            </button>
          ))}
        </span>
        <button type="button" onClick={layer.undo} disabled={!layer.canUndo}>{t('annot.undo')}</button>
        <button type="button" class="cc-danger" onClick={layer.clear} disabled={layer.marks.length === 0}>{t('annot.clear')}</button>
      </div>
      {tools.tool === 'text' && (
        <div class="cc-field cc-annotation-text">
          <label for={textId}>{t('annot.textLabel')}</label>
          <input id={textId} type="text" maxLength={MAX_ANNOTATION_TEXT} value={tools.text} onInput={(e) => set({ text: e.currentTarget.value })} />
        </div>
      )}
      <p class="cc-hint">{t(hint[tools.tool])}</p>
      <p class={layer.save.kind === 'failed' ? 'cc-error' : 'cc-hint'} role="status" data-save={layer.save.kind}>
        {layer.save.kind === 'saving' && t('annot.saving')}
        {layer.save.kind === 'failed' && (
          <>
            {t('annot.failed', { error: layer.save.error })} <button type="button" onClick={layer.retry}>{t('annot.retry')}</button>
          </>
        )}
        {layer.save.kind === 'saved' && layer.returned !== null && (
          <>
            {t('annot.saved', { count: layer.marks.length })}{' '}
            {layer.marks.length > 0 && t(layer.returned ? 'annot.returned' : 'annot.notReturned')}
          </>
        )}
      </p>
    </div>
  );
}

