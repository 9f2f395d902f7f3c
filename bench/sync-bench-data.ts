/**
 * Bench data, written with SQL in bulk into the real server's database: a class with 200
 * lessons and 300 assignments (text that compresses like French prose, french-corpus.ts), other
 * classes with 10,000 submissions, and change-log history of any size in other scopes.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type TestStore } from '../tests/helpers/test-store.ts';
import { createClass, createSchool, createStudent, type School } from '../tests/helpers/sync-fixtures.ts';
import { frenchProse } from './french-corpus.ts';

/** Prose that compresses like real French (french-corpus.ts). */
const text = (words: number, seed: number): string => frenchProse(words, seed);

export interface BenchClass {
  school: School;
  classId: string;
  studentId: string;
}

/** One class with `lessons` lessons (~2.5 KB of Markdown each) and `assignments` assignments (4 questions). */
export function seedClass(store: TestStore, lessons = 200, assignments = 300): BenchClass {
  const school = createSchool(store);
  const classId = createClass(store, school, '4e B');
  const studentId = createStudent(store, school, classId, 'Léa');
  for (let i = 0; i < 27; i++) createStudent(store, school, classId, `Élève ${i}`);
  seedContent(store, school, classId, lessons, assignments);
  return { school, classId, studentId };
}

/** Publishes `lessons` lessons and `assignments` assignments to an existing class (with their change-log rows). */
export function seedContent(store: TestStore, school: School, classId: string, lessons: number, assignments: number) {
  const at = new Date().toISOString();
  const db = store.db;
  db.transaction(() => {
    const lesson = db.prepare(`INSERT INTO lessons (id, school_id, class_id, group_id, author_id, title, body_md, status, version, published_at, created_at, updated_at)
      VALUES (?, ?, ?, NULL, ?, ?, ?, 'published', 1, ?, ?, ?)`);
    for (let i = 0; i < lessons; i++) {
      const id = randomUUID();
      lesson.run(id, school.schoolId, classId, school.teacherId, `Leçon ${i + 1}`, `# Leçon ${i + 1}\n\n${text(380, i)}`, at, at, at);
      recordChange(db, `class:${classId}`, 'lesson', id);
    }
    const assignment = db.prepare(`INSERT INTO assignments (id, school_id, class_id, group_id, author_id, title, instructions_md, questions_json, due_at, status, version, published_at, created_at, updated_at)
      VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 'published', 1, ?, ?, ?)`);
    for (let i = 0; i < assignments; i++) {
      const id = randomUUID();
      const questions = [
        { id: 'q1', kind: 'text', prompt: text(25, i * 7 + 1), points: 4 },
        { id: 'q2', kind: 'choice', prompt: text(12, i * 7 + 2), points: 2, choices: [{ id: 'a', label: 'vrai' }, { id: 'b', label: 'faux' }, { id: 'c', label: 'je ne sais pas' }] },
        { id: 'q3', kind: 'photo', prompt: 'Photographie ton schéma.', points: 4 },
        { id: 'q4', kind: 'audio', prompt: 'Explique à l’oral en une minute.', points: 2, maxDurationSec: 60 },
      ];
      assignment.run(id, school.schoolId, classId, school.teacherId, `Devoir ${i + 1}`, text(60, i + 1000), JSON.stringify(questions), new Date(Date.now() + 7 * 86_400_000).toISOString(), at, at, at);
      recordChange(db, `class:${classId}`, 'assignment', id);
    }
  })();
}

/** `count` submissions (with a revision each) of students in other classes: server traffic this tablet never sees. */
export function seedOtherSubmissions(store: TestStore, school: School, count: number) {
  const db = store.db;
  const at = new Date().toISOString();
  const classes = Array.from({ length: 10 }, (_, i) => createClass(store, school, `Autre ${i} ${randomUUID().slice(0, 4)}`));
  const students = classes.flatMap((c) => Array.from({ length: 25 }, () => createStudent(store, school, c, 'Autre')));
  const assignmentIds = classes.map((c) => {
    const id = randomUUID();
    db.prepare(`INSERT INTO assignments (id, school_id, class_id, author_id, title, instructions_md, questions_json, status, version, published_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'Devoir', 'x', '[]', 'published', 1, ?, ?, ?)`).run(id, school.schoolId, c, school.teacherId, at, at, at);
    return id;
  });
  db.transaction(() => {
    const sub = db.prepare(`INSERT INTO submissions (id, assignment_id, student_id, state, latest_revision_id, version, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, 1, ?, ?)`);
    const rev = db.prepare(`INSERT INTO submission_revisions (id, submission_id, number, kind, answers_json, assignment_version, created_at) VALUES (?, ?, 1, 'draft', ?, 1, ?)`);
    const extra = db.prepare(`INSERT INTO assignments (id, school_id, class_id, author_id, title, instructions_md, questions_json, status, version, published_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'Devoir', 'x', '[]', 'published', 1, ?, ?, ?)`);
    for (let i = 0; i < count; i++) {
      const studentIndex = i % students.length;
      let assignmentId = assignmentIds[Math.floor(studentIndex / 25)]!;
      if (i >= students.length) {
        // One submission per (assignment, student): later rounds need more assignments.
        assignmentId = randomUUID();
        extra.run(assignmentId, school.schoolId, classes[Math.floor(studentIndex / 25)]!, school.teacherId, at, at, at);
      }
      const id = randomUUID();
      const revId = randomUUID();
      sub.run(id, assignmentId, students[studentIndex]!, revId, at, at);
      rev.run(revId, id, JSON.stringify([{ questionId: 'q1', text: text(40, i) }]), at);
      recordChange(db, `student:${students[studentIndex]!}`, 'submission', id);
    }
  })();
}

/** Grows the change log to `total` rows with other scopes' history (what other classes did). */
export function growHistory(store: TestStore, total: number) {
  const db = store.db;
  const have = db.prepare('SELECT COUNT(*) FROM changes').pluck().get() as number;
  const at = new Date().toISOString();
  db.transaction(() => {
    const ins = db.prepare(`INSERT INTO changes (scope, entity, entity_id, op, at) VALUES (?, 'submission', ?, 'put', ?)`);
    for (let i = have; i < total; i++) ins.run(`student:${randomUUID()}`, randomUUID(), at);
  })();
}
