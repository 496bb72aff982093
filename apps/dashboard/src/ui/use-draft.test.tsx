import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useDraft } from './use-draft';

describe('useDraft', () => {
  it('keeps typed input across a remount (an ended session, a reload) until cleared', () => {
    const first = renderHook(() => useDraft('bot:new', { name: '' }));
    act(() => first.result.current[1]({ name: 'half typed' }));
    first.unmount();
    const second = renderHook(() => useDraft('bot:new', { name: '' }));
    expect(second.result.current[0]).toEqual({ name: 'half typed' });
    act(() => second.result.current[2]());
    second.unmount();
    expect(renderHook(() => useDraft('bot:new', { name: '' })).result.current[0]).toEqual({
      name: '',
    });
  });
});
