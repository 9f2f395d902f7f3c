/**
 * The version of this build of the app (`CARTABLE_APP_VERSION` at build time, else
 * package.json's). The school server serves the app, so a new server version is a new app
 * version; each device reports this at sync. Safe to import from the page, workers and the SW.
 */
declare const __APP_VERSION__: string;

/** This build's app version, e.g. "0.1.0". */
export const APP_VERSION: string = __APP_VERSION__;
