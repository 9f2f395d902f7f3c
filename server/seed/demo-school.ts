/**
 * The demo school created on a first start (empty database): "Collège Jean Moulin", a
 * teacher and an IT referent, class 5e B with 15 students (secret 1234), a support group,
 * a long-lived enrolment code, two published lessons (one with an image, one with an
 * audio clip) and three published assignments covering every question type.
 */
import type { Services } from '../services.ts';
import type { Question } from '../../src/protocol/entities.ts';
import { SYSTEM } from '../access/actor.ts';
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

export async function seedDemoSchool(services: Services): Promise<DemoInfo> {
  const { school: schools, roster, devices, content, media } = services;
  const school = await schools.createSchool('Collège Jean Moulin');
  const teacher = await schools.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: DEMO_TEACHER.login, displayName: DEMO_TEACHER.displayName, password: DEMO_TEACHER.password });
  const it = await schools.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: DEMO_IT.login, displayName: DEMO_IT.displayName, password: DEMO_IT.password });
  const cls = await roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id], subject: 'Mathématiques' }, school.id);
  const students = [];
  for (const [firstName, lastName] of STUDENTS) students.push(await roster.createStudent(SYSTEM, cls.id, { firstName, lastName, secret: DEMO_SECRET }));
  const group = await roster.createGroup(SYSTEM, cls.id, { name: 'Soutien maths', studentIds: students.slice(0, 5).map((s) => s.id) });
  const code = await devices.issueCode(SYSTEM, { schoolId: school.id, classId: cls.id, createdBy: it.id, ttlMs: 365 * day, uses: 100 });

  const fractions = await content.createLesson(SYSTEM, cls.id, {
    title: 'Les fractions : trois quarts',
    bodyMarkdown: [
      '# Les fractions', '', 'Une **fraction** partage une unité en parts égales.', '',
      'Sur le dessin, le disque est partagé en **4** parts égales et **3** sont coloriées : on a colorié les *trois quarts* du disque.', '',
      '| numérateur | dénominateur | fraction |', '|---|---|---|', '| 3 | 4 | 3/4 |', '',
      '> Le dénominateur dit en combien de parts on partage ; le numérateur, combien on en prend.',
    ].join('\n'),
  });
  await media.addLessonMedia(SYSTEM, fractions.id, { body: fractionDiagramPng(), declaredKind: 'image', name: 'trois-quarts.png', detectedExt: 'png' });
  await content.publishLesson(SYSTEM, fractions.id, null);

  const music = await content.createLesson(SYSTEM, cls.id, {
    title: 'Écouter un accord',
    bodyMarkdown: [
      '# Do, mi, sol', '', 'Écoute l’enregistrement : on entend trois notes l’une après l’autre (**do**, **mi**, **sol**), puis les trois ensemble.', '',
      'Jouées ensemble, ces notes forment un **accord parfait majeur**.',
    ].join('\n'),
  });
  await media.addLessonMedia(SYSTEM, music.id, { body: arpeggioWav(), declaredKind: 'audio', name: 'do-mi-sol.wav', detectedExt: 'wav' });
  await content.publishLesson(SYSTEM, music.id, null);

  const due = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10) + 'T16:00:00.000Z';
  const assignments: { title: string; instructionsMarkdown: string; dueAt: string; questions: Question[]; groupId?: string; subject?: string }[] = [
    {
      title: 'Fractions : exercices',
      instructionsMarkdown: 'Relis la leçon sur les fractions, puis réponds.',
      dueAt: due(7),
      questions: [
        { id: 'q1', kind: 'choice', prompt: 'Quelle fraction du disque est coloriée ?', points: 2, choices: [{ id: 'a', label: '1/4' }, { id: 'b', label: '3/4' }, { id: 'c', label: '4/3' }] },
        { id: 'q2', kind: 'choice', prompt: 'Quelles fractions sont égales à 1/2 ? (plusieurs réponses)', points: 2, multiple: true, choices: [{ id: 'a', label: '2/4' }, { id: 'b', label: '3/6' }, { id: 'c', label: '2/3' }] },
        { id: 'q3', kind: 'text', prompt: 'Explique avec tes mots ce que veut dire le dénominateur.', points: 3 },
      ],
    },
    {
      title: 'Construction géométrique sur papier',
      instructionsMarkdown: 'Trace sur ton cahier un cercle de 4 cm de rayon et partage-le en 8 parts égales. Prends ta feuille en photo.',
      dueAt: due(10),
      questions: [
        { id: 'q1', kind: 'photo', prompt: 'Photographie ta construction (toute la page, bien éclairée).', points: 5 },
        { id: 'q2', kind: 'text', prompt: 'Quelle fraction du cercle représente une part ?', points: 1 },
      ],
    },
    {
      title: 'Lecture à voix haute',
      instructionsMarkdown: 'Écoute la leçon « Écouter un accord », puis enregistre-toi.',
      dueAt: due(14),
      groupId: group.id,
      subject: 'Français',
      questions: [
        { id: 'q1', kind: 'audio', prompt: 'Lis à voix haute le premier paragraphe de la leçon.', points: 4, maxDurationSec: 120 },
        { id: 'q2', kind: 'choice', prompt: 'Combien de notes entends-tu à la fin ?', points: 1, choices: [{ id: 'a', label: 'Une' }, { id: 'b', label: 'Trois' }] },
      ],
    },
  ];
  for (const a of assignments) {
    const created = await content.createAssignment(SYSTEM, cls.id, a);
    await content.publishAssignment(SYSTEM, created.id, a.groupId ?? null);
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
