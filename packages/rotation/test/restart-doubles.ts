import type { Consumer } from '@docugen-secrets/manifest';
import type { RestartRequest, RestartTrigger } from '../src/index.js';

/** Records every request; `fail` makes the next sends throw (a receiver that is down). */
export class RecordingTrigger implements RestartTrigger {
  readonly sent: RestartRequest[] = [];
  fail = false;
  trigger(request: RestartRequest): Promise<void> {
    if (this.fail) return Promise.reject(new Error('receiver down'));
    this.sent.push(request);
    return Promise.resolve();
  }
}

/** A rolling-restart consumer restarted by a repository dispatch (rollout 2 h). */
export function restarting(service: string, restartsPerHour?: number): Consumer {
  return {
    service,
    reload: {
      kind: 'rolling-restart',
      deployment: service,
      rolloutDuration: 'PT2H',
      ...(restartsPerHour === undefined ? {} : { restartsPerHour }),
      trigger: { kind: 'repository-dispatch', repository: `docugen/deploy-${service}` },
    },
  };
}
