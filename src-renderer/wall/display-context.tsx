// Issue 4: the wall's display state (settings, alarms, charts) and its alarm sound, handed to the wall
// screen through context, so that the time replay (which renders the same WallScreen) keeps them.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AlarmSound } from './alarm-sound.ts';
import type { DisplaySnapshot, LiveDisplay } from './live-display.ts';

export interface WallDisplayValue {
  display: LiveDisplay;
  sound: AlarmSound;
}

export const WallDisplayContext = createContext<WallDisplayValue | null>(null);

export function useWallDisplay(): WallDisplayValue | null {
  return useContext(WallDisplayContext);
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;

export function useDisplaySnapshot(display: LiveDisplay | null | undefined): DisplaySnapshot | null {
  return useSyncExternalStore(display ? display.subscribe : noSubscribe, display ? display.getSnapshot : noSnapshot);
}
