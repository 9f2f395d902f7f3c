/**
 * A student's photo (photo-viewer.tsx: zoom, pan, turn; annotation-layer.tsx: the teacher's annotations) or recording, fetched with the teacher's token (an
 * <img src> cannot send it) and shown from a blob: URL, revoked when it leaves the screen.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AttachmentMeta } from '../../protocol/entities.ts';
import type { PhotoAnnotations } from '../../protocol/annotations.ts';
import { PhotoViewer } from './photo-viewer.tsx';
import { AnnotationSurface, AnnotationTools, pointMark, useAnnotationLayer, type ToolState } from './annotation-layer.tsx';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';

function useBlobUrl(url: string, enabled: boolean): { src: string | null; error: string | null } {
  const { api } = useConsole();
  const { te } = useConsoleI18n();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let made: string | null = null;
    let live = true;
    api.attachmentUrl(url).then(
      (u) => {
        made = u;
        if (live) setSrc(u);
        else URL.revokeObjectURL(u);
      },
      (e: unknown) => live && setError(te(e)),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, url, enabled]);
  return { src, error };
}

export interface AttachmentViewProps {
  meta: AttachmentMeta;
  n: number;
  /** The copy it belongs to: its photos can be annotated there. */
  submissionId?: string;
  /** The teacher's layer over this photo, as saved. */
  annotations?: PhotoAnnotations;
}

export function AttachmentView(props: AttachmentViewProps) {
  const { t } = useConsoleI18n();
  const { meta, n } = props;
  const { src, error } = useBlobUrl(meta.url, meta.complete);
  if (!meta.complete) return <p class="cc-hint">{t('sub.incomplete')}</p>;
  if (error) return <p class="cc-error">{error}</p>;
  if (meta.kind === 'audio') {
    return (
      <figure class="cc-attachment">
        <figcaption>{t('sub.audio', { n })}</figcaption>
        {src && <audio controls preload="metadata" src={src} aria-label={t('sub.audio', { n })} />}
      </figure>
    );
  }
  const label = t('sub.photo', { n });
  return (
    <figure class="cc-attachment">
      <figcaption>{label}</figcaption>
      {src && (props.submissionId
        ? <AnnotatedPhoto src={src} label={label} submissionId={props.submissionId} attachmentId={meta.id} annotations={props.annotations} />
        : <PhotoViewer src={src} label={label} />)}
    </figure>
  );
}

/** The photo in the viewer with the annotation tools and the teacher's layer over it. */
function AnnotatedPhoto(props: { src: string; label: string; submissionId: string; attachmentId: string; annotations: PhotoAnnotations | undefined }) {
  const layer = useAnnotationLayer(props.submissionId, props.attachmentId, props.annotations);
  const [tools, setTools] = useState<ToolState>({ tool: 'move', colour: 'red', text: '' });
  const place = (at: { x: number; y: number }) => {
    const m = pointMark(tools, at);
    if (m) layer.add(m);
  };
  return (
    <PhotoViewer
      src={props.src}
      label={props.label}
      drawing={tools.tool !== 'move'}
      onPlace={place}
      layer={(ctx) => <AnnotationSurface ctx={ctx} marks={layer.marks} tools={tools} onMark={layer.add} />}
    >
      <AnnotationTools label={props.label} tools={tools} onTools={setTools} layer={layer} />
    </PhotoViewer>
  );
}
