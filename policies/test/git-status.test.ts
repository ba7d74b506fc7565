import { describe, expect, it } from 'vitest';
import { statusChanges } from '../src/git-status.js';

describe('git status entries', () => {
  it('one side unchanged decides; both changed or unmerged are left to git diff', () => {
    const out = [
      ' M m/worktree.yaml',
      'M  m/staged.yaml',
      'A  m/added.yaml',
      ' D m/deleted.yaml',
      'D  m/staged-delete.yaml',
      'MM m/both.yaml',
      'AM m/added-edited.yaml',
      'UU m/conflict.yaml',
      'AA m/both-added.yaml',
      '?? m/new file.yaml',
      '!! m/ignored.yaml',
      '',
    ].join('\0');
    expect(statusChanges(out)).toEqual({
      changed: ['m/worktree.yaml', 'm/staged.yaml', 'm/added.yaml', 'm/deleted.yaml', 'm/staged-delete.yaml'],
      untracked: ['m/new file.yaml'],
      unsure: ['m/both.yaml', 'm/added-edited.yaml', 'm/conflict.yaml', 'm/both-added.yaml'],
    });
  });
});
