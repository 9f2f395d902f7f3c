/**
 * Photo of paper work: the camera (getUserMedia) with a file-input fallback
 * (`capture=environment` opens the camera app on tablets); preview, retake, delete.
 * Nothing is lost on one tap: a retake keeps the old photo until the new one is compressed
 * and stored (the controller replaces it in one transaction), and deleting asks first.
 */
import { useState } from 'preact/hooks';
import type { Question } from '../../protocol/entities.ts';
import type { PhotoAnnotations } from '../../protocol/annotations.ts';
import { annotationSummary } from './annotation-summary.ts';
import { AnnotationSvg } from '../common/annotation-svg.tsx';
import type { AttachmentView } from './answer-controller.ts';
import { CameraCapture } from './camera-capture.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { useObjectUrl } from './use-object-url.ts';
import { ImageViewer } from '../common/image-viewer.tsx';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export const MAX_PHOTOS = 10;

export interface PhotoQuestionProps {
  question: Question;
  photos: AttachmentView[];
  readOnly: boolean;
  onAdd(blob: Blob): Promise<unknown>;
  onRemove(attachmentId: string): Promise<unknown>;
  /** Replaces a photo by a new capture (the old one stays if the new one cannot be stored). */
  onReplace(attachmentId: string, blob: Blob): Promise<unknown>;
  /** The teacher's layers over these photos, from the returned feedback (drawn over each photo). */
  annotations?: readonly PhotoAnnotations[];
}

export function PhotoQuestion({ question, photos, readOnly, onAdd, onRemove, onReplace, annotations }: PhotoQuestionProps) {
  const [camera, setCamera] = useState(false);
  const [noCamera, setNoCamera] = useState(() => !navigator.mediaDevices?.getUserMedia);
  const [busy, setBusy] = useState(false);
  const [replacing, setReplacing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);

  const add = async (blob: Blob) => {
    setCamera(false);
    setBusy(true);
    try {
      await (replacing ? onReplace(replacing, blob) : onAdd(blob));
    } finally {
      setReplacing(null);
      setBusy(false);
    }
  };
  const full = photos.length >= MAX_PHOTOS;
  const fileId = `q-${question.id}-file`;

  return (
    <div>
      {photos.length > 0 && (
        <div class="photo-list">
          {photos.map((p, i) => (
            <PhotoItem
              key={p.id}
              photo={p}
              n={i + 1}
              readOnly={readOnly || busy}
              marks={annotations?.find((a) => a.attachmentId === p.id)?.marks}
              onRetake={() => {
                setReplacing(p.id);
                setCamera(!noCamera);
              }}
              onRemove={() => setDeleting(p.id)}
            />
          ))}
        </div>
      )}
      {busy && <p aria-live="polite">{t('photo.processing')}</p>}
      {deleting && (
        <ConfirmDialog
          danger
          title={t('photo.confirmDelete')}
          confirmLabel={t('photo.confirmDeleteYes')}
          cancelLabel={t('photo.confirmDeleteNo')}
          onConfirm={() => {
            const id = deleting;
            setDeleting(null);
            void onRemove(id);
          }}
          onCancel={() => setDeleting(null)}
        >
          <p>{t('photo.confirmDeleteText')}</p>
        </ConfirmDialog>
      )}
      {camera && !readOnly && (
        <CameraCapture
          onCapture={(b) => void add(b)}
          onCancel={() => {
            setCamera(false);
            setReplacing(null);
          }}
          onUnavailable={() => {
            setCamera(false);
            setNoCamera(true);
          }}
        />
      )}
      {noCamera && !readOnly && <p class="notice info">{t('photo.noCamera')}</p>}
      {!readOnly && !camera && (!full || replacing) && (
        <div class="row">
          {!noCamera && (
            <button type="button" class="primary" disabled={busy} onClick={() => setCamera(true)}>
              {t('photo.take')}
            </button>
          )}
          <label class="file-label" for={fileId}>
            <input
              id={fileId}
              type="file"
              accept="image/*"
              capture="environment"
              disabled={busy}
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (f) void add(f);
              }}
            />
            <span>{t('photo.file')}</span>
          </label>
        </div>
      )}
    </div>
  );
}

function PhotoItem(props: { photo: AttachmentView; n: number; readOnly: boolean; marks: PhotoAnnotations['marks'] | undefined; onRetake(): void; onRemove(): void }) {
  const url = useObjectUrl(props.photo.blob);
  const label = t('photo.preview', { n: props.n });
  const [big, setBig] = useState(false);
  const [aspect, setAspect] = useState<number | null>(null);
  const marks = props.marks?.length ? props.marks : undefined;
  const summaryId = `annot-${props.photo.id}`;
  return (
    <figure aria-describedby={marks ? summaryId : undefined}>
      {url && (
        <div class={marks ? 'annotated' : undefined}>
          <img src={url} alt={label} class="zoomable" onClick={() => setBig(true)} aria-describedby={marks ? summaryId : undefined}
            onLoad={(e) => { const i = e.currentTarget; if (i.naturalWidth) setAspect(i.naturalHeight / i.naturalWidth); }} />
          {marks && aspect !== null && <AnnotationSvg marks={marks} aspect={aspect} />}
        </div>
      )}
      {big && url && <ImageViewer src={url} alt={label} onClose={() => setBig(false)} overlay={marks && aspect !== null ? <AnnotationSvg marks={marks} aspect={aspect} /> : undefined} />}
      <figcaption class="visually-hidden">{label}</figcaption>
      {marks && <p id={summaryId} class="annotation-summary">{annotationSummary(marks)}</p>}
      <div class="row">
        <button type="button" onClick={() => setBig(true)} aria-label={t('image.open', { name: label })}>
          {t('image.see')}
        </button>
        {!props.readOnly && (
          <>
          <button type="button" onClick={props.onRetake} aria-label={`${t('photo.retake')} (${label})`}>
            {t('photo.retake')}
          </button>
          <button type="button" class="danger" onClick={props.onRemove} aria-label={`${t('photo.delete')} (${label})`}>
            {t('photo.delete')}
          </button>
          </>
        )}
      </div>
    </figure>
  );
}
