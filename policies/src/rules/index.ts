import type { Rule } from '@docugen-secrets/policy-engine';
import type { DocugenEnv } from '../env.js';
import { SM001 } from './SM001-max-cadence.js';
import { SM002 } from './SM002-min-cadence.js';
import { SM003 } from './SM003-bounded-lifetime.js';
import { SM004 } from './SM004-overlap-covers-consumers.js';
import { SM005 } from './SM005-signing-key-publication.js';
import { SM006 } from './SM006-routable-owners.js';
import { SM007 } from './SM007-unique-ids.js';
import { SM008 } from './SM008-unique-backend-targets.js';
import { SM009 } from './SM009-consumers-listed.js';
import { SM010 } from './SM010-strategy-needs-waiver.js';
import { SM011 } from './SM011-codeowners-in-sync.js';
import { SM012 } from './SM012-production-backend.js';

export { SM001, SM002, SM003, SM004, SM005, SM006, SM007, SM008, SM009, SM010, SM011, SM012 };

/** DocuGen's policies, in id order. */
export const docugenRules: readonly Rule<DocugenEnv>[] = [
  SM001,
  SM002,
  SM003,
  SM004,
  SM005,
  SM006,
  SM007,
  SM008,
  SM009,
  SM010,
  SM011,
  SM012,
] as readonly Rule<DocugenEnv>[];
