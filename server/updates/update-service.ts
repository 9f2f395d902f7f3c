/**
 * Software updates piloted by the school server (issue 16; docs/updates.md). Rules:
 * - Builds are immutable (build-files.ts) and registered once per content; a rollback is a
 *   NEW build (new id, new n°) over an older build's files, so installed service workers —
 *   which compare their script byte for byte — see an update and take it.
 * - Who runs what: a tablet's own build, else its class's, else the school's (the most precise
 *   wins). Giving the school a build moves every class and tablet that is not pinned to it
 *   (« pilot class first, then everyone »); a pinned one keeps its build.
 * - A halted rollout: every tablet is served the build it runs (else the one it was last
 *   served), whatever is assigned, until the IT referent resumes (haltedBuildId).
 * - The policy a tablet gets at its check-in: its build, the minimum version and the update
 *   window (applied on the tablet: src/pwa/update-policy.ts). A tablet below the minimum is
 *   never refused: its work syncs as before, it shows « Mise à jour nécessaire ».
 * - Only the IT referent changes any of it; each change is in the audit log.
 */
import type { Database, Tx } from '../store/repositories.ts';
import type { BuildRecord, DeviceAppStatusRecord, RolloutRecord, RolloutScope, UpdateSettingsRecord } from '../store/update-repository.ts';
import type { Actor } from '../access/actor.ts';
import type { DevicePrincipal } from '../auth/principal.ts';
import type { AppStatusReport, AppUpdatePolicy, BuildInfo, RolloutRequest, UpdateSettings, UpdatesOverview } from '../../src/protocol/app-updates.ts';
import { DEFAULT_UPDATE_WINDOW, updateWindowProblem } from '../../src/protocol/update-window.ts';
import { compareVersions, isVersion } from '../../src/protocol/version-order.ts';
import { OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src/protocol/wire.ts';
import { requireUser } from '../access/access-rules.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { hashToken } from '../auth/secrets.ts';

/** The build a tablet is meant to run: its own, else its class's, else the school's. */
export function targetBuildId(rollouts: RolloutRecord[], device: { id: string; classId: string | null } | null): string | null {
  const find = (scope: RolloutScope, id: string | null) => (id ? rollouts.find((r) => r.scope === scope && r.targetId === id)?.buildId : undefined);
  return (device && (find('device', device.id) ?? find('class', device.classId))) ?? rollouts.find((r) => r.scope === 'school')?.buildId ?? null;
}

/** Refuses (`build_protocol_unsupported`) a build whose sync protocol this server does not speak: every build it serves must sync with it (src/protocol/wire.ts). */
export function assertServableProtocol(protocol: number): void {
  if (protocol < OLDEST_PROTOCOL_VERSION || protocol > PROTOCOL_VERSION) {
    throw fail('build_protocol_unsupported', { protocol, oldest: OLDEST_PROTOCOL_VERSION, newest: PROTOCOL_VERSION });
  }
}

/**
 * The build a tablet is served while the rollout is halted: the one it RUNS (as its check-in
 * said), else the one it was last served. Not simply the last served: a tablet that downloaded
 * the halted version without applying it gets its running build again at its next check, which
 * replaces the downloaded one — the halted version never starts on it, not even at its next cold
 * start (when the browser would activate a waiting worker).
 */
export function haltedBuildId(status: Pick<DeviceAppStatusRecord, 'runningBuildId' | 'servedBuildId'> | null): string | null {
  return status?.runningBuildId ?? status?.servedBuildId ?? null;
}

const defaultSettings = (schoolId: string): UpdateSettingsRecord => ({ schoolId, minimumVersion: null, window: DEFAULT_UPDATE_WINDOW, haltedAt: null, updatedAt: now() });

export class UpdateService {
  constructor(private readonly db: Database) {}

  /**
   * Records a build whose files are stored (build-files.ts). The same content registered again
   * answers the existing build (`created: false`): `npm start` registers dist/ at every start.
   * A build speaking a sync protocol this server does not (`protocol`, from its index.html) is
   * refused: the server only ever serves builds that can sync with it.
   */
  registerBuild(actor: Actor, b: { version: string; files: string; protocol?: number; releaseNote?: string }): Promise<{ build: BuildRecord; created: boolean }> {
    return this.db.write(async (tx) => {
      const user = requireUser(actor, 'it');
      assertServableProtocol(b.protocol ?? 1);
      await tx.updates.lockBuilds(); // several processes starting at once: one registration after the other
      const existing = (await tx.updates.listBuilds()).find((x) => x.files === b.files && x.rollbackOf === null);
      if (existing) return { build: existing, created: false };
      const build: BuildRecord = {
        id: newId(), number: await tx.updates.nextBuildNumber(), version: b.version, releaseNote: (b.releaseNote ?? '').slice(0, 2000), files: b.files,
        rollbackOf: null, registeredAt: now(), registeredBy: user?.userId ?? null,
      };
      await tx.updates.insertBuild(build);
      await recordAudit(tx, actor, 'app_update', { type: 'build', id: build.id, label: `n° ${build.number} (${build.version})` }, { what: 'register' }, user?.schoolId ?? null);
      return { build, created: true };
    });
  }

  /** At start: every school that runs no build yet gets this one (the server's own dist/). */
  adoptAsDefault(buildId: string): Promise<number> {
    return this.db.write(async (tx) => {
      await tx.updates.lockBuilds(); // two processes of different versions starting at once: the first one's build wins
      let adopted = 0;
      for (const school of await tx.schools.list()) {
        if ((await tx.updates.listRollouts(school.id)).some((r) => r.scope === 'school')) continue;
        await tx.updates.setRollout({ schoolId: school.id, scope: 'school', targetId: school.id, buildId, pinned: false, assignedAt: now(), assignedBy: null });
        adopted++;
      }
      return adopted;
    });
  }

  /** Every registered build, newest first (the admin CLI's list). */
  listBuilds(actor: Actor): Promise<BuildRecord[]> {
    return this.db.read(async (tx) => {
      requireUser(actor, 'it');
      return tx.updates.listBuilds();
    });
  }

  /**
   * The build whose shell a request gets: the tablet's (by its device cookie), or — without
   * one — the school's when the server has one school. Null: nothing registered, serve dist/.
   */
  shellBuild(deviceToken: string | null): Promise<{ build: BuildRecord; deviceId: string | null } | null> {
    return this.db.read(async (tx) => {
      const device = deviceToken ? await tx.devices.byTokenHash(hashToken(deviceToken)) : null;
      let schoolId = device?.schoolId ?? null;
      if (!schoolId) {
        const schools = await tx.schools.list();
        if (schools.length !== 1) return null;
        schoolId = schools[0]!.id;
      }
      const live = device && !device.revokedAt ? device : null;
      const id = await this.currentBuildId(tx, schoolId, live);
      const build = id ? await tx.updates.buildById(id) : null;
      return build ? { build, deviceId: live?.id ?? null } : null;
    });
  }

  private async currentBuildId(tx: Tx, schoolId: string, device: { id: string; classId: string | null } | null): Promise<string | null> {
    const settings = await tx.updates.settings(schoolId);
    if (settings?.haltedAt && device) {
      const kept = haltedBuildId((await tx.updates.status(device.id)) ?? null);
      if (kept && (await tx.updates.buildById(kept))) return kept;
    }
    return targetBuildId(await tx.updates.listRollouts(schoolId), device);
  }

  /** The tablet's service worker (or shell) was served this build: « téléchargée ». */
  recordServed(deviceId: string, buildId: string): Promise<void> {
    return this.db.write(async (tx) => {
      if ((await tx.updates.status(deviceId))?.servedBuildId !== buildId) await tx.updates.recordServed(deviceId, buildId, now());
    });
  }

  /** The tablet's check-in: what it runs and the errors it counted; answers its policy. */
  checkIn(device: DevicePrincipal, report: AppStatusReport): Promise<AppUpdatePolicy> {
    return this.db.write(async (tx) => {
      const known = report.buildId ? await tx.updates.buildById(report.buildId) : null;
      await tx.updates.recordReport(device.deviceId, {
        runningVersion: report.version, runningBuildId: known?.id ?? null, failedStarts: report.failedStarts, appErrors: report.uncaughtErrors, lastError: report.lastError,
      }, now());
      const settings = (await tx.updates.settings(device.schoolId)) ?? defaultSettings(device.schoolId);
      const buildId = await this.currentBuildId(tx, device.schoolId, { id: device.deviceId, classId: device.classId });
      return { managed: buildId !== null, buildId, minimumVersion: settings.minimumVersion, window: settings.window, halted: settings.haltedAt !== null };
    });
  }

  /** The « Mises à jour » screen. */
  overview(actor: Actor): Promise<UpdatesOverview> {
    return this.db.read(async (tx) => this.overviewIn(tx, this.itSchool(actor)));
  }

  private itSchool(actor: Actor): string {
    const user = requireUser(actor, 'it');
    if (!user) throw fail('it_only'); // the school comes from the signed-in referent
    return user.schoolId;
  }

  private async overviewIn(tx: Tx, schoolId: string): Promise<UpdatesOverview> {
    const builds = await tx.updates.listBuilds();
    const rollouts = await tx.updates.listRollouts(schoolId);
    const settings = (await tx.updates.settings(schoolId)) ?? defaultSettings(schoolId);
    const statuses = new Map((await tx.updates.listStatus(schoolId)).map((s) => [s.deviceId, s]));
    const devices = (await tx.devices.listBySchool(schoolId)).filter((d) => !d.revokedAt);
    const classes = (await tx.classes.listBySchool(schoolId)).filter((c) => !c.archived);
    const own = (scope: RolloutScope, id: string) => rollouts.find((r) => r.scope === scope && r.targetId === id) ?? null;
    const blank: DeviceAppStatusRecord = { deviceId: '', servedBuildId: null, servedAt: null, runningVersion: null, runningBuildId: null, failedStarts: 0, appErrors: 0, lastError: null, reportedAt: null };
    const deviceRows = devices.map((d) => {
      const s = statuses.get(d.id) ?? blank;
      // The plan, halted or not: a halt pauses the rollout (each tablet is served what it runs), it does not make every tablet « à jour ».
      const target = targetBuildId(rollouts, d);
      const running = s.runningVersion ?? d.appVersion;
      return {
        deviceId: d.id, name: d.name, classId: d.classId, buildId: own('device', d.id)?.buildId ?? null, targetBuildId: target, servedBuildId: s.servedBuildId,
        runningVersion: running, runningBuildId: s.runningBuildId, failedStarts: s.failedStarts, uncaughtErrors: s.appErrors, lastError: s.lastError, reportedAt: s.reportedAt,
        belowMinimum: !!(settings.minimumVersion && running && compareVersions(running, settings.minimumVersion) < 0),
      };
    });
    const upToDate = (rows: typeof deviceRows) => rows.filter((r) => r.targetBuildId !== null && r.runningBuildId === r.targetBuildId).length;
    const buildInfo = (b: BuildRecord): BuildInfo => {
      const on = deviceRows.filter((r) => r.runningBuildId === b.id);
      return {
        id: b.id, number: b.number, version: b.version, releaseNote: b.releaseNote, registeredAt: b.registeredAt,
        rollbackOf: b.rollbackOf ? (builds.find((x) => x.id === b.rollbackOf)?.number ?? null) : null,
        running: on.length, failedStarts: on.reduce((n, r) => n + r.failedStarts, 0), uncaughtErrors: on.reduce((n, r) => n + r.uncaughtErrors, 0),
      };
    };
    return {
      builds: builds.map(buildInfo),
      schoolBuildId: rollouts.find((r) => r.scope === 'school')?.buildId ?? null,
      classes: classes.map((c) => {
        const mine = deviceRows.filter((r) => r.classId === c.id);
        const r = own('class', c.id);
        return { classId: c.id, name: c.name, buildId: r?.buildId ?? null, pinned: r?.pinned ?? false, targetBuildId: targetBuildId(rollouts, { id: '', classId: c.id }), tablets: mine.length, upToDate: upToDate(mine) };
      }),
      devices: deviceRows,
      settings: { minimumVersion: settings.minimumVersion, window: settings.window },
      haltedAt: settings.haltedAt,
      progress: { tablets: deviceRows.length, upToDate: upToDate(deviceRows) },
    };
  }

  /** Who runs which build (null: follow the level above). The school's build moves every unpinned class and tablet. */
  setRollout(actor: Actor, req: RolloutRequest): Promise<UpdatesOverview> {
    return this.db.write(async (tx) => {
      const schoolId = this.itSchool(actor);
      const build = req.buildId ? await tx.updates.buildById(req.buildId) : null;
      if (req.buildId && !build) throw fail('build_not_found');
      let targetId = schoolId;
      let label = '';
      if (req.scope === 'school') {
        if (!build) throw fail('build_not_found');
        await tx.updates.removeUnpinnedRollouts(schoolId);
      } else {
        if (!req.targetId) throw fail('rollout_target_missing');
        targetId = req.targetId;
        if (req.scope === 'class') {
          const cls = await tx.classes.byId(targetId);
          if (!cls || cls.schoolId !== schoolId) throw fail('class_not_found');
          label = cls.name;
        } else {
          const d = await tx.devices.byId(targetId);
          if (!d || d.schoolId !== schoolId) throw fail('device_not_found');
          label = d.name;
        }
      }
      if (build) {
        await tx.updates.setRollout({ schoolId, scope: req.scope, targetId, buildId: build.id, pinned: req.scope !== 'school' && !!req.pinned, assignedAt: now(), assignedBy: (actor as { userId: string }).userId });
      } else {
        await tx.updates.removeRollout(schoolId, req.scope, targetId);
      }
      await recordAudit(tx, actor, 'app_update', { type: req.scope, id: targetId, label: label || undefined }, { what: 'rollout', build: build ? `n° ${build.number} (${build.version})` : 'school', pinned: !!req.pinned });
      return this.overviewIn(tx, schoolId);
    });
  }

  /** Serves `buildId`'s files again as a new build (new id and n°), given to `scope` (default: the school). */
  rollback(actor: Actor, buildId: string, to: { scope?: RolloutScope; targetId?: string } = {}): Promise<UpdatesOverview> {
    return this.db.write(async (tx) => {
      const schoolId = this.itSchool(actor);
      await tx.updates.lockBuilds(); // the next n°, read then inserted
      const old = await tx.updates.buildById(buildId);
      if (!old) throw fail('build_not_found');
      const origin = old.rollbackOf ? ((await tx.updates.buildById(old.rollbackOf)) ?? old) : old;
      const build: BuildRecord = {
        id: newId(), number: await tx.updates.nextBuildNumber(), version: old.version, releaseNote: old.releaseNote, files: old.files,
        rollbackOf: origin.id, registeredAt: now(), registeredBy: (actor as { userId: string }).userId,
      };
      await tx.updates.insertBuild(build);
      await recordAudit(tx, actor, 'app_update', { type: 'build', id: build.id, label: `n° ${build.number} (${build.version})` }, { what: 'rollback', of: `n° ${origin.number}` });
      return { build, schoolId };
    }).then(({ build }) => this.setRollout(actor, { scope: to.scope ?? 'school', targetId: to.targetId, buildId: build.id, pinned: false }));
  }

  /** Stops the rollout: every tablet keeps the build it runs (haltedBuildId). */
  halt(actor: Actor): Promise<UpdatesOverview> {
    return this.setHalted(actor, true);
  }

  resume(actor: Actor): Promise<UpdatesOverview> {
    return this.setHalted(actor, false);
  }

  private setHalted(actor: Actor, halted: boolean): Promise<UpdatesOverview> {
    return this.db.write(async (tx) => {
      const schoolId = this.itSchool(actor);
      const s = (await tx.updates.settings(schoolId)) ?? defaultSettings(schoolId);
      if (!!s.haltedAt !== halted) {
        await tx.updates.saveSettings({ ...s, haltedAt: halted ? now() : null, updatedAt: now() });
        await recordAudit(tx, actor, 'app_update', null, { what: halted ? 'halt' : 'resume' });
      }
      return this.overviewIn(tx, schoolId);
    });
  }

  /** The minimum version and the update window. */
  updateSettings(actor: Actor, next: UpdateSettings): Promise<UpdatesOverview> {
    return this.db.write(async (tx) => {
      const schoolId = this.itSchool(actor);
      // Days in order, holidays by date (none: the field is left out, as older tablets read it).
      const { holidays, ...hours } = next.window;
      const window = { ...hours, schoolDays: [...hours.schoolDays].sort((a, b) => a - b), ...(holidays?.length ? { holidays: [...holidays].sort((a, b) => a.from.localeCompare(b.from) || a.until.localeCompare(b.until)) } : {}) };
      if (updateWindowProblem(window)) throw fail('update_window_invalid');
      const min = next.minimumVersion?.trim() || null;
      if (min && !isVersion(min)) throw fail('minimum_version_invalid', { version: min });
      if (min && !(await tx.updates.listBuilds()).some((b) => compareVersions(b.version, min) >= 0)) throw fail('minimum_version_unserved', { version: min });
      const s = (await tx.updates.settings(schoolId)) ?? defaultSettings(schoolId);
      await tx.updates.saveSettings({ ...s, minimumVersion: min, window, updatedAt: now() });
      await recordAudit(tx, actor, 'app_update', null, { what: 'settings', minimumVersion: min ?? '', lessons: `${window.lessonsFrom}-${window.lessonsUntil}` });
      return this.overviewIn(tx, schoolId);
    });
  }
}
