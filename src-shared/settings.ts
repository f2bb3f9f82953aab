// The console's settings (issues 4 and 9): what a deployment changes without a developer — the wall's
// tile source, what raises the alarm and how it sounds, the display layout and carousel, the language.
// One zod schema per section; the store keeps each section as one JSON row (settings table), a config
// file may give the same sections (`wall` in the console config), and the renderer reads them through
// getSettings. Sub-centre endpoints are settings too but live with their own methods, because they carry
// tokens that never leave the host.
import { z } from 'zod';

export const SETTINGS_SECTIONS = ['tileSource', 'alarm', 'display', 'language'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** Coordinate system of a basemap: the data are WGS-84; many Chinese basemaps are drawn in GCJ-02. */
export const CoordinateSystem = z.enum(['wgs84', 'gcj02']);
export type CoordinateSystem = z.infer<typeof CoordinateSystem>;

const Attribution = z.string().max(300).default('');
const Zoom = z.number().int().min(0).max(24);

/** Local file path of a tile archive on the console's machine (absolute). */
const LocalPath = z
  .string()
  .min(1, 'must not be empty')
  .max(1000)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path on the console machine');

export const TileSourceSettings = z.discriminatedUnion('kind', [
  /** The district's own boundaries only (offline, no tiles). */
  z.strictObject({ kind: z.literal('none') }),
  /** An XYZ template on the deployment's intranet, e.g. http://tiles.intra/{z}/{x}/{y}.png */
  z.strictObject({
    kind: z.literal('xyz'),
    url: z
      .string()
      .max(1000)
      .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
      .refine((u) => u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'must contain {z}, {x} and {y}'),
    tileType: z.enum(['raster', 'vector']).default('raster'),
    tileSize: z.union([z.literal(256), z.literal(512)]).default(256),
    minZoom: Zoom.default(0),
    maxZoom: Zoom.default(18),
    coordinateSystem: CoordinateSystem.default('wgs84'),
    attribution: Attribution,
  }),
  /** A PMTiles archive on the console's disk, read by the host and served through the API. */
  z.strictObject({ kind: z.literal('pmtiles'), path: LocalPath, coordinateSystem: CoordinateSystem.default('wgs84'), attribution: Attribution }),
  /** An MBTiles file (SQLite) on the console's disk, read with better-sqlite3 and served through the API. */
  z.strictObject({ kind: z.literal('mbtiles'), path: LocalPath, coordinateSystem: CoordinateSystem.default('wgs84'), attribution: Attribution }),
]);
export type TileSourceSettings = z.infer<typeof TileSourceSettings>;

export const ALARM_SOUNDS = ['siren', 'chime', 'beep', 'none'] as const;

export const AlarmSettings = z.strictObject({
  /** Incidents of these severities raise the alarm when they arrive (三色: red by default). */
  incidentSeverities: z.array(z.enum(['red', 'yellow', 'green'])).max(3).default(['red']),
  /** Video alerts of these severities raise the alarm. */
  alertSeverities: z.array(z.enum(['red', 'yellow', 'green'])).max(3).default(['red']),
  /** Only these alert kinds (empty: every kind). */
  alertKinds: z.array(z.string().min(1).max(100)).max(100).default([]),
  /** Only these streets (sub-centre ids; empty: the whole district). */
  streets: z.array(z.string().regex(/^\d{6,12}$/, 'must be a street code')).max(200).default([]),
  sound: z.enum(ALARM_SOUNDS).default('siren'),
  /** 0..1 */
  volume: z.number().min(0).max(1).default(0.8),
  /** The sound repeats this often until someone acknowledges. */
  repeatSeconds: z.number().int().min(2).max(600).default(6),
});
export type AlarmSettings = z.infer<typeof AlarmSettings>;

export const WALL_LAYOUTS = ['auto', '1920x1080', '3840x2160', '7680x2160'] as const;
export const CAROUSEL_STOPS = ['district', 'streets', 'layers'] as const;

export const DisplaySettings = z.strictObject({
  /** `auto` picks by the window's aspect ratio; the others force a layout (e.g. an LED wall). */
  layout: z.enum(WALL_LAYOUTS).default('auto'),
  /** Extra type scale on top of the one that follows the display (a wall seen from further away). */
  textScale: z.number().min(0.75).max(2).default(1),
  carousel: z
    .strictObject({
      enabled: z.boolean().default(false),
      seconds: z.number().int().min(5).max(3600).default(20),
      stops: z.array(z.enum(CAROUSEL_STOPS)).min(1).max(3).default(['district', 'streets', 'layers']),
      /** Carousel resumes after this long without mouse or keyboard. */
      resumeAfterSeconds: z.number().int().min(10).max(3600).default(120),
    })
    .default({ enabled: false, seconds: 20, stops: ['district', 'streets', 'layers'], resumeAfterSeconds: 120 }),
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const LanguageSettings = z.enum(['zh-CN', 'en']);
export type LanguageSettings = z.infer<typeof LanguageSettings>;

export const SETTINGS_SCHEMAS = {
  tileSource: TileSourceSettings,
  alarm: AlarmSettings,
  display: DisplaySettings,
  language: LanguageSettings,
} as const;

export interface ConsoleSettings {
  tileSource: TileSourceSettings;
  alarm: AlarmSettings;
  display: DisplaySettings;
  language: LanguageSettings;
}

export const DEFAULT_SETTINGS: ConsoleSettings = {
  tileSource: { kind: 'none' },
  alarm: AlarmSettings.parse({}),
  display: DisplaySettings.parse({}),
  language: 'zh-CN',
};

/** Where each section's value comes from: a config file's value cannot be changed in the app. */
export type SettingOrigin = 'default' | 'cache' | 'config-file';

export interface SettingsView {
  settings: ConsoleSettings;
  origin: Record<SettingsSection, SettingOrigin>;
  /** May the caller change settings (admin / duty officer)? */
  canEdit: boolean;
}

export interface UpdateSettingsRequest {
  section: SettingsSection;
  value: unknown;
}

/** The whole `wall` block a config file may carry: any subset of the sections. */
export const WallSettingsFile = z.strictObject({
  tileSource: TileSourceSettings.optional(),
  alarm: AlarmSettings.optional(),
  display: DisplaySettings.optional(),
  language: LanguageSettings.optional(),
});
export type WallSettingsFile = z.infer<typeof WallSettingsFile>;
