/** Registrations, their upload outbox rows and the scan log: SQL only. */
import { stmt } from './statements.js';
import type { ReadableDB, WritableDB } from './handles.js';
import type { SampleType } from './tubes.js';

export interface NewRegistration {
  readonly uuid: string;
  readonly tubeId: number;
  readonly personName: string;
  readonly idNumber: string;
  readonly phone: string | null;
  readonly codeKind: 'personal' | 'kin';
  readonly codeMode: 'live' | 'offline';
  readonly codeCid: string;
  readonly codeIssuer: string;
  readonly guardianName: string | null;
  readonly guardianPhone4: string | null;
  readonly outcome: 'ACCEPT' | 'REFER';
  readonly reason: string;
  readonly color: 'green' | 'yellow' | 'red';
  readonly sampleType: SampleType;
  readonly samplingUnit: string;
  readonly siteName: string;
  readonly kioskId: string;
  readonly operatorId: string;
  readonly sampledAt: number;
}

export function insertRegistration(db: WritableDB, r: NewRegistration): number {
  const id = Number(
    stmt(db, 
      `INSERT INTO registrations (uuid, tube_id, person_name, id_number, phone, code_kind, code_mode, code_cid, code_issuer, guardian_name, guardian_phone4,
         outcome, reason, color, sample_type, sampling_unit, site_name, kiosk_id, operator_id, sampled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.uuid, r.tubeId, r.personName, r.idNumber, r.phone, r.codeKind, r.codeMode, r.codeCid, r.codeIssuer, r.guardianName, r.guardianPhone4,
      r.outcome, r.reason, r.color, r.sampleType, r.samplingUnit, r.siteName, r.kioskId, r.operatorId, r.sampledAt,
    ).lastInsertRowid,
  );
  stmt(db, "INSERT INTO outbox (registration_id, state) VALUES (?, 'pending')").run(id);
  return id;
}

export function personInTube(db: ReadableDB, tubeId: number, idNumber: string): boolean {
  return stmt(db, 'SELECT 1 FROM registrations WHERE tube_id = ? AND id_number = ? LIMIT 1').get(tubeId, idNumber) !== undefined;
}

export function registrationsOfPersonSince(db: ReadableDB, idNumber: string, since: number): { uuid: string; sampled_at: number; tube_id: number }[] {
  return stmt(db, 'SELECT uuid, sampled_at, tube_id FROM registrations WHERE id_number = ? AND sampled_at >= ? ORDER BY sampled_at').all(idNumber, since) as {
    uuid: string;
    sampled_at: number;
    tube_id: number;
  }[];
}

export function insertScanLog(db: WritableDB, at: number, reason: string): void {
  stmt(db, 'INSERT INTO scan_log (at, reason) VALUES (?, ?)').run(at, reason);
}

export function lastScanOfCode(db: ReadableDB, cid: string, since: number): number | undefined {
  const row = stmt(db, 'SELECT max(sampled_at) AS at FROM registrations WHERE code_cid = ? AND sampled_at >= ?').get(cid, since) as { at: number | null };
  return row.at ?? undefined;
}
