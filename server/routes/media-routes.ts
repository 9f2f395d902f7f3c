/**
 * Reading media, and teachers adding media to lessons.
 * - GET /files/attachments/:id — a student's photo or recording: the owner student, a
 *   teacher of the student's class, the IT referent of the school. Revalidated (no-cache).
 * - GET /media/:id — lesson media: any teacher or IT of the school; a student only when the
 *   lesson is published to them. Content-addressed, so immutable for a year.
 * - POST /api/lessons/:id/media — raw image/audio body (?name=), real type from the magic
 *   bytes, size limit → MediaRef; DELETE /api/lessons/:id/media/:mediaId → 204.
 * Media is never compressed again by the server (already compressed; ranges must stay exact).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { fileTypeFromBuffer } from 'file-type';
import type { Store } from '../store/store.ts';
import type { LessonAccess } from '../store/media-store.ts';
import { requireUser } from '../auth/principal.ts';
import { badRequest, forbidden, HttpError, notFound, unauthenticated } from '../errors.ts';
import { newId, now } from '../ids.ts';
import { sendBlob } from './blob-response.ts';
import { uploadRoutes } from './upload-routes.ts';
import { cleanMediaName, lessonMediaType, MAX_LESSON_MEDIA_BYTES, UUID } from './upload-policy.ts';

export const LESSON_MEDIA_CACHE = 'private, max-age=31536000, immutable';
export const ATTACHMENT_CACHE = 'private, no-cache';

const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Registers the media area: tus uploads (upload-routes.ts) and the routes above. */
export async function mediaRoutes(root: FastifyInstance, opts: { store: Store; dataDir: string }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(uploadRoutes, { store, dataDir: opts.dataDir });
  const noCompress = { compress: false as const };

  app.get('/files/attachments/:id', { schema: { params: IdParam }, ...noCompress }, async (req, reply) => {
    const p = req.principal;
    if (!p) throw unauthenticated();
    if (!UUID.test(req.params.id)) throw badRequest('This is not an attachment id.');
    const a = await store.media.attachmentById(req.params.id);
    if (!a || a.schoolId !== p.schoolId) throw notFound('This attachment');
    const allowed =
      p.kind === 'student'
        ? p.studentId === a.studentId
        : p.role === 'it' || (await store.media.isTeacherOfClass(p.userId, a.classId));
    if (!allowed) throw notFound('This attachment');
    if (!a.complete) throw new HttpError(409, 'conflict', 'This attachment is still uploading from the tablet.');
    return sendBlob(req, reply, store.blobs, a, ATTACHMENT_CACHE);
  });

  app.get('/media/:id', { schema: { params: IdParam }, ...noCompress }, async (req, reply) => {
    const p = req.principal;
    if (!p) throw unauthenticated();
    if (!UUID.test(req.params.id)) throw badRequest('This is not a media id.');
    const m = await store.media.lessonMediaById(req.params.id);
    if (!m || m.schoolId !== p.schoolId) throw notFound('This media');
    if (p.kind === 'student') {
      const lesson = m.lessonId ? await store.media.lessonAccess(m.lessonId) : null;
      if (!lesson || !(await publishedTo(lesson, p.studentId, p.classId))) throw notFound('This media');
    }
    return sendBlob(req, reply, store.blobs, m, LESSON_MEDIA_CACHE);
  });

  async function publishedTo(l: LessonAccess, studentId: string, classId: string) {
    if (l.deleted || l.status !== 'published' || l.classId !== classId) return false;
    return l.groupId === null || store.media.isGroupMember(studentId, l.groupId);
  }

  /** The lesson, if the signed-in user may edit it (teacher of its class, or IT of the school). */
  async function editableLesson(req: FastifyRequest, lessonId: string) {
    const u = requireUser(req);
    const l = UUID.test(lessonId) ? await store.media.lessonAccess(lessonId) : null;
    if (!l || l.deleted || l.schoolId !== u.schoolId) throw notFound('This lesson');
    if (u.role !== 'it' && !(await store.media.isTeacherOfClass(u.userId, l.classId))) throw forbidden('Only a teacher of this class can change its lessons.');
    return { u, l };
  }

  await app.register(async (upload) => {
    // Raw media bodies, this scope only; everything else keeps the 1 MiB JSON limit.
    upload.addContentTypeParser(/^(image|audio)\//, { parseAs: 'buffer', bodyLimit: MAX_LESSON_MEDIA_BYTES }, (_req, body, done) => done(null, body));
    const typed = upload.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/api/lessons/:id/media',
      { schema: { params: IdParam, querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 300 })) }) } },
      async (req, reply) => {
        const { u, l } = await editableLesson(req, req.params.id);
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(415, 'unsupported_media_type', 'Send the image or audio file itself as the body (Content-Type image/… or audio/…).');
        const name = cleanMediaName(req.query.name);
        if (name === null) throw badRequest('The media name must be at most 200 characters, without / \\ or control characters.');
        const type = lessonMediaType((await fileTypeFromBuffer(body))?.ext);
        const declared = String(req.headers['content-type'] ?? '').split('/')[0];
        if (!type || type.kind !== declared) throw new HttpError(415, 'unsupported_media_type', 'This is not an image (JPEG, PNG, WebP, GIF) or audio file (MP3, Ogg, WebM, M4A, WAV) by its content.');
        const stored = await store.blobs.put(body);
        const ref = await store.media.addLessonMedia({
          id: newId(), schoolId: l.schoolId, lessonId: l.id, sha256: stored.sha256, kind: type.kind, mime: type.mime, size: stored.size, name, createdBy: u.userId, at: now(),
        });
        return reply.status(201).send(ref);
      },
    );
  });

  app.delete('/api/lessons/:id/media/:mediaId', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }), mediaId: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
    const { l } = await editableLesson(req, req.params.id);
    // The blob stays: other lessons may share the same bytes, and tablets may still hold them.
    if (!(await store.media.removeLessonMedia(l.id, req.params.mediaId, now()))) throw notFound('This media');
    return reply.status(204).send();
  });
}
