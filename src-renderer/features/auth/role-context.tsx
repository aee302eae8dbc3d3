import { createContext, useContext } from 'react';
import type { Role } from '../../lib/contract';

export const RoleContext = createContext<Role>('viewer');

/** Whether the current user may change things; viewers only read. */
export function useCanWrite(): boolean {
  return useContext(RoleContext) === 'admin';
}

export function useRole(): Role {
  return useContext(RoleContext);
}
