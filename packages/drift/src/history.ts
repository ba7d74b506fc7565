/**
 * What the audit trail says the tool did to one secret, read through
 * methods. A drift run keeps one per secret of the trail (10,000 in the
 * benchmark), and most secrets have one write, no promote, no emergency and
 * no commit: the first write is kept in two fields and a collection is made
 * only for a second version, a promote, an emergency or a commit. Times are
 * kept as epoch milliseconds; a Date is made only when a check asks for one.
 */
export interface SecretHistory {
  /** Whether the tool wrote `versionId` (create with a first value, putPending, promote, manual rotation). */
  wrote(versionId: string): boolean;
  /** Whether the trail records any version the tool wrote. */
  wroteAny(): boolean;
  /** When the tool first wrote `versionId`; undefined: never, by the trail. */
  writtenAt(versionId: string): Date | undefined;
  /** When `versionId` became current: its promote, else its first write (AWS makes a first put current). */
  promotedAt(versionId: string): Date | undefined;
  /** Whether `versionId` was rotated as an emergency (its retire time uses the emergency overlap). */
  isEmergency(versionId: string): boolean;
  /** Whether the tool made git commit `commit` to the secret's SOPS file. */
  hasCommit(commit: string): boolean;
}

const dateOf = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

/** The history the audit index builds, event by event (the first record of a version wins). */
export class History implements SecretHistory {
  private firstVersion: string | undefined = undefined;
  private firstAt = Number.NaN;
  /** Every version written, made when a second one is. */
  private written: Map<string, number> | undefined = undefined;
  private promoted: Map<string, number> | undefined = undefined;
  private emergency: Set<string> | undefined = undefined;
  private commits: Set<string> | undefined = undefined;

  noteWrite(versionId: string, at: number): void {
    if (this.firstVersion === undefined) {
      this.firstVersion = versionId;
      this.firstAt = at;
    } else if (versionId !== this.firstVersion) {
      this.written ??= new Map([[this.firstVersion, this.firstAt]]);
      if (!this.written.has(versionId)) this.written.set(versionId, at);
    }
  }

  notePromote(versionId: string, at: number): void {
    this.promoted ??= new Map();
    if (!this.promoted.has(versionId)) this.promoted.set(versionId, at);
  }

  noteEmergency(versionId: string): void {
    (this.emergency ??= new Set()).add(versionId);
  }

  noteCommit(commit: string): void {
    (this.commits ??= new Set()).add(commit);
  }

  wrote(versionId: string): boolean {
    return versionId === this.firstVersion || (this.written?.has(versionId) ?? false);
  }

  wroteAny(): boolean {
    return this.firstVersion !== undefined;
  }

  writtenAt(versionId: string): Date | undefined {
    return dateOf(versionId === this.firstVersion ? this.firstAt : this.written?.get(versionId));
  }

  promotedAt(versionId: string): Date | undefined {
    const at = this.promoted?.get(versionId);
    return at === undefined ? this.writtenAt(versionId) : new Date(at);
  }

  isEmergency(versionId: string): boolean {
    return this.emergency?.has(versionId) ?? false;
  }

  hasCommit(commit: string): boolean {
    return this.commits?.has(commit) ?? false;
  }
}
