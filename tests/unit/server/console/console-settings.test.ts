/**
 * The class kit's two times are the school's to set (issue 19): TABLET_CONTACT_MINUTES (how
 * recent a tablet's news must be for « Tout est synchronisé ») and CONSOLE_IDLE_MINUTES (idle
 * sign-out on the shared mini-PC) are read from the environment, refused when nonsense, and
 * served to the console, which applies them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../../server/config.ts';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';

describe('the class kit settings', () => {
  it('are read from the environment, with defaults, and refuse what is not a number of minutes', () => {
    expect(configFromEnv({})).toMatchObject({ tabletContactMinutes: 15, consoleIdleMinutes: 20 });
    expect(configFromEnv({ TABLET_CONTACT_MINUTES: '30', CONSOLE_IDLE_MINUTES: '5' })).toMatchObject({ tabletContactMinutes: 30, consoleIdleMinutes: 5 });
    for (const bad of ['0', '-3', '1.5', 'quinze', '99999']) {
      expect(() => configFromEnv({ TABLET_CONTACT_MINUTES: bad }), bad).toThrow(/TABLET_CONTACT_MINUTES must be a number of minutes/);
      expect(() => configFromEnv({ CONSOLE_IDLE_MINUTES: bad }), bad).toThrow(/CONSOLE_IDLE_MINUTES must be a number of minutes/);
    }
  });

  describe('served to the console', () => {
    let t: TestApp;
    let f: Fixture;
    beforeAll(async () => {
      const { tabletContactMinutes, consoleIdleMinutes } = configFromEnv({ TABLET_CONTACT_MINUTES: '30', CONSOLE_IDLE_MINUTES: '5' });
      t = await startTestApp({ settings: { tabletContactMinutes, consoleIdleMinutes } });
      f = await makeFixture(t);
    });
    afterAll(async () => { await t.close(); });

    it('as set: the tablets screen and the idle sign-out read them', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/console/settings', headers: auth(f.tokens.teacher) });
      expect(res.json()).toEqual({ tabletContactMinutes: 30, idleSignOutMinutes: 5 });
    });
  });
});
