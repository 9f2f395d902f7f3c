/**
 * The teacher's follow-up of pupils' work (issue 13), as the console sends it: send a copy back
 * to redo with a message, give one pupil their own due date, remind those who have not handed
 * in, and the spoken comment's limits. TypeBox schemas (the server validates with them; the
 * console imports only types and the plain limits).
 */
import { Type, type Static } from 'typebox';
import { Instant } from './entities.ts';

/** The longest spoken comment a teacher may record. */
export const MAX_FEEDBACK_AUDIO_SEC = 180;
/** A sent-back copy's message and a reminder's message, at most. */
export const MAX_SEND_BACK_MESSAGE = 1000;
export const MAX_REMINDER_MESSAGE = 500;

/** POST /api/submissions/:id/send-back — the message is required (the pupil must know what to redo). */
export const SendBackRequest = Type.Object({ message: Type.String({ maxLength: MAX_SEND_BACK_MESSAGE }) }, { additionalProperties: false });
export type SendBackRequest = Static<typeof SendBackRequest>;

/** PUT /api/assignments/:id/students/:studentId/due — null gives the pupil the assignment's date back. */
export const DueOverrideRequest = Type.Object({ dueAt: Type.Union([Instant, Type.Null()]) }, { additionalProperties: false });
export type DueOverrideRequest = Static<typeof DueOverrideRequest>;

export const DueOverrideResult = Type.Object({ studentId: Type.String(), dueAt: Type.Union([Instant, Type.Null()]), late: Type.Boolean() });
export type DueOverrideResult = Static<typeof DueOverrideResult>;

/** POST /api/assignments/:id/reminders — the message is optional. */
export const ReminderRequest = Type.Object({ message: Type.Optional(Type.String({ maxLength: MAX_REMINDER_MESSAGE })) }, { additionalProperties: false });
export type ReminderRequest = Static<typeof ReminderRequest>;

export const ReminderResult = Type.Object({ reminded: Type.Integer({ minimum: 0 }), at: Instant });
export type ReminderResult = Static<typeof ReminderResult>;

export const DueParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }), studentId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

/** ?durationMs= of a spoken comment upload, in whole milliseconds (the recorder measured it; the server caps it). A query string is text: no coercion. */
export const FeedbackAudioQuery = Type.Object({ durationMs: Type.String({ pattern: '^[1-9][0-9]{0,7}$' }) });
