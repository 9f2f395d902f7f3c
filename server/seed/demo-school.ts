/**
 * The demo school created on a first start (empty database): "Collège Jean Moulin", a
 * teacher and an IT referent, class 5e B with 15 students (secret 1234), a support group,
 * a long-lived enrolment code, two published lessons (one with an image, one with an
 * audio clip) and three published assignments covering every question type.
 */
import type { Store } from '../store/store.ts';
import type { Question } from '../../src/protocol/entities.ts';
import { hashSecret } from '../auth/secrets.ts';
import { hashStudentSecret } from '../roster/student-secret.ts';
import { issueEnrolmentCode } from '../devices/enrolment-codes.ts';
import { arpeggioWav, fractionDiagramPng } from './demo-media.ts';

export interface DemoInfo {
  school: string;
  accounts: { role: string; login: string; password: string }[];
  className: string;
  studentSecret: string;
  studentCount: number;
  enrolmentCode: string;
  enrolmentCodeExpiresAt: string;
}

export const DEMO_TEACHER = { login: 'prof.martin', password: 'cartable-prof', displayName: 'M. Martin' };
export const DEMO_IT = { login: 'referent.it', password: 'cartable-it', displayName: 'Mme Leroy (référente numérique)' };
export const DEMO_SECRET = '1234';

const STUDENTS: [string, string][] = [
  ['Léa', 'Bernard'], ['Hugo', 'Dubois'], ['Chloé', 'Thomas'], ['Lucas', 'Robert'], ['Manon', 'Richard'],
  ['Nathan', 'Petit'], ['Inès', 'Durand'], ['Enzo', 'Leroy'], ['Camille', 'Moreau'], ['Théo', 'Simon'],
  ['Jade', 'Laurent'], ['Louis', 'Lefèvre'], ['Zoé', 'Michel'], ['Gabriel', 'Garcia'], ['Anaïs', 'Fournier'],
];

const day = 24 * 3600_000;

