/**
 * What the pupils made during a fault run, kept by the test (not read back from the tablet):
 * per pupil and assignment, the text they last saved, the photos they took (seed and size:
 * the bytes can be made again), and whether they handed the work in. The checks compare the
 * server and the tablets with this.
 */
export interface PhotoMade {
  id: string;
  seed: number;
  size: number;
  sha256: string;
}

export interface WorkMade {
  tablet: string;
  studentId: string;
  assignmentId: string;
  texts: number;
  lastText: string | null;
  photos: PhotoMade[];
  handedIn: boolean;
}

export class Ledger {
  readonly works = new Map<string, WorkMade>();

  work(tablet: string, studentId: string, assignmentId: string): WorkMade {
    const key = `${studentId}:${assignmentId}`;
    let w = this.works.get(key);
    if (!w) {
      w = { tablet, studentId, assignmentId, texts: 0, lastText: null, photos: [], handedIn: false };
      this.works.set(key, w);
    }
    return w;
  }

  /** Items made: each text saved (the last one per work is what must arrive), each photo, each hand-in. */
  totals() {
    let texts = 0, photos = 0, handIns = 0, works = 0, photoBytes = 0, inChromium = 0;
    for (const w of this.works.values()) {
      works++;
      if (w.tablet.startsWith('chromium')) inChromium++;
      texts += w.texts;
      photos += w.photos.length;
      photoBytes += w.photos.reduce((n, p) => n + p.size, 0);
      if (w.handedIn) handIns++;
    }
    return { works, texts, photos, photoBytes, handIns, inChromium };
  }
}
