/**
 * Enrolled tablets and the one-time enrolment codes that admit them. Codes and device
 * tokens are stored as SHA-256 hashes only. The sync report columns (last sync, app
 * version, pending, storage) are written by the sync area; this area lists them.
 */
import type { Device } from '../../src/protocol/entities.ts';
import type { DeviceRoster } from '../../src/protocol/console.ts';

export interface NewEnrolmentCode {
  codeHash: string;
  schoolId: string;
  classId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usesLeft: number;
}

export interface DeviceStore {
  createEnrolmentCode(c: NewEnrolmentCode): Promise<void>;
  /**
   * Uses one admission of a live code (not expired, uses left) and creates the device, in
   * one transaction. Null when the code is unknown, expired or used up.
   */
  enrol(e: { codeHash: string; deviceId: string; name: string; tokenHash: string; at: string }): Promise<{ deviceId: string; schoolId: string; classId: string | null } | null>;
  /** The school's devices, newest first; only those of `classIds` when given. */
  listDevices(schoolId: string, filter?: { classIds?: string[] }): Promise<Device[]>;
  deviceById(id: string): Promise<(Device & { schoolId: string }) | null>;
  /** Revokes the device and every session opened on it. */
  revokeDevice(id: string, at: string): Promise<Device>;
  /** The sign-in grid of a device: its class (or the whole school), students not archived. */
  deviceRoster(schoolId: string, classId: string | null): Promise<DeviceRoster>;
}
