// Issue 4: the alarm sounds, synthesised with Web Audio (no audio file is fetched, so they work offline
// and in any package). Browsers keep an AudioContext suspended until a user gesture: `blocked` says so
// and the wall shows "click to enable sound". Electron's wall window allows autoplay (see windows.ts).
import type { AlarmSettings } from '../../src-shared/settings.ts';

export type AlarmSoundName = AlarmSettings['sound'];

type Ctx = AudioContext;

export class AlarmSound {
  private ctx: Ctx | null = null;
  private readonly listeners = new Set<() => void>();

  /** True while the browser blocks sound (the context is suspended until a gesture). */
  get blocked(): boolean {
    const ctx = this.context();
    return ctx !== null && ctx.state !== 'running';
  }

  get available(): boolean {
    return typeof window !== 'undefined' && typeof window.AudioContext === 'function';
  }

  onDidChangeState(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call from a user gesture (click, key): lets the sound play from now on. */
  unlock(): void {
    const ctx = this.context();
    if (ctx && ctx.state !== 'running') void ctx.resume().then(() => this.emit(), () => this.emit());
  }

  /** Plays one round of the sound at the volume (0..1); a no-op for 'none' or while blocked. */
  play(name: AlarmSoundName, volume: number): boolean {
    if (name === 'none' || !(volume > 0)) return false;
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running') return false;
    const out = ctx.createGain();
    out.gain.value = Math.min(1, volume) * 0.5;
    out.connect(ctx.destination);
    const t0 = ctx.currentTime + 0.02;
    if (name === 'siren') {
      // Two rising-and-falling sweeps, 1.6 s.
      const osc = ctx.createOscillator();
      osc.type = 'sawtooth';
      osc.frequency.setValueAtTime(650, t0);
      for (let i = 0; i < 2; i++) {
        osc.frequency.linearRampToValueAtTime(1250, t0 + i * 0.8 + 0.4);
        osc.frequency.linearRampToValueAtTime(650, t0 + i * 0.8 + 0.8);
      }
      const env = envelope(ctx, out, t0, 1.6);
      osc.connect(env);
      osc.start(t0);
      osc.stop(t0 + 1.65);
    } else if (name === 'chime') {
      // Three bell-like notes (E6, C6, G5) with a long decay.
      [1318.5, 1046.5, 784].forEach((f, i) => {
        const osc = ctx.createOscillator();
        osc.type = 'sine';
        osc.frequency.value = f;
        const start = t0 + i * 0.35;
        const env = ctx.createGain();
        env.gain.setValueAtTime(0.0001, start);
        env.gain.exponentialRampToValueAtTime(1, start + 0.01);
        env.gain.exponentialRampToValueAtTime(0.0001, start + 1.1);
        env.connect(out);
        osc.connect(env);
        osc.start(start);
        osc.stop(start + 1.2);
      });
    } else {
      // Three short square beeps at 1 kHz.
      for (let i = 0; i < 3; i++) {
        const osc = ctx.createOscillator();
        osc.type = 'square';
        osc.frequency.value = 1000;
        const start = t0 + i * 0.3;
        const env = envelope(ctx, out, start, 0.16);
        osc.connect(env);
        osc.start(start);
        osc.stop(start + 0.2);
      }
    }
    return true;
  }

  dispose(): void {
    this.listeners.clear();
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }

  private context(): Ctx | null {
    if (this.ctx) return this.ctx;
    if (!this.available) return null;
    try {
      this.ctx = new window.AudioContext();
      this.ctx.onstatechange = () => this.emit();
    } catch {
      return null;
    }
    return this.ctx;
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** A gain that opens quickly and closes at the end, so the sound has no clicks. */
function envelope(ctx: Ctx, out: AudioNode, start: number, length: number): GainNode {
  const g = ctx.createGain();
  g.gain.setValueAtTime(0.0001, start);
  g.gain.exponentialRampToValueAtTime(1, start + 0.02);
  g.gain.setValueAtTime(1, start + Math.max(0.03, length - 0.05));
  g.gain.exponentialRampToValueAtTime(0.0001, start + length);
  g.connect(out);
  return g;
}
