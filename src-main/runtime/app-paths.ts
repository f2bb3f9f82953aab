// Issue 9: where the desktop app finds its read-only resources and its writable data, packaged or not.
// Packaged (electron-builder, build/electron-builder.yml), resources/ is an extraResource next to app.asar:
// <install>/resources/resources/ (process.resourcesPath), read-only in the install directory; the cache
// and everything else the console writes go to the user's data directory (app.getPath('userData')).
// Unpacked (npm start), both come from the checkout. No Electron import here, so it is tested under Node.
import path from 'node:path';

export interface AppPathInputs {
  isPackaged: boolean;
  /** app.getAppPath(): the checkout, or <install>/resources/app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath: <install>/resources when packaged. */
  resourcesPath: string;
  /** app.getPath('userData'), or --data-dir. */
  userData: string;
}

export interface AppPaths {
  resourcesDir: string;
  dataDir: string;
}

export function resolveAppPaths(inputs: AppPathInputs): AppPaths {
  return {
    resourcesDir: inputs.isPackaged ? path.join(inputs.resourcesPath, 'resources') : path.join(inputs.appPath, 'resources'),
    dataDir: inputs.userData,
  };
}
