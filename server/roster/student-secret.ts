/**
 * Hashing of students' short secrets (PIN or picture code). They are hashed with a cheaper
 * scrypt cost than passwords: a 4-digit secret has only 10,000 values, so no hashing cost
 * protects it from someone holding the database — what does is the server key mixed into
 * the hash (secrets.ts, server-key.ts: the database alone is not enough), and online the
 * per-student lock-out (lockout.ts) and the per-address rate limit. The cheaper cost keeps a 600-student roster
 * import, and 15 tablets signing in at once, fast on a modest server. verifySecret reads
 * the parameters from the stored hash, so older hashes keep working.
 */
import { hashSecret } from '../auth/secrets.ts';

export const STUDENT_SECRET_PARAMS = { N: 1 << 12, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export const hashStudentSecret = (secret: string): Promise<string> => hashSecret(secret, STUDENT_SECRET_PARAMS);
