/**
 * Updates piloted by the school server, tablet side (issue 16; docs/updates.md). The tablet
 * checks in (POST /api/device/app-status: the version and build it runs, the errors it
 * counted — app-health.ts) at start and at each update check; the answer is its policy (its
 * build, the minimum version, the update window, a halted rollout), kept for offline use.
 * Which build it downloads is the server's business (it serves each tablet its own sw.js); when
 * it may APPLY one is decided here, every minute and at each check:
 * - only when the school pilots its updates (`managed`) and the rollout is not halted;
 * - only inside the window (outside lesson hours on school days, on the school's time zone);
 * - never while a pupil is busy: a text field has the focus, or someone touched or typed in
 *   the last few minutes. The update itself saves the draft first (beforeUpdate hooks) and
 *   reloads only when that worked, so no work is ever lost.
 * A pupil may still tap « Mettre à jour » themselves at any time (update-banner.tsx).
 */
import { APP_STATUS_PATH, DEVICE_HEADER } from '../protocol/wire.ts';
import type { AppStatusReport, AppUpdatePolicy } from '../protocol/app-updates.ts';
import { isUpdateAllowed } from '../protocol/update-window.ts';
import { GET_VERSION, type AppVersionReply } from './pwa-messages.ts';
import { APP_VERSION } from './app-version.ts';
import { appHealth } from './app-health.ts';
import { isUpdateWaiting, setBelowMinimumVersion } from './update-state.ts';
import { compareVersions } from '../protocol/version-order.ts';
import { db } from '../db/db-instance.ts';

/** Nobody touched the tablet for this long: not in the middle of something. */
export const IDLE_BEFORE_UPDATE_MS = 3 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 1000;

let lastActivity = Date.now();
const stamp = () => (lastActivity = Date.now());

const POLICY_KEY = 'cartable.updatePolicy';

/** The last policy the server gave this tablet (kept: it holds offline too), or null. */
export function updatePolicy(): AppUpdatePolicy | null {
  try {
    return JSON.parse(localStorage.getItem(POLICY_KEY) ?? 'null') as AppUpdatePolicy | null;
  } catch {
    return null;
  }
}

function setUpdatePolicy(policy: AppUpdatePolicy): void {
  try {
    localStorage.setItem(POLICY_KEY, JSON.stringify(policy));
  } catch {
    // storage blocked: this answer only holds for this check
  }
  setBelowMinimumVersion(!!policy.minimumVersion && compareVersions(APP_VERSION, policy.minimumVersion) < 0);
}

/** A pupil is typing, or used the tablet a moment ago. */
export function isPupilBusy(now = Date.now()): boolean {
  const el = document.activeElement as HTMLElement | null;
  const typing = !!el && (el.isContentEditable || el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['button', 'checkbox', 'radio', 'submit'].includes((el as HTMLInputElement).type)));
  return typing || now - lastActivity < IDLE_BEFORE_UPDATE_MS;
}

/** Whether a downloaded update may be applied now, by the policy alone. */
export function policyAllowsUpdate(policy: AppUpdatePolicy | null, at: Date): boolean {
  return !!policy && policy.managed && !policy.halted && isUpdateAllowed(policy.window, at);
}

/** The build the controlling service worker was served as (null before one controls the page, or on dist/). */
function controllerBuild(): Promise<string | null> {
  const sw = navigator.serviceWorker?.controller;
  if (!sw) return Promise.resolve(null);
  return new Promise((done) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => done(null), 3000);
    channel.port1.onmessage = (e) => {
      clearTimeout(timer);
      done((e.data as AppVersionReply).build ?? null);
    };
    sw.postMessage({ type: GET_VERSION }, [channel.port2]);
  });
}

/** Reports to the school server and stores its answer. Harmless offline or before enrolment. */
export async function checkIn(): Promise<AppUpdatePolicy | null> {
  const device = await db.device.get('device').catch(() => undefined);
  if (!device || device.refusal || !navigator.onLine) return null;
  const body: AppStatusReport = { version: APP_VERSION, buildId: await controllerBuild(), ...appHealth() };
  try {
    const res = await fetch(APP_STATUS_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', [DEVICE_HEADER]: device.deviceToken },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) return null; // an older server (404) or a refusal: keep the last policy
    const policy = (await res.json()) as AppUpdatePolicy;
    setUpdatePolicy(policy);
    return policy;
  } catch {
    return null; // the school server is away: the kept policy holds
  }
}

/** Applies the waiting update when the policy, the clock and the pupil all allow it. */
export async function applyIfAllowed(apply: () => Promise<void>): Promise<boolean> {
  if (!isUpdateWaiting() || !policyAllowsUpdate(updatePolicy(), new Date()) || isPupilBusy()) return false;
  try {
    await apply(); // saves the draft first; rejects (no reload) when it could not
    return true;
  } catch {
    return false; // tried again at the next tick
  }
}

/** Starts the check-ins and the minute timer (register.ts, once). */
export function startUpdatePolicy(apply: () => Promise<void>): void {
  for (const type of ['pointerdown', 'keydown', 'input']) addEventListener(type, stamp, { capture: true, passive: true });
  void checkIn().then(() => applyIfAllowed(apply));
  setInterval(() => void applyIfAllowed(apply), CHECK_EVERY_MS);
}
