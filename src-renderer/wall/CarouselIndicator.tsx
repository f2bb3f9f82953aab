// Issue 4: what the carousel shows now (the street's name, large), its progress, and the way to stop it.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { WallCarousel } from './use-carousel.ts';

export function CarouselIndicator(props: { carousel: WallCarousel }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { state } = props.carousel;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!state.enabled) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [state.enabled]);
  if (!state.enabled || !state.stop) return null;
  const stop = state.stop;
  const label = stop.kind === 'street' ? i18n.placeName(stop.id, stop.label) : stop.label;
  const progress = state.stopStartedAt !== null && state.stopEndsAt !== null ? Math.min(1, Math.max(0, (now - state.stopStartedAt) / (state.stopEndsAt - state.stopStartedAt))) : 0;
  return (
    <div className="carousel-indicator" data-testid="carousel" data-stop={`${stop.kind}:${stop.id}`} data-paused={state.paused ? 'true' : 'false'} data-carousel-control="">
      <div className="carousel-label" data-testid="carousel-label">
        {label}
      </div>
      <div className="carousel-meta">
        <span>{t('wall.carousel.stopOf', { i: state.index + 1, n: state.count })}</span>
        {state.paused && state.resumesAt !== null ? (
          <span className="carousel-paused" data-testid="carousel-paused">
            {t('wall.carousel.paused', { n: Math.max(0, Math.ceil((state.resumesAt - now) / 1000)) })}
          </span>
        ) : null}
        <button type="button" className="carousel-off" data-testid="carousel-off" onClick={() => props.carousel.setOverride(false)}>
          {t('wall.carousel.off')}
        </button>
      </div>
      <div className="carousel-progress" aria-hidden="true">
        <div className="carousel-progress-bar" style={{ transform: `scaleX(${state.paused ? 0 : progress})` }} />
      </div>
    </div>
  );
}

export function CarouselToggle(props: { carousel: WallCarousel }) {
  const { t } = useI18n();
  const on = props.carousel.state.enabled;
  return (
    <button
      type="button"
      className="carousel-toggle"
      data-testid="carousel-toggle"
      data-carousel-control=""
      aria-pressed={on}
      title={t('wall.carousel.toggle')}
      onClick={() => props.carousel.setOverride(!on)}
    >
      <span className="state-dot" aria-hidden="true" />
      {t('wall.carousel.on')}
    </button>
  );
}
