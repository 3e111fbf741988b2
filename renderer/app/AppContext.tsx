/** Settings and database status shared by every page (unit name for prints, demo mark). */
import { createContext, useContext } from 'react';
import type { Output } from '@contract';

export interface AppState {
  settings: Output<'settings.get'> | null;
  info: Output<'system.info'> | null;
  reload: () => void;
}

export const AppContext = createContext<AppState>({ settings: null, info: null, reload: () => {} });

export function useApp(): AppState {
  return useContext(AppContext);
}