export async function seedDemoSchool(store: Store): Promise<DemoInfo> {
  const school = await store.school.createSchool('Collège Jean Moulin');
  const teacher = await store.school.createUser({ schoolId: school.id, role: 'teacher', login: DEMO_TEACHER.login, displayName: DEMO_TEACHER.displayName, passwordHash: await hashSecret(DEMO_TEACHER.password) });
  const it = await store.school.createUser({ schoolId: school.id, role: 'it', login: DEMO_IT.login, displayName: DEMO_IT.displayName, passwordHash: await hashSecret(DEMO_IT.password) });
  const cls = await store.roster.createClass(school.id, '5e B', [teacher.id]);
  // One hash for all: the same secret, and 15 scrypt runs would slow the first start for nothing.
  const secretHash = await hashStudentSecret(DEMO_SECRET);
  const students = [];
  for (const [firstName, lastName] of STUDENTS) students.push(await store.roster.createStudent({ schoolId: school.id, classId: cls.id, firstName, lastName, secretHash }));
  const group = await store.roster.createGroup(cls.id, 'Groupe soutien', students.slice(0, 5).map((s) => s.id));
  const code = await issueEnrolmentCode(store, { schoolId: school.id, classId: cls.id, createdBy: it.id, ttlMs: 365 * day, uses: 100 });

  const owner = { schoolId: school.id, classId: cls.id, authorId: teacher.id };
  const fractions = await store.content.createLesson(owner, {
    title: 'Les fractions : trois quarts',
    bodyMarkdown: [
      '# Les fractions', '', 'Une **fraction** partage une unité en parts égales.', '',
      'Sur le dessin, le disque est partagé en **4** parts égales et **3** sont coloriées : on a colorié les *trois quarts* du disque.', '',
      '| numérateur | dénominateur | fraction |', '|---|---|---|', '| 3 | 4 | 3/4 |', '',
      '> Le dénominateur dit en combien de parts on partage ; le numérateur, combien on en prend.',
    ].join('\n'),
  });
  const png = fractionDiagramPng();
  const image = await store.blobs.put(png);
  await store.content.addLessonMedia({ lessonId: fractions.id, schoolId: school.id, sha256: image.sha256, kind: 'image', mime: 'image/png', size: image.size, name: 'trois-quarts.png', createdBy: teacher.id });
  await store.content.publishLesson(fractions.id, null);

  const music = await store.content.createLesson(owner, {
    title: 'Écouter un accord',
    bodyMarkdown: [
      '# Do, mi, sol', '', 'Écoute l’enregistrement : on entend trois notes l’une après l’autre (**do**, **mi**, **sol**), puis les trois ensemble.', '',
      'Jouées ensemble, ces notes forment un **accord parfait majeur**.',
    ].join('\n'),
  });
  const wav = arpeggioWav();
  const audio = await store.blobs.put(wav);
  await store.content.addLessonMedia({ lessonId: music.id, schoolId: school.id, sha256: audio.sha256, kind: 'audio', mime: 'audio/wav', size: audio.size, name: 'do-mi-sol.wav', createdBy: teacher.id });
  await store.content.publishLesson(music.id, null);

  const due = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10) + 'T16:00:00.000Z';
  const assignments: { title: string; instructionsMarkdown: string; dueAt: string; questions: Question[]; groupId?: string }[] = [
    {
      title: 'Fractions : exercices',
      instructionsMarkdown: 'Relis la leçon sur les fractions, puis réponds.',
      dueAt: due(7),
      questions: [
        { id: 'q1', kind: 'choice', prompt: 'Quelle fraction du disque est coloriée ?', points: 2, choices: [{ id: 'a', label: '1/4' }, { id: 'b', label: '3/4' }, { id: 'c', label: '4/3' }] },
        { id: 'q2', kind: 'choice', prompt: 'Quelles fractions sont égales à 1/2 ? (plusieurs réponses)', points: 2, multiple: true, choices: [{ id: 'a', label: '2/4' }, { id: 'b', label: '3/6' }, { id: 'c', label: '2/3' }] },
        { id: 'q3', kind: 'text', prompt: 'Explique avec tes mots ce que veut dire le dénominateur.', points: 3 },
      ],
    },
    {
      title: 'Construction géométrique sur papier',
      instructionsMarkdown: 'Trace sur ton cahier un cercle de 4 cm de rayon et partage-le en 8 parts égales. Prends ta feuille en photo.',
      dueAt: due(10),
      questions: [
        { id: 'q1', kind: 'photo', prompt: 'Photographie ta construction (toute la page, bien éclairée).', points: 5 },
        { id: 'q2', kind: 'text', prompt: 'Quelle fraction du cercle représente une part ?', points: 1 },
      ],
    },
    {
      title: 'Lecture à voix haute',
      instructionsMarkdown: 'Écoute la leçon « Écouter un accord », puis enregistre-toi.',
      dueAt: due(14),
      groupId: group.id,
      questions: [
        { id: 'q1', kind: 'audio', prompt: 'Lis à voix haute le premier paragraphe de la leçon.', points: 4, maxDurationSec: 120 },
        { id: 'q2', kind: 'choice', prompt: 'Combien de notes entends-tu à la fin ?', points: 1, choices: [{ id: 'a', label: 'Une' }, { id: 'b', label: 'Trois' }] },
      ],
    },
  ];
  for (const a of assignments) {
    const created = await store.content.createAssignment(owner, a);
    await store.content.publishAssignment(created.id, a.groupId ?? null);
  }

  return {
    school: school.name,
    accounts: [
      { role: 'teacher', login: DEMO_TEACHER.login, password: DEMO_TEACHER.password },
      { role: 'IT referent', login: DEMO_IT.login, password: DEMO_IT.password },
    ],
    className: cls.name,
    studentSecret: DEMO_SECRET,
    studentCount: students.length,
    enrolmentCode: code.code,
    enrolmentCodeExpiresAt: code.expiresAt,
  };
}

/** The lines `npm start` prints about the demo school. */
export function describeDemo(info: DemoInfo): string[] {
  return [
    `Demo school: ${info.school}`,
    ...info.accounts.map((a) => `  ${a.role.padEnd(12)} login ${a.login.padEnd(12)} password ${a.password}`),
    `  students     class ${info.className}, ${info.studentCount} students, each with the secret code ${info.studentSecret}`,
    `  tablets      enrolment code ${info.enrolmentCode} (valid until ${info.enrolmentCodeExpiresAt.slice(0, 10)})`,
  ];
}
