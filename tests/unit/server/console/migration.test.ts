/**
 * A database made at schema version 1, with data in it, is upgraded by every migration this
 * server ships (never wiped), and the data reads back through the store.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMigrations, openDatabase, schemaVersion } from '../../../../server/store/sqlite/database.ts';
import { openTestStore } from '../../../helpers/test-store.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';

const dir = mkdtempSync(join(tmpdir(), 'cartable-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations from an older schema', () => {
  it('upgrades a version-1 database with data to the latest version and keeps the data', async () => {
    const file = join(dir, 'cartable.sqlite');
    const v1 = openDatabase(file, { migrateUpTo: 1 });
    expect(schemaVersion(v1)).toBe(1);
    const at = '2025-09-01T08:00:00.000Z';
    v1.prepare('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)').run('s1', 'Collège Jean Moulin', at);
    v1.prepare("INSERT INTO users (id, school_id, role, login, display_name, password_hash, created_at) VALUES ('u1', 's1', 'teacher', 'prof.martin', 'M. Martin', 'scrypt$x', ?)").run(at);
    v1.prepare("INSERT INTO classes (id, school_id, name, created_at) VALUES ('c1', 's1', '5e B', ?)").run(at);
    v1.prepare("INSERT INTO class_teachers (class_id, user_id) VALUES ('c1', 'u1')").run();
    v1.prepare("INSERT INTO students (id, school_id, class_id, last_name, first_name, secret_hash, created_at, updated_at) VALUES ('st1', 's1', 'c1', 'Lefèvre', 'Zoé', 'scrypt$y', ?, ?)").run(at, at);
    v1.prepare(`INSERT INTO lessons (id, school_id, class_id, author_id, title, body_md, status, version, published_at, created_at, updated_at)
      VALUES ('l1', 's1', 'c1', 'u1', 'Les fractions', '# 3/4', 'published', 2, ?, ?, ?)`).run(at, at, at);
    v1.prepare(`INSERT INTO assignments (id, school_id, class_id, author_id, title, instructions_md, questions_json, status, version, created_at, updated_at)
      VALUES ('a1', 's1', 'c1', 'u1', 'Exercices', '', ?, 'draft', 1, ?, ?)`).run(JSON.stringify([{ id: 'q1', kind: 'text', prompt: 'Pourquoi ?', points: 2 }]), at, at);
    v1.prepare("INSERT INTO changes (scope, entity, entity_id, op, at) VALUES ('class:c1', 'lesson', 'l1', 'put', ?)").run(at);
    v1.prepare("INSERT INTO changes (scope, entity, entity_id, op, at) VALUES ('class:c1', 'class', 'c1', 'put', ?)").run(at);
    v1.prepare("INSERT INTO changes (scope, entity, entity_id, op, at) VALUES ('class:c1', 'assignment', 'a0', 'delete', ?)").run(at);
    v1.close();

    const store = openTestStore(file);
    const latest = Math.max(...listMigrations().map((m) => m.version));
    expect(schemaVersion(store.db)).toBe(latest);
    expect(await store.roster.listClasses(SYSTEM, 's1')).toMatchObject([{ id: 'c1', name: '5e B', teacherIds: ['u1'], studentCount: 1 }]);
    expect(await store.roster.listStudents(SYSTEM, 'c1')).toMatchObject([{ firstName: 'Zoé', lastName: 'Lefèvre' }]);
    expect(await store.content.lesson(SYSTEM, 'l1')).toMatchObject({ title: 'Les fractions', bodyMarkdown: '# 3/4', status: 'published', version: 2 });
    expect((await store.content.assignment(SYSTEM, 'a1')).questions).toEqual([{ id: 'q1', kind: 'text', prompt: 'Pourquoi ?', points: 2 }]);
    // 003 re-stamps the classes and assignments tablets hold (they pull them again, with their subject); others keep their seq.
    expect(store.db.prepare('SELECT entity, entity_id, op, seq FROM changes ORDER BY seq').all()).toEqual([
      { entity: 'lesson', entity_id: 'l1', op: 'put', seq: 1 },
      { entity: 'assignment', entity_id: 'a0', op: 'delete', seq: 3 },
      { entity: 'class', entity_id: 'c1', op: 'put', seq: 4 },
    ]);
    // 003: no subject yet (the class's, none), and the teacher's name reads with the assignment.
    expect(await store.content.assignment(SYSTEM, 'a1')).toMatchObject({ subject: null, authorName: 'M. Martin' });
    expect((await store.roster.listClasses(SYSTEM, 's1'))[0]!.subject).toBeNull();
    // And the upgraded database accepts new writes through the store.
    await store.content.publishAssignment(SYSTEM, 'a1', null);
    expect((await store.content.assignment(SYSTEM, 'a1')).status).toBe('published');
    await store.close();

    // Opening again applies nothing and changes nothing.
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(latest);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(listMigrations().length);
    again.close();
  });
});
