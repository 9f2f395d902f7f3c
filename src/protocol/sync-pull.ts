/**
 * The schema of a pull page (`GET /api/sync/pull`). The server assembles pages as text from
 * cached per-change JSON; tests check real pages against this schema. Kept apart from
 * sync.ts so that the tablet, which needs only the types, never bundles these schemas.
 */
import { Type, type Static } from 'typebox';
import { Assignment, ClassInfo, Feedback, Group, Id, Lesson, StudentCard, Submission } from './entities.ts';

/** The entity kinds a pull carries, each with its wire shape. */
const ENTITY_SCHEMAS = { lesson: Lesson, assignment: Assignment, submission: Submission, feedback: Feedback, student: StudentCard, group: Group, class: ClassInfo };
export type EntityKind = keyof typeof ENTITY_SCHEMAS;
export type EntityShapes = { [K in EntityKind]: Static<(typeof ENTITY_SCHEMAS)[K]> };

const put = <K extends EntityKind>(entity: K) =>
  Type.Object({ op: Type.Literal('put'), entity: Type.Literal(entity), id: Id, scope: Type.String(), data: ENTITY_SCHEMAS[entity] });

/** One change: an entity at its latest state in a scope, or a tombstone (it left that scope). */
export const PutChange = Type.Union([put('lesson'), put('assignment'), put('submission'), put('feedback'), put('student'), put('group'), put('class')]);
export type PutChange = Static<typeof PutChange>;
export const DeleteChange = Type.Object({
  op: Type.Literal('delete'),
  entity: Type.Union([
    Type.Literal('lesson'), Type.Literal('assignment'), Type.Literal('submission'), Type.Literal('feedback'), Type.Literal('student'), Type.Literal('group'), Type.Literal('class'),
  ]),
  id: Id,
  scope: Type.String(),
});
export type DeleteChange = Static<typeof DeleteChange>;
export const Change = Type.Union([PutChange, DeleteChange]);
export type Change = Static<typeof Change>;

/** A page of `GET /api/sync/pull` (the server assembles it as text; tests check real pages against this schema). */
export const PullResponse = Type.Object({
  changes: Type.Array(Change),
  /** Resume here (stored in the same transaction as the applied page). */
  cursor: Type.String(),
  hasMore: Type.Boolean(),
  /** Only on a pull from scratch: the student's scopes (to remove what they no longer see). */
  scopes: Type.Optional(Type.Array(Type.String())),
});
export type PullResponse = Static<typeof PullResponse>;

